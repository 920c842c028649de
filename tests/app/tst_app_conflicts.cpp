// Edit offline, go online, sync, see the conflict: a supporting agency's RAG override made
// offline loses to the lead agency's, made meanwhile; the app lists it (mine and theirs side by
// side, who, the rule) and the user accepts theirs or applies theirs again. Rejections listed
// and dismissed.
#include "AppTestKit.h"

#include "ActionController.h"

using namespace tandem;
using app::ConflictListModel;
using app::Session;
using app::SyncController;

namespace {

const QString k22 = "review:st-helens:SH-SCR-JSH:action:2.2";  // lead STH-SCHOOLS, supporting STH-CSC

QVariant conflictRole(Session& s, int row, int role) {
    return s.conflicts()->data(s.conflicts()->index(row), role);
}

}  // namespace

class TestAppConflicts : public QObject {
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
        session_->setDataDir(deviceDir_.path() + "/app");
        test::makeQuick(*session_, 3600 * 1000);  // no automatic probe: this test says when to sync
        QVERIFY(test::signInAndSync(*session_, server_->qurl(), "sw.sthcsc"));
    }
    void cleanupTestCase() { session_->signOut(); }

    void editOfflineSyncAndSeeTheConflict() {
        test::OtherDevice lead(deviceDir_.filePath("dsl.db").toStdString(), server_->url(), "dsl.schools");
        QCOMPARE(int(lead.sync().status), int(sync::SyncStatus::Ok));

        // Offline: the server is gone; the supporting agency overrides the RAG.
        server_->stop();
        session_->sync()->syncNow();
        QTRY_COMPARE_WITH_TIMEOUT(session_->sync()->state(), SyncController::Offline, 20000);
        app::ActionController page;
        page.setActionId(k22);
        QVERIFY(page.canOverrideRag());
        QCOMPARE(page.setRagOverride("red", "No transfer protocol yet"), QString());
        QCOMPARE(session_->sync()->pendingCount(), 2);
        QCOMPARE(session_->sync()->statusText(), QString("Offline · 2 changes waiting"));

        // Meanwhile the lead agency (higher precedence) sets it too, and syncs first.
        server_->start();
        QVERIFY(lead.workspace().setField(k22.toStdString(), "rag_override", "green").ok);
        QCOMPARE(int(lead.sync().status), int(sync::SyncStatus::Ok));

        // Back online: sync, and the conflict is there.
        QSignalSpy attention(session_, &Session::attentionCountChanged);
        session_->sync()->syncNow();
        QTRY_COMPARE_WITH_TIMEOUT(session_->sync()->state(), SyncController::Synced, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(session_->conflicts()->count(), 1, 10000);
        QCOMPARE(session_->attentionCount(), 1);
        QVERIFY(attention.count() >= 1);
        QCOMPARE(conflictRole(*session_, 0, ConflictListModel::FieldRole).toString(), QString("rag_override"));
        QCOMPARE(conflictRole(*session_, 0, ConflictListModel::FieldLabelRole).toString(), QString("RAG override"));
        QCOMPARE(conflictRole(*session_, 0, ConflictListModel::MineRole).toString(), QString("red"));
        QCOMPARE(conflictRole(*session_, 0, ConflictListModel::TheirsRole).toString(), QString("green"));
        QCOMPARE(conflictRole(*session_, 0, ConflictListModel::TheirUserRole).toString(), QString("dsl.schools"));
        QVERIFY(conflictRole(*session_, 0, ConflictListModel::RecordTitleRole).toString().startsWith("SH-SCR-JSH 2.2"));
        QVERIFY(!conflictRole(*session_, 0, ConflictListModel::RuleRole).toString().isEmpty());
        QVERIFY(!conflictRole(*session_, 0, ConflictListModel::AtRole).toString().isEmpty());
        QCOMPARE(page.ragOverride(), QString("green"));  // the page shows the value that stands
        const int row = session_->actions()->rowOf(k22);
        QVERIFY(session_->actions()->data(session_->actions()->index(row), app::ActionListModel::HasConflictRole).toBool());

        // Accept theirs: resolved, nothing queued.
        const QString id = conflictRole(*session_, 0, ConflictListModel::ConflictIdRole).toString();
        QCOMPARE(session_->conflicts()->acceptTheirs(id), QString());
        QCOMPARE(session_->conflicts()->count(), 0);
        QCOMPARE(session_->attentionCount(), 0);
        QCOMPARE(session_->sync()->pendingCount(), 0);
        QVERIFY(!session_->actions()->data(session_->actions()->index(session_->actions()->rowOf(k22)),
                                           app::ActionListModel::HasConflictRole).toBool());
        QVERIFY(!session_->conflicts()->acceptTheirs("no-such-conflict").isEmpty());
    }

    void applyMineAgainQueuesANewEdit() {
        test::OtherDevice lead(deviceDir_.filePath("dsl2.db").toStdString(), server_->url(), "dsl.schools");
        lead.sync();
        app::ActionController page;
        page.setActionId(k22);
        QCOMPARE(page.setRagOverride("amber", "Protocol drafted, not agreed"), QString());
        QVERIFY(lead.workspace().setField(k22.toStdString(), "rag_override", "green").ok);  // same value again
        QVERIFY(lead.workspace().setField(k22.toStdString(), "rag_override", "red").ok);
        QCOMPARE(int(lead.sync().status), int(sync::SyncStatus::Ok));
        session_->sync()->syncNow();
        QTRY_COMPARE_WITH_TIMEOUT(session_->conflicts()->count(), 1, 20000);
        QCOMPARE(conflictRole(*session_, 0, ConflictListModel::MineRole).toString(), QString("amber"));
        const QString id = conflictRole(*session_, 0, ConflictListModel::ConflictIdRole).toString();
        QCOMPARE(session_->conflicts()->applyMine(id), QString());
        QCOMPARE(session_->conflicts()->count(), 0);
        QCOMPARE(session_->sync()->pendingCount(), 1);  // a new edit, judged afresh by the server
        QCOMPARE(page.ragOverride(), QString("amber"));
    }

    void rejectionsAreListedAndDismissed() {
        // An edit the server refuses though it reached the outbox: as from a device whose local
        // checks are older than the server's (the title of an action is the business office's).
        session_->sync()->syncNow();
        QTRY_COMPARE_WITH_TIMEOUT(session_->sync()->pendingCount(), 0, 20000);
        sync::Outbox(*session_->replica()).enqueue(k22.toStdString(), "title", "A title of my own");
        session_->recordEdited(k22.toStdString());
        QCOMPARE(session_->sync()->pendingCount(), 1);
        session_->sync()->syncNow();
        QTRY_COMPARE_WITH_TIMEOUT(session_->rejections()->count(), 1, 20000);
        QCOMPARE(session_->sync()->pendingCount(), 0);
        const auto* r = session_->rejections();
        QCOMPARE(r->data(r->index(0), app::RejectionListModel::FieldLabelRole).toString(), QString("Title"));
        QCOMPARE(r->data(r->index(0), app::RejectionListModel::ValueRole).toString(), QString("A title of my own"));
        QVERIFY(!r->data(r->index(0), app::RejectionListModel::MessageRole).toString().isEmpty());
        QVERIFY(r->data(r->index(0), app::RejectionListModel::RecordTitleRole).toString().startsWith("SH-SCR-JSH 2.2"));
        QCOMPARE(session_->attentionCount(), 1);
        session_->rejections()->dismiss(r->data(r->index(0), app::RejectionListModel::RejectionIdRole).toString());
        QCOMPARE(session_->rejections()->count(), 0);
        QCOMPARE(session_->attentionCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TestAppConflicts)
#include "tst_app_conflicts.moc"
