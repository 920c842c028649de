#include "Figures.h"

#include "FiguresTables.h"
#include "Rag.h"

#include <algorithm>
#include <cmath>

namespace tandem::figures {
namespace detail {

Snapshot::Snapshot(const FigureInput& input) : in(input), today(isoDayNumber(input.today).value_or(0)) {
    for (const auto& r : input.records) byId.emplace(r.id, &r);
    for (const auto& [id, r] : byId) {
        if (r->kind == "review")
            reviews.push_back(r);
        else if (r->kind == "action")
            actions.push_back(r);
        else if (r->kind == "round")
            rounds.push_back(r);
        else if (r->kind == "audit_return")
            returns.push_back(r);
        else if (r->kind == "case_audit")
            caseAudits.push_back(r);
        else if (r->kind == "template") {
            auto it = r->fields.find("definition");
            if (it == r->fields.end()) continue;
            auto parsed = parseTemplate(it->second);
            if (parsed.tmpl) templates.emplace(id, std::move(*parsed.tmpl));
        }
    }
    for (const auto& a : input.agencies) agencyNames[a.code] = a.name;
    round = record(input.roundId.empty() ? defaultRound(input) : input.roundId);
    if (round && round->kind != "round") round = nullptr;
    if (!round) return;
    // The previous round: same template key, the latest due date before this one's.
    const std::string key = templateKey(*round), due = round->text("due_date");
    for (const auto* r : rounds) {
        if (r == round || templateKey(*r) != key || r->text("due_date") >= due) continue;
        if (!previous || r->text("due_date") > previous->text("due_date")) previous = r;
    }
}

const FigureRecord* Snapshot::record(const std::string& id) const {
    auto it = byId.find(id);
    return it == byId.end() ? nullptr : it->second;
}

const Template* Snapshot::templateOf(const FigureRecord& r) const {
    auto it = templates.find(r.text("template"));
    return it == templates.end() ? nullptr : &it->second;
}

std::string Snapshot::templateKey(const FigureRecord& round) const {
    if (const auto* t = templateOf(round)) return t->key;
    const auto* tr = record(round.text("template"));
    return tr ? tr->text("key") : std::string();
}

std::vector<const FigureRecord*> Snapshot::returnsOf(const FigureRecord* r) const {
    std::vector<const FigureRecord*> out;
    if (!r) return out;
    for (const auto* ret : returns)
        if (ret->text("round") == r->id) out.push_back(ret);
    return out;
}

std::vector<const FigureRecord*> Snapshot::caseAuditsOf(const FigureRecord* r) const {
    std::vector<const FigureRecord*> out;
    if (!r) return out;
    for (const auto* ca : caseAudits)
        if (ca->text("round") == r->id) out.push_back(ca);
    return out;
}

std::vector<std::string> Snapshot::agenciesOf(const FigureRecord* r) const {
    std::vector<std::string> out;
    if (!r) return out;
    auto it = r->fields.find("agencies");
    if (it != r->fields.end() && it->second.is_array())
        for (const auto& a : it->second)
            if (a.is_string()) out.push_back(a.get<std::string>());
    for (const auto* ret : returnsOf(r)) out.push_back(ret->owner);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

std::string Snapshot::agencyName(const std::string& code) const {
    auto it = agencyNames.find(code);
    return it == agencyNames.end() ? code : it->second;
}

TableBuilder::TableBuilder(std::string title)
    : table_{{"title", std::move(title)}, {"columns", json::array()}, {"rows", json::array()}} {}

TableBuilder& TableBuilder::column(std::string key, std::string label, std::string type) {
    table_["columns"].push_back({{"key", std::move(key)}, {"label", std::move(label)}, {"type", std::move(type)}});
    return *this;
}

void TableBuilder::row(json cells, std::vector<std::string> records) {
    table_["rows"].push_back({{"cells", std::move(cells)}, {"records", std::move(records)}});
}

json TableBuilder::take() { return std::move(table_); }

json percent(long part, long whole) {
    if (whole <= 0) return nullptr;
    // std::round rounds halves away from zero; tenths of a percent are 1000 * part / whole.
    return std::round(1000.0 * double(part) / double(whole)) / 10.0;
}

std::optional<long> daysSince(const Snapshot& s, std::string_view date) {
    const auto d = isoDayNumber(date);
    if (!d) return std::nullopt;
    return s.today - *d;
}

bool submittedOrLater(std::string_view st) { return st == "submitted" || approvedOrLater(st); }

bool approvedOrLater(std::string_view st) {
    return st == "approved" || st == "received" || st == "moderated" || st == "closed";
}

std::optional<int> ratingRank(std::string_view v) {
    static const std::map<std::string_view, int> ranks = {{"green", 3},       {"amber", 2}, {"red", 1},
                                                          {"outstanding", 4}, {"good", 3},  {"requires_improvement", 2},
                                                          {"inadequate", 1}};
    auto it = ranks.find(v);
    if (it == ranks.end()) return std::nullopt;
    return it->second;
}

std::vector<ModeratedPair> moderatedPairs(const Template& t) {
    std::vector<ModeratedPair> out;
    for (const auto& sec : t.sections)
        for (const auto& m : sec.questions) {
            if (m.type != "choice" || m.writer != "business_office") continue;
            // Its self-assessed twin: the section's first agency choice question on the same scale.
            for (const auto& q : sec.questions)
                if (q.type == "choice" && q.writer.empty() && t.allowedValues(q) == t.allowedValues(m)) {
                    out.push_back({sec.code, q.code, m.code});
                    break;
                }
        }
    return out;
}

std::string answer(const FigureRecord& ret, const std::string& question) { return ret.text("a." + question); }

std::vector<std::string> idsOf(const std::vector<const FigureRecord*>& records) {
    std::vector<std::string> ids;
    for (const auto* r : records) ids.push_back(r->id);
    return ids;
}

}  // namespace detail

std::string FigureRecord::text(const std::string& field) const {
    auto it = fields.find(field);
    if (it == fields.end()) return {};
    if (it->second.is_string()) return it->second.get<std::string>();
    if (it->second.is_number()) return it->second.dump();
    return {};
}

const std::vector<std::string>& tableNames() {
    static const std::vector<std::string> names = {
        "actions_by_agency", "actions_by_review", "overdue_actions", "actions_closed",      "action_drift",
        "return_rates",      "late_returns",      "grades_by_theme", "answers_by_question", "self_vs_moderated",
        "section11_heatmap", "round_comparison",  "round_learning"};
    return names;
}

std::string defaultRound(const FigureInput& input) {
    const FigureRecord* best = nullptr;
    for (const auto& r : input.records) {
        if (r.kind != "round") continue;
        if (!best || r.text("due_date") > best->text("due_date") ||
            (r.text("due_date") == best->text("due_date") && r.id > best->id))
            best = &r;
    }
    return best ? best->id : std::string();
}

bool hasRound(const FigureInput& input, std::string_view roundId) {
    return std::any_of(input.records.begin(), input.records.end(),
                       [&](const FigureRecord& r) { return r.kind == "round" && r.id == roundId; });
}

nlohmann::json computeFigures(const FigureInput& input) {
    using namespace detail;
    const Snapshot s(input);
    auto roundSummary = [&](const FigureRecord& r) {
        const auto* t = s.templateOf(r);
        return json{{"id", r.id},
                    {"title", r.text("title")},
                    {"template_key", s.templateKey(r)},
                    {"kind", t ? t->kind : std::string()},
                    {"due_date", r.text("due_date")}};
    };
    json round = nullptr;
    if (s.round) {
        round = roundSummary(*s.round);
        round["theme"] = s.round->text("theme");
        round["moderation_date"] = s.round->text("moderation_date");
        round["previous"] = s.previous ? json(s.previous->id) : json(nullptr);
    }
    // Latest due date first: the order a picker offers them in.
    std::vector<const FigureRecord*> byDue = s.rounds;
    std::stable_sort(byDue.begin(), byDue.end(), [](const FigureRecord* a, const FigureRecord* b) {
        return a->text("due_date") > b->text("due_date");
    });
    json rounds = json::array();
    for (const auto* r : byDue) rounds.push_back(roundSummary(*r));

    json tables = {{"actions_by_agency", actionsByAgency(s)},
                   {"actions_by_review", actionsByReview(s)},
                   {"overdue_actions", overdueActions(s)},
                   {"actions_closed", actionsClosed(s)},
                   {"action_drift", actionDrift(s)},
                   {"return_rates", returnRates(s)},
                   {"late_returns", lateReturns(s)},
                   {"grades_by_theme", gradesByTheme(s)},
                   {"answers_by_question", answersByQuestion(s)},
                   {"self_vs_moderated", selfVsModerated(s)},
                   {"section11_heatmap", section11Heatmap(s)},
                   {"round_comparison", roundComparison(s)},
                   {"round_learning", roundLearning(s)}};
    return {{"partnership", input.partnership},
            {"as_of", {{"seq", input.seq}, {"time", input.time}, {"today", input.today}}},
            {"period", {{"from", input.from}, {"to", input.to}}},
            {"round", std::move(round)},
            {"rounds", std::move(rounds)},
            {"tables", std::move(tables)}};
}

}  // namespace tandem::figures
