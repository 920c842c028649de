// What the board report says, section by section, flowed into a ReportLayout. The same calls
// run in the measuring pass and the painting pass, so both find the same page breaks.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "ReportLayout.h"

namespace tandem::app::board {

// The tables the report reads and, for each, the columns it reads by key (beyond showing the
// table as it comes).
const std::vector<std::pair<std::string, std::vector<std::string>>>& requiredTables();

// The partnership as the page header names it.
QString partnershipName(const nlohmann::json& figures);

// Title block and summary; action plans; the audit round; the round's findings.
void composeBoardReport(ReportLayout& layout, const nlohmann::json& figures);

}  // namespace tandem::app::board
