// The business office's Plans tab against the real demo server: the outline of the plans, a
// review with a finding, a recommendation and actions made offline and received by the lead
// agency, target dates moved with reasons (the history kept in order), and the closure
// decisions (close with evidence, return, supersede). A practitioner is offered none of it.
#include "AppTestKit.h"

#include "ActionAdminController.h"
#include "PlanController.h"

#include <QDate>

using namespace tandem;
using app::ActionAdminController;
using app::PlanController;
using app::PlanModel;
using app::Session;

namespace {

const QString kJsh = "review:st-helens:SH-SCR-JSH";

QVariant at(const PlanModel& m, const QString& id, int role) {
    const int row = m.rowOf(id);
    return row < 0 ? QVariant() : m.data(m.index(row), role);
}

QStringList column(const QAbstractItemModel& m, int role) {
    QStringList out;
    for (int i = 0; i < m.rowCount(); ++i) out << m.data(m.index(i, 0), role).toString();
    return out;
}

}  // namespace

class TestAppPlans : public QObject {
    Q_OBJECT

private:
    QTemporaryDir serverDir_, deviceDir_, otherDir_;
    std::unique_ptr<test::DemoServer> server_;
    std::unique_ptr<test::OtherDevice> merpol_;  // lead.merpol's device
    Session* session_ = nullptr;
    QString review_, finding_, recommendation_, action_, second_;

    bool syncSession() {
        session_->sync()->syncNow();
        for (int i = 0; i < 400 && session_->sync()->pendingCount() > 0; ++i) QTest::qWait(50);
        for (int i = 0; i < 400 && session_->sync()->state() != app::SyncController::Synced; ++i) QTest::qWait(50);
        return session_->sync()->pendingCount() == 0 && session_->sync()->state() == app::SyncController::Synced;
    }
    bool merpolSyncs() {
        const auto r = merpol_->sync();
        if (r.status != sync::SyncStatus::Ok) qWarning("lead.merpol's sync: %s", r.message.c_str());
        return r.status == sync::SyncStatus::Ok && r.rejected == 0;
    }
    std::optional<sync::LocalRecord> onMerpol(const QString& id) { return merpol_->replica->record(id.toStdString()); }

private slots:
    void initTestCase() {
        QVERIFY(serverDir_.isValid() && deviceDir_.isValid() && otherDir_.isValid());
        server_ = std::make_unique<test::DemoServer>(serverDir_.path().toStdString());
        server_->start();
        merpol_ = std::make_unique<test::OtherDevice>(otherDir_.filePath("merpol.db").toStdString(), server_->url(),
                                                      "lead.merpol");
        session_ = Session::instance();
        session_->setDataDir(deviceDir_.path());
        test::makeQuick(*session_);
        QVERIFY(test::signInAndSync(*session_, server_->qurl(), "bo.sthelens"));
    }
    void cleanupTestCase() { session_->signOut(); }

    void outlineOfTheDemoPlans() {
        PlanController plan;
        QVERIFY(plan.canEdit());
        QCOMPARE(plan.partnership(), QString("st-helens"));
        PlanModel& outline = *plan.outline();
        // Reviews start closed: one row each, with their counts.
        for (const QString& kind : column(outline, PlanModel::KindRole)) QCOMPARE(kind, QString("review"));
        QVERIFY(outline.rowOf(kJsh) >= 0);
        QVERIFY2(at(outline, kJsh, PlanModel::CountsRole).toString().contains(" actions"),
                 qPrintable(at(outline, kJsh, PlanModel::CountsRole).toString()));
        const int closed = outline.rowCount();

        outline.toggle(kJsh);
        QVERIFY(outline.rowCount() > closed);
        QVERIFY(at(outline, kJsh, PlanModel::ExpandedRole).toBool());
        const QString f1 = kJsh + ":finding:1", r1 = kJsh + ":recommendation:1", a12 = kJsh + ":action:1.2";
        QCOMPARE(at(outline, f1, PlanModel::ReferenceRole).toString(), QString("Finding 1"));
        QCOMPARE(at(outline, f1, PlanModel::DepthRole).toInt(), 1);
        QCOMPARE(at(outline, r1, PlanModel::ReferenceRole).toString(), QString("Recommendation 1"));
        QCOMPARE(at(outline, r1, PlanModel::DepthRole).toInt(), 2);
        QCOMPARE(at(outline, a12, PlanModel::ReferenceRole).toString(), QString("SH-SCR-JSH 1.2"));
        QCOMPARE(at(outline, a12, PlanModel::DepthRole).toInt(), 3);
        QCOMPARE(at(outline, a12, PlanModel::StatusRole).toString(), QString("in_progress"));
        QCOMPARE(at(outline, a12, PlanModel::RagRole).toString(), QString("red"));  // 2016: long overdue
        QVERIFY(at(outline, a12, PlanModel::TextRole).toString().startsWith("Collect training needs"));
        // Review, then its finding, recommendation and actions, in that order.
        QVERIFY(outline.rowOf(kJsh) < outline.rowOf(f1));
        QVERIFY(outline.rowOf(f1) < outline.rowOf(r1));
        QVERIFY(outline.rowOf(r1) < outline.rowOf(kJsh + ":action:1.1"));
        QVERIFY(outline.rowOf(kJsh + ":action:1.1") < outline.rowOf(a12));
        QVERIFY(outline.rowOf(a12) < outline.rowOf(kJsh + ":finding:2"));
        QCOMPARE(outline.roleNames().value(PlanModel::TextRole), QByteArray("body"));

        outline.toggle(kJsh);
        QCOMPARE(outline.rowCount(), closed);
        QCOMPARE(outline.rowOf(f1), -1);
    }

    void numbersSortAsPeopleCount() {
        QVERIFY(app::numberKey("2") < app::numberKey("10"));
        QVERIFY(app::numberKey("1a") < app::numberKey("1b"));
        QVERIFY(app::numberKey("2.9") < app::numberKey("2.10"));
        QVERIFY(app::numberKey("1b") < app::numberKey("2a"));
    }

    void aPlanMadeOfflineReachesTheLeadAgency() {
        PlanController plan;
        server_->stop();  // the business office works offline
        QVERIFY(plan.createReview("SH-SCR-JSH", "Child JSH again", "SCR").contains("already"));
        QVERIFY(plan.createReview("", "Child T", "LCSPR").contains("code"));
        QVERIFY(plan.createReview("SH-LCSPR-T", " ", "LCSPR").contains("title"));
        QCOMPARE(plan.createReview("sh-lcspr-t", "Child T", "LCSPR"), QString());
        review_ = plan.lastCreated();
        QVERIFY(!review_.isEmpty());
        QCOMPARE(at(*plan.outline(), review_, PlanModel::ReferenceRole).toString(), QString("SH-LCSPR-T"));
        QVERIFY(at(*plan.outline(), review_, PlanModel::PendingRole).toBool());
        QVERIFY(at(*plan.outline(), review_, PlanModel::ExpandedRole).toBool());

        QCOMPARE(plan.suggestNumber("finding", review_), QString("1"));
        QVERIFY(plan.createFinding(review_, "1", "  ").contains("Write the finding"));
        QCOMPARE(plan.createFinding(review_, "1", "Neglect was not recognised across agencies."), QString());
        finding_ = plan.lastCreated();
        QVERIFY(plan.createFinding(review_, "1", "Again").contains("already has finding 1"));
        QCOMPARE(plan.suggestNumber("finding", review_), QString("2"));
        QCOMPARE(plan.suggestNumber("recommendation", finding_), QString("1a"));
        QCOMPARE(plan.createRecommendation(finding_, "1a", "Partners to use the neglect toolkit."), QString());
        recommendation_ = plan.lastCreated();
        QCOMPARE(plan.suggestNumber("action", recommendation_), QString("1.1"));
        QVERIFY(plan.createAction(recommendation_, "1.1", "Train response officers", "", "").contains("lead agency"));
        QVERIFY(plan.createAction(recommendation_, "1.1", "Train response officers", "MERPOL", "31/03/2027")
                    .contains("date"));
        QVERIFY(plan.createAction(recommendation_, "1.1", "", "MERPOL", "").contains("title"));
        QCOMPARE(plan.createAction(recommendation_, "1.1", "Train response officers in neglect", "MERPOL", "2027-03-31"),
                 QString());
        action_ = plan.lastCreated();
        QCOMPARE(plan.suggestNumber("action", recommendation_), QString("1.2"));
        QCOMPARE(plan.createAction(recommendation_, "1.2", "Audit police referrals for neglect", "MERPOL", "2027-01-31"),
                 QString());
        second_ = plan.lastCreated();

        // The outline shows the new plan at once, in order, marked as not synced.
        const PlanModel& outline = *plan.outline();
        QCOMPARE(at(outline, finding_, PlanModel::DepthRole).toInt(), 1);
        QCOMPARE(at(outline, recommendation_, PlanModel::DepthRole).toInt(), 2);
        QCOMPARE(at(outline, action_, PlanModel::DepthRole).toInt(), 3);
        QCOMPARE(at(outline, action_, PlanModel::ReferenceRole).toString(), QString("SH-LCSPR-T 1.1"));
        QVERIFY(at(outline, action_, PlanModel::PendingRole).toBool());
        QVERIFY(outline.rowOf(review_) < outline.rowOf(finding_));
        QVERIFY(outline.rowOf(recommendation_) < outline.rowOf(action_));
        QVERIFY(outline.rowOf(action_) < outline.rowOf(second_));
        QVERIFY(at(outline, review_, PlanModel::CountsRole).toString().startsWith("1 finding · 2 actions"));
        QVERIFY(session_->sync()->pendingCount() > 0);

        // Online again: the plan reaches the server, then lead.merpol's device.
        server_->start();
        QVERIFY(syncSession());
        QTRY_VERIFY_WITH_TIMEOUT(!at(outline, action_, PlanModel::PendingRole).toBool(), 10000);
        QCOMPARE(at(outline, action_, PlanModel::StatusRole).toString(), QString("not_started"));
        QVERIFY(session_->rejections()->count() == 0);
        QVERIFY(merpolSyncs());
        const auto received = onMerpol(action_);
        QVERIFY(received);
        QCOMPARE(QString::fromStdString(received->text("title")), QString("Train response officers in neglect"));
        QCOMPARE(QString::fromStdString(received->owner), QString("MERPOL"));
        QCOMPARE(QString::fromStdString(received->text("target_date")), QString("2027-03-31"));
        QCOMPARE(QString::fromStdString(received->text("recommendation")), recommendation_);
    }

    void aTargetDateMovesOnlyWithAReason() {
        ActionAdminController admin;
        admin.setActionId(action_);
        QVERIFY(admin.canAdminister());
        QCOMPARE(admin.targetDate(), QString("2027-03-31"));
        QCOMPARE(admin.history()->rowCount(), 0);
        QVERIFY(admin.changeTargetDate("2027-06-30", "  ").contains("reason is required"));
        QVERIFY(admin.changeTargetDate("30 June", "Training slots").contains("date"));
        QVERIFY(admin.changeTargetDate("2027-03-31", "Same").contains("already"));
        QCOMPARE(admin.targetDate(), QString("2027-03-31"));

        QCOMPARE(admin.changeTargetDate("2027-06-30", "Training provider booked for the summer"), QString());
        QCOMPARE(admin.targetDate(), QString("2027-06-30"));
        // Shown at once, marked as not synced.
        QCOMPARE(admin.history()->rowCount(), 1);
        QVERIFY(admin.history()->data(admin.history()->index(0, 0), app::TargetDateHistoryModel::PendingRole).toBool());
        QVERIFY(syncSession());
        QCOMPARE(admin.changeTargetDate("2027-09-30", "Force restructure moved the training"), QString());
        QVERIFY(syncSession());

        QTRY_COMPARE_WITH_TIMEOUT(admin.history()->rowCount(), 2, 10000);
        using H = app::TargetDateHistoryModel;
        const auto entry = [&](int row, int role) { return admin.history()->data(admin.history()->index(row, 0), role).toString(); };
        QCOMPARE(entry(0, H::FromRole), QString("2027-03-31"));
        QCOMPARE(entry(0, H::ToRole), QString("2027-06-30"));
        QCOMPARE(entry(0, H::ChangeRole), QString("31 Mar 2027 → 30 Jun 2027"));
        QCOMPARE(entry(0, H::ReasonRole), QString("Training provider booked for the summer"));
        QCOMPARE(entry(0, H::ByRole), QString("bo.sthelens"));
        QVERIFY(!entry(0, H::OnRole).isEmpty());
        QCOMPARE(entry(1, H::ChangeRole), QString("30 Jun 2027 → 30 Sep 2027"));
        QCOMPARE(entry(1, H::ReasonRole), QString("Force restructure moved the training"));
        QVERIFY(!admin.history()->data(admin.history()->index(1, 0), H::PendingRole).toBool());
        QCOMPARE(admin.targetDateText(), QString("30 Sep 2027"));
        // The lead agency sees the same history.
        QVERIFY(merpolSyncs());
        const auto received = onMerpol(action_);
        QVERIFY(received);
        QCOMPARE(received->fields.at("target_date_history").size(), size_t(2));
    }

    void closureNeedsTheEvidenceOfImpact() {
        ActionAdminController admin;
        admin.setActionId(action_);
        QVERIFY(!admin.canClose());
        QVERIFY(!admin.closureHint().isEmpty());
        QVERIFY(!admin.close("Officers trained", "", "").isEmpty());  // not submitted for closure yet

        // The lead agency starts the work and submits it for closure.
        auto ws = merpol_->workspace();
        QVERIFY(ws.setField(action_.toStdString(), "status", "in_progress").ok);
        QVERIFY(ws.setField(action_.toStdString(), "status", "submitted_for_closure").ok);
        QVERIFY(merpolSyncs());
        QVERIFY(syncSession());
        QTRY_VERIFY_WITH_TIMEOUT(admin.canClose(), 10000);
        QVERIFY(admin.closureHint().isEmpty());

        const QString refused = admin.close("  ", "", "");
        QVERIFY2(refused.contains("evidence", Qt::CaseInsensitive), qPrintable(refused));
        QCOMPARE(admin.status(), QString("submitted_for_closure"));
        QVERIFY(admin.close("Evidence", "2027-13-01", "").contains("closure date"));
        QVERIFY(admin.close("Evidence", "", "soon").contains("re-test"));
        const QString today = QDate::currentDate().toString(Qt::ISODate);
        QCOMPARE(admin.close("A re-audit of 20 referrals found neglect recognised in 18.", "", "2028-03-31"), QString());
        QCOMPARE(admin.status(), QString("closed"));
        QVERIFY(syncSession());
        QTRY_COMPARE_WITH_TIMEOUT(admin.closureDate(), today, 10000);
        QCOMPARE(admin.retestDate(), QString("2028-03-31"));
        QCOMPARE(admin.closureEvidence(), QString("A re-audit of 20 referrals found neglect recognised in 18."));
        QVERIFY(!admin.canSupersede());
        QVERIFY(merpolSyncs());
        QCOMPARE(QString::fromStdString(onMerpol(action_)->text("status")), QString("closed"));
        QCOMPARE(QString::fromStdString(onMerpol(action_)->text("closure_date")), today);
    }

    void returnAndSupersede() {
        auto ws = merpol_->workspace();
        QVERIFY(ws.setField(second_.toStdString(), "status", "in_progress").ok);
        QVERIFY(ws.setField(second_.toStdString(), "status", "submitted_for_closure").ok);
        QVERIFY(merpolSyncs());
        QVERIFY(syncSession());
        ActionAdminController admin;
        admin.setActionId(second_);
        QTRY_VERIFY_WITH_TIMEOUT(admin.canReturn(), 10000);
        QVERIFY(!admin.returnToLead(" ").isEmpty());
        QCOMPARE(admin.status(), QString("submitted_for_closure"));
        QCOMPARE(admin.returnToLead("The audit sample leaves out the night shift."), QString());
        QCOMPARE(admin.status(), QString("returned"));
        QCOMPARE(admin.closureDecision(), QString("The audit sample leaves out the night shift."));
        QVERIFY(!admin.canReturn());
        QVERIFY(admin.canSupersede());
        QVERIFY(!admin.supersede("").isEmpty());
        QCOMPARE(admin.supersede("Replaced by the force-wide neglect audit (SH-LCSPR-T 1.3)."), QString());
        QCOMPARE(admin.status(), QString("superseded"));
        QVERIFY(syncSession());
        QVERIFY(session_->rejections()->count() == 0);
        QVERIFY(merpolSyncs());
        QCOMPARE(QString::fromStdString(onMerpol(second_)->text("status")), QString("superseded"));
        QCOMPARE(QString::fromStdString(onMerpol(second_)->text("closure_decision")),
                 QString("Replaced by the force-wide neglect audit (SH-LCSPR-T 1.3)."));
    }

    void detailsAndTextsAreEdited() {
        ActionAdminController admin;
        admin.setActionId(kJsh + ":action:1.2");
        QVERIFY(admin.saveDetails("", "", "", "SHC-BO", {}).contains("title"));
        QVERIFY(admin.saveDetails("Collect training needs", "", "", "SHC-BO", {"SHC-BO"}).contains("supporting"));
        QVERIFY(admin.saveDetails("Collect training needs", "", "Urgent", "SHC-BO", {}).contains("Priority"));
        QCOMPARE(admin.saveDetails("Collect training needs on adolescent risk", "Training plan for 2027", "High", "SHC-BO",
                                   {"MERPOL"}),
                 QString());
        QCOMPARE(admin.title(), QString("Collect training needs on adolescent risk"));
        QCOMPARE(admin.priority(), QString("High"));
        QCOMPARE(admin.supportingAgencies(), QStringList{"MERPOL"});
        PlanController plan;
        QVERIFY(!plan.editText(kJsh + ":finding:1", "").isEmpty());
        QCOMPARE(plan.editText(kJsh + ":finding:1", "The local system does not recognise risk in violent young people."),
                 QString());
        QVERIFY(syncSession());
        QVERIFY(session_->rejections()->count() == 0);
        QVERIFY(merpolSyncs());
        QCOMPARE(QString::fromStdString(onMerpol(kJsh + ":action:1.2")->text("priority")), QString("High"));
    }

    void aPractitionerIsOfferedNoneOfIt() {
        session_->signOut();
        QVERIFY(test::signInAndSync(*session_, server_->qurl(), "pc.merpol"));
        PlanController plan;
        QVERIFY(!plan.canEdit());
        QCOMPARE(plan.outline()->rowCount(), 0);
        QVERIFY(!plan.createReview("SH-LCSPR-X", "Child X", "LCSPR").isEmpty());
        QVERIFY(!plan.createFinding(review_, "2", "Anything").isEmpty());
        ActionAdminController admin;
        admin.setActionId(action_);
        QVERIFY(!admin.canAdminister());
        QVERIFY(!admin.canClose() && !admin.canReturn() && !admin.canSupersede());
        QVERIFY(!admin.changeTargetDate("2028-01-31", "Wanted more time").isEmpty());
        QVERIFY(!admin.supersede("No").isEmpty());
        QCOMPARE(session_->sync()->pendingCount(), 0);
    }
};

QTEST_GUILESS_MAIN(TestAppPlans)
#include "tst_app_plans.moc"
