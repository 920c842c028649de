#include "DemoHistory.h"

#include "Ids.h"
#include "RecordWrites.h"
#include "Template.h"

#include <stdexcept>

namespace tandem::server {
namespace {

using nlohmann::json;
using Answers = std::map<std::string, std::string>;

constexpr const char* kPartnership = "st-helens";
constexpr const char* kOffice = "SHC-BO";
const std::vector<std::string> kSection11Agencies = {"MERPOL", "STH-CSC", "STHK", "STH-SCHOOLS"};

// Self and moderated ratings of standards S1..S10, written as one letter each (g, a, r, n = na).
std::string ratingOf(char c) {
    switch (c) {
        case 'g':
            return "green";
        case 'a':
            return "amber";
        case 'r':
            return "red";
        default:
            return "na";
    }
}

Answers ratings(const std::string& self, const std::string& moderated) {
    Answers out;
    for (size_t i = 0; i < self.size(); ++i) {
        const std::string s = "S" + std::to_string(i + 1);
        out[s + ".rating"] = ratingOf(self[i]);
        if (i < moderated.size()) out[s + ".moderated"] = ratingOf(moderated[i]);
    }
    return out;
}

// A plausible text for a free-text question, by what it asks.
std::string textFor(const std::string& code) {
    auto endsWith = [&](const char* s) { return code.ends_with(s); };
    if (endsWith("evidence"))
        return "Policy, minutes of the safeguarding committee and the 2024 internal audit; held by the named lead.";
    if (endsWith("gaps")) return "Not every team has had the refresher yet.";
    if (endsWith("improvement")) return "Complete the refresher for the remaining teams and re-audit.";
    if (endsWith("na_reason")) return "The agency does not recruit staff who work with children.";
    if (code == "R.completed_by_role") return "Named safeguarding lead";
    if (code == "R.senior_lead") return "Director responsible for safeguarding";
    if (code == "R.scope") return "All services, including commissioned services";
    if (code == "H.auditor_role") return "Safeguarding practice lead";
    if (code == "SOS.working_well") return "The child attends school regularly and has a trusted adult there.";
    if (code == "SOS.worried") return "Home conditions and missed health appointments.";
    if (code == "SOS.next") return "A joint home visit and a GCP2 assessment within four weeks.";
    return "Recorded in the agency's case records.";
}

// Answers every visible required question of `t` (and every one in `given`), in template order,
// so that a filled demo return would pass the same checks a device's submit does.
std::map<std::string, json> answerFields(const Template& t, const Answers& given, const std::string& date) {
    Answers a;
    auto lookup = [&](std::string_view code) -> std::optional<std::string> {
        auto it = a.find(std::string(code));
        if (it == a.end()) return std::nullopt;
        return it->second;
    };
    for (const auto& sec : t.sections)
        for (const auto& q : sec.questions) {
            auto g = given.find(q.code);
            if (g != given.end()) {
                a[q.code] = g->second;
                continue;
            }
            if (!q.required || !q.writer.empty() || !isVisible(q, lookup)) continue;
            if (q.type == "choice") {
                const auto values = t.allowedValues(q);
                auto has = [&](const char* v) { return std::find(values.begin(), values.end(), v) != values.end(); };
                a[q.code] = has("yes") ? "yes" : has("good") ? "good" : values.front();
            } else if (q.type == "date") {
                a[q.code] = date;
            } else if (q.type == "number") {
                a[q.code] = "0";
            } else {
                a[q.code] = textFor(q.code);
            }
        }
    std::map<std::string, json> out;
    for (const auto& [code, value] : a) {
        const auto* q = t.question(code);
        out["a." + code] = q && q->type == "number" ? json(std::stod(value)) : json(value);
    }
    return out;
}

class History {
public:
    explicit History(StoreSession& s) : s_(s) {}

    std::pair<std::string, Template> latestTemplate(const std::string& key) {
        std::string id;
        std::optional<Template> best;
        for (const auto& rec : s_.recordsOfKind("template")) {
            auto parsed = parseTemplate(s_.field(rec.id, "definition")->value);
            if (parsed.tmpl && parsed.tmpl->key == key && (!best || parsed.tmpl->version > best->version)) {
                id = rec.id;
                best = std::move(parsed.tmpl);
            }
        }
        if (!best) throw std::runtime_error("demo history: no template " + key);
        return {id, std::move(*best)};
    }

    const RecordRow* roundTitled(const std::string& title) {
        for (const auto& r : rounds_)
            if (text(r.id, "title") == title) return &r;
        throw std::runtime_error("demo history: no round \"" + title + "\"");
    }

    // The return of `agency` in `round` (for case audits: of `caseAudit`).
    RecordRow returnOf(const RecordRow& round, const std::string& agency, const std::string& caseAudit = {}) {
        for (const auto& r : returns_)
            if (r.owner == agency && text(r.id, "round") == round.id && text(r.id, "case_audit") == caseAudit) return r;
        throw std::runtime_error("demo history: no return of " + agency + " in " + round.id);
    }

    RecordRow caseAudit(const RecordRow& round, const std::string& caseCode) {
        for (const auto& r : s_.recordsOfKind("case_audit"))
            if (text(r.id, "round") == round.id && text(r.id, "case_code") == caseCode) return r;
        throw std::runtime_error("demo history: no case audit " + caseCode);
    }

    // Writes `fields` on an existing record at one new sequence, so devices pull it again.
    void update(RecordRow row, const std::map<std::string, json>& fields) { createRecord(s_, row, fields); }

    void load() {
        rounds_ = s_.recordsOfKind("round");
        returns_ = s_.recordsOfKind("audit_return");
    }

    std::string text(const std::string& id, const std::string& field) {
        auto f = s_.field(id, field);
        return f && f->value.is_string() ? f->value.get<std::string>() : std::string();
    }

    StoreSession& session() { return s_; }

private:
    StoreSession& s_;
    std::vector<RecordRow> rounds_, returns_;
};

// The 2024 Section 11 round, closed: every return answered, approved and moderated, some
// moderated below the agency's own view (what the 2026 round is compared with).
void addSection11Of2024(History& h) {
    const auto [tid, t] = h.latestTemplate("s11-self-assessment");
    RecordRow round;
    round.id = newUuid();
    round.kind = "round";
    round.partnership = kPartnership;
    round.owner = kOffice;
    round.contributing = kSection11Agencies;
    createRecord(h.session(), round,
                 {{"title", "Section 11 self-assessment 2024"},
                  {"template", tid},
                  {"theme", "section11"},
                  {"due_date", "2024-12-13"},
                  {"moderation_date", "2025-01-24"},
                  {"agencies", kSection11Agencies},
                  {"cases", json::array()},
                  {"status", "closed"}});
    const std::map<std::string, Answers> answers = {
        {"MERPOL", ratings("ggagaggagg", "gaagrggaag")},
        {"STH-CSC", ratings("gggaaggggg", "ggaaagagag")},
        {"STHK", ratings("gagggggagg", "gaaggggaag")},
        {"STH-SCHOOLS", ratings("agangggaag", "aaanaggarg")},
    };
    for (const auto& agency : kSection11Agencies) {
        RecordRow ret;
        ret.id = newUuid();
        ret.kind = "audit_return";
        ret.partnership = kPartnership;
        ret.owner = agency;
        auto fields = answerFields(t, answers.at(agency), "2024-12-06");
        fields.insert({{"template", tid},
                       {"round", round.id},
                       {"title", "Section 11 self-assessment 2024"},
                       {"status", "closed"},
                       {"due_date", "2024-12-13"},
                       {"moderator_note", "Agreed at the moderation panel of 24 January 2025."}});
        createRecord(h.session(), ret, fields);
    }
}

// The 2026 rounds part-way: children's social care moderated and the hospital trust approved in
// Section 11; one neglect case graded and agreed, the other with one return handed in.
void fillCurrentRounds(History& h) {
    const auto [s11, s11t] = h.latestTemplate("s11-self-assessment");
    const RecordRow& section11 = *h.roundTitled("Section 11 self-assessment 2026");
    auto csc = answerFields(s11t, ratings("ggagggggag", "gaagggagag"), "2026-11-20");
    csc.insert({{"status", "moderated"}, {"moderator_note", "S2 and S7 moderated to amber: evidence is from 2023."}});
    h.update(h.returnOf(section11, "STH-CSC"), csc);
    auto sthk = answerFields(s11t, ratings("gaggggaggg", ""), "2026-11-27");
    sthk.insert({{"status", "approved"}, {"lead_comment", "Approved; S2 gap is in the trust's improvement plan."}});
    h.update(h.returnOf(section11, "STHK"), sthk);

    // Not a structured binding: the lambda below captures it, which clang 14 cannot.
    const Template neglectT = h.latestTemplate("macfa-neglect").second;
    const RecordRow& audit = *h.roundTitled("Neglect case-file audit");
    const RecordRow first = h.caseAudit(audit, "STH-0412");
    auto graded = [&](const std::string& agency, const RecordRow& ca, const std::string& caseCode, const char* grade,
                      const char* moderated, const char* status) {
        Answers a{{"H.case_code", caseCode},
                  {"H.age_band", "0-4"},
                  {"H.plan_level", "child_in_need"},
                  {"N4", "partly"},
                  {"P1", "requires_improvement"},
                  {"G.grade", grade},
                  {"G.learning", "Earlier sharing of health visitor concerns would have brought the plan forward."}};
        if (*moderated) a["G.moderated_grade"] = moderated;
        auto fields = answerFields(neglectT, a, "2026-11-18");
        fields["status"] = status;
        h.update(h.returnOf(audit, agency, ca.id), fields);
    };
    graded("STH-CSC", first, "STH-0412", "good", "requires_improvement", "moderated");
    graded("STHK", first, "STH-0412", "requires_improvement", "requires_improvement", "moderated");
    h.update(first, {{"overall_grade", "requires_improvement"},
                     {"agreed_grade", "requires_improvement"},
                     {"learning",
                      "Neglect was recognised late: the health visitor's concerns about home conditions "
                      "reached children's social care four months after they were first recorded. GCP2 "
                      "training is to include health visitors, and the MASH is to log health referrals "
                      "on the day they arrive."}});
    graded("STH-CSC", h.caseAudit(audit, "STH-1187"), "STH-1187", "good", "", "submitted");
}

// Closure dates and evidence of impact on the closed actions, and one re-dated action.
void addActionHistory(History& h) {
    struct Closure {
        const char *id, *date, *evidence;
    };
    const Closure closures[] = {
        {"review:st-helens:SH-SCR-JSH:action:1.1", "2016-04-20",
         "Written assurances received from all twelve partner agencies and filed with the board minutes."},
        {"review:st-helens:SH-SCR-JSH:action:2.5", "2016-02-15",
         "Role description circulated; the 2016 multi-agency audit found every agency knew how to reach the school "
         "police officer."},
        {"review:knowsley:KN-SCR-R:action:3.1", "2016-08-30",
         "Survey of 1,240 pupils reported to the board in August."},
        {"review:knowsley:KN-SCR-R:action:6.1", "2016-07-12", "Guidance published; early help audit shows it is used."},
        {"review:hampshire:HA-SCR-M:action:1a.1", "2017-01-18", "Attendance recorded at four subgroup meetings."},
        {"review:hampshire:HA-SCR-M:action:1e.1", "2016-09-05", "Revised procedure in place; re-audit in 2017."},
    };
    for (const auto& c : closures) {
        auto row = h.session().record(c.id);
        if (!row || h.text(c.id, "status") != "closed") continue;  // a demo plan without this action
        h.update(*row, {{"closure_date", c.date}, {"closure_evidence", c.evidence}});
    }
    const std::string redated = "review:st-helens:SH-SCR-JSH:action:1.2";
    if (auto row = h.session().record(redated))
        h.update(*row,
                 {{"target_date_history",
                   json::array({{{"from", "2016-03-31"},
                                 {"to", "2016-06-30"},
                                 {"reason", "Agency training leads asked for a further quarter to return their needs."},
                                 {"by", "bo.sthelens"},
                                 {"on", "2016-03-10"}}})}});
}

}  // namespace

void addDemoHistory(Store& store) {
    store.write([](StoreSession& s) {
        History h(s);
        h.load();
        addSection11Of2024(h);
        fillCurrentRounds(h);
        addActionHistory(h);
    });
}

}  // namespace tandem::server
