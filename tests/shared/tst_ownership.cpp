// The ownership table against an expectation written out by hand from sync-design.md's writer
// classes: for every rule and every way a user can stand to a record, the precedence rank the
// user gets (or that they may not write at all). Also the value shapes per field type and rule
// lookup. A new rule without a hand-written row here fails the test, on purpose.
#include "Ownership.h"

#include <nlohmann/json.hpp>

#include <QtTest>

using namespace tandem;
using nlohmann::json;
using K = RecordKind;

namespace {

// How one user can stand to one record. Columns of the expectation strings, in this order.
struct ActorVariant {
    const char* name;
    Actor actor;
};

Actor make(Role role, bool bo, bool owner, bool supporting, bool contributing, bool assignee) {
    Actor a;
    a.role = role;
    a.businessOffice = bo;
    a.owner = owner;
    a.supporting = supporting;
    a.contributing = contributing;
    a.assignee = assignee;
    return a;
}

const std::vector<ActorVariant>& variants() {
    using R = Role;
    static const std::vector<ActorVariant> v{
        {"bo", make(R::BusinessOffice, true, false, false, false, false)},      // BO of the partnership
        {"bo_own", make(R::BusinessOffice, true, true, false, false, false)},   // BO that leads the record
        {"pr_asg", make(R::Practitioner, false, true, false, false, true)},     // owner practitioner, assigned
        {"pr", make(R::Practitioner, false, true, false, false, false)},        // owner practitioner, not assigned
        {"lead", make(R::AgencyLead, false, true, false, false, false)},        // owner agency lead
        {"sup", make(R::Practitioner, false, false, true, false, false)},       // supporting agency practitioner
        {"sup_lead", make(R::AgencyLead, false, false, true, false, false)},    // supporting agency lead
        {"con", make(R::Practitioner, false, false, false, true, false)},       // contributing agency practitioner
        {"con_lead", make(R::AgencyLead, false, false, false, true, false)},    // contributing agency lead
        {"other", make(R::Practitioner, false, false, false, false, false)},    // unrelated agency
        {"other_lead", make(R::AgencyLead, false, false, false, false, false)}, // unrelated agency lead
        {"other_bo", make(R::BusinessOffice, false, false, false, false, false)},  // BO of another partnership
        {"board", make(R::Board, false, false, false, false, false)},
        {"board_flags", make(R::Board, true, true, true, true, true)},  // the board never writes, whatever else
    };
    return v;
}

// Expected ranks, one token per variant above ("-": may not write). Written by hand.
//                                  bo bo_own pr_asg pr lead sup sup_lead con con_lead other other_lead other_bo board board_flags
constexpr const char* kBoOnly      = "0 0 - - - - - - - - - - - -";
constexpr const char* kNobody      = "- - - - - - - - - - - - - -";
constexpr const char* kActionStat  = "2 0 0 0 0 1 1 - - - - - - -";  // lead agency, supporting, BO
constexpr const char* kActionWork  = "- 0 0 0 0 1 1 - - - - - - -";  // lead agency, supporting
constexpr const char* kUpdateOwner = "- 0 0 0 0 - - - - - - - - -";  // the author's agency
constexpr const char* kLeadOnly    = "- - - - 0 - - - - - - - - -";  // the owner agency's lead only
constexpr const char* kReturnStat  = "1 0 0 - 0 - - - - - - - - -";  // completing agency (assignee or lead), BO
constexpr const char* kAnswers     = "- 0 0 - 0 - - - - - - - - -";  // completing agency (assignee or lead)
constexpr const char* kReturnWhy   = "0 0 1 - 1 - - - - - - - - -";  // BO, then completing agency
constexpr const char* kCaseOverall = "- 0 0 0 0 - - 1 1 - - - - -";  // lead agency, contributing agencies

struct Expected {
    K kind;
    const char* field;
    const char* ranks;
};

const std::vector<Expected>& expectations() {
    static const std::vector<Expected> e{
        {K::Agency, "case_code_pattern", kNobody},  // mirrored by the server (PartnershipSettings.h)
        {K::Agency, "*", kBoOnly},
        {K::Template, "*", kNobody},
        {K::Review, "code", kBoOnly},
        {K::Review, "title", kBoOnly},
        {K::Review, "review_type", kBoOnly},
        {K::Finding, "review", kBoOnly},
        {K::Finding, "no", kBoOnly},
        {K::Finding, "text", kBoOnly},
        {K::Recommendation, "finding", kBoOnly},
        {K::Recommendation, "no", kBoOnly},
        {K::Recommendation, "text", kBoOnly},
        // Action: title, description, target date, priority, closure decision: business office.
        {K::Action, "review", kBoOnly},
        {K::Action, "recommendation", kBoOnly},
        {K::Action, "no", kBoOnly},
        {K::Action, "title", kBoOnly},
        {K::Action, "description", kBoOnly},
        {K::Action, "target_date", kBoOnly},
        {K::Action, "target_date_reason", kBoOnly},
        {K::Action, "priority", kBoOnly},
        {K::Action, "lead_agency", kBoOnly},
        {K::Action, "supporting_agencies", kBoOnly},
        {K::Action, "closure_decision", kBoOnly},
        {K::Action, "closure_evidence", kBoOnly},
        {K::Action, "retest_date", kBoOnly},
        {K::Action, "closure_date", kBoOnly},
        {K::Action, "source", kBoOnly},
        {K::Action, "target_date_history", kNobody},  // appended by the server
        {K::Action, "anonymised", kNobody},           // set by retention
        // Status, progress, lead officer, proposed RAG: owner agency, then supporting agencies.
        {K::Action, "status", kActionStat},
        {K::Action, "progress", kActionWork},
        {K::Action, "lead_officer", kActionWork},
        {K::Action, "rag_override", kActionWork},
        {K::Action, "rag_override_reason", kActionWork},
        // Action update: its author's agency; approval by that agency's lead; server stamps.
        {K::ActionUpdate, "action", kUpdateOwner},
        {K::ActionUpdate, "narrative", kUpdateOwner},
        {K::ActionUpdate, "proposed_rag", kUpdateOwner},
        {K::ActionUpdate, "approved", kLeadOnly},
        {K::ActionUpdate, "author", kNobody},
        {K::ActionUpdate, "created_at", kNobody},
        {K::Round, "review", kNobody},  // the learning review, made with the round
        {K::Round, "*", kBoOnly},
        // Audit return: answers and self scores the completing agency's, moderation the BO's.
        {K::AuditReturn, "status", kReturnStat},
        {K::AuditReturn, "assignee", kLeadOnly},
        {K::AuditReturn, "lead_comment", kLeadOnly},
        {K::AuditReturn, "a.*", kAnswers},
        {K::AuditReturn, "moderator_note", kBoOnly},
        {K::AuditReturn, "return_reason", kReturnWhy},
        {K::AuditReturn, "template", kNobody},
        {K::AuditReturn, "round", kNobody},
        {K::AuditReturn, "case_audit", kNobody},
        {K::AuditReturn, "title", kNobody},
        {K::AuditReturn, "due_date", kBoOnly},
        {K::AuditReturn, "send_to", kLeadOnly},  // the partnerships that get a copy on approval
        {K::AuditReturn, "send_results", kNobody},
        {K::AuditReturn, "copied_from", kNobody},
        {K::AuditReturn, "closed_date", kNobody},
        {K::AuditReturn, "anonymised", kNobody},
        // Multi-agency case audit: overall grade and summary by the lead agency, then the rest.
        {K::CaseAudit, "case_code", kBoOnly},
        {K::CaseAudit, "theme", kBoOnly},
        {K::CaseAudit, "round", kNobody},
        {K::CaseAudit, "contributing_agencies", kBoOnly},
        {K::CaseAudit, "overall_grade", kCaseOverall},
        {K::CaseAudit, "summary", kCaseOverall},
        {K::CaseAudit, "agreed_grade", kBoOnly},
        {K::CaseAudit, "learning", kBoOnly},
    };
    return e;
}

QString ranksOf(const OwnershipRule& rule, K kind) {
    QStringList out;
    for (const auto& v : variants()) {
        const auto r = writerRank(rule, kind, v.actor);
        out << (r ? QString::number(*r) : QStringLiteral("-"));
    }
    return out.join(' ');
}

QString label(K kind, std::string_view field) {
    return QString::fromLatin1(toString(kind).data(), qsizetype(toString(kind).size())) + '.' +
           QString::fromLatin1(field.data(), qsizetype(field.size()));
}

// A field name that the rule covers: the name itself, or a name under a wildcard prefix.
std::string probeField(std::string_view pattern) {
    if (!pattern.empty() && pattern.back() == '*') return std::string(pattern.substr(0, pattern.size() - 1)) + "x1";
    return std::string(pattern);
}

QString describe(const OwnershipRule* r) {
    if (!r) return QStringLiteral("null");
    QStringList writers;
    for (auto w : r->writers) writers << QString::fromLatin1(toString(w).data(), qsizetype(toString(w).size()));
    return QString::fromLatin1(r->field.data(), qsizetype(r->field.size())) + '|' + writers.join(',') +
           (r->agencyLeadOnly ? QStringLiteral("|lead") : QString());
}

// Value cells: JSON text, or "@str:N" (N ASCII bytes), "@utf8:N" (N two-byte characters),
// "@list:N" (a list holding one agency code of N bytes).
json valueOf(const QString& cell) {
    auto n = [&](const char* prefix) { return cell.mid(qsizetype(strlen(prefix))).toInt(); };
    if (cell.startsWith("@str:")) return std::string(size_t(n("@str:")), 'x');
    if (cell.startsWith("@utf8:")) {
        std::string s;
        for (int i = 0; i < n("@utf8:"); ++i) s += "\xC3\xA9";  // é
        return s;
    }
    if (cell.startsWith("@list:")) return json::array({std::string(size_t(n("@list:")), 'A')});
    return json::parse(cell.toStdString());
}

}  // namespace

Q_DECLARE_METATYPE(FieldType)

class TestOwnership : public QObject {
    Q_OBJECT

private slots:
    void writerRanks_data() {
        QTest::addColumn<int>("index");
        QTest::addColumn<QString>("expected");
        const auto table = ownershipTable();
        for (size_t i = 0; i < table.size(); ++i) {
            const auto& rule = table[i];
            QString expected = QStringLiteral("no hand-written expectation for this rule");
            for (const auto& e : expectations())
                if (e.kind == rule.kind && rule.field == e.field) expected = QString::fromLatin1(e.ranks);
            QTest::newRow(qPrintable(label(rule.kind, rule.field))) << int(i) << expected;
        }
    }

    void writerRanks() {
        QFETCH(int, index);
        QFETCH(QString, expected);
        const OwnershipRule& rule = ownershipTable()[size_t(index)];
        // Columns: bo bo_own pr_asg pr lead sup sup_lead con con_lead other other_lead other_bo board board_flags
        QCOMPARE(ranksOf(rule, rule.kind), expected);
    }

    // Every hand-written row names a rule that exists, so a renamed field shows up here.
    void everyExpectationHasARule() {
        for (const auto& e : expectations()) {
            bool found = false;
            for (const auto& r : ownershipTable()) found = found || (r.kind == e.kind && r.field == e.field);
            QVERIFY2(found, qPrintable(label(e.kind, e.field) + " is expected but not in the table"));
        }
        QCOMPARE(expectations().size(), ownershipTable().size());
    }

    // Moderation questions of a template (`writer: business_office`) are the business office's.
    void moderatedAnswerRanks() {
        const OwnershipRule* r = findRule(K::AuditReturn, "a.S1.moderated", "business_office");
        QVERIFY(r);
        QCOMPARE(ranksOf(*r, K::AuditReturn), QString::fromLatin1(kBoOnly));
    }

    // An empty writer list means nobody on a device, whatever their standing.
    void emptyWritersMeansNobody() {
        for (const auto& rule : ownershipTable()) {
            if (!rule.writers.empty()) continue;
            QCOMPARE(ranksOf(rule, rule.kind), QString::fromLatin1(kNobody));
        }
    }

    // Every rule is reachable: no earlier rule shadows it.
    void everyRuleIsFound() {
        for (const auto& rule : ownershipTable()) {
            const std::string probe = probeField(rule.field);
            QVERIFY2(findRule(rule.kind, probe) == &rule,
                     qPrintable(label(rule.kind, probe) + " finds " + describe(findRule(rule.kind, probe))));
        }
    }

    void ruleLookup_data() {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("questionWriter");
        QTest::addColumn<QString>("expected");

        QTest::newRow("action title") << int(K::Action) << "title" << "" << "title|business_office";
        QTest::newRow("action status") << int(K::Action) << "status" << ""
                                       << "status|owner_agency,supporting_agency,business_office";
        QTest::newRow("unknown action field") << int(K::Action) << "colour" << "" << "null";
        QTest::newRow("empty field") << int(K::Action) << "" << "" << "null";
        QTest::newRow("answer field on an action") << int(K::Action) << "a.S1.rating" << "" << "null";
        QTest::newRow("case-sensitive names") << int(K::Action) << "Title" << "" << "null";
        QTest::newRow("answer") << int(K::AuditReturn) << "a.S1.rating" << "" << "a.*|owner_agency";
        QTest::newRow("answer, other writer text") << int(K::AuditReturn) << "a.S1.rating" << "agency" << "a.*|owner_agency";
        QTest::newRow("moderated answer") << int(K::AuditReturn) << "a.S1.moderated" << "business_office"
                                          << "a.*|business_office";
        QTest::newRow("questionWriter does not change non-answers")
            << int(K::AuditReturn) << "status" << "business_office" << "status|owner_agency,business_office";
        QTest::newRow("bare answer prefix") << int(K::AuditReturn) << "a." << "" << "null";
        QTest::newRow("prefix without dot") << int(K::AuditReturn) << "a" << "" << "null";
        QTest::newRow("other prefix") << int(K::AuditReturn) << "b.S1" << "" << "null";
        QTest::newRow("return assignee") << int(K::AuditReturn) << "assignee" << "" << "assignee|owner_agency|lead";
        QTest::newRow("update approval") << int(K::ActionUpdate) << "approved" << "" << "approved|owner_agency|lead";
        QTest::newRow("update author is server-set") << int(K::ActionUpdate) << "author" << "" << "author|";
        QTest::newRow("agency wildcard") << int(K::Agency) << "name" << "" << "*|business_office";
        QTest::newRow("agency wildcard needs a name") << int(K::Agency) << "" << "" << "null";
        QTest::newRow("template wildcard") << int(K::Template) << "definition" << "" << "*|";
        QTest::newRow("round wildcard") << int(K::Round) << "due_date" << "" << "*|business_office";
        QTest::newRow("review has no status") << int(K::Review) << "status" << "" << "null";
        QTest::newRow("case audit answers are not a case audit field") << int(K::CaseAudit) << "a.x" << "" << "null";
    }

    void ruleLookup() {
        QFETCH(int, kind);
        QFETCH(QString, field);
        QFETCH(QString, questionWriter);
        QFETCH(QString, expected);
        const std::string f = field.toStdString(), w = questionWriter.toStdString();
        QCOMPARE(describe(tandem::findRule(K(kind), f, w)), expected);
    }

    void valueShape_data() {
        QTest::addColumn<FieldType>("type");
        QTest::addColumn<QString>("value");
        QTest::addColumn<bool>("ok");
        using F = FieldType;
        const struct {
            F type;
            const char* name;
            const char* value;
            bool ok;
        } rows[] = {
            {F::Text, "text", R"("plain")", true},
            {F::Text, "text", R"("")", true},
            {F::Text, "text", "null", true},
            {F::Text, "text", "@str:20000", true},
            {F::Text, "text", "@str:20001", false},
            {F::Text, "text", "@utf8:10000", true},   // 20000 bytes
            {F::Text, "text", "@utf8:10001", false},  // 20002 bytes, 10001 characters
            {F::Text, "text", "5", false},
            {F::Text, "text", "true", false},
            {F::Text, "text", "[]", false},
            {F::Text, "text", R"({"a":1})", false},
            {F::Date, "date", R"("2024-02-29")", true},
            {F::Date, "date", R"("2023-02-29")", false},
            {F::Date, "date", R"("2000-02-29")", true},
            {F::Date, "date", R"("1900-02-29")", false},
            {F::Date, "date", R"("2024-12-31")", true},
            {F::Date, "date", R"("2024-04-31")", false},
            {F::Date, "date", R"("2024-13-01")", false},
            {F::Date, "date", R"("2024-00-10")", false},
            {F::Date, "date", R"("2024-01-00")", false},
            {F::Date, "date", R"("2024-1-01")", false},
            {F::Date, "date", R"("20240101")", false},
            {F::Date, "date", R"("2024-02-29T00:00:00Z")", false},
            {F::Date, "date", R"("")", true},
            {F::Date, "date", "null", true},
            {F::Date, "date", "20240101", false},
            {F::ActionStatus, "action status", R"("not_started")", true},
            {F::ActionStatus, "action status", R"("in_progress")", true},
            {F::ActionStatus, "action status", R"("submitted_for_closure")", true},
            {F::ActionStatus, "action status", R"("closed")", true},
            {F::ActionStatus, "action status", R"("returned")", true},
            {F::ActionStatus, "action status", R"("superseded")", true},
            {F::ActionStatus, "action status", R"("IN_PROGRESS")", false},
            {F::ActionStatus, "action status", R"("approved")", false},
            {F::ActionStatus, "action status", R"("")", false},
            {F::ActionStatus, "action status", "null", false},
            {F::ActionStatus, "action status", "1", false},
            {F::ReturnStatus, "return status", R"("assigned")", true},
            {F::ReturnStatus, "return status", R"("in_progress")", true},
            {F::ReturnStatus, "return status", R"("submitted")", true},
            {F::ReturnStatus, "return status", R"("approved")", true},
            {F::ReturnStatus, "return status", R"("returned")", true},
            {F::ReturnStatus, "return status", R"("received")", true},
            {F::ReturnStatus, "return status", R"("moderated")", true},
            {F::ReturnStatus, "return status", R"("closed")", true},
            {F::ReturnStatus, "return status", R"("superseded")", false},
            {F::ReturnStatus, "return status", "null", false},
            {F::ReturnStatus, "return status", R"(["closed"])", false},
            {F::Rag, "rag", R"("red")", true},
            {F::Rag, "rag", R"("amber")", true},
            {F::Rag, "rag", R"("green")", true},
            {F::Rag, "rag", R"("")", true},
            {F::Rag, "rag", "null", true},
            {F::Rag, "rag", R"("Red")", false},
            {F::Rag, "rag", R"("blue")", false},
            {F::Rag, "rag", "1", false},
            {F::AgencyList, "agency list", "[]", true},
            {F::AgencyList, "agency list", R"(["MERPOL","STH-CSC"])", true},
            {F::AgencyList, "agency list", "@list:64", true},
            {F::AgencyList, "agency list", "@list:65", false},
            {F::AgencyList, "agency list", R"("MERPOL")", false},
            {F::AgencyList, "agency list", "[1]", false},
            {F::AgencyList, "agency list", "[null]", false},
            {F::AgencyList, "agency list", "null", false},
            {F::AgencyList, "agency list", R"({"MERPOL":true})", false},
            {F::Boolean, "boolean", "true", true},
            {F::Boolean, "boolean", "false", true},
            {F::Boolean, "boolean", R"("true")", false},
            {F::Boolean, "boolean", "1", false},
            {F::Boolean, "boolean", "null", false},
            {F::Json, "json", "{}", true},
            {F::Json, "json", "[]", true},
            {F::Json, "json", R"("{}")", false},
            {F::Json, "json", "null", false},
            {F::Json, "json", "1", false},
            {F::Answer, "answer", R"("green")", true},  // the template decides, not the table
            {F::Answer, "answer", "3.5", true},
            {F::Answer, "answer", "null", true},
        };
        for (const auto& r : rows)
            QTest::addRow("%s %s", r.name, r.value) << r.type << QString::fromLatin1(r.value) << r.ok;
    }

    void valueShape() {
        QFETCH(FieldType, type);
        QFETCH(QString, value);
        QFETCH(bool, ok);
        const auto problem = checkValueShape(type, valueOf(value));
        if (ok) QVERIFY2(!problem, problem ? problem->c_str() : "");
        else QVERIFY2(problem && !problem->empty(), "a bad value must be refused with a sentence");
    }
};

QTEST_MAIN(TestOwnership)
#include "tst_ownership.moc"
