// Limits on guessing passwords, over HTTP against the real server: five wrong passwords for an
// account lock it (the right one is refused too) for the lock's time, a sign-in that succeeds
// clears the count, unknown names lock like real ones, twenty failures from one address refuse
// that address whatever the account, failures and locks survive a restart, and an administrator
// lifts a lock (Admin.h and `tandem-server unlock-user`).
#include "DataFiles.h"
#include "HttpProbe.h"
#include "TestServer.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <httplib.h>

using namespace tandem;
using nlohmann::json;

namespace {

const char* kPassword = "correct-horse-9";

struct Answer {
    int status = 0;
    std::string code, message, retryAfter;
};

}  // namespace

class TestSignInGuard : public QObject {
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> dir_;
    std::unique_ptr<test::TestServer> server_;

    Answer signIn(const std::string& user, const std::string& password) {
        httplib::Client c("127.0.0.1", server_->port());
        auto r = c.Post("/v1/sign-in", json{{"user", user}, {"password", password}, {"device", "guard test"}}.dump(),
                        "application/json");
        Answer a;
        if (!r) return a;
        a.status = r->status;
        a.retryAfter = r->get_header_value("Retry-After");
        if (a.status == 200) return a;
        const auto body = json::parse(r->body, nullptr, false);
        if (!body.is_object() || !body.contains("error") || !body["error"].is_object()) {
            a.code = "no error envelope: " + r->body;
            return a;
        }
        a.code = body["error"].value("code", "");
        a.message = body["error"].value("message", "");
        if (const auto problem = test::checkErrorBody(r->body, a.code); !problem.empty()) a.code = problem;
        return a;
    }
    // `n` wrong passwords for `user`; returns the last answer.
    Answer fail(const std::string& user, int n) {
        Answer a;
        for (int i = 0; i < n; ++i) a = signIn(user, "wrong-" + std::to_string(i));
        return a;
    }
    void setMeta(const std::string& key, const std::string& value) {
        server_->store().write([&](server::StoreSession& s) { s.setMeta(key, value); });
    }
    // The server stopped and its store closed, then opened again on the same directory.
    void restart() {
        server_.reset();
        server_ = std::make_unique<test::TestServer>(dir_->path().toStdString());
        server_->start();
    }

private slots:
    // Each test starts from a data directory with no failures in it.
    void init() {
        dir_ = std::make_unique<QTemporaryDir>();
        QVERIFY(dir_->isValid());
        server_ = std::make_unique<test::TestServer>(dir_->path().toStdString());
        auto& store = server_->store();
        store.write([](server::StoreSession& s) { s.setMeta("kdf_cost", "minimum"); });
        for (const auto& r : {server::importAgencies(store, test::readDataFile("agencies.csv")),
                              server::addUser(store, "lead.schools", kPassword, "agency_lead", "STH-SCHOOLS"),
                              server::addUser(store, "pc.merpol", kPassword, "practitioner", "MERPOL")})
            QVERIFY2(r.ok(), r.errors.empty() ? "" : r.errors.front().c_str());
        server_->start();
    }
    void cleanup() {
        server_.reset();
        dir_.reset();
    }

    void fifthFailureLocksTheAccount() {
        const Answer fourth = fail("lead.schools", 4);
        QCOMPARE(fourth.status, 401);
        QCOMPARE(fourth.code, std::string("invalid_credentials"));
        const Answer fifth = signIn("lead.schools", "wrong-again");
        QCOMPARE(fifth.status, 423);
        QCOMPARE(fifth.code, std::string("account_locked"));
        QVERIFY2(fifth.message.find("locked until ") != std::string::npos && fifth.message.find("UTC (in 15 minutes)") != std::string::npos,
                 fifth.message.c_str());
        QVERIFY2(std::stoi(fifth.retryAfter) > 890 && std::stoi(fifth.retryAfter) <= 900, fifth.retryAfter.c_str());
        // The right password does not open a locked account; other accounts are not touched.
        const Answer right = signIn("lead.schools", kPassword);
        QCOMPARE(right.status, 423);
        QCOMPARE(right.code, std::string("account_locked"));
        QCOMPARE(signIn("pc.merpol", kPassword).status, 200);
    }

    void successClearsTheCount() {
        QCOMPARE(fail("lead.schools", 4).status, 401);
        QCOMPARE(signIn("lead.schools", kPassword).status, 200);
        QCOMPARE(fail("lead.schools", 4).status, 401);
        QCOMPARE(signIn("lead.schools", kPassword).status, 200);
    }

    // Locked as a real account is, with the same sentence: nothing tells which names exist.
    void unknownNamesLockToo() {
        const Answer unknown = fail("no.such.user", 5);
        const Answer known = fail("lead.schools", 5);
        QCOMPARE(unknown.status, 423);
        QCOMPARE(unknown.code, known.code);
        QCOMPARE(unknown.message, known.message);
    }

    // A lock ends by itself; the failures it stood for are gone with it.
    void lockEnds() {
        setMeta("sign_in_lock_seconds", "1");
        QCOMPARE(fail("lead.schools", 5).status, 423);
        QCOMPARE(signIn("lead.schools", kPassword).status, 423);
        QTest::qWait(2100);
        QCOMPARE(signIn("lead.schools", "wrong-after").status, 401);
        QCOMPARE(signIn("lead.schools", kPassword).status, 200);
    }

    void failuresAndLocksSurviveARestart() {
        QCOMPARE(fail("lead.schools", 4).status, 401);
        QCOMPARE(fail("pc.merpol", 5).status, 423);
        restart();
        QCOMPARE(signIn("pc.merpol", kPassword).status, 423);
        QCOMPARE(signIn("lead.schools", "wrong-once-more").status, 423);
    }

    // Twenty failures from one address, one per account so that none locks: the next attempt from
    // it is refused whatever the account and password; another address is not.
    void addressBudget() {
        for (int i = 0; i < 19; ++i) QCOMPARE(signIn("guess." + std::to_string(i), "wrong").status, 401);
        QCOMPARE(signIn("lead.schools", "wrong").status, 401);  // the twentieth
        const Answer refused = signIn("pc.merpol", kPassword);
        QCOMPARE(refused.status, 429);
        QCOMPARE(refused.code, std::string("too_many_attempts"));
        QVERIFY2(refused.message.find("try again in 15 minutes") != std::string::npos, refused.message.c_str());
        QVERIFY(!refused.retryAfter.empty());
        server::Api api(server_->store());
        const std::string body = json{{"user", "pc.merpol"}, {"password", kPassword}, {"device", "elsewhere"}}.dump();
        QCOMPARE(api.handle({"POST", "/v1/sign-in", "", body, {}, "192.0.2.7"}).status, 200);
        // Callers inside the process have no address and are limited per account only.
        QCOMPARE(api.handle({"POST", "/v1/sign-in", "", body, {}}).status, 200);
    }

    void adminUnlocks() {
        QCOMPARE(fail("lead.schools", 5).status, 423);
        QVERIFY(!server::unlockUser(server_->store(), "no.such.user").ok());
        const auto r = server::unlockUser(server_->store(), "lead.schools");
        QVERIFY(r.ok());
        QCOMPARE(r.summary, std::string("unlocked lead.schools; its failed sign-ins are forgotten"));
        QCOMPARE(signIn("lead.schools", kPassword).status, 200);
    }

    void unlockUserCommand() {
        QCOMPARE(fail("pc.merpol", 5).status, 423);
        QProcess p;
        p.start(TANDEM_SERVER_BIN, {"unlock-user", dir_->path(), "pc.merpol"});
        QVERIFY(p.waitForFinished(20000));
        QCOMPARE(p.exitCode(), 0);
        QVERIFY(p.readAllStandardOutput().startsWith("unlocked pc.merpol"));
        QCOMPARE(signIn("pc.merpol", kPassword).status, 200);
    }
};

QTEST_MAIN(TestSignInGuard)
#include "tst_signinguard.moc"
