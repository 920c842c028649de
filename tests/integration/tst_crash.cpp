// Crash safety with real processes (sync-design.md property 5, checked together with 1, 2, 3
// and 6): the tandem-server binary is killed with SIGKILL at random moments while devices sync,
// and restarted on the same data directory and port; the tandem-cli binary is killed at random
// moments of its sync. Afterwards everyone syncs twice and the run is counted from the server's
// own database: every edit made was answered exactly once and its author sees the outcome, no
// write on the server lacks an edit that caused it, every server sequence taken is accounted
// for, and every replica equals a fresh download for its user.
//
// Seeded: the seed decides the edits and the kill moments (thread timing still varies) and is
// printed; set TANDEM_CRASH_SEED to replay one. All traffic is on 127.0.0.1.
#include "Admin.h"
#include "Device.h"
#include "ProcServer.h"
#include "RecordWrites.h"
#include "Sqlite.h"

#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <random>
#include <thread>

using namespace tandem;
using namespace tandem::test;
using Clock = std::chrono::steady_clock;

namespace {

const std::string kPlan = "review:st-helens:SH-SCR-JSH:action:";
// Actions several agencies of the fleet share, so that concurrent edits collide.
const std::vector<std::string> kHot{kPlan + "3.3", kPlan + "2.4", kPlan + "2.2", kPlan + "1.3", kPlan + "3.1"};

unsigned seedOr(unsigned fallback) {
    const QByteArray env = qgetenv("TANDEM_CRASH_SEED");
    return env.isEmpty() ? fallback : env.toUInt();
}

std::int64_t metaSeq(const std::string& dbPath) {
    sql::Database db(dbPath, sql::Database::Mode::ReadOnly);
    auto s = db.prepare("SELECT value FROM meta WHERE key = 'seq'");
    return s.step() ? std::stoll(s.text(0)) : -1;
}

// What the server's database says about the run, read from the file once the server stopped.
struct ServerLog {
    struct Answer {
        std::int64_t deviceId, serverSeq;
        std::string outcome, code;
    };
    std::map<std::string, std::vector<Answer>> answers;  // by change id
    size_t answerRows = 0;
    std::int64_t seq = 0;
    std::set<std::int64_t> conflictSeqs, rejectionSeqs;  // taken after the run began
    std::set<std::string> conflictIds, rejectionIds;
    struct Write {
        std::string record, field, value, user;
        std::int64_t seq;
    };
    std::vector<Write> writes;  // fields whose current value was written after the run began
};

ServerLog readServer(const std::string& dbPath, std::int64_t since) {
    ServerLog log;
    sql::Database db(dbPath, sql::Database::Mode::ReadOnly);
    log.seq = metaSeq(dbPath);
    auto a = db.prepare("SELECT change_id, device_id, server_seq, outcome, code FROM push_results");
    while (a.step()) {
        log.answers[a.text(0)].push_back({a.integer(1), a.integer(2), a.text(3), a.text(4)});
        ++log.answerRows;
    }
    auto c = db.prepare("SELECT id, seq FROM conflicts WHERE seq > ?");
    c.bind(1, since);
    while (c.step()) log.conflictIds.insert(c.text(0)), log.conflictSeqs.insert(c.integer(1));
    auto r = db.prepare("SELECT id, seq FROM rejections WHERE seq > ?");
    r.bind(1, since);
    while (r.step()) log.rejectionIds.insert(r.text(0)), log.rejectionSeqs.insert(r.integer(1));
    // Every field written after `since`, from each record's packed fields.
    auto f = db.prepare("SELECT id, fields FROM records WHERE seq > ?");
    f.bind(1, since);
    while (f.step()) {
        const std::string id = f.text(0);
        FieldPack(f.blob(1)).forEach([&](const PackedField& p) {
            if (p.seq > since)
                log.writes.push_back({id, std::string(p.name), json::parse(p.value).dump(), std::string(p.user), p.seq});
        });
    }
    return log;
}

std::string integrityOf(sql::Database& db) {
    auto s = db.prepare("PRAGMA integrity_check");
    return s.step() ? s.text(0) : "no answer";
}

// Properties 2, 3 and 5 from the server's database: `devices` are all devices that pushed in the
// run, `forbidden` the change ids an old client sent although the ownership table forbids them.
QStringList accountingFailures(std::vector<Device*> devices, const ServerLog& log, std::int64_t since,
                               const std::set<std::string>& forbidden) {
    QStringList out;
    auto fail = [&](const std::string& s) { out << QString::fromStdString(s); };
    size_t made = 0;
    std::map<std::int64_t, std::vector<const MadeEdit*>> appliedAt;  // server seq -> applied edits
    for (Device* d : devices) {
        const auto me = *d->replica().identity();
        const auto conflicts = d->replica().conflicts(true);
        const auto rejections = d->replica().rejections(true);
        made += d->made.size();
        if (d->recorder().mismatches) fail(d->user() + ": a replayed push got a different answer");
        for (const auto& e : d->made) {
            const std::string what = d->user() + " " + e.record + "." + e.field + "=" + e.value.dump();
            auto it = log.answers.find(e.changeId);
            if (it == log.answers.end()) {
                fail(what + ": lost, the server never answered it");
                continue;
            }
            if (it->second.size() != 1) {
                fail(what + ": answered " + std::to_string(it->second.size()) + " times");
                continue;
            }
            const auto& ans = it->second.front();
            if (ans.deviceId != me.deviceId) fail(what + ": answered for another device");
            if (auto rec = d->recorder().results.find(e.changeId); rec != d->recorder().results.end())
                if (std::string(protocol::toString(rec->second.outcome)) != ans.outcome || rec->second.serverSeq != ans.serverSeq)
                    fail(what + ": the device was told " + std::string(protocol::toString(rec->second.outcome)) +
                         " but the server stored " + ans.outcome);
            if (forbidden.count(e.changeId) && (ans.outcome != "rejected" || ans.code != "not_a_writer"))
                fail(what + ": a non-writer's edit ended " + ans.outcome + " " + ans.code);
            if (ans.outcome == "applied") {
                appliedAt[ans.serverSeq].push_back(&e);
                auto rec = d->replica().record(e.record);
                if (!rec) fail(what + ": applied but the record is not on the author's device");
                else if (e.field != protocol::kCreateField) {
                    const auto seq = rec->fieldSeqs.count(e.field) ? rec->fieldSeqs.at(e.field) : 0;
                    if (seq < ans.serverSeq || (seq == ans.serverSeq && rec->fields.at(e.field) != e.value))
                        fail(what + ": applied at " + std::to_string(ans.serverSeq) + " but the author's device holds " +
                             std::to_string(seq));
                }
            } else if (ans.outcome == "superseded") {
                // The conflict of a superseded edit carries the edit's change id.
                if (std::none_of(conflicts.begin(), conflicts.end(), [&](const auto& c) {
                        return c.id == e.changeId && c.loserUser == d->user() && c.loserValue == e.value;
                    }))
                    fail(what + ": superseded but its conflict is not on the author's device");
            } else if (ans.outcome == "rejected") {
                if (std::none_of(rejections.begin(), rejections.end(), [&](const auto& r) { return r.id == e.changeId; }))
                    fail(what + ": rejected but the rejection is not on the author's device");
            } else {
                fail(what + ": unknown outcome " + ans.outcome);
            }
        }
    }
    if (log.answerRows != made)
        fail("the server holds " + std::to_string(log.answerRows) + " push results for " + std::to_string(made) + " edits made");
    // No write without an applied edit behind it: a change applied twice, or a forbidden one
    // slipping through after a crash, would leave a field value no answered edit accounts for.
    for (const auto& w : log.writes) {
        auto it = appliedAt.find(w.seq);
        const bool explained = it != appliedAt.end() && std::any_of(it->second.begin(), it->second.end(), [&](const MadeEdit* e) {
            if (e->record != w.record) return false;
            if (e->field == protocol::kCreateField) return true;  // the fields a new record starts with
            if (w.user == server::kSystemUser) return true;  // what the server keeps with the edit (a target date's history)
            return e->field == w.field && e->value.dump() == w.value && e->user == w.user;
        });
        if (!explained) fail("server field " + w.record + "." + w.field + "=" + w.value + "@" + std::to_string(w.seq) +
                             " by " + w.user + " has no applied edit behind it");
    }
    // Every server sequence the run took is one write, one conflict or one rejection: an edit
    // applied twice takes a second sequence that none of them accounts for.
    std::set<std::int64_t> taken = log.conflictSeqs;
    taken.insert(log.rejectionSeqs.begin(), log.rejectionSeqs.end());
    for (const auto& [seq, edits] : appliedAt)
        if (seq > since) taken.insert(seq);
    if (static_cast<std::int64_t>(taken.size()) != log.seq - since || (!taken.empty() && *taken.rbegin() != log.seq))
        fail("the run took server sequences " + std::to_string(since + 1) + ".." + std::to_string(log.seq) + " but " +
             std::to_string(taken.size()) + " are accounted for");
    return out;
}

// Properties 1 and 6: each replica is intact, has nothing pending and equals what a brand-new
// device of its user downloads (the server's own scope rules decide what that is).
QStringList convergenceFailures(std::vector<Device*> devices) {
    QStringList out;
    for (Device* d : devices) {
        if (const auto ok = integrityOf(d->replica().db()); ok != "ok")
            out << QString::fromStdString(d->user() + ": replica integrity check says " + ok);
        if (d->replica().pendingCount() != 0)
            out << QString::fromStdString(d->user() + ": " + std::to_string(d->replica().pendingCount()) + " edits still pending");
        const auto view = serverView(*d);
        const auto mine = imageOf(d->replica()), theirs = imageOf(*view);
        if (!(mine == theirs)) out << QString::fromStdString(d->user() + " differs from the server:" + describeDiff(mine, theirs));
    }
    return out;
}

// Sits between a device's engine and its recorder and counts requests that were sent but got
// no answer because the server died under them ("Read" errors): evidence that kills landed
// inside pushes and pulls rather than between them.
class CutCounter final : public sync::Transport {
public:
    explicit CutCounter(sync::Transport& inner) : inner_(inner) {}
    sync::HttpResponse get(const std::string& path, const std::string& token) override {
        return counted(pullsCut, [&] { return inner_.get(path, token); });
    }
    sync::HttpResponse post(const std::string& path, const json& body, const std::string& token) override {
        return counted(path == "/v1/push" ? pushesCut : otherCut, [&] { return inner_.post(path, body, token); });
    }
    std::atomic<int> pushesCut{0}, pullsCut{0}, otherCut{0};

private:
    template <typename F>
    sync::HttpResponse counted(std::atomic<int>& n, F f) {
        try {
            return f();
        } catch (const sync::NetworkError& e) {
            if (std::string_view(e.what()).ends_with(": Read")) ++n;
            throw;
        }
    }
    sync::Transport& inner_;
};

// One random user edit (or none, when the device's own checks refuse it), kept in the device's
// `made` list; `forbidden` gets the change ids an old client sends although no rule lets it.
void randomEdit(Device& d, std::mt19937& rng, std::set<std::string>& forbidden) {
    auto pick = [&](const auto& v) -> const auto& { return v[rng() % v.size()]; };
    static const std::vector<std::string> texts{"on track", "delayed", "done", "blocked"}, officers{"A. Khan", "B. Lee"},
        rags{"", "red", "amber", "green"}, statuses{"in_progress", "submitted_for_closure", "closed", "returned"},
        dates{"2027-01-31", "2027-06-30"}, questions{"R.completed_by_role", "R.senior_lead", "S1.rating"},
        ratings{"red", "amber", "green"};
    const bool office = d.user() == "bo.sthelens";
    const std::string action = pick(kHot);
    if (!d.replica().record(action)) return;
    const int op = static_cast<int>(rng() % 100);
    if (op < 55) {
        static const std::vector<std::string> agencyFields{"progress", "lead_officer", "rag_override", "status"},
            officeFields{"title", "target_date", "status", "progress"};
        const std::string field = pick(office ? officeFields : agencyFields);
        const json v = field == "status" ? json(pick(statuses)) : field == "rag_override" ? json(pick(rags))
                     : field == "lead_officer" ? json(pick(officers)) : field == "target_date" ? json(pick(dates))
                     : json(pick(texts) + " " + std::to_string(rng() % 1000));
        d.edit([&] { d.workspace().setField(action, field, v); });
    } else if (op < 70) {
        std::string ret;
        for (const auto& r : d.replica().records("audit_return"))
            if (r.owner == d.replica().identity()->agency) ret = r.id;
        const std::string q = pick(questions);
        if (!ret.empty()) d.edit([&] { d.workspace().answer(ret, q, q == "S1.rating" ? pick(ratings) : pick(texts)); });
    } else if (op < 80) {
        d.edit([&] { d.workspace().addProgressUpdate(action, pick(texts), pick(rags)); });
    } else if (!office) {
        // An old client sends an action title, which only the business office may write.
        for (const auto& e : d.edit([&] { sync::Outbox(d.replica()).enqueue(action, "title", pick(texts)); }))
            forbidden.insert(e.changeId);
    }
}

// Queues `n` edits fast for a sync long enough to be killed in the middle: field edits the user
// may make on the hot actions (the workspace refuses the rest, as for a user), an action title
// now and then as an old client would send it, a progress update now and then. Returns the
// outbox size. The queue's own durability is not under test here, so this connection skips fsync.
std::int64_t queueMany(Device& d, int n, std::mt19937& rng, std::set<std::string>& forbidden) {
    d.replica().db().exec("PRAGMA synchronous = OFF");
    static const std::vector<std::string> fields{"progress", "lead_officer", "rag_override"};
    std::vector<std::pair<std::string, std::string>> writable;  // what the user may write
    for (const auto& a : kHot)
        for (const auto& f : fields)
            if (d.edit([&] { d.workspace().setField(a, f, "probe " + f); }).size() == 1) writable.push_back({a, f});
    if (writable.empty()) return d.replica().pendingCount();
    sync::Outbox outbox(d.replica());
    const auto before = d.outboxIds();
    for (int i = 0; i < n; ++i) {
        const auto& [action, field] = writable[rng() % writable.size()];
        const int op = static_cast<int>(rng() % 100);
        if (op < 5) forbidden.insert(outbox.enqueue(action, "title", "title " + std::to_string(i)));
        else if (op < 8) d.workspace().addProgressUpdate(action, "update " + std::to_string(i), "amber");
        else outbox.enqueue(action, field, field == "rag_override" ? json(i % 2 ? "red" : "green") : json(field + " " + std::to_string(i)));
    }
    auto s = d.replica().db().prepare("SELECT change_id, record_id, field, value, base FROM outbox ORDER BY seq");
    const std::set<std::string> old(before.begin(), before.end());
    while (s.step())
        if (!old.count(s.text(0))) d.made.push_back(MadeEdit{s.text(0), d.user(), s.text(1), s.text(2), json::parse(s.text(3)), s.integer(4)});
    return d.replica().pendingCount();
}

// A copy of the demo data directory with its own port, server process and devices.
struct Run {
    QTemporaryDir dir;
    std::string data;
    std::int64_t seqBefore = 0;
    std::unique_ptr<ServerProcess> server;
    std::map<std::string, std::unique_ptr<Device>> devices;

    std::string start(const std::string& demoDir) {
        data = dir.path().toStdString() + "/server";
        copyDataDir(demoDir, data);
        seqBefore = metaSeq(server::databasePath(data));
        server = std::make_unique<ServerProcess>(TANDEM_SERVER_BIN, data, freeLoopbackPort(), dir.path().toStdString() + "/server.log");
        return server->start();
    }
    // A device of `user` whose replica lives in `folder` (the file tandem-cli uses there).
    std::string addDevice(const std::string& user, const std::string& folder) {
        std::filesystem::create_directories(folder);
        auto d = std::make_unique<Device>(server->url(), folder, user);
        if (auto r = d->signIn(); !r.ok) return user + " cannot sign in: " + r.message;
        if (auto r = d->sync(); r.status != sync::SyncStatus::Ok) return user + " cannot sync: " + r.message;
        devices[user] = std::move(d);
        return {};
    }
    std::vector<Device*> all() {
        std::vector<Device*> out;
        for (auto& [u, d] : devices) out.push_back(d.get());
        return out;
    }
};

void expectNone(const QStringList& failures, const std::string& context) {
    QVERIFY2(failures.isEmpty(), qPrintable(QString::fromStdString(context) + ":\n" + failures.mid(0, 30).join("\n") +
                                            (failures.size() > 30 ? QString("\n... %1 in all").arg(failures.size()) : "")));
}

}  // namespace

class Crash : public QObject {
    Q_OBJECT
    QTemporaryDir demo_;

private slots:
    // The demo partnership, set up once by the real binary with cheap password hashing.
    void initTestCase() {
        QVERIFY(demo_.isValid());
        const QString dir = demo_.path() + "/data";
        // tandem-cli opens the replicas the test's Devices made: with their password (TestKey.h).
        qputenv("TANDEM_PASSWORD", test::kTestReplicaPassword);
        const auto init = runToEnd(TANDEM_SERVER_BIN, {"init", dir, "--kdf-cost", "minimum"});
        QVERIFY2(init.empty(), init.c_str());
        ServerProcess demo(TANDEM_SERVER_BIN, dir.toStdString(), freeLoopbackPort(), demo_.path().toStdString() + "/demo.log");
        const auto started = demo.start("demo", {"--data", TANDEM_DATA_DIR});
        QVERIFY2(started.empty(), started.c_str());
        const auto stopped = demo.stop();
        QVERIFY2(stopped.empty(), stopped.c_str());
    }

    // Four devices of three agencies and the business office edit shared actions and sync in
    // their own threads, flat out, while the server is SIGKILLed at random moments: during
    // pushes (before and after its commit), during pulls, between requests.
    void serverKilledWhileDevicesSync() {
        const unsigned seed = seedOr(20250611u);
        const std::string ctx = "seed " + std::to_string(seed) + " (TANDEM_CRASH_SEED replays it)";
        qInfo("%s", ctx.c_str());
        Run run;
        const auto started = run.start(demo_.path().toStdString() + "/data");
        QVERIFY2(started.empty(), (ctx + ": " + started).c_str());
        const std::vector<std::string> users{"bo.sthelens", "lead.merpol", "lead.sthcsc", "lead.schools"};
        for (const auto& u : users) {
            const auto err = run.addDevice(u, run.dir.path().toStdString() + "/devices");
            QVERIFY2(err.empty(), (ctx + ": " + err).c_str());
        }

        constexpr int kRounds = 120, kMaxKills = 60;
        const auto deadline = Clock::now() + std::chrono::seconds(25);
        std::atomic<int> busy{static_cast<int>(users.size())};
        std::atomic<bool> abandon{false};
        std::vector<std::string> errors(users.size());
        std::vector<std::map<std::string, int>> statuses(users.size());
        std::vector<std::set<std::string>> forbidden(users.size());
        std::vector<std::unique_ptr<CutCounter>> cuts;
        for (const auto& u : users) {
            cuts.push_back(std::make_unique<CutCounter>(run.devices.at(u)->recorder()));
            run.devices.at(u)->via = cuts.back().get();
        }
        std::vector<std::thread> threads;
        for (size_t i = 0; i < users.size(); ++i) {
            threads.emplace_back([&, i] {
                Device& d = *run.devices.at(users[i]);
                std::mt19937 rng(seed * 7919u + static_cast<unsigned>(i));
                for (int round = 0; round < kRounds && Clock::now() < deadline && !abandon; ++round) {
                    for (int n = 1 + static_cast<int>(rng() % 3); n > 0; --n) randomEdit(d, rng, forbidden[i]);
                    const auto r = d.sync();
                    ++statuses[i][std::string(sync::toString(r.status))];
                    // Offline is what a killed server looks like; anything else is a failure.
                    if (r.status != sync::SyncStatus::Ok && r.status != sync::SyncStatus::Offline && errors[i].empty())
                        errors[i] = d.user() + " round " + std::to_string(round) + ": " + std::string(sync::toString(r.status)) +
                                    " " + r.code + ": " + r.message;
                }
                --busy;
            });
        }
        // The kill moments: a random pause, SIGKILL, sometimes a random time down, restart.
        std::mt19937 rng(seed);
        int kills = 0;
        std::string restartError;
        while (busy > 0 && kills < kMaxKills) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20 + rng() % 380));
            run.server->kill();
            ++kills;
            if (rng() % 3 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(rng() % 100));
            restartError = run.server->start();
            if (!restartError.empty()) break;
        }
        if (!restartError.empty()) abandon = true;
        for (auto& t : threads) t.join();
        QVERIFY2(restartError.empty(), (ctx + ": restart " + std::to_string(kills) + " failed: " + restartError).c_str());

        std::set<std::string> allForbidden;
        for (size_t i = 0; i < users.size(); ++i) {
            QVERIFY2(errors[i].empty(), (ctx + ": " + errors[i]).c_str());
            allForbidden.insert(forbidden[i].begin(), forbidden[i].end());
            QString tally;
            for (const auto& [s, n] : statuses[i]) tally += QString(" %1=%2").arg(QString::fromStdString(s)).arg(n);
            qInfo("%s: %zu edits, syncs:%s; cut by a kill: %d pushes, %d pulls", users[i].c_str(),
                  run.devices.at(users[i])->made.size(), qPrintable(tally), cuts[i]->pushesCut.load(), cuts[i]->pullsCut.load());
        }
        qInfo("server killed %d times", kills);
        QVERIFY2(kills > 0, "the server was never killed");

        for (int pass = 0; pass < 2; ++pass)
            for (const auto& u : users) {
                const auto r = run.devices.at(u)->sync();
                QVERIFY2(r.status == sync::SyncStatus::Ok, (ctx + ": final sync of " + u + ": " + r.message).c_str());
            }
        expectNone(convergenceFailures(run.all()), ctx + " convergence");
        const auto stopped = run.server->stop();
        QVERIFY2(stopped.empty(), stopped.c_str());
        const auto log = readServer(server::databasePath(run.data), run.seqBefore);
        expectNone(accountingFailures(run.all(), log, run.seqBefore, allForbidden), ctx + " accounting");
    }

    // tandem-cli syncs a few hundred queued edits and is SIGKILLed 0-700 ms after it starts, or
    // within the time the last sync that beat its kill took (its first 30 ms are process start-up): before it opens the
    // replica, during its push, after the server committed but before the outbox was
    // acknowledged, during its pull. Meanwhile another agency's device edits the same
    // fields so that some edits lose conflicts. The replica must stay intact and, after a clean
    // sync, nothing is lost or applied twice.
    void clientKilledMidSync() {
        const unsigned seed = seedOr(1161u);
        const std::string ctx = "seed " + std::to_string(seed) + " (TANDEM_CRASH_SEED replays it)";
        qInfo("%s", ctx.c_str());
        Run run;
        const auto started = run.start(demo_.path().toStdString() + "/data");
        QVERIFY2(started.empty(), (ctx + ": " + started).c_str());
        const std::string cliDir = run.dir.path().toStdString() + "/cli";
        // lead.merpol supports most hot actions whose lead is STH-CSC: its concurrent edits lose.
        for (const auto& [user, folder] : {std::pair{"lead.merpol", cliDir}, {"lead.sthcsc", run.dir.path().toStdString() + "/csc"}}) {
            const auto err = run.addDevice(user, folder);
            QVERIFY2(err.empty(), (ctx + ": " + err).c_str());
        }
        Device& cli = *run.devices.at("lead.merpol");
        Device& csc = *run.devices.at("lead.sthcsc");
        std::set<std::string> forbidden;
        std::mt19937 rng(seed);
        const QStringList syncArgs{"--dir", QString::fromStdString(cliDir), "--user", "lead.merpol", "sync", "--quiet"};

        constexpr int kRounds = 16;
        const auto deadline = Clock::now() + std::chrono::seconds(30);
        int killed = 0, finished = 0, untouched = 0, partly = 0, emptied = 0;
        // Kills land 0 to killWithinMs after the start; a sync that finishes first narrows it, so
        // the test cuts syncs however fast they have become.
        unsigned killWithinMs = 700;
        for (int round = 0; round < kRounds && Clock::now() < deadline; ++round) {
            for (int n = 0; n < 3; ++n) randomEdit(csc, rng, forbidden);
            QVERIFY2(csc.sync().status == sync::SyncStatus::Ok, (ctx + ": lead.sthcsc could not sync").c_str());
            // Queue the edits through the library, then close it: the CLI owns the file now.
            const auto pending = queueMany(cli, 50 + static_cast<int>(rng() % 300), rng, forbidden);
            cli.crash();
            QProcess p;
            p.setProcessChannelMode(QProcess::MergedChannels);
            p.start(TANDEM_CLI_BIN, syncArgs);
            QVERIFY2(p.waitForStarted(5000), "tandem-cli did not start");
            QElapsedTimer took;
            took.start();
            if (p.waitForFinished(static_cast<int>(rng() % killWithinMs))) {
                ++finished;
                // It was quicker than the kill: aim the next kills within the time it took.
                killWithinMs = std::max<unsigned>(20, static_cast<unsigned>(took.elapsed()) * 6 / 5);
                QVERIFY2(p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0,
                         (ctx + ": tandem-cli sync failed: " + p.readAll().toStdString()).c_str());
            } else {
                p.kill();
                p.waitForFinished(5000);
                ++killed;
            }
            cli.reopen();
            const auto ok = integrityOf(cli.replica().db());
            QVERIFY2(ok == "ok", (ctx + ": round " + std::to_string(round) + ": replica integrity check says " + ok).c_str());
            const auto left = cli.replica().pendingCount();
            (left == pending ? untouched : left == 0 ? emptied : partly) += 1;
        }
        qInfo("tandem-cli: %d killed, %d finished; outbox afterwards: %d untouched, %d partly sent, %d emptied; %zu edits",
              killed, finished, untouched, partly, emptied, cli.made.size());
        QVERIFY2(killed > 0, (ctx + ": tandem-cli was never killed mid-sync").c_str());

        cli.crash();
        for (int pass = 0; pass < 2; ++pass) {
            const auto err = runToEnd(TANDEM_CLI_BIN, syncArgs);
            QVERIFY2(err.empty(), (ctx + ": clean sync: " + err).c_str());
            QVERIFY2(csc.sync().status == sync::SyncStatus::Ok, (ctx + ": lead.sthcsc could not sync").c_str());
        }
        cli.reopen();
        expectNone(convergenceFailures(run.all()), ctx + " convergence");
        const auto stopped = run.server->stop();
        QVERIFY2(stopped.empty(), stopped.c_str());
        const auto log = readServer(server::databasePath(run.data), run.seqBefore);
        expectNone(accountingFailures(run.all(), log, run.seqBefore, forbidden), ctx + " accounting");
    }
};

QTEST_MAIN(Crash)
#include "tst_crash.moc"
