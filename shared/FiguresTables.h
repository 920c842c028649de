// Inside the figures: the snapshot indexed once, a builder for the table shape, and one
// function per table (FiguresActions.cpp: action plans; FiguresAudits.cpp: audit rounds).
#pragma once

#include "Figures.h"
#include "Template.h"

#include <optional>

namespace tandem::figures::detail {

using nlohmann::json;

// A self-assessed question and the business office's moderation of it, side by side in one
// section of a template (S1.rating / S1.moderated, G.grade / G.moderated_grade).
struct ModeratedPair {
    std::string section, self, moderated;
};

struct Snapshot {
    explicit Snapshot(const FigureInput& input);

    const FigureInput& in;
    long today = 0;
    std::map<std::string, const FigureRecord*> byId;
    std::vector<const FigureRecord*> reviews, actions, rounds, returns, caseAudits;  // in id order
    std::map<std::string, std::string> agencyNames;
    std::map<std::string, Template> templates;  // by template record id
    const FigureRecord* round = nullptr;        // the round reported on
    const FigureRecord* previous = nullptr;     // the round it is compared with

    const FigureRecord* record(const std::string& id) const;
    const Template* templateOf(const FigureRecord& roundOrReturn) const;
    std::string templateKey(const FigureRecord& round) const;
    std::vector<const FigureRecord*> returnsOf(const FigureRecord* round) const;
    std::vector<const FigureRecord*> caseAuditsOf(const FigureRecord* round) const;
    // The agencies a round's figures are about: its `agencies`, and any owner of its returns.
    std::vector<std::string> agenciesOf(const FigureRecord* round) const;
    std::string agencyName(const std::string& code) const;
};

// The table shape of the design: title, typed columns, rows of cells with their records.
class TableBuilder {
public:
    explicit TableBuilder(std::string title);
    TableBuilder& column(std::string key, std::string label, std::string type);
    void row(json cells, std::vector<std::string> records);
    json take();

private:
    json table_;
};

// A share as a percent with one decimal (half away from zero); null when there is no whole.
json percent(long part, long whole);
// Days from `date` to today (positive when it has passed); nullopt without a valid date.
std::optional<long> daysSince(const Snapshot& s, std::string_view date);

// Return statuses: the agency has handed the return in (submitted or later), or its lead has
// approved it (approved or later). Answers of returns still in the agency's hands may change,
// so the answer tables count only handed-in returns.
bool submittedOrLater(std::string_view status);
bool approvedOrLater(std::string_view status);
// green > amber > red, outstanding > good > requires_improvement > inadequate; nullopt for
// anything not compared (na, empty, other scales).
std::optional<int> ratingRank(std::string_view value);
std::vector<ModeratedPair> moderatedPairs(const Template& t);
std::string answer(const FigureRecord& ret, const std::string& question);
std::vector<std::string> idsOf(const std::vector<const FigureRecord*>& records);

json actionsByAgency(const Snapshot& s);
json actionsByReview(const Snapshot& s);
json overdueActions(const Snapshot& s);
json actionsClosed(const Snapshot& s);
json actionDrift(const Snapshot& s);

json returnRates(const Snapshot& s);
json lateReturns(const Snapshot& s);
json gradesByTheme(const Snapshot& s);
json answersByQuestion(const Snapshot& s);
json selfVsModerated(const Snapshot& s);
json section11Heatmap(const Snapshot& s);
json roundComparison(const Snapshot& s);
json roundLearning(const Snapshot& s);

}  // namespace tandem::figures::detail
