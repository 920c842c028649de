// The action-plan tables: counts by status and RAG per lead agency and per review, the overdue
// list, actions closed in the period, and drift (how long open actions have run past their first
// target date).
#include "FiguresTables.h"
#include "Rag.h"

#include <algorithm>
#include <array>
#include <climits>
#include <tuple>

namespace tandem::figures::detail {
namespace {

constexpr std::array<std::pair<const char*, const char*>, 6> kStatuses{{
    {"not_started", "Not started"},
    {"in_progress", "In progress"},
    {"submitted_for_closure", "Submitted for closure"},
    {"closed", "Closed"},
    {"returned", "Returned"},
    {"superseded", "Superseded"},
}};
constexpr std::array<std::pair<const char*, const char*>, 3> kRags{
    {{"red", "Red"}, {"amber", "Amber"}, {"green", "Green"}}};

std::string leadOf(const FigureRecord& a) {
    const std::string lead = a.text("lead_agency");
    return lead.empty() ? a.owner : lead;
}

bool isOpen(const FigureRecord& a) {
    const std::string st = a.text("status");
    return st != "closed" && st != "superseded";
}

std::string rag(const Snapshot& s, const FigureRecord& a) {
    return deriveRag(a.text("status"), a.text("target_date"), a.text("rag_override"), s.in.today);
}

std::string reviewCode(const Snapshot& s, const FigureRecord& a) {
    const auto* review = s.record(a.text("review"));
    return review ? review->text("code") : std::string();
}

// "SH-SCR-JSH 2.1": the reference people use for an action in a meeting.
std::string ref(const Snapshot& s, const FigureRecord& a) {
    const std::string code = reviewCode(s, a), no = a.text("no");
    return code.empty() ? no : no.empty() ? code : code + " " + no;
}

// The status and RAG columns after the leading ones, shared by both count tables.
void countColumns(TableBuilder& t) {
    for (const auto& [key, label] : kStatuses) t.column(key, label, "number");
    for (const auto& [key, label] : kRags) t.column(key, label, "number");
    t.column("total", "Total", "number");
}

json counts(const Snapshot& s, const std::vector<const FigureRecord*>& actions) {
    // One pass, each action's status and RAG read once: a partnership-wide table touches every
    // action, and nine scans of 100,000 actions were a quarter of the figures' time.
    std::array<std::int64_t, kStatuses.size()> byStatus{};
    std::array<std::int64_t, kRags.size()> byRag{};
    for (const auto* a : actions) {
        const std::string status = a->text("status"), r = rag(s, *a);
        for (size_t i = 0; i < kStatuses.size(); ++i)
            if (status == kStatuses[i].first) ++byStatus[i];
        for (size_t i = 0; i < kRags.size(); ++i)
            if (r == kRags[i].first) ++byRag[i];
    }
    json cells = json::array();
    for (auto n : byStatus) cells.push_back(n);
    for (auto n : byRag) cells.push_back(n);
    cells.push_back(actions.size());
    return cells;
}

// The first target date an action was given: the `from` of its oldest re-dating, else its
// target date as it stands.
std::string firstTargetDate(const FigureRecord& a) {
    auto it = a.fields.find("target_date_history");
    if (it != a.fields.end() && it->second.is_array() && !it->second.empty()) {
        const auto& first = it->second.front();
        if (first.is_object() && first.contains("from") && first["from"].is_string() &&
            !first["from"].get<std::string>().empty())
            return first["from"].get<std::string>();
    }
    return a.text("target_date");
}

bool redated(const FigureRecord& a) {
    auto it = a.fields.find("target_date_history");
    return it != a.fields.end() && it->second.is_array() && !it->second.empty();
}

}  // namespace

json actionsByAgency(const Snapshot& s) {
    TableBuilder t("Actions by status and lead agency");
    t.column("agency", "Agency", "text").column("name", "Name", "text");
    countColumns(t);
    std::map<std::string, std::vector<const FigureRecord*>> byLead;
    for (const auto* a : s.actions) byLead[leadOf(*a)].push_back(a);
    for (const auto& [lead, actions] : byLead) {
        json cells = {lead, s.agencyName(lead)};
        for (auto& c : counts(s, actions)) cells.push_back(c);
        t.row(std::move(cells), idsOf(actions));
    }
    return t.take();
}

json actionsByReview(const Snapshot& s) {
    TableBuilder t("Actions by status and review");
    t.column("review", "Review", "text").column("title", "Title", "text");
    countColumns(t);
    std::map<std::string, std::vector<const FigureRecord*>> byReview;  // by review code
    std::map<std::string, std::string> titles;
    for (const auto* a : s.actions) {
        const std::string code = reviewCode(s, *a);
        byReview[code].push_back(a);
        if (const auto* review = s.record(a->text("review"))) titles[code] = review->text("title");
    }
    for (const auto& [code, actions] : byReview) {
        json cells = {code, titles[code]};
        for (auto& c : counts(s, actions)) cells.push_back(c);
        t.row(std::move(cells), idsOf(actions));
    }
    return t.take();
}

json overdueActions(const Snapshot& s) {
    TableBuilder t("Overdue actions");
    t.column("ref", "Ref", "text").column("title", "Title", "text").column("lead_agency", "Lead agency", "text");
    t.column("target_date", "Target date", "date").column("days_overdue", "Days overdue", "number");
    t.column("status", "Status", "text");
    struct Late {
        long days;
        std::string ref;
        const FigureRecord* action;
    };
    std::vector<Late> late;
    for (const auto* a : s.actions) {
        const auto days = daysSince(s, a->text("target_date"));
        if (isOpen(*a) && days && *days > 0) late.push_back({*days, ref(s, *a), a});
    }
    std::sort(late.begin(), late.end(), [](const Late& x, const Late& y) {
        if (x.days != y.days) return x.days > y.days;
        return std::tie(x.ref, x.action->id) < std::tie(y.ref, y.action->id);
    });
    for (const auto& l : late)
        t.row({l.ref, l.action->text("title"), leadOf(*l.action), l.action->text("target_date"), l.days,
               l.action->text("status")},
              {l.action->id});
    return t.take();
}

json actionsClosed(const Snapshot& s) {
    TableBuilder t("Actions closed in the period");
    t.column("ref", "Ref", "text").column("title", "Title", "text").column("lead_agency", "Lead agency", "text");
    t.column("closure_date", "Closed on", "date").column("closure_evidence", "Evidence of impact", "text");
    t.column("retest_date", "Re-test by", "date");
    std::vector<std::pair<std::string, const FigureRecord*>> closed;  // (closure date + ref, action)
    for (const auto* a : s.actions) {
        const std::string on = a->text("closure_date");
        if (a->text("status") == "closed" && !on.empty() && on >= s.in.from && on <= s.in.to)
            closed.emplace_back(on + "\n" + ref(s, *a) + "\n" + a->id, a);
    }
    std::sort(closed.begin(), closed.end());
    for (const auto& [key, a] : closed)
        t.row({ref(s, *a), a->text("title"), leadOf(*a), a->text("closure_date"), a->text("closure_evidence"),
               a->text("retest_date")},
              {a->id});
    return t.take();
}

json actionDrift(const Snapshot& s) {
    TableBuilder t("Drift of open actions past their first target date");
    t.column("band", "Days past first target date", "text").column("actions", "Actions", "number");
    t.column("redated", "Of which re-dated", "number");
    // Upper bounds in days past the first target date; not yet due is zero or less.
    struct Band {
        const char* name;
        long upTo;
        std::vector<std::string> actions;
        long redated = 0;
    };
    std::vector<Band> bands = {{"not yet due", 0, {}},
                               {"1-90", 90, {}},
                               {"91-180", 180, {}},
                               {"181-365", 365, {}},
                               {"over 365", LONG_MAX, {}}};
    for (const auto* a : s.actions) {
        const auto days = daysSince(s, firstTargetDate(*a));
        if (!isOpen(*a) || !days) continue;  // an action with no target date cannot drift
        auto& band = *std::find_if(bands.begin(), bands.end(), [&](const Band& b) { return *days <= b.upTo; });
        band.actions.push_back(a->id);
        band.redated += redated(*a);
    }
    for (auto& b : bands) {
        const long n = long(b.actions.size());
        t.row({b.name, n, b.redated}, std::move(b.actions));
    }
    return t.take();
}

}  // namespace tandem::figures::detail
