// Idempotence and crash safety (sync-design.md properties 4 and 5) over real HTTP: a push
// delivered twice, a pull page applied twice or late, an answer lost after the server
// committed, a device killed after its local commit, a sequence gap, and a device that signs in
// again with edits the server already took. Each test works on its own action so that they can
// share one demo server.
#include "Device.h"
#include "Ids.h"
#include "TestServer.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace tandem;
using namespace tandem::test;

namespace {

const std::string kPlan = "review:st-helens:SH-SCR-JSH:action:";

// The counters any server write moves: the sequence, push results, conflicts, rejections.
struct Counters {
    std::int64_t seq = 0, results = 0, conflicts = 0, rejections = 0, records = 0;
    bool operator==(const Counters&) const = default;
    std::string text() const {
        return "seq " + std::to_string(seq) + ", results " + std::to_string(results) + ", conflicts " +
               std::to_string(conflicts) + ", rejections " + std::to_string(rejections) + ", records " +
               std::to_string(records);
    }
};

Counters countersOf(server::Store& store) {
    Counters c;
    store.read([&](server::StoreSession& s) {
        c = {s.currentSeq(), s.count("push_results"), s.count("conflicts"), s.count("rejections"), s.count("records")};
    });
    return c;
}

// Forwards to another transport; when armed, lets a push reach the server and then throws away
// its answer, as a dropped connection after the server committed would.
class AnswerLosingTransport final : public sync::Transport {
public:
    explicit AnswerLosingTransport(sync::Transport& inner) : inner_(inner) {}
    sync::HttpResponse get(const std::string& path, const std::string& token) override { return inner_.get(path, token); }
    sync::HttpResponse post(const std::string& path, const json& body, const std::string& token) override {
        sync::HttpResponse r = inner_.post(path, body, token);
        if (path == "/v1/push" && loseNextPushAnswers > 0) {
            --loseNextPushAnswers;
            ++lost;
            throw sync::NetworkError("connection reset after the request was sent");
        }
        return r;
    }
    int loseNextPushAnswers = 0;
    int lost = 0;

private:
    sync::Transport& inner_;
};

// QCOMPARE cannot print a SyncStatus (its toString returns a string_view), so say it here.
bool isStatus(const sync::SyncReport& r, sync::SyncStatus want) {
    if (r.status == want) return true;
    qWarning("sync ended %s (%s), expected %s", std::string(sync::toString(r.status)).c_str(), r.message.c_str(),
             std::string(sync::toString(want)).c_str());
    return false;
}

json pushBody(const std::vector<protocol::Change>& changes) {
    json list = json::array();
    for (const auto& c : changes) list.push_back(protocol::toJson(c));
    return {{"changes", list}};
}

}  // namespace

class Idempotence : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    std::unique_ptr<TestServer> server_;

    std::unique_ptr<Device> device(const std::string& user, const std::string& label) {
        auto d = std::make_unique<Device>(server_->url(), dir_.path().toStdString(), user, label);
        const auto in = d->signIn();
        if (!in.ok) qFatal("%s cannot sign in: %s", user.c_str(), in.message.c_str());
        const auto r = d->sync();
        if (r.status != sync::SyncStatus::Ok) qFatal("%s cannot sync: %s", user.c_str(), r.message.c_str());
        return d;
    }
    json pullAll(Device& d) {
        return d.http().get("/v1/pull?cursor=0&limit=5000", *d.replica().token()).body();
    }
    void expectConverged(Device& d) {
        const auto mine = imageOf(d.replica());
        const auto server = imageOf(*serverView(d));
        QVERIFY2(mine == server, (d.user() + ": " + describeDiff(mine, server)).c_str());
        QCOMPARE(d.replica().pendingCount(), std::int64_t(0));
    }

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        server_ = std::make_unique<TestServer>(dir_.path().toStdString() + "/server");
        std::string error;
        QVERIFY2(server::setUpDemo(server_->store(), TANDEM_DATA_DIR, error), error.c_str());
        server_->start();
    }
    void cleanupTestCase() { server_.reset(); }

    // (a) The same push body twice: the same answer, and the second changes nothing.
    void pushReplayed() {
        auto d = device("lead.sthcsc", "replay");
        const std::string A = kPlan + "W1.1";
        QVERIFY(d->workspace().setField(A, "progress", "Learning event booked").ok);
        QVERIFY(d->workspace().setField(A, "lead_officer", "R. Ahmed").ok);
        sync::Outbox(d->replica()).enqueue(A, "title", "Not ours to change");  // rejected, and stays one rejection
        const json body = pushBody(sync::Outbox(d->replica()).batch(100));
        const std::string token = *d->replica().token();

        const auto first = d->http().post("/v1/push", body, token);
        QCOMPARE(first.status, 200);
        QCOMPARE(first.body()["results"].size(), size_t(3));
        const auto afterFirst = countersOf(server_->store());
        const json stateAfterFirst = pullAll(*d);

        const auto second = d->http().post("/v1/push", body, token);
        QCOMPARE(second.status, 200);
        QVERIFY2(second.body() == first.body(), ("replayed answer differs:\n" + first.text + "\n" + second.text).c_str());
        QVERIFY2(countersOf(server_->store()) == afterFirst, countersOf(server_->store()).text().c_str());
        QVERIFY2(pullAll(*d) == stateAfterFirst, "the server's state changed on a replay");

        // The device never saw either answer: its engine pushes the same changes a third time.
        const auto r = d->sync();
        QVERIFY2(isStatus(r, sync::SyncStatus::Ok), "sync status");
        QCOMPARE(r.applied, 2);
        QCOMPARE(r.rejected, 1);
        QVERIFY2(countersOf(server_->store()) == afterFirst, countersOf(server_->store()).text().c_str());
        QCOMPARE(d->replica().rejections().size(), size_t(1));
        expectConverged(*d);
    }

    // (b) A pull page applied twice equals it applied once; a stale page applied late is
    // repaired by the next pull.
    void pullPageAppliedTwice() {
        auto d = device("lead.merpol", "pages");
        const std::string token = *d->replica().token();
        const auto p1 = protocol::pullPageFromText(d->http().get("/v1/pull?cursor=0&limit=20", token).text);
        QVERIFY2(p1.more, "the first page is not the last, so a second page exists");
        const auto p2 = protocol::pullPageFromText(
            d->http().get("/v1/pull?cursor=" + std::to_string(p1.cursor) + "&limit=5000", token).text);

        sync::Replica once(":memory:"), twice(":memory:");
        once.applyPage(p1);
        twice.applyPage(p1);
        twice.applyPage(p1);
        QVERIFY2(imageOf(once) == imageOf(twice), describeDiff(imageOf(twice), imageOf(once)).c_str());
        QCOMPARE(twice.cursor(), once.cursor());
        once.applyPage(p2);
        twice.applyPage(p2);
        twice.applyPage(p2);
        QVERIFY2(imageOf(once) == imageOf(twice), describeDiff(imageOf(twice), imageOf(once)).c_str());
        QCOMPARE(twice.cursor(), once.cursor());

        // The server moves on; an old page delivered late drags the cursor back, and the next
        // pull brings everything after it again.
        auto office = device("bo.sthelens", "pages-office");
        QVERIFY(office->workspace().setField(kPlan + "3.2", "target_date", "2027-09-30").ok);
        QVERIFY(office->workspace().setField(kPlan + "1.3", "target_date", "2027-10-31").ok);
        QVERIFY2(isStatus(office->sync(), sync::SyncStatus::Ok), "sync status");
        borrowCredentials(twice, *d);
        sync::SyncEngine engine(twice, d->http());
        QVERIFY2(isStatus(engine.pull(), sync::SyncStatus::Ok), "sync status");
        twice.applyPage(p1);
        QVERIFY2(isStatus(engine.pull(), sync::SyncStatus::Ok), "sync status");
        const auto server = imageOf(*serverView(*d));
        QVERIFY2(imageOf(twice) == server, describeDiff(imageOf(twice), server).c_str());
    }

    // (c) The server commits a push but its answer never arrives: the engine retries, the
    // server answers from its stored results, and nothing is written twice.
    void answerLostAfterCommit() {
        auto d = device("lead.schools", "lost");
        const std::string A = kPlan + "2.3";
        d->edit([&] { QVERIFY(d->workspace().setField(A, "progress", "Policy audit started").ok); });
        d->edit([&] { QVERIFY(d->workspace().setField(A, "lead_officer", "M. Okafor").ok); });
        const auto before = countersOf(server_->store());
        AnswerLosingTransport flaky(d->recorder());
        flaky.loseNextPushAnswers = 1;
        d->via = &flaky;
        const auto r = d->sync();
        d->via = nullptr;
        QVERIFY2(isStatus(r, sync::SyncStatus::Ok), "sync status");
        QCOMPARE(flaky.lost, 1);
        QVERIFY2(r.retries >= 1, "the lost answer was retried");
        QCOMPARE(r.applied, 2);
        QCOMPARE(d->recorder().mismatches, 0);  // the replay was answered exactly as the first delivery
        const auto after = countersOf(server_->store());
        QCOMPARE(after.seq - before.seq, std::int64_t(2));  // two writes, each once
        QCOMPARE(after.results - before.results, std::int64_t(2));
        QCOMPARE(after.conflicts, before.conflicts);
        auto server = serverView(*d);
        for (const auto& e : d->made)
            QCOMPARE(server->record(A)->fieldSeqs.at(e.field), d->recorder().results.at(e.changeId).serverSeq);
        expectConverged(*d);
    }

    // (d) Killed after the local commit, before any sync; and killed after the server
    // committed a push but before the device stored the answer. Applied once either way.
    void crashAfterLocalCommit() {
        auto d = device("lead.sthcsc", "crash");
        const std::string A = kPlan + "3.3";
        QVERIFY(d->workspace().setField(A, "progress", "Edited just before the battery died").ok);
        d->crash();
        d->reopen();
        QCOMPARE(d->replica().pendingCount(), std::int64_t(1));
        QCOMPARE(d->replica().record(A)->text("progress"), std::string("Edited just before the battery died"));
        auto before = countersOf(server_->store());
        auto r = d->sync();
        QVERIFY2(isStatus(r, sync::SyncStatus::Ok), "sync status");
        QCOMPARE(r.applied, 1);
        QCOMPARE(countersOf(server_->store()).seq - before.seq, std::int64_t(1));
        expectConverged(*d);

        QVERIFY(d->workspace().setField(A, "lead_officer", "T. Byrne").ok);
        const auto sent = d->http().post("/v1/push", pushBody(sync::Outbox(d->replica()).batch(100)), *d->replica().token());
        QCOMPARE(sent.status, 200);
        d->crash();  // the answer is never acknowledged
        d->reopen();
        before = countersOf(server_->store());
        r = d->sync();
        QVERIFY2(isStatus(r, sync::SyncStatus::Ok), "sync status");
        QCOMPARE(r.applied, 1);
        QVERIFY2(countersOf(server_->store()) == before, countersOf(server_->store()).text().c_str());
        QCOMPARE(serverView(*d)->record(A)->text("lead_officer"), std::string("T. Byrne"));
        expectConverged(*d);
    }

    // (e) A batch with a gap in its device sequence is refused whole with 409 sequence_gap.
    void sequenceGapRefused() {
        auto d = device("lead.sthcsc", "gap");
        const std::string A = kPlan + "2.2";  // STH-CSC supports it
        const std::string token = *d->replica().token();
        const auto base = d->replica().record(A)->fieldSeqs["progress"];
        auto change = [&](std::int64_t seq, const std::string& text) {
            return protocol::Change{newUuid(), seq, A, "progress", text, base};
        };
        const auto before = countersOf(server_->store());
        for (const auto& body : {pushBody({change(2, "skips one")}), pushBody({change(1, "fine"), change(3, "gap after it")})}) {
            const auto r = d->http().post("/v1/push", body, token);
            QCOMPARE(r.status, 409);
            QCOMPARE(r.body()["error"]["code"].get<std::string>(), std::string("sequence_gap"));
            QVERIFY2(countersOf(server_->store()) == before, countersOf(server_->store()).text().c_str());
        }
        QCOMPARE(serverView(*d)->record(A)->fieldSeqs["progress"], base);  // not even the change before the gap
        const auto ok = d->http().post("/v1/push", pushBody({change(1, "in order")}), token);
        QCOMPARE(ok.status, 200);
        QCOMPARE(ok.body()["results"][0][1].get<std::string>(), std::string("applied"));
    }

    // (f) The server took an edit but the answer was lost; the user signs in again (a new
    // device on the server, the outbox renumbered from 1). The change id is known: applied once.
    void reSignInWithTakenEdits() {
        auto d = device("dsl.schools", "resign");
        const std::string A = kPlan + "2.1";
        const auto oldDevice = d->replica().identity()->deviceId;
        d->edit([&] { QVERIFY(d->workspace().setField(A, "progress", "Policies collected from 40 schools").ok); });
        AnswerLosingTransport flaky(d->recorder());
        flaky.loseNextPushAnswers = 1;
        d->via = &flaky;
        d->retry.maxAttempts = 1;
        const auto before = countersOf(server_->store());
        QVERIFY2(isStatus(d->sync(), sync::SyncStatus::Offline), "sync status");
        d->via = nullptr;
        d->retry = {};
        QCOMPARE(d->replica().pendingCount(), std::int64_t(1));
        const auto taken = countersOf(server_->store());
        QCOMPARE(taken.seq - before.seq, std::int64_t(1));
        const auto firstSeq = d->recorder().results.at(d->made[0].changeId).serverSeq;

        QVERIFY(d->signIn().ok);
        QVERIFY(d->replica().identity()->deviceId != oldDevice);
        const auto r = d->sync();
        QVERIFY2(isStatus(r, sync::SyncStatus::Ok), "sync status");
        QCOMPARE(r.applied, 1);
        const auto after = countersOf(server_->store());
        QCOMPARE(after.seq, taken.seq);  // nothing written again
        QCOMPARE(after.conflicts, taken.conflicts);
        QCOMPARE(serverView(*d)->record(A)->fieldSeqs.at("progress"), firstSeq);
        expectConverged(*d);
    }
};

QTEST_MAIN(Idempotence)
#include "tst_idempotence.moc"
