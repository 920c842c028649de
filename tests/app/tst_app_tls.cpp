// The app against an HTTPS server whose certificate a test CA signed (TestCerts.h): without the
// CA file the sign-in is refused with the certificate's message; with it (Session::caFile) the
// sign-in and the syncs after it work, and the CA file is kept in the settings and the replica.
#include "AppTestKit.h"
#include "DataFiles.h"
#include "TestCerts.h"
#include "TestServer.h"

#include <QSettings>

using namespace tandem;
using app::Session;

class TestAppTls : public QObject {
    Q_OBJECT

private:
    QTemporaryDir serverDir_, deviceDir_, certDir_;
    std::unique_ptr<test::TestCa> ca_;
    std::unique_ptr<test::TestServer> server_;
    Session* session_ = nullptr;

private slots:
    void initTestCase() {
        QVERIFY(serverDir_.isValid() && deviceDir_.isValid() && certDir_.isValid());
        ca_ = std::make_unique<test::TestCa>(certDir_.path().toStdString());
        server_ = std::make_unique<test::TestServer>(serverDir_.path().toStdString());
        auto& store = server_->store();
        store.write([](server::StoreSession& s) { s.setMeta("kdf_cost", "minimum"); });
        for (const auto& r : {server::importAgencies(store, test::readDataFile("agencies.csv")),
                              server::importActionPlans(store, test::readDataFile("action-plans.csv")),
                              server::addUser(store, "lead.schools", test::kDemoPassword, "agency_lead", "STH-SCHOOLS")})
            QVERIFY2(r.ok(), r.errors.empty() ? "" : r.errors.front().c_str());
        server_->start(ca_->issue("server"));
        session_ = Session::instance();
        session_->setDataDir(deviceDir_.path());
        test::makeQuick(*session_);
    }
    void cleanupTestCase() {
        session_->signOut();
        server_.reset();
    }

    void refusedWithoutTheCaFile() {
        session_->setCaFile({});
        QSignalSpy failed(session_, &Session::signInFailed);
        session_->signIn(QString::fromStdString(server_->url()), "lead.schools", test::kDemoPassword);
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 20000);
        QVERIFY(!session_->signedIn());
        QVERIFY2(session_->lastError().startsWith("the server's certificate could not be verified: "),
                 qPrintable(session_->lastError()));
    }

    void signsInAndSyncsWithTheCaFile() {
        session_->setCaFile(QString::fromStdString(ca_->caFile()));
        QVERIFY(test::signInAndSync(*session_, QString::fromStdString(server_->url()), "lead.schools"));
        QVERIFY(session_->actions()->count() > 0);
        QCOMPARE(QSettings(deviceDir_.filePath("app.ini"), QSettings::IniFormat).value("ca_file").toString(),
                 QString::fromStdString(ca_->caFile()));
        QCOMPARE(sync::caFileOf(*session_->replica()), ca_->caFile());
    }
};

QTEST_GUILESS_MAIN(TestAppTls)
#include "tst_app_tls.moc"
