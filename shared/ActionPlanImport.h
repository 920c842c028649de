// Reads review action plans as a business office exports them from its Excel tracker
// (action-plans.csv) into a tree review -> finding -> recommendation -> action. It reports every
// bad row with its line and reasons and never guesses; the caller imports nothing while any
// error remains, so no plan is ever half-imported.
#pragma once

#include "ImportError.h"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace tandem {

struct PlanAction {
    int line = 0;  // where the action was read, for messages further on
    std::string no, title, leadAgency;
    std::vector<std::string> supporting;  // agency codes
    std::string targetDate;               // ISO YYYY-MM-DD, or empty when the plan set none
    std::string status, progress;         // status is an action_status wire name
};

struct PlanRecommendation {
    std::string no, text;
    std::vector<PlanAction> actions;
};

struct PlanFinding {
    std::string no, text;
    std::vector<PlanRecommendation> recommendations;
};

struct PlanReview {
    std::string partnership, code, title, type;
    std::vector<PlanFinding> findings;
};

struct ActionPlanImport {
    // The rows that passed every check, in order of first appearance at each level. Only a
    // preview while `errors` is non-empty.
    std::vector<PlanReview> reviews;
    std::vector<ImportError> errors;
};

// The columns, in order, as the header must name them.
const std::vector<std::string_view>& actionPlanColumns();

// `agencyExists` and `agencyInPartnership` answer from the agencies already known (the device
// replica or the server store), keeping this parser free of storage.
ActionPlanImport parseActionPlans(
    std::string_view csvText,
    const std::function<bool(std::string_view agencyCode, std::string_view partnership)>& agencyInPartnership,
    const std::function<bool(std::string_view agencyCode)>& agencyExists);

}  // namespace tandem
