// Device tokens and passwords against the real server and sync engine: a token expires its
// lifetime after it was issued (token_expired: sign in again, nothing wiped), POST
// /v1/token/rotate replaces it (the old one is refused at once), the sync engine rotates it by
// itself once the server says it is past half its life, and a password change (by the user or
// an administrator) revokes the user's other devices, whose next sync wipes them.
#include "Account.h"
#include "CliApp.h"
#include "DataFiles.h"
#include "HttpProbe.h"
#include "Sqlite.h"
#include "SyncEngine.h"
#include "TestKey.h"
#include "TestServer.h"
#include "Workspace.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <httplib.h>

#include <sstream>

using namespace tandem;
using namespace tandem::sync;
using nlohmann::json;

namespace {

const char* kPassword = "correct-horse-9";
const char* kAction = "review:st-helens:SH-SCR-JSH:action:2.1";  // lead STH-SCHOOLS
const RetryPolicy kFastRetry{3, std::chrono::milliseconds(10), std::chrono::milliseconds(40)};

struct Answer {
    int status = 0;
    json body;
    std::string tokenExpires;  // the Tandem-Token-Expires header
};

std::string errorCode(const Answer& a) {
    return a.body.is_object() && a.body.contains("error") ? a.body["error"].value("code", "") : "";
}

}  // namespace

class TestTokens : public QObject {
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> dir_, deviceDir_;
    std::unique_ptr<test::TestServer> server_;
    int devices_ = 0;

    struct Device {
        std::unique_ptr<Replica> replica;
        std::unique_ptr<HttpTransport> transport;
        SyncReport sync() { return SyncEngine(*replica, *transport, kFastRetry).sync(); }
        std::string token() { return replica->token().value_or(""); }
    };

    Device device(const std::string& user = "lead.schools", const std::string& password = kPassword) {
        Device d;
        const std::string path = deviceDir_->filePath(QString("device-%1.db").arg(++devices_)).toStdString();
        d.replica = std::make_unique<Replica>(path, test::testKey(path));
        d.transport = std::make_unique<HttpTransport>(server_->url());
        const auto r = sync::signIn(*d.replica, *d.transport, server_->url(), user, password, "token test");
        if (!r.ok) qWarning("sign-in failed: %s", r.message.c_str());
        return d;
    }

    Answer request(const std::string& method, const std::string& path, const std::string& token, const json& body = {}) {
        httplib::Client c("127.0.0.1", server_->port());
        const httplib::Headers h = token.empty() ? httplib::Headers{} : test::bearer(token);
        auto r = method == "GET" ? c.Get(path.c_str(), h) : c.Post(path.c_str(), h, body.dump(), "application/json");
        Answer a;
        if (!r) return a;
        a.status = r->status;
        a.body = json::parse(r->body, nullptr, false);
        a.tokenExpires = r->get_header_value("Tandem-Token-Expires");
        if (a.status != 200) {
            if (const auto problem = test::checkErrorBody(r->body, errorCode(a)); !problem.empty()) qWarning("%s", problem.c_str());
        }
        return a;
    }
    Answer signIn(const std::string& password = kPassword) {
        return request("POST", "/v1/sign-in", "", {{"user", "lead.schools"}, {"password", password}, {"device", "raw"}});
    }
    Answer pull(const std::string& token) { return request("GET", "/v1/pull?cursor=0&limit=1", token); }
    void setMeta(const std::string& key, const std::string& value) {
        server_->store().write([&](server::StoreSession& s) { s.setMeta(key, value); });
    }

private slots:
    void init() {
        dir_ = std::make_unique<QTemporaryDir>();
        deviceDir_ = std::make_unique<QTemporaryDir>();
        QVERIFY(dir_->isValid() && deviceDir_->isValid());
        server_ = std::make_unique<test::TestServer>(dir_->path().toStdString());
        auto& store = server_->store();
        store.write([](server::StoreSession& s) { s.setMeta("kdf_cost", "minimum"); });
        for (const auto& r : {server::importAgencies(store, test::readDataFile("agencies.csv")),
                              server::importActionPlans(store, test::readDataFile("action-plans.csv")),
                              server::addUser(store, "lead.schools", kPassword, "agency_lead", "STH-SCHOOLS")})
            QVERIFY2(r.ok(), r.errors.empty() ? "" : r.errors.front().c_str());
        server_->start();
    }
    void cleanup() {
        server_.reset();
        dir_.reset();
        deviceDir_.reset();
    }

    // 30 days by default, said in the sign-in answer; no rotation asked of a new token.
    void signInSaysWhenTheTokenExpires() {
        const Answer a = signIn();
        QCOMPARE(a.status, 200);
        const auto expires = QDateTime::fromString(QString::fromStdString(a.body.value("token_expires_at", "")), Qt::ISODate);
        QVERIFY(expires.isValid());
        QVERIFY(qAbs(QDateTime::currentDateTimeUtc().addDays(30).secsTo(expires)) < 60);
        const Answer p = pull(a.body.value("token", ""));
        QCOMPARE(p.status, 200);
        QVERIFY(p.tokenExpires.empty());
    }

    void expiredTokenMustSignInAgain() {
        auto d = device();
        QVERIFY(d.sync().status == SyncStatus::Ok);
        QVERIFY(Workspace(*d.replica).setField(kAction, "progress", "kept through the expiry").ok);
        setMeta("token_lifetime_seconds", "2");
        QTest::qWait(2100);
        QCOMPARE(errorCode(pull(d.token())), std::string("token_expired"));
        const auto report = d.sync();
        QVERIFY(report.status == SyncStatus::SignInRequired);
        QCOMPARE(report.code, std::string("token_expired"));
        QVERIFY2(report.message.find("sign in again") != std::string::npos, report.message.c_str());
        // Nothing is wiped: a new sign-in sends the pending edit.
        QCOMPARE(d.replica->pendingCount(), std::int64_t(1));
        QVERIFY(sync::signIn(*d.replica, *d.transport, server_->url(), "lead.schools", kPassword, "again").ok);
        const auto after = d.sync();
        QVERIFY2(after.status == SyncStatus::Ok, after.message.c_str());
        QCOMPARE(after.applied, 1);
    }

    // Devices signed in before tokens expired have no issue time: they count from when they were
    // added, so an old one must sign in again and a recent one goes on.
    void devicesFromBeforeExpiryCountFromTheirCreation() {
        const std::string token = signIn().body.value("token", "");
        sql::Database db(server::databasePath(dir_->path().toStdString()));
        db.exec("DELETE FROM device_tokens");
        QCOMPARE(pull(token).status, 200);
        db.exec("UPDATE devices SET created_at = '2020-01-01T00:00:00Z'");
        QCOMPARE(errorCode(pull(token)), std::string("token_expired"));
    }

    void rotationReplacesTheToken() {
        const std::string old = signIn().body.value("token", "");
        const Answer rotated = request("POST", "/v1/token/rotate", old);
        QCOMPARE(rotated.status, 200);
        const std::string fresh = rotated.body.value("token", "");
        QVERIFY(!fresh.empty() && fresh != old);
        QVERIFY(rotated.body.contains("token_expires_at"));
        QCOMPARE(errorCode(pull(old)), std::string("invalid_token"));
        QCOMPARE(pull(fresh).status, 200);
        QCOMPARE(errorCode(request("POST", "/v1/token/rotate", old)), std::string("invalid_token"));
    }

    void revokedDeviceGetsNoNewToken() {
        auto d = device();
        QVERIFY(server::revokeDevice(server_->store(), d.replica->identity()->deviceId).ok());
        QCOMPARE(errorCode(request("POST", "/v1/token/rotate", d.token())), std::string("device_revoked"));
    }

    // Past half its life every answer says when the token expires; the sync engine then rotates
    // it at the end of the sync, and the new one goes on working after the old one's end.
    void engineRotatesATokenPastHalfItsLife() {
        setMeta("token_lifetime_seconds", "4");
        auto d = device();
        const std::string first = d.token();
        QVERIFY(pull(first).tokenExpires.empty());
        QTest::qWait(2100);
        QVERIFY(!pull(first).tokenExpires.empty());
        const auto report = d.sync();
        QVERIFY2(report.status == SyncStatus::Ok, report.message.c_str());
        const std::string second = d.token();
        QVERIFY(second != first);
        QCOMPARE(errorCode(pull(first)), std::string("invalid_token"));
        QTest::qWait(2100);  // past the first token's end
        const auto later = d.sync();
        QVERIFY2(later.status == SyncStatus::Ok, later.message.c_str());
    }

    // The user changes the password on one device: the others are revoked and wipe themselves at
    // their next sync; the one that changed it goes on; only the new password signs in.
    void passwordChangeRevokesOtherDevices() {
        auto mine = device(), other = device();
        QVERIFY(mine.sync().status == SyncStatus::Ok && other.sync().status == SyncStatus::Ok);
        QVERIFY(other.replica->recordCount() > 0);
        const Answer changed = request("POST", "/v1/password", mine.token(), {{"current", kPassword}, {"new", "a-new-password-1"}});
        QCOMPARE(changed.status, 200);
        QCOMPARE(changed.body.value("revoked_devices", -1), 1);
        const auto wiped = other.sync();
        QVERIFY(wiped.status == SyncStatus::Revoked);
        QCOMPARE(other.replica->recordCount(), std::int64_t(0));
        QVERIFY(!other.replica->identity());
        QVERIFY(mine.sync().status == SyncStatus::Ok);
        QCOMPARE(errorCode(signIn(kPassword)), std::string("invalid_credentials"));
        QCOMPARE(signIn("a-new-password-1").status, 200);
    }

    // The same through the device library and tandem-cli: the new password also unlocks the
    // replica offline; a wrong current one is refused with exit code 1.
    void passwordChangeFromTheDevice() {
        auto mine = device(), other = device();
        QVERIFY(sync::rememberPassword(*mine.replica, kPassword));
        const auto refused = sync::changePassword(*mine.replica, *mine.transport, "not-it-at-all", "a-new-password-1");
        QVERIFY(!refused.ok);
        QCOMPARE(refused.code, std::string("invalid_credentials"));
        const auto changed = sync::changePassword(*mine.replica, *mine.transport, kPassword, "a-new-password-1");
        QVERIFY2(changed.ok, changed.message.c_str());
        QVERIFY(sync::unlockOffline(*mine.replica, "lead.schools", "a-new-password-1").ok);
        QVERIFY(!sync::unlockOffline(*mine.replica, "lead.schools", kPassword).ok);
        QVERIFY(other.sync().status == SyncStatus::Revoked);

        QTemporaryDir home;
        auto cli = [&](std::vector<std::string> args) {
            args.insert(args.begin(), {"--dir", home.path().toStdString()});
            std::ostringstream out, err;
            const int code = cli::run(args, out, err);
            return std::make_pair(code, out.str() + err.str());
        };
        QCOMPARE(cli({"sign-in", "--server", server_->url(), "--user", "lead.schools", "--password", "a-new-password-1"}).first, 0);
        // A wrong current password does not even open the encrypted replica: refused on the device.
        const auto wrong = cli({"password", "--current", "not-it-at-all", "--new", "a-third-password"});
        QCOMPARE(wrong.first, 1);
        QVERIFY2(wrong.second.find("wrong_password") != std::string::npos, wrong.second.c_str());
        const auto right = cli({"password", "--current", "a-new-password-1", "--new", "a-third-password"});
        QVERIFY2(right.first == 0, right.second.c_str());
        QCOMPARE(signIn("a-third-password").status, 200);
        // The replica was re-keyed: the new password opens it, the old one no longer does.
        const auto synced = cli({"sync", "--quiet", "--password", "a-third-password"});
        QVERIFY2(synced.first == 0, synced.second.c_str());
        const auto old = cli({"sync", "--quiet", "--password", "a-new-password-1"});
        QVERIFY2(old.first == 1 && old.second.find("wrong_password") != std::string::npos, old.second.c_str());
        QVERIFY(mine.sync().status == SyncStatus::Revoked);  // another device of the user now
    }

    void passwordChangeRefusals() {
        auto d = device();
        auto code = [&](const json& body) { return errorCode(request("POST", "/v1/password", d.token(), body)); };
        QCOMPARE(code({{"current", "not-it-at-all"}, {"new", "a-new-password-1"}}), std::string("invalid_credentials"));
        QCOMPARE(code({{"current", kPassword}, {"new", "short"}}), std::string("invalid_value"));
        QCOMPARE(code({{"current", kPassword}}), std::string("missing_field"));
        QCOMPARE(code({{"current", kPassword}, {"new", 12345678}}), std::string("wrong_type"));
        QCOMPARE(errorCode(request("POST", "/v1/password", "", {{"current", kPassword}, {"new", "a-new-password-1"}})),
                 std::string("missing_token"));
        // Nothing changed: the password is the old one, the device still syncs.
        QCOMPARE(signIn(kPassword).status, 200);
        QVERIFY(d.sync().status == SyncStatus::Ok);
        // Wrong current passwords count as failed sign-ins: the fifth locks the account, and the
        // right one is refused then.
        for (int i = 0; i < 4; ++i)
            QCOMPARE(code({{"current", "guess-" + std::to_string(i)}, {"new", "a-new-password-1"}}), std::string("invalid_credentials"));
        QCOMPARE(code({{"current", "guess-5"}, {"new", "a-new-password-1"}}), std::string("account_locked"));
        QCOMPARE(code({{"current", kPassword}, {"new", "a-new-password-1"}}), std::string("account_locked"));
    }

    // An administrator's reset revokes every device of the user; through the command line too.
    void adminSetPassword() {
        auto d = device();
        QVERIFY(!server::setPassword(server_->store(), "lead.schools", "short").ok());
        const auto r = server::setPassword(server_->store(), "lead.schools", "reset-by-admin-1");
        QVERIFY2(r.ok(), r.errors.empty() ? "" : r.errors.front().c_str());
        QCOMPARE(r.summary, std::string("password of lead.schools changed; 1 device revoked (wiped at their next sync)"));
        QVERIFY(d.sync().status == SyncStatus::Revoked);
        QCOMPARE(signIn("reset-by-admin-1").status, 200);

        QProcess p;
        p.start(TANDEM_SERVER_BIN, {"set-password", dir_->path(), "lead.schools", "--password", "reset-again-22"});
        QVERIFY(p.waitForFinished(20000));
        QCOMPARE(p.exitCode(), 0);
        QVERIFY(p.readAllStandardOutput().startsWith("password of lead.schools changed; 1 device revoked"));
        QCOMPARE(signIn("reset-again-22").status, 200);
    }
};

QTEST_MAIN(TestTokens)
#include "tst_tokens.moc"
