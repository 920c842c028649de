#include "Checks.h"

#include "Admin.h"
#include "Device.h"  // imageOf and describeDiff: how the integration tests compare replicas
#include "RecordWrites.h"
#include "Scope.h"

#include <algorithm>
#include <set>

namespace tandem::sim {

using nlohmann::json;
using protocol::Outcome;

Device* Checks::deviceOf(const std::string& user) {
    for (auto& d : devices)
        if (d->user == user) return d.get();
    return nullptr;
}

std::vector<std::string> Checks::all() {
    std::vector<std::string> out;
    duringRun(out);
    convergence(out);
    nothingLost(out);
    appliedOnce(out);
    scope(out);
    return out;
}

void Checks::duringRun(std::vector<std::string>& out) {
    for (const auto& v : oracle.violations) out.push_back("during the run: " + v);
}

void Checks::convergence(std::vector<std::string>& out) {
    for (auto& d : devices) {
        if (auto n = d->replica->pendingCount(); n != 0)
            out.push_back("convergence: " + d->user + " still has " + std::to_string(n) + " changes in its outbox");
        // What a brand-new device of the same user downloads: a pull depends on the user only.
        sync::Replica fresh(":memory:");
        auto s = d->replica->db().prepare("SELECT key, value FROM meta WHERE key IN "
                                          "('server','token','device_id','user','role','agency','partnerships')");
        while (s.step()) fresh.setMeta(s.text(0), s.text(1));
        sync::SyncEngine engine(fresh, wire, sync::RetryPolicy{1, {}, {}});
        engine.pullPageSize = 200;
        if (auto r = engine.pull(); r.status != sync::SyncStatus::Ok) {
            out.push_back("convergence: a fresh download for " + d->user + " failed: " + r.message);
            continue;
        }
        const auto mine = test::imageOf(*d->replica);
        const auto server = test::imageOf(fresh);
        stats["records_compared"] += static_cast<std::int64_t>(server.records.size());
        if (!(mine == server))
            out.push_back("convergence: " + d->user + "'s replica differs from the server's state for its scope:" +
                          test::describeDiff(mine, server));
    }
}

void Checks::nothingLost(std::vector<std::string>& out) {
    for (const auto& e : edits) {
        const std::string what = "nothing lost: " + e.user + " " + e.record + "." + e.field + "=" + e.value.dump() +
                                 " (change " + e.changeId + ")";
        auto it = oracle.answered.find(e.changeId);
        if (it == oracle.answered.end()) {
            out.push_back(what + ": never answered");
            continue;
        }
        const auto& res = it->second.result;
        std::optional<protocol::ChangeResult> kept;
        store.read([&](server::StoreSession& s) { kept = s.resultByChangeId(e.changeId); });
        if (!kept || kept->outcome != res.outcome || kept->serverSeq != res.serverSeq)
            out.push_back(what + ": the server does not keep the answer it gave");
        ++stats[std::string(toString(res.outcome))];
        Device* author = deviceOf(e.user);
        if (!author) continue;
        if (res.outcome == Outcome::Superseded) {
            const auto cs = author->replica->conflicts(true);
            if (std::none_of(cs.begin(), cs.end(), [&](const auto& c) {
                    return c.id == e.changeId && c.loserUser == e.user && c.loserValue == e.value && c.field == e.field;
                }))
                out.push_back(what + ": superseded, but its author has no conflict with that id and value");
        } else if (res.outcome == Outcome::Rejected) {
            const auto rs = author->replica->rejections(true);
            if (std::none_of(rs.begin(), rs.end(), [&](const auto& r) { return r.id == e.changeId && r.value == e.value; }))
                out.push_back(what + ": rejected (" + res.code + "), but its author has no rejection with that id");
        } else if (e.field != protocol::kCreateField) {
            // Applied: the author holds that write or a later one, unless the record left its scope.
            auto rec = author->replica->record(e.record);
            if (!rec) {
                ++stats["applied_then_left_scope"];
                continue;
            }
            const auto seq = rec->fieldSeqs.count(e.field) ? rec->fieldSeqs.at(e.field) : 0;
            if (seq < res.serverSeq || (seq == res.serverSeq && rec->fields.at(e.field) != e.value))
                out.push_back(what + ": applied at " + std::to_string(res.serverSeq) + " but its author holds " +
                              (rec->fields.count(e.field) ? rec->fields.at(e.field).dump() : "nothing") + "@" +
                              std::to_string(seq));
        }
    }
    // Conflicts reach the loser, the owner agency's lead and the partnership's business office.
    sql::Database db(server::databasePath(serverDir), sql::Database::Mode::ReadOnly);
    auto s = db.prepare("SELECT c.id, c.record_id, c.field, c.loser_user, r.owner, r.partnership, c.winner_user "
                        "FROM conflicts c JOIN records r ON r.id = c.record_id ORDER BY c.seq");
    while (s.step()) {
        ++stats["conflicts"];
        // Two edits queued by one device before either reached the server: the later one is
        // concurrent with the earlier by its base, so the author conflicts with themself.
        if (s.text(3) == s.text(6)) ++stats["self_conflicts"];
        const std::string id = s.text(0), owner = s.text(4), partnership = s.text(5);
        std::vector<std::string> viewers{s.text(3)};
        for (auto& d : devices) {
            const auto me = d->replica->identity();
            const bool office = d->role == "business_office" && me &&
                                std::count(me->partnerships.begin(), me->partnerships.end(), partnership);
            if (office || (d->agency == owner && d->role == "agency_lead")) viewers.push_back(d->user);
        }
        for (const auto& v : viewers) {
            Device* d = deviceOf(v);
            if (!d) continue;
            const auto cs = d->replica->conflicts(true);
            if (std::none_of(cs.begin(), cs.end(), [&](const auto& c) { return c.id == id; }))
                out.push_back("nothing lost: conflict " + id + " on " + s.text(1) + "." + s.text(2) + " (lost by " + s.text(3) +
                              ") is not on " + v + "'s device");
        }
    }
}

void Checks::appliedOnce(std::vector<std::string>& out) {
    sql::Database db(server::databasePath(serverDir), sql::Database::Mode::ReadOnly);
    auto twice = db.prepare("SELECT change_id, count(*) FROM push_results GROUP BY change_id "
                            "HAVING count(DISTINCT outcome || ':' || server_seq || ':' || code) > 1");
    while (twice.step())
        out.push_back("applied once: change " + twice.text(0) + " has different outcomes in " +
                      std::to_string(twice.integer(1)) + " push results");
    std::set<std::string> made;
    for (const auto& e : edits) made.insert(e.changeId);
    std::set<std::string> answered;
    auto ids = db.prepare("SELECT DISTINCT change_id FROM push_results");
    while (ids.step()) answered.insert(ids.text(0));
    for (const auto& id : answered)
        if (!made.count(id)) out.push_back("applied once: the server answered change " + id + " that no device made");
    for (const auto& id : made)
        if (!answered.count(id)) out.push_back("applied once: change " + id + " has no push result on the server");
    auto replays = db.prepare("SELECT count(*) FROM push_results");
    replays.step();
    stats["push_results"] += replays.integer(0);
}

void Checks::scope(std::vector<std::string>& out) {
    store.read([&](server::StoreSession& s) {
        for (auto& d : devices) {
            auto user = s.userByName(d->user);
            if (!user) continue;
            const auto keys = server::keysFor(*user, server::partnershipsOf(s, user->agency));
            auto h = d->replica->db().prepare("SELECT id, kind FROM records ORDER BY id");
            while (h.step()) {
                const std::string id = h.text(0);
                const auto row = s.record(id);
                if (!row || row->deleted) {
                    out.push_back("scope: " + d->user + " holds " + id + " that the server does not have");
                    continue;
                }
                const auto stored = s.audience(id);
                if (stored != server::audienceFor(s, *row))
                    out.push_back("scope: the stored audience of " + id + " is out of date");
                if (std::none_of(stored.begin(), stored.end(), [&](const std::string& k) {
                        return std::find(keys.begin(), keys.end(), k) != keys.end();
                    }))
                    out.push_back("scope: " + d->user + " holds " + h.text(1) + " " + id + " outside its scope");
            }
        }
    });
}

}  // namespace tandem::sim
