// The app's Session and SyncController against a real server: sign in online, unlock offline
// with the same password (a wrong one refused), the status line offline and synced, and the
// automatic sync once the server is reachable again.
#include "AppTestKit.h"

using namespace tandem;
using app::Session;
using app::SyncController;

class TestAppSession : public QObject {
    Q_OBJECT

private:
    QTemporaryDir serverDir_, deviceDir_;
    std::unique_ptr<test::DemoServer> server_;
    Session* session_ = nullptr;

private slots:
    void initTestCase() {
        QVERIFY(serverDir_.isValid() && deviceDir_.isValid());
        server_ = std::make_unique<test::DemoServer>(serverDir_.path().toStdString());
        server_->start();
        session_ = Session::instance();
        session_->setDataDir(deviceDir_.path());
        test::makeQuick(*session_);
    }
    void cleanupTestCase() {
        session_->signOut();
        server_.reset();
    }

    void wrongPasswordOnlineIsRefused() {
        QSignalSpy failed(session_, &Session::signInFailed);
        session_->signIn(server_->qurl(), "dsl.schools", "not-the-password");
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 20000);
        QVERIFY(!session_->signedIn());
        QVERIFY2(!session_->lastError().isEmpty(), "the user is told why");
    }

    void signInThenUnlockOffline() {
        QVERIFY(test::signInAndSync(*session_, server_->qurl(), "dsl.schools"));
        QCOMPARE(session_->user(), QString("dsl.schools"));
        QCOMPARE(session_->role(), QString("practitioner"));
        QVERIFY(!session_->isAgencyLead());
        QVERIFY2(session_->roleLabel().startsWith("Practitioner, "), qPrintable(session_->roleLabel()));
        QVERIFY(session_->actions()->count() > 0);
        QVERIFY(session_->myReturns()->count() > 0);
        QVERIFY(session_->sync()->statusText().startsWith("Synced at "));
        QVERIFY(session_->knownUsers().contains("dsl.schools"));

        session_->signOut();
        QVERIFY(!session_->signedIn());
        QCOMPARE(session_->actions()->count(), 0);
        server_->stop();

        QSignalSpy failed(session_, &Session::signInFailed);
        session_->unlock("dsl.schools", "wrong password");
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 10000);
        QVERIFY(!session_->signedIn());
        QCOMPARE(session_->lastError(), QString("Wrong password."));

        session_->unlock("nobody.here", test::kDemoPassword);
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 2, 10000);
        QVERIFY(session_->lastError().contains("sign in online first"));

        session_->unlock("dsl.schools", test::kDemoPassword);
        QTRY_VERIFY_WITH_TIMEOUT(session_->signedIn(), 10000);
        QVERIFY2(session_->actions()->count() > 0, "the replica's work is there offline");
        // The server is down: the first sync finds it out.
        QTRY_COMPARE_WITH_TIMEOUT(session_->sync()->state(), SyncController::Offline, 10000);
        QVERIFY2(session_->sync()->statusText().startsWith("Offline"), qPrintable(session_->sync()->statusText()));
    }

    // Offline with a change waiting; the server comes back; the probe notices and syncs by itself.
    void syncsItselfWhenTheServerReturns() {
        QVERIFY(session_->signedIn());
        QCOMPARE(session_->sync()->state(), SyncController::Offline);
        const QString action = "review:st-helens:SH-SCR-JSH:action:2.2";  // led by STH-SCHOOLS
        QVERIFY(session_->workspace()->setField(action.toStdString(), "progress", "Visited two schools").ok);
        session_->recordEdited(action.toStdString());
        QCOMPARE(session_->sync()->pendingCount(), 1);
        QCOMPARE(session_->sync()->statusText(), QString("Offline · 1 change waiting"));
        const int row = session_->actions()->rowOf(action);
        QVERIFY(row >= 0);
        QVERIFY(session_->actions()->data(session_->actions()->index(row), app::ActionListModel::PendingRole).toBool());

        QSignalSpy finished(session_->sync(), &SyncController::finished);
        server_->start();
        QTRY_COMPARE_WITH_TIMEOUT(session_->sync()->state(), SyncController::Synced, 20000);
        QCOMPARE(session_->sync()->pendingCount(), 0);
        QVERIFY(session_->sync()->lastSyncedAt().isValid());
        QVERIFY(!session_->actions()->data(session_->actions()->index(session_->actions()->rowOf(action)),
                                           app::ActionListModel::PendingRole).toBool());
        QVERIFY(finished.count() >= 1);
    }

    // Sync now while a sync runs does not start a second one; cancel ends a sync.
    void syncNowAndCancel() {
        QVERIFY(session_->signedIn());
        QSignalSpy finished(session_->sync(), &SyncController::finished);
        session_->sync()->syncNow();
        QCOMPARE(session_->sync()->state(), SyncController::Syncing);
        QVERIFY(session_->sync()->syncing());
        session_->sync()->syncNow();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);
        QCOMPARE(session_->sync()->state(), SyncController::Synced);
        QTest::qWait(200);
        QCOMPARE(finished.count(), 1);
        session_->sync()->syncNow();
        session_->sync()->cancel();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 20000);
        QCOMPARE(session_->sync()->state(), SyncController::Synced);
    }
};

QTEST_GUILESS_MAIN(TestAppSession)
#include "tst_app_session.moc"
