// HTTPS between the device and the server, with certificates made in the test (TestCerts.h): a
// certificate signed by the deployment's CA works when the device has the CA file; a
// self-signed one, an expired one and one for another name are refused at once with the
// certificate message, and a sync against one ends for good instead of retrying as offline.
// The server refuses certificate files it cannot use with a clear error, and the real
// tandem-server binary refuses plain HTTP beyond loopback unless told --insecure.
#include "Account.h"
#include "CliApp.h"
#include "DataFiles.h"
#include "ProcServer.h"
#include "SyncEngine.h"
#include "TestCerts.h"
#include "TestKey.h"
#include "TestServer.h"
#include "Workspace.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>
#include <sstream>
#include <tuple>

using namespace tandem;
using namespace tandem::sync;

namespace {

const char* kPassword = "correct-horse-9";
const char* kAction = "review:st-helens:SH-SCR-JSH:action:2.1";  // lead STH-SCHOOLS
const RetryPolicy kFastRetry{3, std::chrono::milliseconds(10), std::chrono::milliseconds(40)};
const std::string kCertificateMessage = "the server's certificate could not be verified: ";

struct Run {
    int code = -1;
    std::string out, err;
};

Run runServerBinary(const QStringList& args, int timeoutMs = 20000) {
    QProcess p;
    p.start(TANDEM_SERVER_BIN, args);
    Run r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        r.err = "did not finish";
        return r;
    }
    r.code = p.exitCode();
    r.out = p.readAllStandardOutput().toStdString();
    r.err = p.readAllStandardError().toStdString();
    return r;
}

}  // namespace

class TestTls : public QObject {
    Q_OBJECT

    QTemporaryDir serverDir_, deviceDir_, certDir_;
    std::unique_ptr<test::TestServer> server_;
    std::unique_ptr<test::TestCa> ca_;
    int devices_ = 0;

    struct Device {
        std::unique_ptr<Replica> replica;
        std::unique_ptr<HttpTransport> transport;
        SignInResult signedIn;
    };

    Device signIn(const std::string& caFile) {
        Device d;
        const std::string path = deviceDir_.filePath(QString("device-%1.db").arg(++devices_)).toStdString();
        d.replica = std::make_unique<Replica>(path, test::testKey(path));
        d.transport = std::make_unique<HttpTransport>(server_->url(), std::chrono::seconds(10), caFile);
        d.signedIn = sync::signIn(*d.replica, *d.transport, server_->url(), "lead.schools", kPassword, "tls test", caFile);
        return d;
    }

    // Serves HTTPS with `files` (on `port`, or a free one).
    void serve(const server::TlsFiles& files, int port = 0) {
        server_->stop();
        server_->start(files, port);
    }

    // A sign-in against a server with `files` and the device given `caFile` is refused for its
    // certificate; returns the message.
    std::string refusedSignIn(const server::TlsFiles& files, const std::string& caFile) {
        serve(files);
        const auto d = signIn(caFile);
        if (d.signedIn.ok) return "signed in";
        if (d.signedIn.code != "certificate_unverified") return "refused with " + d.signedIn.code + ": " + d.signedIn.message;
        return d.signedIn.message;
    }

private slots:
    void initTestCase() {
        QVERIFY(serverDir_.isValid() && deviceDir_.isValid() && certDir_.isValid());
        ca_ = std::make_unique<test::TestCa>(certDir_.path().toStdString());
        server_ = std::make_unique<test::TestServer>(serverDir_.path().toStdString());
        auto& store = server_->store();
        store.write([](server::StoreSession& s) { s.setMeta("kdf_cost", "minimum"); });
        for (const auto& r : {server::importAgencies(store, test::readDataFile("agencies.csv")),
                              server::importActionPlans(store, test::readDataFile("action-plans.csv")),
                              server::addUser(store, "lead.schools", kPassword, "agency_lead", "STH-SCHOOLS")})
            QVERIFY2(r.ok(), r.errors.empty() ? "" : r.errors.front().c_str());
    }

    // The CA's certificate for 127.0.0.1, the CA file on the device: sign-in, a first download
    // and an edit pushed, all over HTTPS.
    void validCertificateWithCaFile() {
        serve(ca_->issue("server"));
        QVERIFY(server_->url().rfind("https://", 0) == 0);
        auto d = signIn(ca_->caFile());
        QVERIFY2(d.signedIn.ok, d.signedIn.message.c_str());
        QCOMPARE(caFileOf(*d.replica), ca_->caFile());
        SyncEngine engine(*d.replica, *d.transport, kFastRetry);
        auto report = engine.sync();
        QVERIFY2(report.status == SyncStatus::Ok, report.message.c_str());
        QVERIFY(report.pulled > 0);
        Workspace ws(*d.replica);
        QVERIFY(ws.setField(kAction, "progress", "Sent over TLS").ok);
        report = engine.sync();
        QVERIFY2(report.status == SyncStatus::Ok, report.message.c_str());
        QCOMPARE(report.applied, 1);
    }

    void selfSignedIsRefused() {
        const auto self = ca_->selfSigned("self");
        const std::string withoutCa = refusedSignIn(self, "");
        QVERIFY2(withoutCa.rfind(kCertificateMessage, 0) == 0, withoutCa.c_str());
        // The CA file is of another CA: no help.
        const std::string withCa = refusedSignIn(self, ca_->caFile());
        QVERIFY2(withCa.rfind(kCertificateMessage, 0) == 0, withCa.c_str());
        QVERIFY2(withCa.find("self") != std::string::npos, withCa.c_str());  // "self-signed certificate"
    }

    void expiredIsRefused() {
        const std::string m = refusedSignIn(ca_->issue("expired", {"IP:127.0.0.1", std::chrono::hours(-48), std::chrono::hours(-24)}),
                                            ca_->caFile());
        QVERIFY2(m.rfind(kCertificateMessage, 0) == 0, m.c_str());
        QVERIFY2(m.find("expired") != std::string::npos, m.c_str());
    }

    void anotherNameIsRefused() {
        const std::string m = refusedSignIn(ca_->issue("elsewhere", {"DNS:tandem.example.org"}), ca_->caFile());
        QVERIFY2(m.rfind(kCertificateMessage, 0) == 0, m.c_str());
        QVERIFY2(m.find("not issued for 127.0.0.1") != std::string::npos, m.c_str());
    }

    // A device signed in over good TLS meets a server whose certificate no longer verifies: the
    // sync fails at once, for good, with the certificate's message; no retries.
    void syncEndsForGoodOnACertificate() {
        serve(ca_->issue("server"));
        const int port = server_->port();
        auto d = signIn(ca_->caFile());
        QVERIFY2(d.signedIn.ok, d.signedIn.message.c_str());
        serve(ca_->selfSigned("impostor"), port);
        SyncEngine engine(*d.replica, *d.transport, kFastRetry);
        const auto report = engine.sync();
        QVERIFY(report.status == SyncStatus::Failed);
        QVERIFY(isPermanent(report.status));
        QCOMPARE(report.code, std::string("certificate_unverified"));
        QCOMPARE(report.retries, 0);
        QVERIFY2(report.message.rfind(kCertificateMessage, 0) == 0, report.message.c_str());
    }

    // tandem-cli: the certificate refused without --ca-file (exit 1, the certificate's message);
    // with it, sign-in keeps the CA file for the syncs after.
    void cliSignInWithCaFile() {
        serve(ca_->issue("server"));
        QTemporaryDir home;
        auto run = [&](std::vector<std::string> args) {
            args.insert(args.begin(), {"--dir", home.path().toStdString()});
            std::ostringstream out, err;
            const int code = cli::run(args, out, err);
            return std::make_pair(code, out.str() + err.str());
        };
        const std::vector<std::string> signIn{"sign-in", "--server", server_->url(), "--user", "lead.schools", "--password", kPassword};
        auto [code, output] = run(signIn);
        QCOMPARE(code, 1);
        QVERIFY2(output.find("sign-in failed (certificate_unverified): " + kCertificateMessage) != std::string::npos, output.c_str());
        auto withCa = signIn;
        withCa.insert(withCa.end(), {"--ca-file", ca_->caFile()});
        std::tie(code, output) = run(withCa);
        QVERIFY2(code == 0, output.c_str());
        std::tie(code, output) = run({"sync", "--quiet", "--password", kPassword});
        QVERIFY2(code == 0, output.c_str());
        QVERIFY2(output.find("synced: ") == 0, output.c_str());
    }

    void caFileMustBeReadable() {
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 HttpTransport("https://127.0.0.1:1", std::chrono::seconds(1), certDir_.filePath("none.pem").toStdString()));
    }

    // Files the server cannot use: a clear error, thrown before anything listens.
    void badCertificateFiles_data() {
        QTest::addColumn<QString>("cert");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("expected");
        const auto good = ca_->issue("good"), other = ca_->issue("other");
        const QString garbage = certDir_.filePath("garbage.pem");
        std::ofstream(garbage.toStdString()) << "not a certificate\n";
        QTest::newRow("no such cert") << certDir_.filePath("missing.pem") << QString::fromStdString(good.keyFile)
                                      << "cannot read the TLS certificate file";
        QTest::newRow("no such key") << QString::fromStdString(good.certFile) << certDir_.filePath("missing-key.pem")
                                     << "cannot read the TLS key file";
        QTest::newRow("not PEM") << garbage << QString::fromStdString(good.keyFile) << "they must be PEM files";
        QTest::newRow("another's key") << QString::fromStdString(good.certFile) << QString::fromStdString(other.keyFile)
                                       << "the key the certificate's own";
    }
    void badCertificateFiles() {
        QFETCH(QString, cert);
        QFETCH(QString, key);
        QFETCH(QString, expected);
        try {
            server::HttpApi api(server_->store(), server::TlsFiles{cert.toStdString(), key.toStdString()});
            QFAIL("the files were taken");
        } catch (const std::invalid_argument& e) {
            QVERIFY2(std::string(e.what()).find(expected.toStdString()) != std::string::npos, e.what());
        }
    }

    // The real binary: plain HTTP beyond loopback is refused with one line and exit code 2, as
    // is half of a certificate pair or a certificate file that is not there; with both files it
    // serves HTTPS that a device with the CA file reads.
    void serverBinaryRefusesPlainHttpBeyondLoopback() {
        QTemporaryDir dir;
        const QString data = dir.filePath("data");
        auto r = runServerBinary({"serve", data, "--host", "0.0.0.0", "--port", "1"});
        QCOMPARE(r.code, 2);
        QCOMPARE(r.err, std::string("tandem-server: refusing to serve plain HTTP on 0.0.0.0: give --cert FILE --key FILE for HTTPS, "
                                    "or --insecure if a TLS proxy stands in front\n"));
        QVERIFY2(!QFile::exists(data), "a refused serve left a data directory");
        const auto files = ca_->issue("binary");
        r = runServerBinary({"serve", data, "--host", "192.0.2.1", "--cert", QString::fromStdString(files.certFile)});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.find("--cert and --key go together") != std::string::npos, r.err.c_str());
        r = runServerBinary({"serve", data, "--cert", dir.filePath("missing.pem"), "--key", QString::fromStdString(files.keyFile)});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.find("cannot read the TLS certificate file") != std::string::npos, r.err.c_str());
    }

    void serverBinaryServesHttps() {
        QTemporaryDir dir;
        const auto files = ca_->issue("binary");
        const int port = test::freeLoopbackPort();
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(TANDEM_SERVER_BIN, {"serve", dir.filePath("data"), "--port", QString::number(port), "--cert",
                                    QString::fromStdString(files.certFile), "--key", QString::fromStdString(files.keyFile)});
        QVERIFY(p.waitForStarted());
        HttpTransport https("https://127.0.0.1:" + std::to_string(port), std::chrono::seconds(2), ca_->caFile());
        int status = 0;
        for (int i = 0; i < 400 && status != 200; ++i) {
            try {
                status = https.get("/v1/health", "").status;
            } catch (const NetworkError&) {
                QTest::qWait(25);
            }
        }
        p.terminate();
        p.waitForFinished();
        const std::string output = p.readAll().toStdString();
        QVERIFY2(status == 200, output.c_str());
        QVERIFY2(output.find("listening on https://127.0.0.1:") != std::string::npos, output.c_str());
    }

    void cleanupTestCase() { server_->stop(); }
};

QTEST_MAIN(TestTls)
#include "tst_tls.moc"
