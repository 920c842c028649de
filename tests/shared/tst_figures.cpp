// The consolidated figures against numbers worked out by hand from a fixed partnership: three
// agencies, two reviews with twelve actions, two Section 11 rounds (2024 closed and moderated,
// 2026 part-way) and two case-audit rounds of the same template (domestic abuse 2025, neglect
// 2026), with today fixed at 2026-12-02 and the period 2026-09-03 to 2026-12-02.
#include "Figures.h"
#include "Rag.h"

#include <QtTest>

using namespace tandem;
using namespace tandem::figures;
using nlohmann::json;

#define COMPARE_JSON(actual, expected)                                                                    \
    do {                                                                                                  \
        const json got_ = (actual), want_ = (expected);                                                   \
        QVERIFY2(got_ == want_, ("\n   got: " + got_.dump() + "\n  want: " + want_.dump()).c_str());     \
    } while (0)

namespace {

const std::string kToday = "2026-12-02";

json scale(const std::vector<std::pair<std::string, std::string>>& options) {
    json out = json::array();
    for (const auto& [value, label] : options) out.push_back({{"value", value}, {"label", label}});
    return out;
}

json choice(const std::string& code, const std::string& scaleName, bool moderation = false) {
    json q = {{"code", code}, {"text", "Question " + code}, {"type", "choice"}, {"scale", scaleName}};
    if (moderation) q["writer"] = "business_office";
    return q;
}

// Section 11 with three standards, each a self rating and its moderated rating.
json section11Template() {
    json sections = json::array();
    for (const char* s : {"S1", "S2", "S3"})
        sections.push_back({{"code", s}, {"title", std::string("Standard ") + s},
                            {"questions", {choice(std::string(s) + ".rating", "rag_na"),
                                           choice(std::string(s) + ".moderated", "rag_na", true)}}});
    sections.push_back({{"code", "D"}, {"title", "Declaration"}, {"questions", {choice("D.declared", "yes_no")}}});
    return {{"key", "s11-mini"},
            {"version", 1},
            {"kind", "section11"},
            {"title", "Section 11"},
            {"scales",
             {{"rag_na", scale({{"green", "Green"}, {"amber", "Amber"}, {"red", "Red"}, {"na", "Not applicable"}})},
              {"yes_no", scale({{"yes", "Yes"}, {"no", "No"}})}}},
            {"sections", sections}};
}

json caseAuditTemplate() {
    return {{"key", "ca-mini"},
            {"version", 1},
            {"kind", "case_audit"},
            {"title", "Case audit"},
            {"theme", "neglect"},
            {"scales",
             {{"yes_no_na", scale({{"yes", "Yes"}, {"no", "No"}, {"na", "Not applicable"}})},
              {"ofsted4", scale({{"outstanding", "Outstanding"},
                                 {"good", "Good"},
                                 {"requires_improvement", "Requires improvement"},
                                 {"inadequate", "Inadequate"}})}}},
            {"sections",
             {{{"code", "Q"}, {"title", "Practice"}, {"questions", {choice("Q1", "yes_no_na")}}},
              {{"code", "G"},
               {"title", "Grading"},
               {"questions", {choice("G.grade", "ofsted4"), choice("G.moderated_grade", "ofsted4", true)}}}}}};
}

class Fixture {
public:
    FigureInput input;

    Fixture() {
        input.partnership = "test-p";
        input.today = kToday;
        input.from = "2026-09-03";
        input.to = kToday;
        input.seq = 4321;
        input.time = "2026-12-02T03:10:00Z";
        input.agencies = {{"BO", "Business office"}, {"CSC", "Children's social care"}, {"HEA", "Health trust"},
                          {"POL", "Police"}};
        add("template:s11-mini:1", "template", "", {{"key", "s11-mini"}, {"definition", section11Template()}});
        add("template:ca-mini:1", "template", "", {{"key", "ca-mini"}, {"definition", caseAuditTemplate()}});
        add("rv-alpha", "review", "BO", {{"code", "R-ALPHA"}, {"title", "Child A"}});
        add("rv-beta", "review", "BO", {{"code", "R-BETA"}, {"title", "Child B"}});
        actions();
        section11Rounds();
        caseAuditRounds();
    }

private:
    void add(const std::string& id, const std::string& kind, const std::string& owner,
             std::map<std::string, json> fields) {
        input.records.push_back({id, kind, owner, {}, {}, std::move(fields)});
    }

    void action(const std::string& id, const std::string& review, const std::string& no, const std::string& lead,
                const std::string& status, const std::string& target, std::map<std::string, json> more = {}) {
        more.insert(
            {{"review", review}, {"no", no}, {"title", "Action " + no}, {"lead_agency", lead}, {"status", status}});
        if (!target.empty()) more["target_date"] = target;
        add(id, "action", lead, std::move(more));
    }

    static json history(std::vector<std::pair<std::string, std::string>> moves) {
        json out = json::array();
        for (const auto& [from, to] : moves)
            out.push_back({{"from", from}, {"to", to}, {"reason", "moved"}, {"by", "bo"}, {"on", from}});
        return out;
    }

    void actions() {
        action("a01", "rv-alpha", "1.1", "POL", "in_progress", "2026-11-20");
        action("a02", "rv-alpha", "1.2", "POL", "not_started", "2026-12-20");
        action("a03", "rv-alpha", "1.3", "CSC", "in_progress", "2027-03-31", {{"rag_override", "red"}});
        action("a04", "rv-alpha", "2.1", "CSC", "closed", "2026-10-01",
               {{"closure_date", "2026-10-15"}, {"closure_evidence", "Re-audit shows plans reviewed"},
                {"retest_date", "2027-04-01"}});
        action("a05", "rv-alpha", "2.2", "HEA", "submitted_for_closure", "2026-06-30",
               {{"target_date_history", history({{"2026-03-31", "2026-06-30"}})}});
        action("a06", "rv-beta", "1.1", "POL", "closed", "2026-07-01", {{"closure_date", "2026-08-01"}});
        action("a07", "rv-beta", "1.2", "HEA", "returned", "2025-10-01",
               {{"target_date_history", history({{"2025-06-30", "2025-09-01"}, {"2025-09-01", "2025-10-01"}})}});
        action("a08", "rv-beta", "1.3", "CSC", "superseded", "2026-01-01");
        action("a09", "rv-beta", "2.1", "HEA", "in_progress", "2027-01-01",
               {{"target_date_history", history({{"2026-09-30", "2027-01-01"}})}});
        action("a10", "rv-beta", "2.2", "CSC", "not_started", "");
        action("a11", "rv-beta", "2.3", "POL", "closed", "2026-11-30",
               {{"closure_date", kToday}, {"closure_evidence", "Staff survey: 92% know the route, \"up from 40%\""}});
        action("a12", "rv-alpha", "3.1", "POL", "in_progress", "2026-12-01", {{"rag_override", "green"}});
    }

    // A return with its answers; `answers` maps question codes to values.
    void ret(const std::string& id, const std::string& round, const std::string& agency, const std::string& status,
             const std::string& due, const std::map<std::string, std::string>& answers,
             const std::string& caseAudit = {}, const std::string& tmpl = "template:s11-mini:1") {
        std::map<std::string, json> f{{"template", tmpl}, {"round", round}, {"status", status}, {"due_date", due},
                                      {"title", round + " " + agency}};
        if (!caseAudit.empty()) f["case_audit"] = caseAudit;
        for (const auto& [q, v] : answers) f["a." + q] = v;
        add(id, "audit_return", agency, std::move(f));
    }

    void round(const std::string& id, const std::string& tmpl, const std::string& theme, const std::string& due) {
        add(id, "round", "BO",
            {{"title", "Round " + id}, {"template", tmpl}, {"theme", theme}, {"due_date", due},
             {"moderation_date", "2027-01-22"}, {"agencies", {"CSC", "HEA", "POL"}}});
    }

    void section11Rounds() {
        round("round-s11-2024", "template:s11-mini:1", "section11", "2024-12-13");
        ret("r24c", "round-s11-2024", "CSC", "closed", "2024-12-13",
            {{"S1.rating", "green"}, {"S1.moderated", "green"}, {"S2.rating", "green"}, {"S2.moderated", "amber"},
             {"S3.rating", "amber"}, {"S3.moderated", "amber"}});
        ret("r24h", "round-s11-2024", "HEA", "closed", "2024-12-13",
            {{"S1.rating", "amber"}, {"S1.moderated", "amber"}, {"S2.rating", "green"}, {"S2.moderated", "green"},
             {"S3.rating", "na"}, {"S3.moderated", "na"}});
        ret("r24p", "round-s11-2024", "POL", "closed", "2024-12-13",
            {{"S1.rating", "green"}, {"S1.moderated", "amber"}, {"S2.rating", "red"}, {"S2.moderated", "red"},
             {"S3.rating", "green"}, {"S3.moderated", "green"}});
        round("round-s11-2026", "template:s11-mini:1", "section11", "2026-11-27");
        ret("r26c", "round-s11-2026", "CSC", "moderated", "2026-11-27",
            {{"S1.rating", "green"}, {"S1.moderated", "amber"}, {"S2.rating", "green"}, {"S2.moderated", "green"},
             {"S3.rating", "red"}, {"S3.moderated", "red"}, {"D.declared", "yes"}});
        ret("r26h", "round-s11-2026", "HEA", "submitted", "2026-11-27",
            {{"S1.rating", "green"}, {"S2.rating", "amber"}, {"S3.rating", "na"}, {"D.declared", "yes"}});
        // A draft: its answers are not counted until it is handed in.
        ret("r26p", "round-s11-2026", "POL", "in_progress", "2026-11-27", {{"S1.rating", "green"}});
        input.records.back().fields["assignee"] = "pc.pol";
    }

    void caseAuditRounds() {
        const std::string ca = "template:ca-mini:1";
        round("round-da-2025", ca, "domestic_abuse", "2025-06-30");
        add("ca3", "case_audit", "CSC",
            {{"case_code", "ST-0100"},
             {"theme", "domestic_abuse"},
             {"round", "round-da-2025"},
             {"agreed_grade", "good"}});
        ret("rda1", "round-da-2025", "CSC", "approved", "2025-06-30", {{"G.grade", "good"}}, "ca3", ca);
        ret("rda2", "round-da-2025", "POL", "approved", "2025-06-30",
            {{"G.grade", "inadequate"}, {"G.moderated_grade", "requires_improvement"}}, "ca3", ca);
        ret("rda3", "round-da-2025", "HEA", "approved", "2025-06-30", {{"G.grade", "good"}}, "ca3", ca);

        round("round-neglect-2026", ca, "neglect", "2026-12-11");
        add("ca1", "case_audit", "CSC",
            {{"case_code", "ST-0001"}, {"theme", "neglect"}, {"round", "round-neglect-2026"},
             {"overall_grade", "requires_improvement"}, {"agreed_grade", "requires_improvement"},
             {"learning", "Health concerns reached social care late"}});
        add("ca2", "case_audit", "CSC",
            {{"case_code", "ST-0002"},
             {"theme", "neglect"},
             {"round", "round-neglect-2026"},
             {"overall_grade", "good"}});
        ret("n1c", "round-neglect-2026", "CSC", "moderated", "2026-12-11",
            {{"Q1", "yes"}, {"G.grade", "good"}, {"G.moderated_grade", "requires_improvement"}}, "ca1", ca);
        ret("n1h", "round-neglect-2026", "HEA", "approved", "2026-12-11", {{"Q1", "no"}, {"G.grade", "good"}}, "ca1",
            ca);
        ret("n1p", "round-neglect-2026", "POL", "submitted", "2026-12-11", {{"Q1", "yes"}, {"G.grade", "good"}}, "ca1",
            ca);
        ret("n2c", "round-neglect-2026", "CSC", "submitted", "2026-12-11", {{"G.grade", "inadequate"}}, "ca2", ca);
        ret("n2h", "round-neglect-2026", "HEA", "in_progress", "2026-12-11", {{"Q1", "yes"}, {"G.grade", "good"}},
            "ca2", ca);
        ret("n2p", "round-neglect-2026", "POL", "assigned", "2026-12-11", {}, "ca2", ca);
    }
};

json cellsOf(const json& doc, const std::string& table) {
    json out = json::array();
    for (const auto& row : doc.at("tables").at(table).at("rows")) out.push_back(row.at("cells"));
    return out;
}

json recordsOf(const json& doc, const std::string& table) {
    json out = json::array();
    for (const auto& row : doc.at("tables").at(table).at("rows")) out.push_back(row.at("records"));
    return out;
}

json columnKeys(const json& doc, const std::string& table) {
    json out = json::array();
    for (const auto& c : doc.at("tables").at(table).at("columns")) out.push_back(c.at("key"));
    return out;
}

}  // namespace

class TestFigures : public QObject {
    Q_OBJECT

    Fixture fixture_;
    json neglect_;    // the default round: the neglect case audit, latest due date
    json section11_;  // round-s11-2026, asked for by id

private slots:
    void initTestCase() {
        neglect_ = computeFigures(fixture_.input);
        FigureInput s11 = fixture_.input;
        s11.roundId = "round-s11-2026";
        section11_ = computeFigures(s11);
    }

    void deriveRag_data() {
        QTest::addColumn<QString>("status");
        QTest::addColumn<QString>("target");
        QTest::addColumn<QString>("override");
        QTest::addColumn<QString>("rag");
        QTest::newRow("passed") << "in_progress" << "2026-12-01" << "" << "red";
        QTest::newRow("due today") << "in_progress" << kToday.c_str() << "" << "amber";
        QTest::newRow("in 30 days") << "not_started" << "2027-01-01" << "" << "amber";
        QTest::newRow("in 31 days") << "not_started" << "2027-01-02" << "" << "green";
        QTest::newRow("no target date") << "in_progress" << "" << "" << "green";
        QTest::newRow("override wins over passed") << "in_progress" << "2020-01-01" << "green" << "green";
        QTest::newRow("override wins over far") << "returned" << "2030-01-01" << "red" << "red";
        QTest::newRow("closed: none") << "closed" << "2020-01-01" << "" << "";
        QTest::newRow("closed keeps no override") << "closed" << "2020-01-01" << "red" << "";
        QTest::newRow("superseded: none") << "superseded" << "2020-01-01" << "amber" << "";
        QTest::newRow("submitted for closure still rated") << "submitted_for_closure" << "2026-11-01" << "" << "red";
    }
    void deriveRag() {
        QFETCH(QString, status);
        QFETCH(QString, target);
        QFETCH(QString, override);
        QFETCH(QString, rag);
        QCOMPARE(QString::fromStdString(tandem::deriveRag(status.toStdString(), target.toStdString(),
                                                          override.toStdString(), kToday)),
                 rag);
    }

    void dayNumbers_data() {
        QTest::addColumn<QString>("date");
        QTest::addColumn<int>("daysBeforeToday");
        QTest::newRow("a week") << "2026-11-25" << 7;
        QTest::newRow("across a year end (2025 is not leap)") << "2025-12-02" << 365;
        QTest::newRow("across 29 Feb 2024") << "2024-12-02" << 365 + 365;
        QTest::newRow("Jul 31, Aug 31, Sep 30, Oct 31, Nov 30, +2") << "2026-06-30" << 155;
    }
    void dayNumbers() {
        QFETCH(QString, date);
        QFETCH(int, daysBeforeToday);
        const long today = *isoDayNumber(kToday);
        QCOMPARE(today - *isoDayNumber(date.toStdString()), long(daysBeforeToday));
        QCOMPARE(QString::fromStdString(isoDateOfDay(today - daysBeforeToday)), date);
        QVERIFY(!isoDayNumber("2026-02-30"));
    }

    void documentShape() {
        for (const json* doc : {&neglect_, &section11_}) {
            QCOMPARE(doc->at("partnership"), json("test-p"));
            COMPARE_JSON(doc->at("as_of"), (json{{"seq", 4321}, {"time", "2026-12-02T03:10:00Z"}, {"today", kToday}}));
            COMPARE_JSON(doc->at("period"), (json{{"from", "2026-09-03"}, {"to", kToday}}));
            QCOMPARE(doc->at("tables").size(), tableNames().size());
            for (const auto& name : tableNames()) {
                const auto& t = doc->at("tables").at(name);
                QVERIFY2(t.at("title").is_string() && t.at("rows").is_array(), name.c_str());
                for (const auto& row : t.at("rows")) QCOMPARE(row.at("cells").size(), t.at("columns").size());
            }
        }
        // Every round, latest due date first.
        json ids = json::array();
        for (const auto& r : neglect_.at("rounds")) ids.push_back(r.at("id"));
        COMPARE_JSON(ids, json({"round-neglect-2026", "round-s11-2026", "round-da-2025", "round-s11-2024"}));
    }

    void defaultRoundIsLatestDue() {
        QCOMPARE(defaultRound(fixture_.input), std::string("round-neglect-2026"));
        COMPARE_JSON(neglect_.at("round"), (json{{"id", "round-neglect-2026"},
                                                 {"title", "Round round-neglect-2026"},
                                                 {"template_key", "ca-mini"},
                                                 {"kind", "case_audit"},
                                                 {"theme", "neglect"},
                                                 {"due_date", "2026-12-11"},
                                                 {"moderation_date", "2027-01-22"},
                                                 {"previous", "round-da-2025"}}));
        QCOMPARE(section11_.at("round").at("previous"), json("round-s11-2024"));
        QVERIFY(hasRound(fixture_.input, "round-s11-2024"));
        QVERIFY(!hasRound(fixture_.input, "a01"));  // an action is not a round
    }

    void actionsByAgency() {
        // Columns: not_started, in_progress, submitted_for_closure, closed, returned, superseded, red, amber, green,
        // total. CSC: a03 in progress (override red), a04 closed, a08 superseded, a10 not started (no date: green).
        // HEA: a05 submitted (155 days late: red), a07 returned (red), a09 in progress (30 days left: amber).
        // POL: a01 late (red), a02 18 days left (amber), a06 and a11 closed, a12 late but overridden green.
        COMPARE_JSON(cellsOf(neglect_, "actions_by_agency"),
                     json({{"CSC", "Children's social care", 1, 1, 0, 1, 0, 1, 1, 0, 1, 4},
                           {"HEA", "Health trust", 0, 1, 1, 0, 1, 0, 2, 1, 0, 3},
                           {"POL", "Police", 1, 2, 0, 2, 0, 0, 1, 1, 1, 5}}));
        COMPARE_JSON(recordsOf(neglect_, "actions_by_agency").at(1), json({"a05", "a07", "a09"}));
    }

    void actionsByReview() {
        // R-ALPHA: a01 a02 a03 a04 a05 a12; R-BETA: a06 .. a11.
        COMPARE_JSON(cellsOf(neglect_, "actions_by_review"),
                     json({{"R-ALPHA", "Child A", 1, 3, 1, 1, 0, 0, 3, 1, 1, 6},
                           {"R-BETA", "Child B", 1, 1, 0, 2, 1, 1, 1, 1, 1, 6}}));
    }

    void overdueActions() {
        // Open and past the target date: a07 427 days (2025-10-01: 365 to 2026-10-01, then 30 + 31 + 1),
        // a05 155, a01 12 (10 left in November + 2), a12 1 (overridden green, still late).
        COMPARE_JSON(cellsOf(neglect_, "overdue_actions"),
                     json({{"R-BETA 1.2", "Action 1.2", "HEA", "2025-10-01", 427, "returned"},
                           {"R-ALPHA 2.2", "Action 2.2", "HEA", "2026-06-30", 155, "submitted_for_closure"},
                           {"R-ALPHA 1.1", "Action 1.1", "POL", "2026-11-20", 12, "in_progress"},
                           {"R-ALPHA 3.1", "Action 3.1", "POL", "2026-12-01", 1, "in_progress"}}));
    }

    void actionsClosed() {
        // Closed in [2026-09-03, 2026-12-02]: a04 on 2026-10-15 and a11 today; a06 (2026-08-01) is before it.
        COMPARE_JSON(
            cellsOf(neglect_, "actions_closed"),
            json({{"R-ALPHA 2.1", "Action 2.1", "CSC", "2026-10-15", "Re-audit shows plans reviewed", "2027-04-01"},
                  {"R-BETA 2.3", "Action 2.3", "POL", kToday, "Staff survey: 92% know the route, \"up from 40%\"",
                   ""}}));
    }

    void actionDrift() {
        // Days past the FIRST target date of open actions (a10 has none and is left out):
        // a02 and a03 not yet due; a01 12, a12 1, a09 63 (first 2026-09-30: 31 + 30 + 2; re-dated);
        // a05 246 (first 2026-03-31; re-dated); a07 520 (first 2025-06-30: 365 + 155; re-dated).
        COMPARE_JSON(
            cellsOf(neglect_, "action_drift"),
            json({{"not yet due", 2, 0}, {"1-90", 3, 1}, {"91-180", 0, 0}, {"181-365", 1, 1}, {"over 365", 1, 1}}));
        COMPARE_JSON(recordsOf(neglect_, "action_drift").at(1), json({"a01", "a09", "a12"}));
    }

    void returnRates() {
        // Section 11 2026: CSC moderated, HEA submitted, POL a draft 5 days past its due date.
        COMPARE_JSON(cellsOf(section11_, "return_rates"),
                     json({{"CSC", "Children's social care", 1, 1, 1, 100.0, 0},
                           {"HEA", "Health trust", 1, 1, 0, 100.0, 0},
                           {"POL", "Police", 1, 0, 0, 0.0, 1}}));
        // Neglect: two returns each; CSC both handed in, HEA one (approved), POL one (submitted); not yet due.
        COMPARE_JSON(cellsOf(neglect_, "return_rates"),
                     json({{"CSC", "Children's social care", 2, 2, 1, 100.0, 0},
                           {"HEA", "Health trust", 2, 1, 1, 50.0, 0},
                           {"POL", "Police", 2, 1, 0, 50.0, 0}}));
    }

    void lateReturns() {
        COMPARE_JSON(cellsOf(section11_, "late_returns"),
                     json({{"POL", "round-s11-2026 POL", "pc.pol", "in_progress", "2026-11-27", 5}}));
        COMPARE_JSON(cellsOf(neglect_, "late_returns"), json::array());
    }

    void gradesByTheme() {
        // Over every case-audit return, the moderated grade when set, drafts left out.
        // domestic_abuse: rda1 good, rda3 good, rda2 moderated to requires improvement: 2 of 3 = 66.7.
        // neglect: n1c moderated to requires improvement, n1h and n1p good, n2c inadequate (n2h is a
        // draft, n2p unanswered): good 2 of 4 = 50.0.
        const json want = json({{"domestic_abuse", "outstanding", 0, 0.0},
                                {"domestic_abuse", "good", 2, 66.7},
                                {"domestic_abuse", "requires_improvement", 1, 33.3},
                                {"domestic_abuse", "inadequate", 0, 0.0},
                                {"neglect", "outstanding", 0, 0.0},
                                {"neglect", "good", 2, 50.0},
                                {"neglect", "requires_improvement", 1, 25.0},
                                {"neglect", "inadequate", 1, 25.0}});
        COMPARE_JSON(cellsOf(neglect_, "grades_by_theme"), want);
        COMPARE_JSON(cellsOf(section11_, "grades_by_theme"), want);  // not about one round
    }

    void answersByQuestion() {
        // Handed-in neglect returns: n1c, n1h, n1p, n2c. Q1 answered by three of them (yes 2 of 3 = 66.7).
        COMPARE_JSON(cellsOf(neglect_, "answers_by_question"),
                     json({{"Q1", "Question Q1", "yes", "Yes", 2, 66.7},
                           {"Q1", "Question Q1", "no", "No", 1, 33.3},
                           {"Q1", "Question Q1", "na", "Not applicable", 0, 0.0},
                           {"G.grade", "Question G.grade", "outstanding", "Outstanding", 0, 0.0},
                           {"G.grade", "Question G.grade", "good", "Good", 3, 75.0},
                           {"G.grade", "Question G.grade", "requires_improvement", "Requires improvement", 0, 0.0},
                           {"G.grade", "Question G.grade", "inadequate", "Inadequate", 1, 25.0},
                           {"G.moderated_grade", "Question G.moderated_grade", "outstanding", "Outstanding", 0, 0.0},
                           {"G.moderated_grade", "Question G.moderated_grade", "good", "Good", 0, 0.0},
                           {"G.moderated_grade", "Question G.moderated_grade", "requires_improvement",
                            "Requires improvement", 1, 100.0},
                           {"G.moderated_grade", "Question G.moderated_grade", "inadequate", "Inadequate", 0, 0.0}}));
        COMPARE_JSON(recordsOf(neglect_, "answers_by_question").at(0), json({"n1c", "n1p"}));
        // Section 11 2026: S2.rating green (CSC) and amber (HEA), one each of two; POL's draft is not counted.
        const json s11 = cellsOf(section11_, "answers_by_question");
        QCOMPARE(s11.size(), size_t(6 * 4 + 2));
        COMPARE_JSON(s11.at(0), json({"S1.rating", "Question S1.rating", "green", "Green", 2, 100.0}));
        COMPARE_JSON(s11.at(8), json({"S2.rating", "Question S2.rating", "green", "Green", 1, 50.0}));
        COMPARE_JSON(s11.at(9), json({"S2.rating", "Question S2.rating", "amber", "Amber", 1, 50.0}));
        COMPARE_JSON(s11.at(19), json({"S3.rating", "Question S3.rating", "na", "Not applicable", 1, 50.0}));
        COMPARE_JSON(s11.at(24), json({"D.declared", "Question D.declared", "yes", "Yes", 2, 100.0}));
    }

    void selfVsModerated() {
        // Columns: self-rated, moderated, same, self higher, self lower.
        // CSC: S1 green moderated amber (higher), S2 green = green, S3 red = red. HEA not moderated yet
        // (its na counts as rated). POL's draft counts for nothing.
        COMPARE_JSON(cellsOf(section11_, "self_vs_moderated"),
                     json({{"CSC", 3, 3, 2, 1, 0}, {"HEA", 3, 0, 0, 0, 0}, {"POL", 0, 0, 0, 0, 0}}));
        // Case audits pair G.grade with G.moderated_grade: CSC good moderated to requires improvement.
        COMPARE_JSON(cellsOf(neglect_, "self_vs_moderated"),
                     json({{"CSC", 2, 1, 0, 1, 0}, {"HEA", 1, 0, 0, 0, 0}, {"POL", 1, 0, 0, 0, 0}}));
    }

    void section11Heatmap() {
        COMPARE_JSON(columnKeys(section11_, "section11_heatmap"), json({"agency", "S1", "S2", "S3"}));
        COMPARE_JSON(cellsOf(section11_, "section11_heatmap"),
                     json({{"CSC", "amber", "green", "red"}, {"HEA", "", "", ""}, {"POL", "", "", ""}}));
        // Not a Section 11 round: the table is there, empty.
        COMPARE_JSON(cellsOf(neglect_, "section11_heatmap"), json::array());
    }

    void roundComparison() {
        // 2024: 3 of 3 handed in; self RAG ratings (na left out) g g a / a g / g r g: green 5 of 8 = 62.5;
        // moderated g a a / a g / a r g: green 3 of 8 = 37.5.
        // 2026: 2 of 3 = 66.7; self g g r / g a: 3 of 5 = 60.0; moderated a g r: 1 of 3 = 33.3.
        COMPARE_JSON(cellsOf(section11_, "round_comparison"),
                     json({{"Returns assigned", 3, 3, 0},
                           {"Return rate", 100.0, 66.7, -33.3},
                           {"Standards self-rated green", 62.5, 60.0, -2.5},
                           {"Standards moderated green", 37.5, 33.3, -4.2},
                           {"Case audits good or better", nullptr, nullptr, nullptr}}));
        // Neglect 2026 against domestic abuse 2025 (same template): case audits by agreed grade, else
        // the lead's overall grade: 2025 ca3 good (1 of 1); 2026 ca1 requires improvement, ca2 good (1 of 2).
        COMPARE_JSON(cellsOf(neglect_, "round_comparison"),
                     json({{"Returns assigned", 3, 6, 3},
                           {"Return rate", 100.0, 66.7, -33.3},
                           {"Standards self-rated green", nullptr, nullptr, nullptr},
                           {"Standards moderated green", nullptr, nullptr, nullptr},
                           {"Case audits good or better", 100.0, 50.0, -50.0}}));
    }

    void roundComparisonWithoutPrevious() {
        FigureInput first = fixture_.input;
        first.roundId = "round-s11-2024";
        const json doc = computeFigures(first);
        QVERIFY(doc.at("round").at("previous").is_null());
        COMPARE_JSON(cellsOf(doc, "round_comparison").at(0), json({"Returns assigned", nullptr, 3, nullptr}));
    }

    void roundLearning() {
        // ST-0001: n1c (moderated), n1h and n1p graded; ST-0002: only n2c (n2h is a draft, n2p empty).
        COMPARE_JSON(cellsOf(neglect_, "round_learning"),
                     json({{"ST-0001", "requires_improvement", "Health concerns reached social care late", 3},
                           {"ST-0002", "", "", 1}}));
        COMPARE_JSON(recordsOf(neglect_, "round_learning"),
                     json({{"ca1", "n1c", "n1h", "n1p"}, {"ca2", "n2c", "n2h", "n2p"}}));
        COMPARE_JSON(cellsOf(section11_, "round_learning"), json::array());
    }

    void emptyPartnership() {
        FigureInput none;
        none.partnership = "empty";
        none.today = none.to = kToday;
        none.from = "2026-09-03";
        const json doc = computeFigures(none);
        QVERIFY(doc.at("round").is_null());
        QCOMPARE(doc.at("tables").size(), tableNames().size());
        // Drift always lists its five bands.
        COMPARE_JSON(
            cellsOf(doc, "action_drift"),
            json({{"not yet due", 0, 0}, {"1-90", 0, 0}, {"91-180", 0, 0}, {"181-365", 0, 0}, {"over 365", 0, 0}}));
        COMPARE_JSON(cellsOf(doc, "round_comparison"), json::array());
    }
};

QTEST_MAIN(TestFigures)
#include "tst_figures.moc"
