// The home screen's action list (filters, search as you type) and the action page (status
// transitions this user may make, RAG override with reason, progress updates) against a real
// server, through the app's models and ActionController.
#include "AppTestKit.h"

#include "ActionController.h"

using namespace tandem;
using app::ActionController;
using app::ActionFilterModel;
using app::ActionListModel;
using app::Session;

namespace {

const QString k22 = "review:st-helens:SH-SCR-JSH:action:2.2";  // lead STH-SCHOOLS, not started, 2016-07-31

QStringList column(const QAbstractItemModel& m, int role) {
    QStringList out;
    for (int i = 0; i < m.rowCount(); ++i) out << m.data(m.index(i, 0), role).toString();
    return out;
}

}  // namespace

class TestAppActions : public QObject {
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
        QVERIFY(test::signInAndSync(*session_, server_->qurl(), "dsl.schools"));
    }
    void cleanupTestCase() { session_->signOut(); }
    void init() { session_->actionFilter()->clearFilters(); }

    void listShowsTheActionsInDateOrder() {
        const ActionListModel& all = *session_->actions();
        QVERIFY2(all.count() >= 4, "a practitioner sees the actions of their agency");
        const int row = all.rowOf(k22);
        QVERIFY(row >= 0);
        const auto at = [&](int role) { return all.data(all.index(row), role); };
        QCOMPARE(at(ActionListModel::ReferenceRole).toString(), QString("SH-SCR-JSH 2.2"));
        QCOMPARE(at(ActionListModel::StatusRole).toString(), QString("not_started"));
        QCOMPARE(at(ActionListModel::StatusLabelRole).toString(), QString("Not started"));
        QCOMPARE(at(ActionListModel::TargetDateRole).toString(), QString("2016-07-31"));
        QCOMPARE(at(ActionListModel::RagRole).toString(), QString("red"));  // long overdue
        QVERIFY(at(ActionListModel::OverdueRole).toBool());
        QVERIFY(!at(ActionListModel::LeadAgencyRole).toString().isEmpty());
        QVERIFY(at(ActionListModel::TitleRole).toString().startsWith("Review managed transfers"));
        const QStringList dates = column(all, ActionListModel::TargetDateRole);
        QStringList sorted = dates;
        std::sort(sorted.begin(), sorted.end(), [](const QString& a, const QString& b) {
            return (a.isEmpty() ? "9999" : a) < (b.isEmpty() ? "9999" : b);
        });
        QCOMPARE(dates, sorted);
        QCOMPARE(all.roleNames().value(ActionListModel::HasConflictRole), QByteArray("hasConflict"));
    }

    void searchAsYouType() {
        ActionFilterModel& f = *session_->actionFilter();
        const int all = f.count();
        QCOMPARE(all, session_->actions()->count());
        QSignalSpy counted(&f, &ActionFilterModel::countChanged);
        f.setSearch("MANAGED TRANS");  // case does not matter
        QVERIFY(counted.count() >= 1);
        QVERIFY(f.count() >= 1 && f.count() < all);
        QVERIFY(column(f, ActionListModel::ReferenceRole).contains("SH-SCR-JSH 2.2"));
        for (const QString& t : column(f, ActionListModel::TitleRole)) QVERIFY2(t.toLower().contains("managed trans"), qPrintable(t));
        f.setSearch("SH-SCR-JSH 2.");  // by reference
        for (const QString& r : column(f, ActionListModel::ReferenceRole)) QVERIFY(r.startsWith("SH-SCR-JSH 2."));
        QVERIFY(f.count() >= 2);
        f.setSearch("no action says this");
        QCOMPARE(f.count(), 0);
        f.setSearch("");
        QCOMPARE(f.count(), all);
    }

    void filtersByReviewStatusRagAndDate() {
        ActionFilterModel& f = *session_->actionFilter();
        const int all = f.count();
        QVERIFY(f.reviews().contains("SH-SCR-JSH"));
        QCOMPARE(f.statuses().first(), QString("open"));
        const QStringList reviews = column(*session_->actions(), ActionListModel::ReviewRole);
        f.setReview("SH-SCR-JSH");
        QCOMPARE(f.count(), int(reviews.count("SH-SCR-JSH")));
        QVERIFY(f.count() > 0);
        for (const QString& r : column(f, ActionListModel::ReviewRole)) QCOMPARE(r, QString("SH-SCR-JSH"));
        f.setStatus("closed");
        QVERIFY(f.count() > 0);
        for (const QString& s : column(f, ActionListModel::StatusRole)) QCOMPARE(s, QString("closed"));
        f.setStatus("open");
        QVERIFY(f.count() > 0);
        for (const QString& s : column(f, ActionListModel::StatusRole)) QVERIFY(s != "closed" && s != "superseded");
        f.setReview("");
        f.setStatus("");
        f.setRag("red");
        QVERIFY(f.count() > 0);
        for (const QString& r : column(f, ActionListModel::RagRole)) QCOMPARE(r, QString("red"));
        f.setRag("");
        const QStringList dates = column(f, ActionListModel::TargetDateRole);
        const QString cut = dates.at(dates.size() / 2);
        f.setDueBefore(cut);
        QVERIFY(f.count() > 0 && f.count() <= all);
        QCOMPARE(f.count(), int(std::count_if(dates.begin(), dates.end(), [&](const QString& d) { return !d.isEmpty() && d <= cut; })));
        for (const QString& d : column(f, ActionListModel::TargetDateRole)) QVERIFY(!d.isEmpty() && d <= cut);
        QVERIFY(f.recordIdAt(0).startsWith("review:"));
        QCOMPARE(f.recordIdAt(f.count()), QString());
    }

    void actionPageTransitionsAndProgress() {
        ActionController page;
        QSignalSpy changed(&page, &ActionController::changed);
        page.setActionId(k22);
        QVERIFY(page.exists());
        QCOMPARE(page.reference(), QString("SH-SCR-JSH 2.2"));
        QVERIFY(!page.finding().isEmpty());
        QVERIFY(!page.recommendation().isEmpty());
        QVERIFY(page.supportingAgencies().size() == 1);
        QCOMPARE(page.status(), QString("not_started"));
        QVERIFY(page.canAddProgress());
        QVERIFY(page.canOverrideRag());
        QStringList targets;
        for (const QVariant& t : page.transitions()) targets << t.toMap().value("to").toString();
        QVERIFY2(targets.contains("in_progress"), qPrintable(targets.join(',')));
        QVERIFY2(!targets.contains("closed"), "closing belongs to the business office");

        QVERIFY(!page.setStatus("closed").isEmpty());
        QCOMPARE(page.status(), QString("not_started"));
        QCOMPARE(page.setStatus("in_progress"), QString());
        QCOMPARE(page.status(), QString("in_progress"));
        QVERIFY(page.pendingFields().contains("status"));
        QVERIFY(changed.count() >= 2);
        const int row = session_->actions()->rowOf(k22);
        QCOMPARE(session_->actions()->data(session_->actions()->index(row), ActionListModel::StatusRole).toString(), QString("in_progress"));
        QVERIFY(session_->actions()->data(session_->actions()->index(row), ActionListModel::PendingRole).toBool());

        QVERIFY(page.setRagOverride("amber", "  ").contains("reason"));
        QCOMPARE(page.setRagOverride("amber", "Transfers audit started late"), QString());
        QCOMPARE(page.rag(), QString("amber"));
        QCOMPARE(page.ragOverrideReason(), QString("Transfers audit started late"));

        QVERIFY(!page.addProgressUpdate("", "green").isEmpty());
        QCOMPARE(page.addProgressUpdate("Asked the three high schools for their transfer records", "amber"), QString());
        QCOMPARE(page.progress()->rowCount(), 1);
        const QModelIndex first = page.progress()->index(0, 0);
        QCOMPARE(page.progress()->data(first, app::ProgressUpdateModel::ProposedRagRole).toString(), QString("amber"));
        QVERIFY(page.progress()->data(first, app::ProgressUpdateModel::PendingRole).toBool());

        // Sync: the edits reach the server and stop being pending; the page refreshes itself.
        session_->sync()->syncNow();
        QTRY_COMPARE_WITH_TIMEOUT(session_->sync()->pendingCount(), 0, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(!page.progress()->data(page.progress()->index(0, 0), app::ProgressUpdateModel::PendingRole).toBool(), 10000);
        QVERIFY(page.pendingFields().isEmpty());
        QCOMPARE(page.status(), QString("in_progress"));
        QCOMPARE(page.ragOverride(), QString("amber"));
        QCOMPARE(page.progress()->rowCount(), 1);
    }

    void aClosedActionIsReadOnly() {
        ActionController page;
        // Led by the business office, supported by the schools, closed: only the business office changes it.
        page.setActionId("review:st-helens:SH-SCR-JSH:action:1.1");
        QVERIFY(page.exists());
        QCOMPARE(page.status(), QString("closed"));
        QVERIFY(page.transitions().isEmpty());
        QVERIFY(!page.canOverrideRag());
        QCOMPARE(page.rag(), QString());
        QVERIFY(!page.setStatus("in_progress").isEmpty());
        QVERIFY(!page.setRagOverride("red", "Not convinced").isEmpty());
        QCOMPARE(page.status(), QString("closed"));
        page.setActionId("no such action");
        QVERIFY(!page.exists());
    }
};

QTEST_GUILESS_MAIN(TestAppActions)
#include "tst_app_actions.moc"
