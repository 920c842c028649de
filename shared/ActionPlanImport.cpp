#include "ActionPlanImport.h"

#include "Csv.h"
#include "Domain.h"

#include <algorithm>
#include <map>
#include <utility>

namespace tandem {

namespace {

enum Column {
    Partnership, ReviewCode, ReviewTitle, ReviewType, FindingNo, Finding, RecommendationNo,
    Recommendation, ActionNo, ActionText, LeadAgency, SupportingAgencies, TargetDate, Status,
    Progress, ColumnCount
};

constexpr Column kRequired[] = {Partnership,      ReviewCode, ReviewTitle, FindingNo, Finding,
                                RecommendationNo, ActionNo,   ActionText,  LeadAgency};

const std::string_view kStatuses =
    "not_started, in_progress, submitted_for_closure, closed, returned, superseded";

std::string inQuotes(std::string_view s) { return "\"" + std::string(s) + "\""; }
std::string onLine(int line) { return " on line " + std::to_string(line); }

// What the file has said so far about one thing (a review, a finding, a recommendation), so
// a later row that says something else is reported rather than silently believed.
struct Seen {
    std::string text;
    int line = 0;
};

template <class T>
T& findOrAdd(std::vector<T>& items, const std::string& no) {
    auto it = std::find_if(items.begin(), items.end(), [&](const T& t) { return t.no == no; });
    if (it != items.end()) return *it;
    items.push_back(T{});
    items.back().no = no;
    return items.back();
}

// The state of one import: the consistency memory and the tree under construction.
class PlanReader {
public:
    PlanReader(ActionPlanImport& out,
               const std::function<bool(std::string_view, std::string_view)>& inPartnership,
               const std::function<bool(std::string_view)>& exists)
        : out_(out), inPartnership_(inPartnership), exists_(exists) {}

    void read(const CsvRow& row) {
        line_ = row.line;
        errorsBefore_ = out_.errors.size();
        std::vector<std::string> c;
        for (const std::string& cell : row.cells) c.emplace_back(trimmed(cell));

        for (Column k : kRequired)
            if (c[k].empty()) report("missing " + std::string(actionPlanColumns()[k]));

        const std::string& review = c[ReviewCode];
        if (!review.empty()) {
            agree(reviewTitle_[review], c[ReviewTitle], "review title for " + review);
            agree(reviewPartnership_[review], c[Partnership], "partnership for review " + review);
            agree(reviewType_[review], c[ReviewType], "review type for " + review);
        }
        std::string recommendation = c[Recommendation];
        if (!review.empty() && !c[RecommendationNo].empty()) {
            const auto key = std::make_pair(review, c[RecommendationNo]);
            if (!c[FindingNo].empty()) {
                // The tree needs each recommendation under one finding.
                agree(recommendationFinding_[key], c[FindingNo],
                      "finding number for recommendation " + c[RecommendationNo]);
            }
            Seen& earlier = recommendationText_[key];
            if (!recommendation.empty()) {
                agree(earlier, recommendation, "recommendation " + c[RecommendationNo] + " text");
            } else if (earlier.line == 0) {
                // A blank cell stands for a merged Excel cell above; with no row above to
                // copy from, the text is simply missing.
                report("blank recommendation but no earlier row gives the text of recommendation " +
                       c[RecommendationNo] + " in review " + review);
            } else {
                recommendation = earlier.text;
            }
        }
        if (!review.empty() && !c[FindingNo].empty() && !c[Finding].empty())
            agree(findingText_[{review, c[FindingNo]}], c[Finding], "finding " + c[FindingNo] + " text");
        if (!review.empty() && !c[ActionNo].empty()) {
            const auto [it, fresh] = actionLine_.try_emplace({review, c[ActionNo]}, line_);
            if (!fresh)
                report("duplicate action number " + c[ActionNo] + " in review " + review +
                       " (first" + onLine(it->second) + ")");
        }

        if (!c[LeadAgency].empty()) checkAgency(c[LeadAgency], "lead_agency", c[Partnership]);
        const std::vector<std::string> supporting = splitList(c[SupportingAgencies]);
        for (const std::string& code : supporting) checkAgency(code, "supporting_agencies", c[Partnership]);

        if (!c[TargetDate].empty() && !isIsoDate(c[TargetDate]))
            report("bad target_date " + inQuotes(c[TargetDate]) + ": expected a real date as YYYY-MM-DD");
        if (c[Status].empty())
            report("missing status (one of " + std::string(kStatuses) + ")");
        else if (!action_status::valid(c[Status]))
            report("unknown status " + inQuotes(c[Status]) + " (expected one of " + std::string(kStatuses) + ")");

        if (out_.errors.size() == errorsBefore_) addToTree(c, recommendation, supporting);
    }

private:
    void report(std::string reason) { out_.errors.push_back({line_, std::move(reason)}); }

    // First non-empty value wins; a later different one is an error naming both.
    void agree(Seen& seen, const std::string& value, const std::string& what) {
        if (value.empty()) return;
        if (seen.line == 0) {
            seen = {value, line_};
        } else if (seen.text != value) {
            report(what + " is " + inQuotes(value) + " here but " + inQuotes(seen.text) + onLine(seen.line));
        }
    }

    void checkAgency(const std::string& code, std::string_view column, const std::string& partnership) {
        if (!exists_(code)) {
            report("unknown agency code " + inQuotes(code) + " in " + std::string(column));
        } else if (!partnership.empty() && !inPartnership_(code, partnership)) {
            report("agency " + inQuotes(code) + " in " + std::string(column) +
                   " is not a member of partnership " + inQuotes(partnership));
        }
    }

    void addToTree(const std::vector<std::string>& c, const std::string& recommendationText,
                   const std::vector<std::string>& supporting) {
        auto it = std::find_if(out_.reviews.begin(), out_.reviews.end(),
                               [&](const PlanReview& r) { return r.code == c[ReviewCode]; });
        if (it == out_.reviews.end()) {
            out_.reviews.push_back({c[Partnership], c[ReviewCode], c[ReviewTitle], c[ReviewType], {}});
            it = out_.reviews.end() - 1;
        }
        PlanFinding& finding = findOrAdd(it->findings, c[FindingNo]);
        finding.text = c[Finding];
        PlanRecommendation& rec = findOrAdd(finding.recommendations, c[RecommendationNo]);
        rec.text = recommendationText;
        rec.actions.push_back({line_, c[ActionNo], c[ActionText], c[LeadAgency], supporting,
                               c[TargetDate], c[Status], c[Progress]});
    }

    using ReviewKey = std::pair<std::string, std::string>;  // review code, number within it

    ActionPlanImport& out_;
    const std::function<bool(std::string_view, std::string_view)>& inPartnership_;
    const std::function<bool(std::string_view)>& exists_;
    int line_ = 0;
    size_t errorsBefore_ = 0;
    std::map<std::string, Seen> reviewTitle_, reviewPartnership_, reviewType_;
    std::map<ReviewKey, Seen> findingText_, recommendationText_, recommendationFinding_;
    std::map<ReviewKey, int> actionLine_;
};

}  // namespace

const std::vector<std::string_view>& actionPlanColumns() {
    static const std::vector<std::string_view> columns = {
        "partnership", "review_code",       "review_title",   "review_type",    "finding_no",
        "finding",     "recommendation_no", "recommendation", "action_no",      "action",
        "lead_agency", "supporting_agencies", "target_date",  "status",         "progress",
    };
    return columns;
}

ActionPlanImport parseActionPlans(
    std::string_view csvText,
    const std::function<bool(std::string_view agencyCode, std::string_view partnership)>& agencyInPartnership,
    const std::function<bool(std::string_view agencyCode)>& agencyExists) {
    ActionPlanImport result;
    const std::vector<CsvRow> rows = parseCsv(csvText, result.errors);
    // With the wrong header the columns cannot be trusted, so the rows are not read at all.
    if (!checkHeader(rows, actionPlanColumns(), result.errors)) return result;

    PlanReader reader(result, agencyInPartnership, agencyExists);
    for (size_t r = 1; r < rows.size(); ++r) {
        const CsvRow& row = rows[r];
        if (isBlankRow(row)) continue;
        if (row.cells.size() != ColumnCount) {
            result.errors.push_back({row.line, "expected " + std::to_string(ColumnCount) +
                                                   " columns but found " + std::to_string(row.cells.size())});
            continue;
        }
        reader.read(row);
    }
    return result;
}

}  // namespace tandem
