// The sync engine against the real server: progress reporting, cancellation through a
// stop_token, retries and the Offline status when the server is gone, the way back when it
// returns, the permanent statuses (revoked device, unknown token), and what the user sees
// while an edit is pending.
#include "DataFiles.h"
#include "Account.h"
#include "HttpProbe.h"
#include "SyncEngine.h"
#include "ReplicaUnlock.h"
#include "TestKey.h"
#include "TestServer.h"
#include "Workspace.h"

#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace tandem;
using namespace tandem::sync;
using nlohmann::json;

Q_DECLARE_METATYPE(tandem::sync::SyncStatus)

// Readable failures for the sync phase. Statuses are compared by name through st(): QTest's
// toString lookup finds tandem::sync::toString(SyncStatus) by ADL and cannot use it.
namespace QTest {
template <>
inline char* toString(const tandem::sync::SyncPhase& p) {
    return qstrdup(p == tandem::sync::SyncPhase::Pushing ? "Pushing" : p == tandem::sync::SyncPhase::Pulling ? "Pulling" : "Done");
}
}  // namespace QTest

namespace {

using test::readDataFile;

const char* kAction = "review:st-helens:SH-SCR-JSH:action:2.1";  // lead STH-SCHOOLS
const char* kPassword = "correct-horse-9";
// Small delays so that a test of the retries takes milliseconds, not seconds.
const RetryPolicy kFastRetry{3, std::chrono::milliseconds(10), std::chrono::milliseconds(40)};

// A signed-in device: its replica and the transport to the server.
struct Device {
    std::unique_ptr<Replica> replica;
    std::unique_ptr<HttpTransport> transport;
    SyncEngine engine(RetryPolicy retry = kFastRetry) { return SyncEngine(*replica, *transport, retry); }
};

// Every record's server fields, for comparing two replicas.
std::map<std::string, json> contents(Replica& r) {
    std::map<std::string, json> out;
    for (const auto& rec : r.records()) {
        json fields = json::object();
        for (const auto& [name, value] : rec.fields) fields[name] = {value, rec.fieldSeqs.count(name) ? rec.fieldSeqs.at(name) : -1};
        out[rec.id] = fields;
    }
    return out;
}

// Forwards to the real transport and writes down each request: "GET /v1/pull?..." or
// "POST /v1/push" with "+pull" when the push asks for the pull's first page.
class CountingTransport final : public Transport {
public:
    explicit CountingTransport(Transport& inner) : inner_(inner) {}
    HttpResponse get(const std::string& path, const std::string& token) override {
        requests.push_back("GET " + path.substr(0, path.find('?')));
        return inner_.get(path, token);
    }
    HttpResponse post(const std::string& path, const json& body, const std::string& token) override {
        requests.push_back("POST " + path + (body.contains("pull") ? "+pull" : ""));
        return inner_.post(path, body, token);
    }
    bool allowsPrefetch() const override { return inner_.allowsPrefetch(); }
    void release() override { inner_.release(); }
    std::vector<std::string> requests;

private:
    Transport& inner_;
};

QString st(SyncStatus s) { return QString::fromUtf8(toString(s).data(), qsizetype(toString(s).size())); }

}  // namespace

class TestSyncEngine : public QObject {
    Q_OBJECT

private:
    QTemporaryDir serverDir_, deviceDir_;
    std::unique_ptr<test::TestServer> server_;
    int devices_ = 0;

    Device signIn(const std::string& user) {
        Device d;
        const std::string path = deviceDir_.filePath(QString("device-%1.db").arg(++devices_)).toStdString();
        d.replica = std::make_unique<Replica>(path, test::testKey(path));
        d.transport = std::make_unique<HttpTransport>(server_->url());
        const auto r = sync::signIn(*d.replica, *d.transport, server_->url(), user, kPassword, "test device");
        if (!r.ok) qWarning("sign-in of %s failed: %s", user.c_str(), r.message.c_str());
        return d;
    }
    std::optional<server::StoredField> serverField(const std::string& record, const std::string& field) {
        std::optional<server::StoredField> f;
        server_->store().read([&](server::StoreSession& s) { f = s.field(record, field); });
        return f;
    }

private slots:
    void initTestCase() {
        QVERIFY(serverDir_.isValid() && deviceDir_.isValid());
        server_ = std::make_unique<test::TestServer>(serverDir_.path().toStdString());
        auto& store = server_->store();
        for (const auto& r : {server::importAgencies(store, readDataFile("agencies.csv")),
                              server::importActionPlans(store, readDataFile("action-plans.csv")),
                              server::importTemplate(store, readDataFile("templates/s11-self-assessment.json")),
                              server::addUser(store, "lead.schools", kPassword, "agency_lead", "STH-SCHOOLS"),
                              server::addUser(store, "dsl.schools", kPassword, "practitioner", "STH-SCHOOLS"),
                              server::addUser(store, "leaver.schools", kPassword, "practitioner", "STH-SCHOOLS")})
            QVERIFY2(r.ok(), r.errors.empty() ? "" : r.errors.front().c_str());
        QVERIFY(server::openRound(store, server::RoundSpec{"st-helens", "s11-self-assessment", 0, "S11 2026", "section11",
                                                           "2026-12-18", "", {"STH-SCHOOLS"}, {}, {{"STH-SCHOOLS", "dsl.schools"}}})
                    .ok());
        server_->start();
    }

    // A first sync in small pages: Pushing (nothing), then Pulling page by page with the total
    // known from the first page, then Done once, last. Then three edits: pushing reports 3 of 3.
    void progressPhasesAndTotals() {
        auto d = signIn("lead.schools");
        auto engine = d.engine();
        engine.pullPageSize = 7;
        std::vector<SyncProgress> seen;
        auto report = engine.sync([&](const SyncProgress& p) { seen.push_back(p); });
        QCOMPARE(st(report.status), st(SyncStatus::Ok));
        QVERIFY2(report.pages > 2, "the page size should force several pages");
        QVERIFY(!seen.empty());
        QCOMPARE(seen.front().phase, SyncPhase::Pushing);
        QCOMPARE(seen.front().total, std::int64_t(0));
        QCOMPARE(seen.back().phase, SyncPhase::Done);
        QCOMPARE(std::count_if(seen.begin(), seen.end(), [](auto& p) { return p.phase == SyncPhase::Done; }), 1L);
        std::int64_t lastDone = -1;
        for (size_t i = 1; i < seen.size(); ++i) {
            QVERIFY2(seen[i].phase >= seen[i - 1].phase, "phases must go Pushing, Pulling, Done");
            if (seen[i].phase != SyncPhase::Pulling) continue;
            QVERIFY2(seen[i].done > lastDone, "pull progress must move forward");
            QVERIFY(seen[i].done <= seen[i].total);
            QCOMPARE(seen[i].total, d.replica->recordCount());  // known from the first page
            lastDone = seen[i].done;
        }
        QCOMPARE(lastDone, d.replica->recordCount());
        QCOMPARE(std::int64_t(report.pulled), d.replica->recordCount());

        Workspace ws(*d.replica);
        QVERIFY(ws.setField(kAction, "progress", "policies collected").ok);
        QVERIFY(ws.setField(kAction, "lead_officer", "DSL network chair").ok);
        QVERIFY(ws.setField(kAction, "rag_override", "amber").ok);
        const auto pending = d.replica->pendingCount();
        QCOMPARE(pending, std::int64_t(3));
        engine.pushBatchSize = 2;
        seen.clear();
        report = engine.sync([&](const SyncProgress& p) { seen.push_back(p); });
        QCOMPARE(st(report.status), st(SyncStatus::Ok));
        QCOMPARE(std::int64_t(report.pushed), pending);
        QCOMPARE(report.applied, 3);
        std::vector<std::int64_t> pushDone;
        for (const auto& p : seen)
            if (p.phase == SyncPhase::Pushing) {
                QCOMPARE(p.total, pending);
                pushDone.push_back(p.done);
            }
        QCOMPARE(pushDone, (std::vector<std::int64_t>{0, 2, 3}));
        QCOMPARE(seen.back().phase, SyncPhase::Done);
        QCOMPARE(d.replica->pendingCount(), std::int64_t(0));
    }

    void cancelBeforeSync() {
        auto d = signIn("lead.schools");
        QCOMPARE(st(d.engine().sync().status), st(SyncStatus::Ok));
        QVERIFY(Workspace(*d.replica).setField(kAction, "progress", "cancelled before").ok);
        const auto cursor = d.replica->cursor();
        std::stop_source stop;
        stop.request_stop();
        const auto before = test::snapshot(server_->store());
        const auto report = d.engine().sync({}, stop.get_token());
        QCOMPARE(st(report.status), st(SyncStatus::Cancelled));
        QVERIFY(!isPermanent(report.status));
        QCOMPARE(test::snapshot(server_->store()), before);  // nothing reached the server
        QCOMPARE(d.replica->pendingCount(), std::int64_t(1));
        QCOMPARE(d.replica->cursor(), cursor);
        QCOMPARE(st(d.engine().sync().status), st(SyncStatus::Ok));
        QCOMPARE(d.replica->pendingCount(), std::int64_t(0));
        QCOMPARE(serverField(kAction, "progress")->value, json("cancelled before"));
    }

    // Stopped after the first pull page: the page and its cursor are kept together, and the
    // next sync continues to the same replica a clean download gives.
    void cancelWhilePulling() {
        auto d = signIn("lead.schools");
        auto engine = d.engine();
        engine.pullPageSize = 5;
        std::stop_source stop;
        const auto report = engine.sync(
            [&](const SyncProgress& p) {
                if (p.phase == SyncPhase::Pulling) stop.request_stop();
            },
            stop.get_token());
        QCOMPARE(st(report.status), st(SyncStatus::Cancelled));
        QCOMPARE(report.pages, 1);
        QCOMPARE(d.replica->recordCount(), std::int64_t(5));
        QVERIFY(d.replica->cursor() > 0);
        QCOMPARE(st(d.engine().sync().status), st(SyncStatus::Ok));

        auto clean = signIn("lead.schools");
        QCOMPARE(st(clean.engine().sync().status), st(SyncStatus::Ok));
        QCOMPARE(contents(*d.replica), contents(*clean.replica));
    }

    // Stopped when the first push batch is answered: the batch already on its way behind it is
    // answered and written down too, the rest waits, and the next sync sends only the rest;
    // nothing is applied twice. The same with and without pipelining.
    void cancelWhilePushing_data() {
        QTest::addColumn<bool>("pipelined");
        QTest::newRow("pipelined") << true;
        QTest::newRow("one at a time") << false;
    }
    void cancelWhilePushing() {
        QFETCH(bool, pipelined);
        auto d = signIn("lead.schools");
        QCOMPARE(st(d.engine().sync().status), st(SyncStatus::Ok));
        Workspace ws(*d.replica);
        for (const char* text : {"one", "two", "three"}) QVERIFY(ws.setField(kAction, "progress", text).ok);
        auto engine = d.engine();
        engine.pushBatchSize = 1;
        // A fault hook turns pipelining off; this one does nothing else.
        if (!pipelined) engine.faultHook = [](FaultPoint) {};
        std::stop_source stop;
        auto report = engine.sync(
            [&](const SyncProgress& p) {
                if (p.phase == SyncPhase::Pushing && p.done == 1) stop.request_stop();
            },
            stop.get_token());
        QCOMPARE(st(report.status), st(SyncStatus::Cancelled));
        QCOMPARE(report.pushed, 2);
        QCOMPARE(d.replica->pendingCount(), std::int64_t(1));
        QCOMPARE(serverField(kAction, "progress")->value, json("two"));
        const auto before = test::snapshot(server_->store());
        report = d.engine().sync();
        QCOMPARE(st(report.status), st(SyncStatus::Ok));
        QCOMPARE(report.pushed, 1);
        QCOMPARE(test::snapshot(server_->store()).pushResults, before.pushResults + 1);
        QCOMPARE(serverField(kAction, "progress")->value, json("three"));
        QCOMPARE(d.replica->record(kAction)->fields.at("progress"), json("three"));
    }

    // The screen shows the pending local value over a newer server value until the server has
    // answered; then the server's value with its sequence.
    void pendingValueShownUntilAnswered() {
        auto mine = signIn("lead.schools");
        auto colleague = signIn("dsl.schools");
        QCOMPARE(st(mine.engine().sync().status), st(SyncStatus::Ok));
        QCOMPARE(st(colleague.engine().sync().status), st(SyncStatus::Ok));
        const auto seenSeq = mine.replica->record(kAction)->fieldSeqs.at("progress");

        QVERIFY(Workspace(*mine.replica).setField(kAction, "progress", "mine, offline").ok);
        auto rec = *mine.replica->record(kAction);
        QCOMPARE(rec.fields.at("progress"), json("mine, offline"));
        QCOMPARE(rec.pendingFields, std::vector<std::string>{"progress"});
        QCOMPARE(rec.fieldSeqs.at("progress"), seenSeq);  // still the server value's sequence

        // The colleague's edit reaches the server first; a pull alone keeps mine on screen.
        QVERIFY(Workspace(*colleague.replica).setField(kAction, "progress", "colleague's").ok);
        QCOMPARE(st(colleague.engine().sync().status), st(SyncStatus::Ok));
        QCOMPARE(st(mine.engine().pull().status), st(SyncStatus::Ok));
        rec = *mine.replica->record(kAction);
        QCOMPARE(rec.fields.at("progress"), json("mine, offline"));
        QCOMPARE(rec.pendingFields, std::vector<std::string>{"progress"});
        QCOMPARE(rec.fieldSeqs.at("progress"), serverField(kAction, "progress")->seq);

        // Same precedence, so the later arrival (mine) wins; the colleague's value is a conflict.
        const auto report = mine.engine().sync();
        QCOMPARE(st(report.status), st(SyncStatus::Ok));
        QCOMPARE(report.applied, 1);
        const auto server = serverField(kAction, "progress");
        QCOMPARE(server->value, json("mine, offline"));
        rec = *mine.replica->record(kAction);
        QVERIFY(rec.pendingFields.empty());
        QCOMPARE(rec.fields.at("progress"), server->value);
        QCOMPARE(rec.fieldSeqs.at("progress"), server->seq);
        const auto conflicts = mine.replica->conflicts();
        QVERIFY2(std::any_of(conflicts.begin(), conflicts.end(),
                             [](const LocalConflict& c) { return c.loserValue == json("colleague's"); }),
                 "the overwritten value must be kept as a conflict the owner agency can see");
    }

    void unknownToken() {
        auto d = signIn("lead.schools");
        QCOMPARE(st(d.engine().sync().status), st(SyncStatus::Ok));
        QVERIFY(Workspace(*d.replica).setField(kAction, "progress", "kept through sign-in").ok);
        d.replica->setMeta("token", std::string(64, 'f'));
        auto report = d.engine().sync();
        QCOMPARE(st(report.status), st(SyncStatus::SignInRequired));
        QCOMPARE(report.code, std::string("invalid_token"));
        QVERIFY(isPermanent(report.status));
        QCOMPARE(d.replica->pendingCount(), std::int64_t(1));  // the user's work is not thrown away
        QVERIFY(d.replica->recordCount() > 0);
        // Signing in again gives a new token and the pending edit goes through.
        QVERIFY(sync::signIn(*d.replica, *d.transport, server_->url(), "lead.schools", kPassword, "again").ok);
        QCOMPARE(st(d.engine().sync().status), st(SyncStatus::Ok));
        QCOMPARE(serverField(kAction, "progress")->value, json("kept through sign-in"));
    }

    // A sync with edits to send is one request: the push's last batch asks for the pull's first
    // page and the answer carries both. It holds the push's own writes and the other device's,
    // and when more pages follow they are fetched from where it ends, as a pull would.
    void oneRoundTripPerSync() {
        auto a = signIn("lead.schools"), b = signIn("lead.schools");
        QCOMPARE(st(a.engine().sync().status), st(SyncStatus::Ok));
        QCOMPARE(st(b.engine().sync().status), st(SyncStatus::Ok));
        QVERIFY(Workspace(*b.replica).setField(kAction, "lead_officer", "from the other laptop").ok);
        QCOMPARE(st(b.engine().sync().status), st(SyncStatus::Ok));

        QVERIFY(Workspace(*a.replica).setField(kAction, "progress", "one round trip").ok);
        CountingTransport counted(*a.transport);
        SyncEngine engine(*a.replica, counted, kFastRetry);
        auto report = engine.sync();
        QCOMPARE(st(report.status), st(SyncStatus::Ok));
        QCOMPARE(counted.requests, (std::vector<std::string>{"POST /v1/push+pull"}));
        QCOMPARE(report.applied, 1);
        QCOMPARE(report.pages, 1);
        QCOMPARE(a.replica->pendingCount(), std::int64_t(0));
        auto fields = a.replica->record(kAction)->fields;
        QCOMPARE(fields.at("progress"), json("one round trip"));
        QCOMPARE(fields.at("lead_officer"), json("from the other laptop"));
        std::int64_t serverSeq = 0;
        server_->store().read([&](server::StoreSession& s) { serverSeq = s.currentSeq(); });
        QCOMPARE(a.replica->cursor(), serverSeq);

        // Nothing to send: one pull. Several batches: the pull rides on the last push only.
        counted.requests.clear();
        QCOMPARE(st(engine.sync().status), st(SyncStatus::Ok));
        QCOMPARE(counted.requests, (std::vector<std::string>{"GET /v1/pull"}));
        Workspace ws(*a.replica);
        for (const char* f : {"progress", "lead_officer", "rag_override"}) QVERIFY(ws.setField(kAction, f, "amber").ok);
        counted.requests.clear();
        engine.pushBatchSize = 2;
        QCOMPARE(st(engine.sync().status), st(SyncStatus::Ok));
        QCOMPARE(counted.requests, (std::vector<std::string>{"POST /v1/push", "POST /v1/push+pull"}));

        // A page that says more follow: the rest comes by GET from the page's cursor, and the
        // replica ends as a fresh download of the same user does.
        // (A device that starts its download over keeps its outbox, so it pushes from cursor 0.)
        auto c = signIn("lead.schools");
        QCOMPARE(st(c.engine().sync().status), st(SyncStatus::Ok));
        QVERIFY(Workspace(*c.replica).setField(kAction, "progress", "pushed with a download").ok);
        c.replica->resetForRefetch();
        CountingTransport countedC(*c.transport);
        SyncEngine fresh(*c.replica, countedC, kFastRetry);
        fresh.pullPageSize = 5;
        report = fresh.sync();
        QCOMPARE(st(report.status), st(SyncStatus::Ok));
        QCOMPARE(countedC.requests.front(), std::string("POST /v1/push+pull"));
        QVERIFY(countedC.requests.size() > 2);
        for (size_t i = 1; i < countedC.requests.size(); ++i) QCOMPARE(countedC.requests[i], std::string("GET /v1/pull"));
        QCOMPARE(std::int64_t(report.pulled), c.replica->recordCount());
        auto check = signIn("lead.schools");
        QCOMPARE(st(check.engine().sync().status), st(SyncStatus::Ok));
        QCOMPARE(contents(*c.replica), contents(*check.replica));
    }

    void revokedDeviceIsWiped() {
        auto d = signIn("lead.schools");
        QCOMPARE(st(d.engine().sync().status), st(SyncStatus::Ok));
        QVERIFY(Workspace(*d.replica).setField(kAction, "progress", "never sent").ok);
        QVERIFY(server::revokeDevice(server_->store(), d.replica->identity()->deviceId).ok());
        const auto report = d.engine().sync();
        QCOMPARE(st(report.status), st(SyncStatus::Revoked));
        QVERIFY(isPermanent(report.status));
        QCOMPARE(d.replica->recordCount(), std::int64_t(0));
        QCOMPARE(d.replica->pendingCount(), std::int64_t(0));
        QVERIFY(!d.replica->token());
        QVERIFY(!d.replica->identity());
        QVERIFY(d.replica->conflicts(true).empty() && d.replica->rejections(true).empty());
        QVERIFY(serverField(kAction, "progress")->value != json("never sent"));
        // The salt went too: no password can derive the key of what is left of the file.
        QVERIFY(!std::filesystem::exists(saltPath(d.replica->path())));
        QVERIFY(!replicaCanBeUnlocked(d.replica->path()));
    }

    // A disabled account's device wipes its replica at its next contact with the server, as a
    // revoked device does, and says so; the account's other data on the server stays.
    void disabledAccountIsWiped() {
        auto d = signIn("leaver.schools");
        QCOMPARE(st(d.engine().sync().status), st(SyncStatus::Ok));
        QVERIFY(d.replica->recordCount() > 0);
        QVERIFY(std::filesystem::exists(saltPath(d.replica->path())));
        QVERIFY(server::setUserDisabled(server_->store(), "leaver.schools", true).ok());
        const auto report = d.engine().sync();
        QCOMPARE(st(report.status), st(SyncStatus::AccountDisabled));
        QVERIFY(isPermanent(report.status));
        QVERIFY2(report.message.find("wiped") != std::string::npos, report.message.c_str());
        QCOMPARE(d.replica->recordCount(), std::int64_t(0));
        QCOMPARE(d.replica->pendingCount(), std::int64_t(0));
        QVERIFY(!d.replica->token());
        QVERIFY(!d.replica->identity());
        QVERIFY(!std::filesystem::exists(saltPath(d.replica->path())));
        QVERIFY(!replicaCanBeUnlocked(d.replica->path()));
        // Signing in again is refused, and a second device's fresh replica is wiped at once.
        const std::string path = deviceDir_.filePath("leaver-second.db").toStdString();
        Replica second(path, test::testKey(path));
        HttpTransport t(server_->url());
        const auto again = sync::signIn(second, t, server_->url(), "leaver.schools", kPassword, "second device");
        QVERIFY(!again.ok);
        QCOMPARE(QString::fromStdString(again.code), QString("account_disabled"));
        QVERIFY(server::setUserDisabled(server_->store(), "leaver.schools", false).ok());
    }

    void permanence_data() {
        QTest::addColumn<SyncStatus>("status");
        QTest::addColumn<bool>("permanent");
        QTest::newRow("ok") << SyncStatus::Ok << false;
        QTest::newRow("cancelled") << SyncStatus::Cancelled << false;
        QTest::newRow("offline") << SyncStatus::Offline << false;
        QTest::newRow("sign in required") << SyncStatus::SignInRequired << true;
        QTest::newRow("revoked") << SyncStatus::Revoked << true;
        QTest::newRow("account disabled") << SyncStatus::AccountDisabled << true;
        QTest::newRow("failed") << SyncStatus::Failed << true;
    }
    void permanence() {
        QFETCH(SyncStatus, status);
        QFETCH(bool, permanent);
        QCOMPARE(isPermanent(status), permanent);
    }

    // A kept-alive connection the server has closed while idle (after 2 s) is replaced at once:
    // the next request succeeds on a new connection, with no error for the engine to retry.
    void idleConnectionClosedByServer() {
        auto d = signIn("lead.schools");
        QCOMPARE(st(d.engine().sync().status), st(SyncStatus::Ok));
        const std::string token = d.replica->token().value_or("");
        HttpTransport t(server_->url());
        const std::string page = "/v1/pull?cursor=0&limit=1";
        QCOMPARE(t.get(page, token).status, 200);
        QThread::msleep(2600);
        QCOMPARE(t.get(page, token).status, 200);
    }

    // Last, because it replaces the server: stopped, the sync retries and ends Offline with the
    // edit kept; a new server process on the same data (on a new port) takes the edit.
    void offlineThenBack() {
        auto d = signIn("lead.schools");
        QCOMPARE(st(d.engine().sync().status), st(SyncStatus::Ok));
        QVERIFY(Workspace(*d.replica).setField(kAction, "progress", "written on the train").ok);
        const auto cursor = d.replica->cursor();
        const auto lastSync = d.replica->meta("last_sync");
        // Close the kept-alive connection first: otherwise stop() waits out httplib's 5 s
        // keep-alive on the worker serving it.
        const std::string oldUrl = server_->url();
        d.transport.reset();
        server_->stop();
        d.transport = std::make_unique<HttpTransport>(oldUrl);

        auto report = d.engine().sync();
        QCOMPARE(st(report.status), st(SyncStatus::Offline));
        QVERIFY(!isPermanent(report.status));
        QCOMPARE(report.retries, kFastRetry.maxAttempts - 1);
        QCOMPARE(report.pushed, 0);
        QCOMPARE(d.replica->pendingCount(), std::int64_t(1));
        QCOMPARE(d.replica->record(kAction)->fields.at("progress"), json("written on the train"));
        QCOMPARE(d.replica->cursor(), cursor);
        QCOMPARE(d.replica->meta("last_sync"), lastSync);  // an offline attempt is not a sync

        const std::string dataDir = server_->dataDir();
        server_.reset();
        server_ = std::make_unique<test::TestServer>(dataDir);
        server_->start();
        d.transport = std::make_unique<HttpTransport>(server_->url());
        report = d.engine().sync();
        QCOMPARE(st(report.status), st(SyncStatus::Ok));
        QCOMPARE(report.applied, 1);
        QCOMPARE(d.replica->pendingCount(), std::int64_t(0));
        QCOMPARE(serverField(kAction, "progress")->value, json("written on the train"));
    }

    void cleanupTestCase() { server_.reset(); }
};

QTEST_MAIN(TestSyncEngine)
#include "tst_syncengine.moc"
