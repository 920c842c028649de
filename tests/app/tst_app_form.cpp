// The audit form engine through FormController against a real server: show_if visibility,
// validation messages beside the question, alert_if, business-office-only answers, submit that
// lists what is missing and jumps to it, warns of answers that look like a child's name or date
// of birth, and an agency lead sending back and approving.
#include "AppTestKit.h"

#include "FormController.h"

using namespace tandem;
using app::FormController;
using app::QuestionModel;
using app::ReturnListModel;
using app::Session;

namespace {

QVariant role(FormController& form, const QString& code, int r) {
    const int row = static_cast<QuestionModel*>(form.questions())->rowOf(code);
    if (row < 0) return {};
    return form.questions()->data(form.questions()->index(row, 0), r);
}

// A valid answer for any question of the neglect audit.
QString validAnswer(FormController& form, const QString& code) {
    form.setCurrentSection(form.sectionOf(code));
    const QString type = role(form, code, QuestionModel::TypeRole).toString();
    if (type == "choice") return role(form, code, QuestionModel::OptionsRole).toList().first().toMap().value("value").toString();
    if (type == "date") return "2026-01-15";
    if (type == "number") return "1";
    return code == "H.case_code" ? "STH-0412" : "Seen and recorded";
}

}  // namespace

class TestAppForm : public QObject {
    Q_OBJECT

private:
    QTemporaryDir serverDir_, deviceDir_;
    std::unique_ptr<test::DemoServer> server_;
    Session* session_ = nullptr;
    QString returnId_;

private slots:
    void initTestCase() {
        QVERIFY(serverDir_.isValid() && deviceDir_.isValid());
        server_ = std::make_unique<test::DemoServer>(serverDir_.path().toStdString());
        // A neglect round of this test's own: the demo's history has answered sw.sthcsc's returns.
        const auto opened = server::openRound(server_->store(),
                                              server::RoundSpec{"st-helens", "macfa-neglect", 0, "Form test audit",
                                                                "neglect", "2027-02-26", "", {"STH-CSC"}, {"STH-2718"},
                                                                {{"STH-CSC", "sw.sthcsc"}}});
        QVERIFY2(opened.ok(), opened.ok() ? "" : opened.errors.front().c_str());
        server_->start();
        session_ = Session::instance();
        session_->setDataDir(deviceDir_.path());
        test::makeQuick(*session_);
        QVERIFY(test::signInAndSync(*session_, server_->qurl(), "sw.sthcsc"));
        const ReturnListModel& returns = *session_->returns();
        for (int i = 0; i < returns.count() && returnId_.isEmpty(); ++i)
            if (returns.row(i).templateKey == "macfa-neglect" && returns.row(i).round.contains("Form test audit"))
                returnId_ = returns.row(i).id;
        QVERIFY(!returnId_.isEmpty());
    }
    void cleanupTestCase() { session_->signOut(); }

    void opensTheReturn() {
        FormController form;
        form.setReturnId(returnId_);
        QVERIFY2(form.exists(), qPrintable(form.loadError()));
        QCOMPARE(form.sections().size(), 5);
        QCOMPARE(form.status(), QString("assigned"));
        QVERIFY(form.editable());
        QCOMPARE(form.answeredCount(), 0);
        // N6a..N6e are hidden until N6 is "yes".
        QCOMPARE(form.questionCount(), 34 - 5);
        QCOMPARE(form.progressText(), QString("0 of 29 answered"));
        // The home list says the same as the form it opens.
        const int row = session_->returns()->rowOf(returnId_);
        QVERIFY(row >= 0);
        QCOMPARE(session_->returns()->data(session_->returns()->index(row), ReturnListModel::ProgressTextRole).toString(),
                 form.progressText());
        QCOMPARE(form.currentSection(), 0);
        QCOMPARE(form.questions()->rowCount(), 6);
        QCOMPARE(role(form, "H.age_band", QuestionModel::OptionsRole).toList().size(), 5);
        QCOMPARE(role(form, "H.period_from", QuestionModel::HintRole).toString(), QString("A date, YYYY-MM-DD"));
        form.setReturnId("no-such-return");
        QVERIFY(!form.exists());
        QVERIFY(!form.loadError().isEmpty());
    }

    void showIfAndValidation() {
        FormController form;
        form.setReturnId(returnId_);
        form.setCurrentSection(form.sectionOf("N6"));
        QCOMPARE(form.currentSection(), 1);
        QCOMPARE(role(form, "N6a", QuestionModel::VisibleRole).toBool(), false);
        QSignalSpy changedRows(form.questions(), &QAbstractItemModel::dataChanged);
        QCOMPARE(form.answer("N6", "yes"), QString());
        QCOMPARE(role(form, "N6", QuestionModel::ValueRole).toString(), QString("yes"));
        QCOMPARE(role(form, "N6a", QuestionModel::VisibleRole).toBool(), true);
        const int n6a = static_cast<QuestionModel*>(form.questions())->rowOf("N6a");
        bool visibleSignalled = false;
        for (const auto& args : changedRows)
            visibleSignalled |= args.at(0).toModelIndex().row() <= n6a && args.at(1).toModelIndex().row() >= n6a &&
                                args.at(2).value<QList<int>>().contains(QuestionModel::VisibleRole);
        QVERIFY2(visibleSignalled, "a show_if change is signalled as dataChanged on `visible`");
        QCOMPARE(form.status(), QString("in_progress"));  // the first answer starts the return
        QCOMPARE(form.answeredCount(), 1);
        QCOMPARE(form.questionCount(), 34);

        form.setCurrentSection(0);
        const QString bad = form.answer("H.case_code", "not a code");
        QVERIFY(!bad.isEmpty());
        QCOMPARE(role(form, "H.case_code", QuestionModel::ErrorRole).toString(), bad);
        QCOMPARE(role(form, "H.case_code", QuestionModel::ValueRole).toString(), QString());
        QCOMPARE(form.answer("H.case_code", "STH-0412"), QString());
        QCOMPARE(role(form, "H.case_code", QuestionModel::ErrorRole).toString(), QString());
        QVERIFY(!form.answer("H.period_from", "2026-02-30").isEmpty());
        QVERIFY(!form.answer("H.age_band", "teen").isEmpty());

        // Every answer is saved at once: a new controller (a reopened page) sees them.
        FormController again;
        again.setReturnId(returnId_);
        QCOMPARE(again.answeredCount(), 2);
        const int row = session_->returns()->rowOf(returnId_);
        QVERIFY(row >= 0);
        // The list counts as the form does: questions hidden by show_if are not counted.
        QCOMPARE(again.progressText(), QString("2 of 34 answered"));  // N6 answered: N6a shows
        QCOMPARE(session_->returns()->data(session_->returns()->index(row), ReturnListModel::ProgressTextRole).toString(),
                 again.progressText());
    }

    void alertsAndBusinessOfficeAnswers() {
        FormController form;
        form.setReturnId(returnId_);
        form.setCurrentSection(form.sectionOf("G.live_concern"));
        QSignalSpy alerts(&form, &FormController::alertRaised);
        QCOMPARE(form.answer("G.live_concern", "no"), QString());
        QCOMPARE(alerts.count(), 0);
        QCOMPARE(form.answer("G.live_concern", "yes"), QString());
        QCOMPARE(alerts.count(), 1);
        QCOMPARE(alerts.at(0).at(0).toString(), QString("G.live_concern"));
        QVERIFY(!alerts.at(0).at(1).toString().isEmpty());
        QCOMPARE(role(form, "G.live_concern", QuestionModel::AlertRole).toString(), alerts.at(0).at(1).toString());

        QVERIFY(role(form, "G.moderated_grade", QuestionModel::ReadOnlyRole).toBool());
        QVERIFY(!role(form, "G.grade", QuestionModel::ReadOnlyRole).toBool());
        QVERIFY(!form.answer("G.moderated_grade", "good").isEmpty());
        QCOMPARE(role(form, "G.moderated_grade", QuestionModel::ValueRole).toString(), QString());
    }

    void submitListsWhatIsMissingAndJumpsToIt() {
        FormController form;
        form.setReturnId(returnId_);
        QVERIFY(form.canSubmit());
        QSignalSpy focus(&form, &FormController::focusQuestion);
        const QStringList missing = form.submit();
        QVERIFY(missing.size() > 5);
        QVERIFY(!missing.contains("H.case_code") && !missing.contains("N6a"));
        QCOMPARE(form.missing().size(), missing.size());
        QCOMPARE(focus.count(), 1);
        QCOMPARE(focus.at(0).at(0).toString(), missing.first());
        QCOMPARE(form.currentSection(), form.sectionOf(missing.first()));
        QVERIFY(role(form, missing.first(), QuestionModel::MissingRole).toBool());
        QCOMPARE(form.status(), QString("in_progress"));

        for (const QString& code : missing) QCOMPARE(form.answer(code, validAnswer(form, code)), QString());
        QVERIFY(form.missing().isEmpty());

        // Answers that look like a child's name or date of birth stop the submit with a list;
        // the list follows the answers as they are fixed, and the user may submit anyway.
        const QStringList texts{"SOS.worried", "G.learning"};  // free-text questions of the neglect audit
        for (const QString& code : texts) {
            form.setCurrentSection(form.sectionOf(code));
            QCOMPARE(role(form, code, QuestionModel::TypeRole).toString(), QString("text"));
        }
        QCOMPARE(form.answer(texts[0], "Seen with Amy Jones DOB 03/04/2016 at home"), QString());
        QCOMPARE(form.answer(texts[1], "The baby was born 3 March 2016"), QString());
        QSignalSpy submitted(&form, &FormController::submitted);
        QCOMPARE(form.submit(), QStringList());
        QCOMPARE(submitted.count(), 0);
        QCOMPARE(form.status(), QString("in_progress"));
        QCOMPARE(form.personalDataWarnings().size(), 2);
        const QVariantMap first = form.personalDataWarnings().front().toMap();
        QCOMPARE(first.value("code").toString(), texts[0]);
        QVERIFY2(first.value("finding").toString().contains("Amy Jones DOB 03/04/2016"), qPrintable(first.value("finding").toString()));
        QCOMPARE(form.currentSection(), form.sectionOf(texts[0]));
        QCOMPARE(form.answer(texts[0], "Seen at home with the case code only"), QString());
        QCOMPARE(form.personalDataWarnings().size(), 1);
        QCOMPARE(form.submitAnyway(), QStringList());
        QVERIFY(form.personalDataWarnings().isEmpty());
        QCOMPARE(submitted.count(), 1);
        QCOMPARE(form.status(), QString("submitted"));
        QVERIFY(!form.editable());
        form.setCurrentSection(form.sectionOf("G.grade"));
        QVERIFY(role(form, "G.grade", QuestionModel::ReadOnlyRole).toBool());
        QVERIFY(!form.answer("G.grade", "good").isEmpty());

        session_->sync()->syncNow();
        QTRY_COMPARE_WITH_TIMEOUT(session_->sync()->state(), app::SyncController::Synced, 20000);
        QCOMPARE(session_->sync()->pendingCount(), 0);
        QCOMPARE(session_->rejections()->count(), 0);
    }

    void leadSendsBackThenApproves() {
        session_->signOut();
        QVERIFY(test::signInAndSync(*session_, server_->qurl(), "lead.sthcsc"));
        QVERIFY(session_->isAgencyLead());
        QVERIFY(session_->approvals()->count() >= 1);
        bool listed = false;
        for (int i = 0; i < session_->approvals()->count(); ++i) listed |= session_->approvals()->recordIdAt(i) == returnId_;
        QVERIFY(listed);

        FormController form;
        form.setReturnId(returnId_);
        QCOMPARE(form.status(), QString("submitted"));
        QVERIFY(form.canApprove());
        QVERIFY(form.canSendBack());
        QVERIFY(!form.editable());
        QVERIFY(form.sendBack("  ").contains("comment"));
        QCOMPARE(form.sendBack("Please say who saw the child in March."), QString());
        QCOMPARE(form.status(), QString("returned"));
        QCOMPARE(form.returnComment(), QString("Please say who saw the child in March."));
        QVERIFY(!form.canApprove());
        session_->sync()->syncNow();
        QTRY_COMPARE_WITH_TIMEOUT(session_->sync()->state(), app::SyncController::Synced, 20000);
        QCOMPARE(session_->sync()->pendingCount(), 0);

        // The practitioner unlocks offline-style (no new sign-in), sees it returned, resubmits.
        session_->signOut();
        session_->unlock("sw.sthcsc", test::kDemoPassword);
        QTRY_VERIFY_WITH_TIMEOUT(session_->signedIn(), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(session_->sync()->state(), app::SyncController::Synced, 20000);
        FormController mine;
        mine.setReturnId(returnId_);
        QCOMPARE(mine.status(), QString("returned"));
        QCOMPARE(mine.returnComment(), QString("Please say who saw the child in March."));
        QVERIFY(mine.editable());
        QCOMPARE(mine.answer("G.learning", "Visits in March were by the allocated social worker."), QString());
        QCOMPARE(mine.submit(), QStringList());
        session_->sync()->syncNow();
        QTRY_COMPARE_WITH_TIMEOUT(session_->sync()->pendingCount(), 0, 20000);

        session_->signOut();
        session_->unlock("lead.sthcsc", test::kDemoPassword);
        QTRY_VERIFY_WITH_TIMEOUT(session_->signedIn(), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(session_->sync()->state(), app::SyncController::Synced, 20000);
        FormController lead;
        lead.setReturnId(returnId_);
        QCOMPARE(lead.status(), QString("submitted"));
        QCOMPARE(lead.approve(), QString());
        QCOMPARE(lead.status(), QString("approved"));
        QVERIFY(!lead.canApprove());
    }
};

QTEST_GUILESS_MAIN(TestAppForm)
#include "tst_app_form.moc"
