// A device for integration tests: one user's replica in a real SQLite file, the real HTTP
// transport, a sign-in, the Workspace a user edits through and the real SyncEngine. Between the
// engine and the transport sits a recorder that keeps every push answer by change id, so a test
// can say what became of each edit it made; a test may put a fault injector in front of it.
//
// The server's state for a user's scope is read with serverView(): a throwaway in-memory
// replica that borrows the device's token and pulls from cursor 0 through the real HTTP API, in
// small pages. That is exactly what a brand-new device of the same user would download (a pull
// depends on the user, not on the device, and changes nothing on the server), without paying
// an Argon2 sign-in for every comparison. Reading the store directly would mean re-implementing
// the scope rules here; tst_scope does that, independently, where it is the point.
#pragma once

#include "Account.h"
#include "Demo.h"
#include "Outbox.h"
#include "Replica.h"
#include "SyncEngine.h"
#include "TestKey.h"
#include "Transport.h"
#include "Workspace.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace tandem::test {

using nlohmann::json;

// Forwards to the real transport and keeps the first answer to every pushed change. A replayed
// change must get the same answer again; `mismatches` counts the times it did not.
class RecordingTransport final : public sync::Transport {
public:
    explicit RecordingTransport(sync::Transport& inner) : inner_(inner) {}
    sync::HttpResponse get(const std::string& path, const std::string& token) override {
        return inner_.get(path, token);
    }
    sync::HttpResponse post(const std::string& path, const json& body, const std::string& token) override {
        sync::HttpResponse r = inner_.post(path, body, token);
        const json answer = r.status == 200 ? r.body() : json();
        if (path == "/v1/push" && answer.contains("results")) {
            // Results name their change by its sequence in the request.
            std::map<std::int64_t, std::string> ids;
            for (const auto& c : body.at("changes")) ids[c.at("seq").get<std::int64_t>()] = c.at("id").get<std::string>();
            for (const auto& j : answer["results"]) {
                auto res = protocol::changeResultFromJson(j);
                res.id = ids[res.seq];
                auto [it, fresh] = results.emplace(res.id, res);
                if (!fresh && (it->second.outcome != res.outcome || it->second.serverSeq != res.serverSeq ||
                               it->second.code != res.code))
                    ++mismatches;
            }
        }
        return r;
    }

    void release() override { inner_.release(); }

    std::map<std::string, protocol::ChangeResult> results;
    int mismatches = 0;

private:
    sync::Transport& inner_;
};

// One field change as it sat in the outbox when it was made.
struct MadeEdit {
    std::string changeId, user, record, field;
    json value;
    std::int64_t base = 0;
};

class Device {
public:
    Device(const std::string& serverUrl, const std::string& dir, std::string user, std::string label = {})
        : url_(serverUrl), user_(std::move(user)),
          path_(dir + "/" + (label.empty() ? user_ : label) + ".replica.db"),
          http_(std::make_unique<sync::HttpTransport>(serverUrl)), recorder_(*http_) {
        reopen();
    }

    const std::string& user() const { return user_; }
    const std::string& path() const { return path_; }
    sync::Replica& replica() { return *replica_; }
    sync::Workspace& workspace() { return *workspace_; }
    sync::HttpTransport& http() { return *http_; }
    RecordingTransport& recorder() { return recorder_; }

    sync::SignInResult signIn(const std::string& password = server::kDemoPassword) {
        return sync::signIn(*replica_, recorder_, url_, user_, password, "test device of " + user_);
    }

    sync::SyncReport sync() { return run([](sync::SyncEngine& e) { return e.sync(); }); }
    sync::SyncReport push() { return run([](sync::SyncEngine& e) { return e.push(); }); }
    sync::SyncReport pull() { return run([](sync::SyncEngine& e) { return e.pull(); }); }

    // The process dies: every object goes, the file stays (its last commit included).
    void crash() {
        workspace_.reset();
        replica_.reset();
    }
    void reopen() {
        if (!key_) key_ = testKey(path_);  // once: the key outlives crashes, as a salt file does
        replica_ = std::make_unique<sync::Replica>(path_, key_);
        workspace_ = std::make_unique<sync::Workspace>(*replica_);
    }

    // Change ids in the outbox, oldest first.
    std::vector<std::string> outboxIds() {
        std::vector<std::string> out;
        auto s = replica_->db().prepare("SELECT change_id FROM outbox ORDER BY seq");
        while (s.step()) out.push_back(s.text(0));
        return out;
    }

    // Runs one user action and returns the field changes it queued (answering a question may
    // queue two: the return starts, and the answer). Every queued change is kept in `made`.
    std::vector<MadeEdit> edit(const std::function<void()>& action) {
        const auto before = outboxIds();
        action();
        std::vector<MadeEdit> queued;
        auto s = replica_->db().prepare("SELECT change_id, record_id, field, value, base FROM outbox ORDER BY seq");
        while (s.step()) {
            const std::string id = s.text(0);
            if (std::find(before.begin(), before.end(), id) != before.end()) continue;
            queued.push_back(MadeEdit{id, user_, s.text(1), s.text(2), json::parse(s.text(3)), s.integer(4)});
        }
        made.insert(made.end(), queued.begin(), queued.end());
        return queued;
    }

    // Put a fault injector in front of the recorder (nullptr: talk to the recorder directly).
    sync::Transport* via = nullptr;
    sync::RetryPolicy retry{3, std::chrono::milliseconds(5), std::chrono::milliseconds(20)};
    int pullPageSize = 1000;

    // Sums over every sync this device ran.
    int pushed = 0, applied = 0, superseded = 0, rejected = 0;
    std::vector<MadeEdit> made;

private:
    sync::SyncReport run(const std::function<sync::SyncReport(sync::SyncEngine&)>& body) {
        sync::SyncEngine engine(*replica_, via ? *via : recorder_, retry);
        engine.pullPageSize = pullPageSize;
        const sync::SyncReport r = body(engine);
        pushed += r.pushed;
        applied += r.applied;
        superseded += r.superseded;
        rejected += r.rejected;
        return r;
    }

    std::string url_;
    std::string user_;
    std::string path_;
    std::unique_ptr<sync::HttpTransport> http_;
    RecordingTransport recorder_;
    sync::ReplicaKey key_;
    std::unique_ptr<sync::Replica> replica_;
    std::unique_ptr<sync::Workspace> workspace_;
};

// ---- Comparing replicas -------------------------------------------------------------------

// A record as the server handed it to a replica: header, and every field with its sequence.
struct RecordImage {
    std::string kind, partnership, owner;
    std::int64_t seq = 0;
    bool local = false;
    std::map<std::string, std::pair<std::string, std::int64_t>> fields;  // name -> (JSON text, seq)
    bool operator==(const RecordImage&) const = default;
};

// The server state a replica holds (pending outbox values are not part of it), read from its
// tables so that nothing is merged or hidden on the way.
struct ReplicaImage {
    std::map<std::string, RecordImage> records;
    std::set<std::string> conflicts, rejections;
    bool operator==(const ReplicaImage&) const = default;
};

inline ReplicaImage imageOf(sync::Replica& r) {
    ReplicaImage img;
    auto h = r.db().prepare("SELECT id, kind, partnership, owner, seq, local FROM records");
    while (h.step())
        img.records[h.text(0)] = RecordImage{h.text(1), h.text(2), h.text(3), h.integer(4), h.integer(5) != 0, {}};
    auto f = r.db().prepare("SELECT id, fields FROM records");
    while (f.step()) {
        auto& fields = img.records[f.text(0)].fields;
        FieldPack(f.blob(1)).forEach([&](const PackedField& p) {
            // JSON text is compared after a parse/dump round trip so that spelling cannot differ.
            fields[std::string(p.name)] = {json::parse(p.value).dump(), p.seq};
        });
    }
    auto c = r.db().prepare("SELECT id FROM conflicts");
    while (c.step()) img.conflicts.insert(c.text(0));
    auto j = r.db().prepare("SELECT id FROM rejections");
    while (j.step()) img.rejections.insert(j.text(0));
    return img;
}

// The first few differences between two images, for a failure message.
inline std::string describeDiff(const ReplicaImage& got, const ReplicaImage& want, size_t max = 8) {
    std::ostringstream out;
    size_t n = 0;
    auto note = [&](const std::string& s) {
        if (n++ < max) out << "\n  " << s;
    };
    for (const auto& [id, rec] : got.records) {
        auto it = want.records.find(id);
        if (it == want.records.end()) {
            note("extra record " + id + " (" + rec.kind + ")");
            continue;
        }
        if (rec.seq != it->second.seq) note(id + ": seq " + std::to_string(rec.seq) + " vs " + std::to_string(it->second.seq));
        if (rec.local != it->second.local) note(id + ": local flag differs");
        if (rec.owner != it->second.owner) note(id + ": owner " + rec.owner + " vs " + it->second.owner);
        for (const auto& [name, f] : rec.fields) {
            auto w = it->second.fields.find(name);
            if (w == it->second.fields.end()) note(id + "." + name + " extra");
            else if (w->second != f)
                note(id + "." + name + ": " + f.first + "@" + std::to_string(f.second) + " vs " + w->second.first + "@" +
                     std::to_string(w->second.second));
        }
        for (const auto& [name, f] : it->second.fields)
            if (!rec.fields.count(name)) note(id + "." + name + " missing");
    }
    for (const auto& [id, rec] : want.records)
        if (!got.records.count(id)) note("missing record " + id + " (" + rec.kind + ")");
    for (const auto& c : got.conflicts)
        if (!want.conflicts.count(c)) note("extra conflict " + c);
    for (const auto& c : want.conflicts)
        if (!got.conflicts.count(c)) note("missing conflict " + c);
    for (const auto& c : got.rejections)
        if (!want.rejections.count(c)) note("extra rejection " + c);
    for (const auto& c : want.rejections)
        if (!got.rejections.count(c)) note("missing rejection " + c);
    if (n > max) out << "\n  ... and " << (n - max) << " more";
    return n == 0 ? std::string("no difference") : out.str();
}

// The server's state for `device`'s user: a fresh in-memory replica with the device's
// credentials pulls everything from cursor 0 in pages of `pageSize` (see the header comment).
inline void borrowCredentials(sync::Replica& into, Device& from) {
    auto s = from.replica().db().prepare("SELECT key, value FROM meta WHERE key IN "
                                         "('server','token','device_id','user','role','agency','partnerships')");
    while (s.step()) into.setMeta(s.text(0), s.text(1));
}

inline std::unique_ptr<sync::Replica> serverView(Device& device, int pageSize = 25) {
    auto fresh = std::make_unique<sync::Replica>(":memory:");
    borrowCredentials(*fresh, device);
    sync::SyncEngine engine(*fresh, device.http(), device.retry);
    engine.pullPageSize = pageSize;
    const auto report = engine.pull();
    if (report.status != sync::SyncStatus::Ok)
        throw std::runtime_error("fresh pull for " + device.user() + " failed: " + report.message);
    return fresh;
}

// Copies a closed server data directory (the demo, set up once per test executable because
// hashing its users' passwords takes seconds) so that each test starts from a pristine copy.
inline void copyDataDir(const std::string& from, const std::string& to) {
    namespace fs = std::filesystem;
    fs::create_directories(to);
    for (const auto& e : fs::directory_iterator(from))
        if (e.is_regular_file()) fs::copy_file(e.path(), fs::path(to) / e.path().filename(), fs::copy_options::overwrite_existing);
}

}  // namespace tandem::test
