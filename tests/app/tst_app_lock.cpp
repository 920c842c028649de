// The idle lock: after the idle time without input the Session closes the replica and forgets its
// key (the lists empty, the sync stopped); input keeps it open; the right password unlocks it
// offline and a wrong one does not.
#include "AppTestKit.h"

#include <QGuiApplication>
#include <QKeyEvent>
#include <QWindow>

using namespace tandem;
using app::Session;

class TestAppLock : public QObject {
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

    void idleLockIsASetting() {
        QCOMPARE(session_->idleLockMinutes(), 5);
        QSignalSpy changed(session_, &Session::idleLockMinutesChanged);
        session_->setIdleLockMinutes(12);
        QCOMPARE(session_->idleLockMinutes(), 12);
        QCOMPARE(changed.count(), 1);
        session_->setIdleLockMinutes(0);  // never "no lock": one minute at least
        QCOMPARE(session_->idleLockMinutes(), 1);
        session_->setIdleLockMinutes(5);
    }

    void locksAfterIdleAndUnlocksOffline() {
        QVERIFY(test::signInAndSync(*session_, server_->qurl(), "dsl.schools"));
        QVERIFY(session_->actions()->count() > 0);
        QVERIFY(!session_->locked());

        // Input keeps it open: a key press every 100 ms, for three times the idle time.
        session_->setIdleLockAfter(std::chrono::milliseconds(400));
        QWindow window;
        for (int i = 0; i < 12; ++i) {
            QKeyEvent press(QEvent::KeyPress, Qt::Key_A, Qt::NoModifier, "a");
            QCoreApplication::sendEvent(&window, &press);
            QTest::qWait(100);
        }
        QVERIFY2(!session_->locked(), "input resets the idle time");
        QVERIFY(session_->signedIn());

        // No input: locked, the replica closed, its key and its rows gone from memory.
        QSignalSpy lockedChanged(session_, &Session::lockedChanged);
        QTRY_VERIFY_WITH_TIMEOUT(session_->locked(), 5000);
        QCOMPARE(lockedChanged.count(), 1);
        QVERIFY(!session_->signedIn());
        QVERIFY(session_->replica() == nullptr);
        QVERIFY(session_->workspace() == nullptr);
        QCOMPARE(session_->actions()->count(), 0);
        QCOMPARE(session_->user(), QString("dsl.schools"));  // the lock screen says whose work it is

        // Offline from here: the unlock needs no server.
        server_->stop();
        QSignalSpy failed(session_, &Session::signInFailed);
        session_->unlock(session_->user(), "not the password");
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 20000);
        QCOMPARE(session_->lastError(), QString("Wrong password."));
        QVERIFY(session_->locked());
        QVERIFY(!session_->signedIn());

        session_->setIdleLockAfter(std::chrono::minutes(5));
        session_->unlock(session_->user(), test::kDemoPassword);
        QTRY_VERIFY_WITH_TIMEOUT(session_->signedIn(), 20000);
        QVERIFY(!session_->locked());
        QVERIFY(session_->actions()->count() > 0);
        QVERIFY(session_->workspace() != nullptr);
        server_->start();
    }

    // Signing out from the lock screen forgets the user too.
    void signOutFromTheLockScreen() {
        QVERIFY(session_->signedIn());
        session_->lock();
        QVERIFY(session_->locked());
        session_->signOut();
        QVERIFY(!session_->locked());
        QVERIFY(!session_->signedIn());
        QVERIFY(session_->user().isEmpty());
    }
};

QTEST_MAIN(TestAppLock)
#include "tst_app_lock.moc"
