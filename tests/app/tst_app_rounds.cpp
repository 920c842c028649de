// The business office's rounds and moderation through the app's models and controllers against
// the real demo server: the rounds list and its counts, the chase list's days overdue on a fixed
// date, opening a round (checked first, refused offline, reaching a practitioner's device),
// moderating a return and a case audit, and an agency lead's "also send to" choice.
#include "AppTestKit.h"

#include "FormController.h"
#include "ModerationController.h"
#include "RoundController.h"
#include "RoundListModel.h"

using namespace tandem;
using app::FormController;
using app::ModerationController;
using app::RoundController;
using app::RoundListModel;
using app::RoundReturnModel;
using app::Session;
using nlohmann::json;

namespace {

int rowOfTitle(const RoundListModel& rounds, const QString& title) {
    for (int i = 0; i < rounds.count(); ++i)
        if (rounds.row(i).title == title) return i;
    return -1;
}

json storedField(test::DemoServer& server, const std::string& id, const std::string& name) {
    json out;
    server.store().read([&](server::StoreSession& s) {
        if (auto f = s.field(id, name)) out = f->value;
    });
    return out;
}

// Answers every visible question the agency completes (green where a rating is asked, so no
// "why not applicable" follows), as an agency lead finishing a Section 11 return.
void completeReturn(sync::Workspace ws, sync::Replica& replica, const std::string& id) {
    auto rec = replica.record(id);
    QVERIFY(rec);
    auto tmpl = ws.templateOf(*rec);
    QVERIFY(tmpl);
    std::map<std::string, std::string> given;
    const AnswerLookup lookup = [&](std::string_view c) -> std::optional<std::string> {
        auto it = given.find(std::string(c));
        return it != given.end() ? std::optional(it->second) : std::nullopt;
    };
    for (const auto& s : tmpl->sections)
        for (const auto& q : s.questions) {
            if (!q.writer.empty() || !isVisible(q, lookup)) continue;
            std::string value = q.type == "date" ? "2026-11-20" : "Policy held on the intranet";
            if (q.type == "choice") {
                const auto allowed = tmpl->allowedValues(q);
                value = std::find(allowed.begin(), allowed.end(), "green") != allowed.end() ? "green"
                        : std::find(allowed.begin(), allowed.end(), "yes") != allowed.end() ? "yes" : allowed.front();
            }
            const auto r = ws.answer(id, q.code, value);
            QVERIFY2(r.ok, r.message.c_str());
            given[q.code] = value;
        }
}

}  // namespace

class TestAppRounds : public QObject {
    Q_OBJECT

private:
    QTemporaryDir serverDir_, deviceDir_;
    std::unique_ptr<test::DemoServer> server_;
    Session* session_ = nullptr;
    QString s11Round_, neglectRound_, openedRound_;

    bool syncApp() {
        session_->sync()->syncNow();
        for (int i = 0; i < 600 && session_->sync()->state() == app::SyncController::Syncing; ++i) QTest::qWait(20);
        for (int i = 0; i < 600 && session_->sync()->state() != app::SyncController::Synced; ++i) QTest::qWait(20);
        return session_->sync()->state() == app::SyncController::Synced;
    }
    std::string returnOf(sync::Replica& replica, const QString& round, const std::string& agency) {
        for (const auto& r : replica.records("audit_return"))
            if (qs(r.text("round")) == round && r.owner == agency) return r.id;
        return {};
    }
    static QString qs(const std::string& s) { return QString::fromStdString(s); }

private slots:
    void initTestCase() {
        QVERIFY(serverDir_.isValid() && deviceDir_.isValid());
        server_ = std::make_unique<test::DemoServer>(serverDir_.path().toStdString());
        server_->start();
        session_ = Session::instance();
        session_->setDataDir(deviceDir_.path());
        test::makeQuick(*session_);
        QVERIFY(test::signInAndSync(*session_, server_->qurl(), "bo.sthelens"));
    }
    void cleanupTestCase() { session_->signOut(); }

    void listsTheDemoRoundsWithTheirCounts() {
        RoundListModel rounds;
        rounds.setToday("2026-12-02");
        // St Helens' rounds only (this year's two and the closed 2024 Section 11 round):
        // Knowsley's and Hampshire's are not the office's.
        QCOMPARE(rounds.count(), 3);
        const int s11 = rowOfTitle(rounds, "Section 11 self-assessment 2026");
        const int neglect = rowOfTitle(rounds, "Neglect case-file audit");
        QVERIFY(s11 >= 0 && neglect >= 0);
        QCOMPARE(s11, 0);  // the latest due date first
        QCOMPARE(neglect, 1);
        QCOMPARE(rowOfTitle(rounds, "Section 11 self-assessment 2024"), 2);
        // The demo's 2026 Section 11 round: children's social care moderated, the hospital trust
        // approved, the police and the schools not yet in.
        const auto& a = rounds.row(s11);
        QCOMPARE(a.assigned, 4);
        QCOMPARE(a.agencies, 4);
        QCOMPARE(a.submitted, 2);
        QCOMPARE(a.approved, 2);
        QCOMPARE(a.moderated, 1);
        QCOMPARE(a.overdue, 0);
        QCOMPARE(a.dueText, QString("Due in 16 days"));
        QCOMPARE(a.summary, QString("4 returns · 2 submitted · 2 approved · 1 moderated"));
        // Neglect: case STH-0412 graded by two agencies and moderated; STH-1187 has one in.
        const auto& b = rounds.row(neglect);
        QCOMPARE(b.assigned, 6);  // two cases, three agencies each
        QCOMPARE(b.cases, 2);
        QCOMPARE(b.kind, QString("case_audit"));
        QCOMPARE(b.submitted, 3);
        QCOMPARE(b.moderated, 2);
        QCOMPARE(b.daysToDue, 9);
        QCOMPARE(rounds.row(2).moderated, 4);
        s11Round_ = a.id;
        neglectRound_ = b.id;

        rounds.setToday("2026-12-20");
        QCOMPARE(rounds.row(rounds.rowOf(s11Round_)).dueText, QString("2 days overdue"));
        QCOMPARE(rounds.row(rounds.rowOf(s11Round_)).overdue, 2);
    }

    void chaseListCountsDaysOverdue() {
        QCOMPARE(app::daysOverdue("2026-12-18", "in_progress", "2026-12-28"), 10);
        QCOMPARE(app::daysOverdue("2026-12-18", "submitted", "2026-12-28"), 0);
        QCOMPARE(app::daysOverdue("2026-12-18", "returned", "2026-12-28"), 10);
        QCOMPARE(app::daysOverdue("2026-12-18", "assigned", "2026-12-18"), 0);
        QCOMPARE(app::daysOverdue("", "assigned", "2026-12-18"), 0);

        RoundReturnModel chase;
        chase.setToday("2026-12-28");
        chase.setRoundId(s11Round_);
        QCOMPARE(chase.count(), 4);
        QCOMPARE(chase.lateCount(), 2);  // the police and the schools
        const int merpol = [&] {
            for (int i = 0; i < chase.count(); ++i)
                if (chase.row(i).agencyCode == "MERPOL") return i;
            return -1;
        }();
        QVERIFY(merpol == 0 || merpol == 1);  // the late ones come first
        QCOMPARE(chase.row(merpol).daysOverdue, 10);
        QCOMPARE(chase.row(merpol).agency, QString("Merseyside Police"));
        QCOMPARE(chase.row(merpol).chaseText, QString("10 days overdue · Assigned · assigned to pc.merpol"));

        chase.setToday("2026-12-10");
        QCOMPARE(chase.lateCount(), 0);
        chase.setLateOnly(true);
        QCOMPARE(chase.count(), 0);
        chase.setToday("2026-12-19");
        QCOMPARE(chase.count(), 2);
        QCOMPARE(chase.row(0).daysOverdue, 1);

        RoundReturnModel cases;
        cases.setToday("2026-12-12");
        cases.setRoundId(neglectRound_);
        QCOMPARE(cases.count(), 6);
        QCOMPARE(cases.lateCount(), 3);  // the police twice and the trust on STH-1187
        QCOMPARE(cases.row(0).daysOverdue, 1);
        QCOMPARE(cases.row(5).daysOverdue, 0);
        QVERIFY(cases.row(0).caseCode == "STH-0412" || cases.row(0).caseCode == "STH-1187");
    }

    void theOpenRoundFormIsCheckedBeforeSending() {
        RoundController form;
        form.setToday("2026-12-02");
        QCOMPARE(form.partnership(), QString("st-helens"));
        QVERIFY(form.templates().size() >= 8);
        QStringList agencies;
        for (const auto& a : form.agencies()) agencies << a.toMap()["code"].toString();
        QVERIFY(agencies.contains("MERPOL") && agencies.contains("STHK"));
        QVERIFY(!agencies.contains("SHC-BO") && !agencies.contains("KNO-CSC"));

        QSignalSpy failed(&form, &RoundController::failed);
        QVERIFY(!form.open());
        QCOMPARE(failed.count(), 1);
        QVERIFY(form.problems().contains("Choose a template."));
        QVERIFY(form.problems().contains("Choose at least one agency."));
        form.setTemplateKey("macfa-neglect");
        QCOMPARE(form.theme(), QString("neglect"));
        QVERIFY(form.needsCases());
        form.setTitle("Neglect audit 2027");
        form.setDueDate("2026-11-30");
        QVERIFY(form.problems().contains("The due date has already passed."));
        form.setDueDate("2027-02-28");
        form.setModerationDate("2027-02-01");
        QVERIFY(form.problems().contains("The moderation meeting must not come before the due date."));
        form.setModerationDate("2027-03-14");
        form.setAgencySelected("STH-CSC", true);
        QVERIFY(form.problems().contains("A case-file audit needs the codes of the cases to audit."));
        form.setCases("STH-2001, STH-2002\nSTH-2001");
        QVERIFY(form.problems().contains("A case code is listed twice."));
        form.setCases("STH-2001, STH-2002");
        QCOMPARE(form.problems(), QStringList());
        const json spec = form.spec();
        QCOMPARE(spec["cases"], json({"STH-2001", "STH-2002"}));
        QCOMPARE(spec["agencies"], json({"STH-CSC"}));
        QCOMPARE(spec["case_agencies"], json::object());

        // A line with a colon names the agencies of its case; they must be among those chosen.
        form.setAgencySelected("MERPOL", true);
        form.setCases("STH-2001\nSTH-2002: merpol\nSTH-2003: STH-CSC, STHK");
        QVERIFY(form.problems().contains("STHK audits case STH-2003 but is not one of the agencies chosen."));
        form.setCases(": MERPOL");
        QVERIFY(form.problems().contains("A line of agencies has no case code before its colon."));
        form.setCases("STH-2001\nSTH-2002: merpol\nSTH-2003: STH-CSC, MERPOL");
        QCOMPARE(form.problems(), QStringList());
        const json perCase = form.spec();
        QCOMPARE(perCase["cases"], json({"STH-2001", "STH-2002", "STH-2003"}));
        QCOMPARE(perCase["case_agencies"], json({{"STH-2002", {"MERPOL"}}, {"STH-2003", {"STH-CSC", "MERPOL"}}}));
    }

    void opensARoundThatReachesAPractitioner() {
        RoundController form;
        form.setTemplateKey("s11-self-assessment");
        form.setTitle("Section 11 light-touch check 2027");
        form.setDueDate("2099-03-31");
        form.setAgencySelected("STHK", true);
        form.setAgencySelected("MERPOL", true);
        form.setAssignee("MERPOL", "pc.merpol");
        QCOMPARE(form.problems(), QStringList());
        QSignalSpy opened(&form, &RoundController::opened), failed(&form, &RoundController::failed);
        QVERIFY(form.open());
        QVERIFY(form.busy());
        QTRY_VERIFY_WITH_TIMEOUT(!opened.isEmpty() || !failed.isEmpty(), 10000);
        QVERIFY2(failed.isEmpty(), qPrintable(form.message()));
        QCOMPARE(opened.at(0).at(1).toInt(), 2);
        openedRound_ = opened.at(0).at(0).toString();

        // The sync the controller started brings the round and its returns to this device.
        RoundListModel rounds;
        QTRY_VERIFY_WITH_TIMEOUT(rounds.rowOf(openedRound_) >= 0, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(rounds.row(rounds.rowOf(openedRound_)).assigned, 2, 10000);

        test::OtherDevice pc((deviceDir_.path() + "/pc.db").toStdString(), server_->url(), "pc.merpol");
        QVERIFY(pc.sync().status == sync::SyncStatus::Ok);
        const std::string mine = returnOf(*pc.replica, openedRound_, "MERPOL");
        QVERIFY2(!mine.empty(), "the practitioner's device has the new round's return");
        QCOMPARE(pc.replica->record(mine)->text("assignee"), std::string("pc.merpol"));
    }

    void openingOfflineIsRefusedWithTheSentence() {
        server_->stop();
        RoundController form;
        form.setTemplateKey("s11-self-assessment");
        form.setTitle("Offline round");
        form.setDueDate("2099-01-31");
        form.setAgencySelected("STHK", true);
        QSignalSpy failed(&form, &RoundController::failed);
        QVERIFY(form.open());
        QTRY_VERIFY_WITH_TIMEOUT(!failed.isEmpty(), 30000);
        QCOMPARE(failed.at(0).at(0).toString(), QString("Opening a round needs a connection to the server."));
        QCOMPARE(form.message(), QString("Opening a round needs a connection to the server."));
        QVERIFY(!form.busy());
        server_->start();
        QVERIFY(syncApp());
    }

    void aModeratedReturnReachesTheServer() {
        // The MERPOL lead completes, submits and approves the demo's Section 11 return.
        test::OtherDevice lead((deviceDir_.path() + "/lead.db").toStdString(), server_->url(), "lead.merpol");
        QVERIFY(lead.sync().status == sync::SyncStatus::Ok);
        const std::string id = returnOf(*lead.replica, s11Round_, "MERPOL");
        QVERIFY(!id.empty());
        completeReturn(lead.workspace(), *lead.replica, id);
        QVERIFY(lead.workspace().submit(id).ok);
        QVERIFY(lead.workspace().approve(id).ok);
        QVERIFY(lead.sync().status == sync::SyncStatus::Ok);
        QCOMPARE(storedField(*server_, id, "status"), json("approved"));

        QVERIFY(syncApp());
        ModerationController moderation;
        moderation.setReturnId(qs(id));
        QVERIFY(moderation.exists());
        QVERIFY(!moderation.isCaseAudit());
        QCOMPARE(moderation.standards().size(), 10);
        const QVariantMap s1 = moderation.standards().at(0).toMap();
        QCOMPARE(s1["selfCode"].toString(), QString("S1.rating"));
        QCOMPARE(s1["moderatedCode"].toString(), QString("S1.moderated"));
        QCOMPARE(s1["selfValue"].toString(), QString("green"));
        QVERIFY(!s1["selfLabel"].toString().isEmpty());
        QVERIFY(!s1["evidence"].toList().isEmpty());
        QCOMPARE(moderation.progressText(), QString("0 of 10 moderated"));
        QVERIFY(moderation.canReceive());
        QVERIFY(!moderation.canModerate());

        QCOMPARE(moderation.receive(), QString());
        QCOMPARE(moderation.status(), QString("received"));
        QVERIFY(moderation.canModerate());
        QCOMPARE(moderation.setModerated("S1.moderated", "amber"), QString());
        QCOMPARE(moderation.setModerated("S2.moderated", "green"), QString());
        QVERIFY(!moderation.setModerated("S3.moderated", "purple").isEmpty());
        QCOMPARE(moderation.progressText(), QString("2 of 10 moderated"));
        QCOMPARE(moderation.markModerated("S1 evidence is a draft policy only"), QString());
        QCOMPARE(moderation.status(), QString("moderated"));
        QVERIFY(syncApp());

        QCOMPARE(storedField(*server_, id, "status"), json("moderated"));
        QCOMPARE(storedField(*server_, id, "a.S1.moderated"), json("amber"));
        QCOMPARE(storedField(*server_, id, "a.S2.moderated"), json("green"));
        QCOMPARE(storedField(*server_, id, "moderator_note"), json("S1 evidence is a draft policy only"));

        RoundListModel rounds;
        QCOMPARE(rounds.row(rounds.rowOf(s11Round_)).moderated, 2);
        QCOMPARE(rounds.row(rounds.rowOf(s11Round_)).submitted, 3);
    }

    void aCaseAuditIsModeratedSideBySide() {
        sync::Replica* replica = session_->replica();
        // Children's social care's return on case STH-1187, which is not agreed yet.
        ModerationController moderation;
        for (const auto& r : replica->records("audit_return"))
            if (qs(r.text("round")) == neglectRound_ && r.owner == "STH-CSC") {
                moderation.setReturnId(qs(r.id));
                if (moderation.caseCode() == "STH-1187") break;
            }
        QCOMPARE(moderation.caseCode(), QString("STH-1187"));
        QVERIFY(moderation.isCaseAudit());
        QCOMPARE(moderation.agreedGrade(), QString());
        QCOMPARE(moderation.caseReturns().at(0).toMap()["agency"].toString(), QString("Merseyside Police"));
        QCOMPARE(moderation.caseReturns().size(), 3);  // CSC, police and the hospital trust
        const QVariantMap csc = moderation.caseReturns().at(1).toMap();
        QCOMPARE(csc["agencyCode"].toString(), QString("STH-CSC"));
        QCOMPARE(csc["grade"].toString(), QString("good"));
        QCOMPARE(csc["gradeLabel"].toString(), QString("Good"));
        QVERIFY(!csc["learning"].toString().isEmpty());
        QCOMPARE(moderation.caseReturns().at(0).toMap()["grade"].toString(), QString());  // not in yet
        QCOMPARE(moderation.gradeOptions().size(), 4);
        QCOMPARE(moderation.standards().size(), 1);
        QCOMPARE(moderation.standards().at(0).toMap()["selfCode"].toString(), QString("G.grade"));
        QCOMPARE(moderation.agreeCase("requires_improvement", "Chronologies were not shared"), QString());
        QCOMPARE(moderation.agreedGrade(), QString("requires_improvement"));
        const std::string caseAudit = moderation.caseAuditId().toStdString();

        QSignalSpy made(&moderation, &ModerationController::actionMade);
        QCOMPARE(moderation.actionFromLearning("Share chronologies at strategy meetings", "STH-CSC", "2027-06-30"), QString());
        QCOMPARE(made.count(), 1);
        const std::string action = made.at(0).at(0).toString().toStdString();
        QVERIFY(syncApp());
        QCOMPARE(storedField(*server_, caseAudit, "agreed_grade"), json("requires_improvement"));
        QCOMPARE(storedField(*server_, caseAudit, "learning"), json("Chronologies were not shared"));
        bool found = false;
        server_->store().read([&](server::StoreSession& s) {
            for (const auto& rec : s.recordsOfKind("action")) {
                auto src = s.field(rec.id, "source");
                found |= src && src->value == json(caseAudit) && rec.owner == "STH-CSC";
            }
        });
        QVERIFY2(found, "the action made from the learning is on the server with the case audit as its source");
        Q_UNUSED(action);
    }

    void anAgencyLeadChoosesWhereElseToSend() {
        session_->signOut();
        QVERIFY(test::signInAndSync(*session_, server_->qurl(), "lead.merpol"));
        const std::string id = returnOf(*session_->replica(), openedRound_, "MERPOL");
        QVERIFY(!id.empty());
        FormController form;
        form.setReturnId(qs(id));
        QVERIFY(form.exists());
        const QVariantList options = form.sendToOptions();
        QCOMPARE(options.size(), 1);  // Merseyside Police is in St Helens and Knowsley
        QCOMPARE(options.at(0).toMap()["code"].toString(), QString("knowsley"));
        QCOMPARE(options.at(0).toMap()["checked"].toBool(), false);
        QCOMPARE(form.setSendTo({"knowsley"}), QString());
        QCOMPARE(form.sendToOptions().at(0).toMap()["checked"].toBool(), true);
        QVERIFY(syncApp());
        QCOMPARE(storedField(*server_, id, "send_to"), json({"knowsley"}));

        // Not offered on a case-file audit, nor to a practitioner.
        FormController other;
        other.setReturnId(qs(returnOf(*session_->replica(), neglectRound_, "MERPOL")));
        QVERIFY(other.exists());
        QCOMPARE(other.sendToOptions().size(), 0);
    }
};

QTEST_MAIN(TestAppRounds)
#include "tst_app_rounds.moc"
