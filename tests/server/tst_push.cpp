// The server's push decisions through the real path (PushProcessor over a real SqliteStore, no
// HTTP): ownership precedence in both arrival orders with the loser kept, refusals with their
// codes and the field untouched, workflow transitions judged against the server's state,
// locking of submitted returns, replays and sequence gaps, and progress updates created on a
// device. Every scenario starts from its own copy of the same small partnership (PushWorld.h).
#include "ApiError.h"
#include "PushWorld.h"

#include <QtTest>

#include <algorithm>

using namespace tandem;
using namespace tandem::test;
using nlohmann::json;
using protocol::Outcome;

namespace {

// Value cells are JSON text; "@str:N" is a string of N bytes.
json valueOf(const QString& cell) {
    if (cell.startsWith("@str:")) return std::string(size_t(cell.mid(5).toInt()), 'x');
    return json::parse(cell.toStdString());
}

QString q(const std::string& s) { return QString::fromStdString(s); }
QString show(const json& j) { return q(j.dump()); }
QString show(Outcome o) { return q(std::string(protocol::toString(o))); }
QString show(const protocol::ChangeResult& r) { return q(protocol::toJson(r).dump()); }
QString show(const std::optional<server::StoredField>& f) {
    return f ? show(f->value) + " @" + QString::number(f->seq) + " by " + q(f->user) : QStringLiteral("(unset)");
}

// An outcome as the tables write it: "applied", "superseded", or a rejection code.
QString outcomeText(const protocol::ChangeResult& r) {
    return r.outcome == Outcome::Rejected ? q(r.code) : show(r.outcome);
}

}  // namespace

class TestPush : public QObject {
    Q_OBJECT

    QTemporaryDir fixtureDir_;
    std::string templateDb_;

private slots:
    void initTestCase() {
        QVERIFY(fixtureDir_.isValid());
        try {
            templateDb_ = buildPushFixture(fixtureDir_.path());
        } catch (const std::exception& e) {
            QFAIL(e.what());
        }
    }

    // Two writers edit one field from the same base; the edits arrive in both orders.
    // winner: "A" or "B" (higher precedence), or "later" (same class: the later arrival).
    void concurrentEdits_data() {
        QTest::addColumn<QString>("record");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("userA");
        QTest::addColumn<QString>("valueA");
        QTest::addColumn<QString>("userB");
        QTest::addColumn<QString>("valueB");
        QTest::addColumn<QString>("winner");
        auto row = [](const char* name, const char* rec, const char* field, const char* ua, const char* va,
                      const char* ub, const char* vb, const char* winner) {
            QTest::newRow(name) << rec << field << ua << va << ub << vb << winner;
        };
        // Action: status-side fields are the lead agency's first, then the supporting agencies'.
        row("progress: owner practitioner over supporting lead", "A21", "progress", "dsl.schools", R"("owner")",
            "lead.college", R"("college")", "A");
        row("progress: supporting practitioner under owner lead", "A21", "progress", "tutor.college", R"("college")",
            "lead.schools", R"("owner")", "B");
        row("lead_officer: owner over supporting", "A21", "lead_officer", "lead.schools", R"("J. Smith")",
            "lead.college", R"("K. Jones")", "A");
        row("rag_override: supporting under owner", "A21", "rag_override", "lead.college", R"("red")", "dsl.schools",
            R"("green")", "B");
        row("rag_override_reason: owner over supporting", "A21", "rag_override_reason", "lead.schools", R"("late")",
            "tutor.college", R"("on track")", "A");
        row("progress, three-party action: supporting under lead agency", "A24", "progress", "lead.merpol",
            R"("police view")", "lead.sthyos", R"("yos view")", "B");
        row("progress tie: two supporting agencies", "A24", "progress", "lead.merpol", R"("police view")",
            "lead.schools", R"("schools view")", "later");
        row("progress tie: two users of the owner agency", "A21", "progress", "dsl.schools", R"("dsl")",
            "lead.schools", R"("lead")", "later");
        row("progress tie: two users of the supporting agency", "A21", "progress", "lead.college", R"("lead")",
            "tutor.college", R"("tutor")", "later");
        // Action: what and when are the business office's alone.
        row("title tie: business office", "A21", "title", "bo.sthelens", R"("Audit policies")", "bo2.sthelens",
            R"("Audit risk policies")", "later");
        row("target_date tie: business office", "A21", "target_date", "bo.sthelens", R"("2027-01-31")",
            "bo2.sthelens", R"("2027-03-31")", "later");
        // Audit return: answers are the completing agency's; moderation the business office's.
        row("answer tie: assignee and agency lead", "R", "a.R.scope", "dsl.schools", R"("all schools")",
            "lead.schools", R"("maintained schools")", "later");
        row("rating tie: assignee and agency lead", "R", "a.S1.rating", "dsl.schools", R"("green")", "lead.schools",
            R"("amber")", "later");
        row("return_reason: business office over owner lead", "R", "return_reason", "bo.sthelens",
            R"("evidence missing")", "lead.schools", R"("resubmitted")", "A");
        row("return_reason: assignee under business office", "R", "return_reason", "dsl.schools", R"("fixed")",
            "bo2.sthelens", R"("evidence missing")", "B");
        row("moderator_note tie: business office", "R", "moderator_note", "bo.sthelens", R"("good")", "bo2.sthelens",
            R"("needs evidence")", "later");
        row("moderated score tie: business office", "R", "a.S1.moderated", "bo.sthelens", R"("green")",
            "bo2.sthelens", R"("red")", "later");
        // Multi-agency case audit: the lead agency's overall view first, then the contributors'.
        row("overall_grade: lead agency over contributing", "CA", "overall_grade", "lead.sthcsc", R"("Good")",
            "lead.merpol", R"("Requires improvement")", "A");
        row("summary: contributing under lead agency", "CA", "summary", "lead.merpol", R"("police summary")",
            "lead.sthcsc", R"("csc summary")", "B");
    }

    void concurrentEdits() {
        QFETCH(QString, record);
        QFETCH(QString, field);
        QFETCH(QString, userA);
        QFETCH(QString, valueA);
        QFETCH(QString, userB);
        QFETCH(QString, valueB);
        QFETCH(QString, winner);
        const std::string f = field.toStdString();
        for (const bool aFirst : {true, false}) {
            PushWorld w(templateDb_);
            const std::string rec = w.record(record.toStdString());
            const std::string firstUser = (aFirst ? userA : userB).toStdString();
            const std::string secondUser = (aFirst ? userB : userA).toStdString();
            const json firstValue = valueOf(aFirst ? valueA : valueB), secondValue = valueOf(aFirst ? valueB : valueA);
            const std::int64_t base = w.seqOf(rec, f);  // both saw the same value

            const auto first = w.edit(firstUser, rec, f, firstValue, base);
            const auto second = w.edit(secondUser, rec, f, secondValue, base);

            const bool secondWins = winner == "later" || (winner == "A") != aFirst;
            const std::string winUser = secondWins ? secondUser : firstUser, loseUser = secondWins ? firstUser : secondUser;
            const json winValue = secondWins ? secondValue : firstValue, loseValue = secondWins ? firstValue : secondValue;
            const QString order = aFirst ? "A then B: " : "B then A: ";

            QVERIFY2(first.outcome == Outcome::Applied && first.code.empty(), qPrintable(order + show(first)));
            QVERIFY2(second.outcome == (secondWins ? Outcome::Applied : Outcome::Superseded),
                     qPrintable(order + show(second)));
            const auto stored = w.field(rec, f);
            QVERIFY2(stored && stored->value == winValue && stored->user == winUser,
                     qPrintable(order + "stored " + show(stored) + ", expected " + show(winValue)));

            const std::string rule = winner == "later" ? "same_class_later_arrival_wins" : "higher_precedence_wins";
            QCOMPARE(q(second.code), q(rule));
            const auto conflicts = w.conflicts(rec, f);
            QVERIFY2(conflicts.size() == 1, qPrintable(order + QString::number(conflicts.size()) + " conflicts"));
            const auto& c = conflicts.front();
            QVERIFY2(c.loserValue == loseValue && c.loserUser == loseUser,
                     qPrintable(order + "loser " + show(c.loserValue) + " by " + q(c.loserUser)));
            QVERIFY2(c.winnerValue == winValue && c.winnerUser == winUser,
                     qPrintable(order + "winner " + show(c.winnerValue) + " by " + q(c.winnerUser)));
            QCOMPARE(q(c.rule), q(rule));
            // Nothing lost: the losing author is shown the conflict.
            std::vector<protocol::Conflict> seenByLoser;
            w.store().read([&](server::StoreSession& s) { seenByLoser = s.conflicts({"u:" + loseUser}, 0, INT64_MAX / 2); });
            QVERIFY2(!seenByLoser.empty(), qPrintable(order + "the loser cannot see the conflict"));
        }
    }

    // Property 3 over every arrival order of three concurrent writers on action 2.4's progress
    // (STH-YOS leads; STH-SCHOOLS and MERPOL support): the lead agency's value must stand.
    void threeWritersAnyOrder_data() {
        QTest::addColumn<QStringList>("values");  // for lead.sthyos, lead.schools, lead.merpol
        QTest::newRow("three different values") << QStringList{R"("yos")", R"("schools")", R"("police")"};
        // A supporting agency agrees with the lead, a second supporting agency disagrees.
        QTest::newRow("a supporting agency echoes the lead's value")
            << QStringList{R"("agreed")", R"("agreed")", R"("police")"};
    }

    void threeWritersAnyOrder() {
        QFETCH(QStringList, values);
        const std::vector<std::string> users{"lead.sthyos", "lead.schools", "lead.merpol"};
        std::vector<int> order{0, 1, 2};
        QStringList wrong;
        do {
            PushWorld w(templateDb_);
            const std::int64_t base = w.seqOf(kAction24, "progress");
            QStringList names;
            for (int i : order) {
                w.edit(users[size_t(i)], kAction24, "progress", valueOf(values[i]), base);
                names << q(users[size_t(i)]);
            }
            const auto stored = w.field(kAction24, "progress");
            if (!stored || stored->value != valueOf(values[0]))
                wrong << names.join(", ") + " -> " + show(stored);
        } while (std::next_permutation(order.begin(), order.end()));
        QVERIFY2(wrong.isEmpty(), qPrintable("the lead agency's value was overwritten in these orders:\n  " +
                                             wrong.join("\n  ")));
    }

    // Refused changes: rejected with the code, stored for the author, the field untouched.
    void refusedEdits_data() {
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("record");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("code");
        auto row = [](const char* name, const char* user, const char* rec, const char* field, const char* value,
                      const char* code) { QTest::newRow(name) << user << rec << field << value << code; };
        row("board on progress", "board.sthelens", "A21", "progress", R"("x")", "not_a_writer");
        row("board on status", "board.sthelens", "A21", "status", R"("submitted_for_closure")", "not_a_writer");
        row("supporting agency on title", "lead.college", "A21", "title", R"("x")", "not_a_writer");
        row("owner lead on target_date", "lead.schools", "A21", "target_date", R"("2027-01-01")", "not_a_writer");
        row("owner lead on closure_decision", "lead.schools", "A21", "closure_decision", R"("closed")", "not_a_writer");
        row("business office on progress", "bo.sthelens", "A21", "progress", R"("x")", "not_a_writer");
        row("owner lead on review title", "lead.schools", "review:st-helens:SH-SCR-JSH", "title", R"("x")",
            "not_a_writer");
        row("practitioner assigns a return", "dsl.schools", "R", "assignee", R"("dsl2.schools")", "not_a_writer");
        row("owner lead on moderator_note", "lead.schools", "R", "moderator_note", R"("x")", "not_a_writer");
        row("owner lead on a moderated score", "lead.schools", "R", "a.S1.moderated", R"("green")", "not_a_writer");
        row("business office on an answer", "bo.sthelens", "R", "a.R.scope", R"("x")", "not_a_writer");
        row("server-set field", "lead.schools", "R", "template", R"("x")", "not_a_writer");
        row("contributing lead on agreed_grade", "lead.merpol", "CA", "agreed_grade", R"("Good")", "not_a_writer");
        row("business office on overall_grade", "bo.sthelens", "CA", "overall_grade", R"("Good")", "not_a_writer");
        // Records outside the caller's scope are not admitted to exist.
        row("unrelated agency on an action", "lead.merpol", "A21", "progress", R"("x")", "unknown_record");
        row("unassigned practitioner on a return", "dsl2.schools", "R", "a.R.scope", R"("x")", "unknown_record");
        row("another agency on a return", "lead.merpol", "R", "a.R.scope", R"("x")", "unknown_record");
        row("board on a return", "board.sthelens", "R", "a.R.scope", R"("x")", "unknown_record");
        row("no such record", "lead.schools", "review:st-helens:SH-SCR-JSH:action:99", "progress", R"("x")",
            "unknown_record");
        row("unknown action field", "lead.schools", "A21", "colour", R"("x")", "unknown_field");
        row("field names are case-sensitive", "lead.schools", "A21", "Progress", R"("x")", "unknown_field");
        row("unknown question", "dsl.schools", "R", "a.NOPE", R"("x")", "unknown_field");
        row("empty question code", "dsl.schools", "R", "a.", R"("x")", "unknown_field");
        row("unknown return field", "dsl.schools", "R", "answers", R"({})", "unknown_field");
        row("impossible date", "bo.sthelens", "A21", "target_date", R"("2023-02-29")", "invalid_value");
        row("date in another format", "bo.sthelens", "A21", "target_date", R"("31/12/2026")", "invalid_value");
        row("unknown RAG", "lead.schools", "A21", "rag_override", R"("purple")", "invalid_value");
        row("progress as a number", "lead.schools", "A21", "progress", "42", "invalid_value");
        row("progress over 20000 bytes", "lead.schools", "A21", "progress", "@str:20001", "invalid_value");
        row("supporting agencies as text", "bo.sthelens", "A21", "supporting_agencies", R"("STH-COLLEGE")",
            "invalid_value");
        row("lead agency of another partnership", "bo.sthelens", "A21", "lead_agency", R"("KNO-CSC")", "invalid_value");
        row("unknown lead agency", "bo.sthelens", "A21", "lead_agency", R"("NOPE")", "invalid_value");
        row("unknown action status", "lead.schools", "A21", "status", R"("finished")", "invalid_value");
        row("rating off the scale", "dsl.schools", "R", "a.S1.rating", R"("blue")", "invalid_value");
        row("impossible date answer", "dsl.schools", "R", "a.S1.improvement_due", R"("2023-02-29")", "invalid_value");
        row("text answer as a number", "dsl.schools", "R", "a.R.scope", "5", "invalid_value");
        row("assignee of another agency", "lead.schools", "R", "assignee", R"("lead.merpol")", "invalid_value");
        row("assignee who does not exist", "lead.schools", "R", "assignee", R"("nobody.here")", "invalid_value");
        row("return status as a number", "dsl.schools", "R", "status", "3", "invalid_value");
        row("closed action: progress locked for its lead agency", "lead.merpol", "A25", "progress", R"("x")", "locked");
    }

    void refusedEdits() {
        QFETCH(QString, user);
        QFETCH(QString, record);
        QFETCH(QString, field);
        QFETCH(QString, value);
        QFETCH(QString, code);
        PushWorld w(templateDb_);
        const std::string rec = w.record(record.toStdString()), f = field.toStdString(), u = user.toStdString();
        const auto before = w.field(rec, f);
        const auto r = w.edit(u, rec, f, valueOf(value));
        QCOMPARE(outcomeText(r), code);
        QVERIFY2(!r.message.empty(), "a rejection carries a sentence");
        QCOMPARE(show(w.field(rec, f)), show(before));
        // Never silently dropped: the author can see the rejection.
        const auto mine = w.rejections(u);
        QVERIFY2(std::any_of(mine.begin(), mine.end(), [&](const auto& rj) { return rj.id == r.id && rj.code == r.code; }),
                 "the rejection is stored for its author");
    }

    // Agreement is not a conflict, and a writer who saw the latest value simply replaces it,
    // whatever its precedence (precedence decides concurrent edits only).
    void sameValueAndSequentialEdits() {
        PushWorld w(templateDb_);
        const std::int64_t base = w.seqOf(kAction21, "progress");
        QCOMPARE(outcomeText(w.edit("lead.schools", kAction21, "progress", "agreed", base)), QString("applied"));
        const auto same = w.edit("lead.college", kAction21, "progress", "agreed", base);
        QVERIFY2(same.outcome == Outcome::Applied && same.code.empty(), qPrintable(show(same)));
        QVERIFY(w.conflicts(kAction21, "progress").empty());
        const auto after = w.edit("tutor.college", kAction21, "progress", "college update");  // saw "agreed"
        QVERIFY2(after.outcome == Outcome::Applied && after.code.empty(), qPrintable(show(after)));
        QCOMPARE(show(w.field(kAction21, "progress")->value), show(json("college update")));
        QVERIFY(w.conflicts(kAction21, "progress").empty());
    }

    // Workflow through push. Each step: "user record status expected" where expected is
    // "applied" or a rejection code; the stored status must follow the applied steps.
    void workflow_data() {
        QTest::addColumn<QStringList>("steps");
        auto row = [](const char* name, QStringList steps) { QTest::newRow(name) << steps; };
        row("lead submits, business office closes and reopens",
            {"lead.schools A21 submitted_for_closure applied", "bo.sthelens A21 closed closure_incomplete",
             "bo.sthelens A21 closure_evidence=Re-audit_shows_policies_in_use applied", "bo.sthelens A21 closed applied",
             "lead.schools A21 in_progress not_allowed", "bo.sthelens A21 in_progress applied"});
        row("practitioner cannot submit for closure", {"dsl.schools A21 submitted_for_closure not_allowed"});
        row("supporting agency cannot submit for closure", {"lead.college A21 submitted_for_closure not_allowed"});
        row("close without submission", {"bo.sthelens A21 closed invalid_transition"});
        row("supporting agency starts an action", {"lead.sthcsc A22 in_progress applied"});
        row("owner practitioner starts an action", {"dsl.schools A22 in_progress applied"});
        row("business office cannot start an action", {"bo.sthelens A22 in_progress not_allowed"});
        row("returned, then restarted by a supporting agency",
            {"lead.schools A21 submitted_for_closure applied", "bo.sthelens A21 returned closure_incomplete",
             "bo.sthelens A21 closure_decision=No_evidence_of_impact_yet applied", "bo.sthelens A21 returned applied",
             "tutor.college A21 in_progress applied"});
        row("returned, then resubmitted by the lead",
            {"lead.schools A21 submitted_for_closure applied",
             "bo.sthelens A21 closure_decision=No_evidence_of_impact_yet applied", "bo.sthelens A21 returned applied",
             "lead.schools A21 submitted_for_closure applied"});
        row("withdrawn by the lead",
            {"lead.schools A21 submitted_for_closure applied", "lead.schools A21 in_progress applied"});
        row("superseded actions are frozen",
            {"bo.sthelens A22 superseded closure_incomplete", "bo.sthelens A22 closure_decision=Replaced_by_3.2 applied",
             "bo.sthelens A22 superseded applied", "dsl.schools A22 in_progress invalid_transition"});
        row("board cannot move an action", {"board.sthelens A21 submitted_for_closure not_a_writer"});
        row("closed action reopened only by the business office",
            {"lead.merpol A25 in_progress not_allowed", "bo.sthelens A25 in_progress applied"});
        // The business office, offline, still saw 4.1 submitted; the lead has withdrawn it since.
        row("closing a withdrawn action",
            {"lead.sthcsc A41 in_progress applied", "bo.sthelens A41 closure_evidence=Audited applied",
             "bo.sthelens A41 closed invalid_transition"});
        row("restating the status", {"lead.schools A21 in_progress applied"});
        row("return: the whole path",
            {"dsl.schools R in_progress applied", "dsl.schools R submitted applied", "lead.schools R approved applied",
             "bo.sthelens R received applied", "bo.sthelens R moderated applied", "bo.sthelens R closed applied",
             "bo.sthelens R returned invalid_transition", "lead.schools R in_progress invalid_transition"});
        row("return: lead returns it to the practitioner",
            {"dsl.schools R submitted applied", "lead.schools R returned applied", "dsl.schools R in_progress applied",
             "dsl.schools R submitted applied"});
        row("return: practitioner cannot approve", {"dsl.schools R submitted applied", "dsl.schools R approved not_allowed"});
        row("return: business office cannot approve for the agency",
            {"dsl.schools R submitted applied", "bo.sthelens R approved not_allowed"});
        row("return: received before approval", {"bo.sthelens R received invalid_transition"});
        row("return: lead completes it", {"lead.schools R submitted applied"});
        row("return: business office returns an approved return",
            {"dsl.schools R submitted applied", "lead.schools R approved applied", "bo.sthelens R returned applied",
             "dsl.schools R in_progress applied"});
        row("return: practitioner submits after the lead approved", {"dsl.schools R submitted applied",
                                                                    "lead.schools R approved applied",
                                                                    "dsl.schools R submitted invalid_transition"});
        row("return: unassigned practitioner", {"dsl2.schools R in_progress unknown_record"});
        row("return without assignee: agency lead", {"lead.merpol RM in_progress applied"});
    }

    void workflow() {
        QFETCH(QStringList, steps);
        PushWorld w(templateDb_);
        for (const QString& step : steps) {
            const QStringList p = step.split(' ');
            QCOMPARE(p.size(), 4);
            const std::string rec = w.record(p[1].toStdString());
            // "field=value" writes a field the next move needs (underscores for spaces).
            if (const auto eq = p[2].indexOf('='); eq > 0) {
                const auto r = w.edit(p[0].toStdString(), rec, p[2].left(eq).toStdString(),
                                      json(p[2].mid(eq + 1).replace('_', ' ').toStdString()));
                QVERIFY2(outcomeText(r) == p[3], qPrintable(step + " -> " + show(r)));
                continue;
            }
            const auto before = w.field(rec, "status");
            const auto r = w.edit(p[0].toStdString(), rec, "status", json(p[2].toStdString()));
            QVERIFY2(outcomeText(r) == p[3], qPrintable(step + " -> " + show(r)));
            const auto after = w.field(rec, "status");
            if (r.outcome == Outcome::Applied) {
                QVERIFY2(after && after->value == json(p[2].toStdString()), qPrintable(step + ": " + show(after)));
            } else {
                QVERIFY2(show(after) == show(before), qPrintable(step + " changed the status: " + show(after)));
            }
            if (r.code == "invalid_transition") {
                const QString expect = "is now " + (before ? q(before->value.get<std::string>()) : QString()) + " on the server";
                QVERIFY2(q(r.message).contains(expect), qPrintable(q(r.message)));
            }
        }
    }

    // Answers are the agency's until submission, then locked until the lead returns the return.
    void answersLockedAfterSubmission() {
        PushWorld w(templateDb_);
        const std::string r = w.returnOf("STH-SCHOOLS");
        QCOMPARE(outcomeText(w.edit("dsl.schools", r, "a.R.scope", "all schools")), QString("applied"));
        QCOMPARE(outcomeText(w.edit("dsl.schools", r, "status", "submitted")), QString("applied"));
        QCOMPARE(outcomeText(w.edit("dsl.schools", r, "a.R.scope", "after submission")), QString("locked"));
        QCOMPARE(outcomeText(w.edit("lead.schools", r, "a.R.scope", "lead after submission")), QString("locked"));
        QCOMPARE(show(w.field(r, "a.R.scope")->value), show(json("all schools")));
        // Moderation is the business office's and is not locked by submission.
        QCOMPARE(outcomeText(w.edit("bo.sthelens", r, "a.S1.moderated", "amber")), QString("applied"));
        QCOMPARE(outcomeText(w.edit("lead.schools", r, "status", "returned")), QString("applied"));
        QCOMPARE(outcomeText(w.edit("dsl.schools", r, "a.R.scope", "revised")), QString("applied"));
        QCOMPARE(show(w.field(r, "a.R.scope")->value), show(json("revised")));
        // Approved: locked for the agency again, lead included.
        QCOMPARE(outcomeText(w.edit("dsl.schools", r, "status", "submitted")), QString("applied"));
        QCOMPARE(outcomeText(w.edit("lead.schools", r, "status", "approved")), QString("applied"));
        QCOMPARE(outcomeText(w.edit("lead.schools", r, "a.R.scope", "late change")), QString("locked"));
    }

    // A repeated push returns the stored answers and changes nothing; a partly new one applies
    // only the new part; the same change ids from another device are answered once.
    void replayIsIdempotent() {
        PushWorld w(templateDb_);
        const std::int64_t base = w.seqOf(kAction21, "progress");
        QCOMPARE(outcomeText(w.edit("lead.schools", kAction21, "progress", "owner text")), QString("applied"));
        const std::vector<protocol::Change> batch{
            w.change("lead.college", kAction21, "progress", "college text", base),  // superseded
            w.change("lead.college", kAction21, "title", "not mine", w.seqOf(kAction21, "title")),  // rejected
            w.change("lead.college", kAction21, "lead_officer", "K. Jones", 0),  // applied
            w.change("lead.college", "update-" + newUuid(), "@create",
                     json{{"kind", "action_update"}, {"parent", kAction21}}, 0),  // applied
        };
        const auto first = w.push("lead.college", batch);
        QStringList outcomes;
        for (const auto& r : first) outcomes << outcomeText(r);
        QCOMPARE(outcomes.join(' '), QString("superseded not_a_writer applied applied"));
        const std::string footprint = w.footprint();
        const auto results = w.count("push_results");
        const auto officer = w.field(kAction21, "lead_officer");

        for (int round = 0; round < 2; ++round) {
            const auto again = w.push("lead.college", batch);
            QCOMPARE(again.size(), first.size());
            for (size_t i = 0; i < first.size(); ++i) QCOMPARE(show(again[i]), show(first[i]));
            QCOMPARE(q(w.footprint()), q(footprint));
            QCOMPARE(w.count("push_results"), results);
            QCOMPARE(show(w.field(kAction21, "lead_officer")), show(officer));
        }

        // The batch again with one new change at its end: only that one is applied.
        auto longer = batch;
        longer.push_back(w.change("lead.college", kAction21, "rag_override", "amber", 0));
        const auto mixed = w.push("lead.college", longer);
        for (size_t i = 0; i < first.size(); ++i) QCOMPARE(show(mixed[i]), show(first[i]));
        QCOMPARE(outcomeText(mixed.back()), QString("applied"));

        // A re-registered device sends the same change ids with its own sequences.
        const std::string before = w.footprint();
        server::Caller other = w.newDevice("lead.college");
        std::vector<protocol::Change> resent = longer;
        for (size_t i = 0; i < resent.size(); ++i) resent[i].seq = std::int64_t(i + 1);
        const auto fromOther = w.processor().push(other, resent);
        for (size_t i = 0; i < resent.size(); ++i) {
            QCOMPARE(show(fromOther[i].outcome), show(mixed[i].outcome));
            QCOMPARE(fromOther[i].serverSeq, mixed[i].serverSeq);
        }
        QCOMPARE(q(w.footprint()), q(before));
    }

    // A gap in the device's sequence refuses the whole batch, and the store is as before.
    void sequenceGapAppliesNothing() {
        PushWorld w(templateDb_);
        const server::Caller& lead = w.caller("lead.schools");
        auto make = [&](std::int64_t seq, const char* value) {
            return protocol::Change{newUuid(), seq, kAction21, "progress", json(value), w.seqOf(kAction21, "progress")};
        };
        const protocol::Change one = make(1, "one");
        QCOMPARE(outcomeText(w.processor().push(lead, {one}).at(0)), QString("applied"));
        const std::string footprint = w.footprint();
        const auto stored = w.field(kAction21, "progress");

        const std::vector<std::vector<protocol::Change>> gapped{
            {make(3, "three")},                 // skips 2
            {make(2, "two"), make(4, "four")},  // valid start, gap after it
            {one, make(5, "five")},             // a replay, then a gap
        };
        for (const auto& batch : gapped) {
            try {
                w.processor().push(lead, batch);
                QFAIL("a sequence gap must be refused");
            } catch (const server::ApiError& e) {
                QCOMPARE(q(e.code()), QString("sequence_gap"));
            }
            QCOMPARE(q(w.footprint()), q(footprint));
            QCOMPARE(show(w.field(kAction21, "progress")), show(stored));
        }
        std::int64_t lastSeq = -1;
        w.store().read([&](server::StoreSession& s) { lastSeq = s.device(lead.device.id)->lastSeq; });
        QCOMPARE(lastSeq, std::int64_t(1));
        // The device recovers by sending what comes next.
        QCOMPARE(outcomeText(w.processor().push(lead, {make(2, "two")}).at(0)), QString("applied"));
        // A taken sequence number with another change id is refused too.
        try {
            w.processor().push(lead, {make(2, "impostor")});
            QFAIL("a reused sequence number must be refused");
        } catch (const server::ApiError& e) {
            QCOMPARE(q(e.code()), QString("sequence_reused"));
        }
        QCOMPARE(show(w.field(kAction21, "progress")->value), show(json("two")));
        // An oversized batch is refused whole before anything is looked at.
        std::vector<protocol::Change> huge;
        for (std::int64_t i = 3; i < 3 + 1001; ++i) huge.push_back(make(i, "bulk"));
        try {
            w.processor().push(lead, huge);
            QFAIL("more than 1000 changes must be refused");
        } catch (const server::ApiError& e) {
            QCOMPARE(q(e.code()), QString("batch_too_large"));
        }
        QCOMPARE(show(w.field(kAction21, "progress")->value), show(json("two")));
    }

    // Progress updates made on a device: "@create" with {kind, parent}.
    void progressUpdates_data() {
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("expected");
        const QString on21 = q(json{{"kind", "action_update"}, {"parent", kAction21}}.dump());
        const QString on24 = q(json{{"kind", "action_update"}, {"parent", kAction24}}.dump());
        QTest::newRow("supporting agency lead") << "lead.college" << on21 << "applied";
        QTest::newRow("supporting agency practitioner") << "tutor.college" << on21 << "applied";
        QTest::newRow("owner agency practitioner") << "dsl.schools" << on21 << "applied";
        QTest::newRow("supporting agency of another action") << "lead.merpol" << on24 << "applied";
        QTest::newRow("unrelated agency") << "lead.merpol" << on21 << "not_a_writer";
        QTest::newRow("board") << "board.sthelens" << on21 << "not_a_writer";
        QTest::newRow("no such action")
            << "lead.schools" << q(json{{"kind", "action_update"}, {"parent", kAction21 + "9"}}.dump()) << "unknown_record";
        QTest::newRow("parent is a review")
            << "lead.schools" << q(json{{"kind", "action_update"}, {"parent", "review:st-helens:SH-SCR-JSH"}}.dump())
            << "unknown_record";
        QTest::newRow("other kinds are not created on devices")
            << "lead.schools" << q(json{{"kind", "action"}, {"parent", kAction21}}.dump()) << "not_a_writer";
        QTest::newRow("no parent") << "lead.schools" << R"({"kind":"action_update"})" << "invalid_value";
        QTest::newRow("not an object") << "lead.schools" << R"("action_update")" << "invalid_value";
    }

    void progressUpdates() {
        QFETCH(QString, user);
        QFETCH(QString, value);
        QFETCH(QString, expected);
        PushWorld w(templateDb_);
        const std::string id = "update-" + newUuid(), u = user.toStdString();
        const json v = valueOf(value);
        const auto r = w.edit(u, id, "@create", v, 0);
        QVERIFY2(outcomeText(r) == expected, qPrintable(show(r)));
        std::optional<server::RecordRow> row;
        std::optional<server::UserRow> author;
        w.store().read([&](server::StoreSession& s) {
            row = s.record(id);
            author = s.userByName(u);
        });
        if (expected != "applied") {
            QVERIFY2(!row, "a refused creation leaves no record");
            return;
        }
        QVERIFY(row);
        QCOMPARE(q(row->kind), QString("action_update"));
        QCOMPARE(q(row->owner), q(author->agency));  // the author's agency owns it
        QCOMPARE(q(row->parent), q(v["parent"].get<std::string>()));
        QCOMPARE(show(w.field(id, "author")->value), show(json(u)));
        QCOMPARE(show(w.field(id, "approved")->value), show(json(false)));
    }

    // An update belongs to its author's agency: its staff edit it, its lead approves it, and
    // once approved it no longer changes.
    void progressUpdateLifecycle() {
        PushWorld w(templateDb_);
        const std::string id = "update-" + newUuid();
        const json create{{"kind", "action_update"}, {"parent", kAction21}};
        QCOMPARE(outcomeText(w.edit("lead.college", id, "@create", create, 0)), QString("applied"));
        QCOMPARE(outcomeText(w.edit("lead.college", id, "@create", create, 0)), QString("record_exists"));
        QCOMPARE(outcomeText(w.edit("tutor.college", id, "narrative", "Policies collected")), QString("applied"));
        QCOMPARE(outcomeText(w.edit("tutor.college", id, "proposed_rag", "amber")), QString("applied"));
        QCOMPARE(outcomeText(w.edit("dsl.schools", id, "narrative", "not theirs")), QString("not_a_writer"));
        QCOMPARE(outcomeText(w.edit("tutor.college", id, "approved", true)), QString("not_a_writer"));
        QCOMPARE(outcomeText(w.edit("tutor.college", id, "author", "someone")), QString("not_a_writer"));
        QCOMPARE(outcomeText(w.edit("lead.college", id, "approved", true)), QString("applied"));
        QCOMPARE(outcomeText(w.edit("tutor.college", id, "narrative", "after approval")), QString("locked"));
        QCOMPARE(show(w.field(id, "narrative")->value), show(json("Policies collected")));
    }
};

QTEST_MAIN(TestPush)
#include "tst_push.moc"
