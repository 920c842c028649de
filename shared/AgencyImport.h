// Reads agencies.csv (code,name,sector,partnerships) into agency rows, checking every row so a
// business office sees all its mistakes at once. The caller imports nothing while errors remain.
#pragma once

#include "ImportError.h"

#include <string>
#include <string_view>
#include <vector>

namespace tandem {

struct AgencyRow {
    std::string code;  // stable identifier used in action plans and returns, e.g. MERPOL
    std::string name;
    std::string sector;                     // one of agencySectors()
    std::vector<std::string> partnerships;  // slugs; one agency may serve several partnerships
    int line = 0;                           // where it was read, for messages further on
};

struct AgencyImport {
    std::vector<AgencyRow> agencies;  // valid rows, in file order
    std::vector<ImportError> errors;
};

// The sectors an agency can belong to, by wire name.
const std::vector<std::string_view>& agencySectors();
bool isAgencySector(std::string_view s);

// [A-Z0-9-]{2,32}: codes go into file names, URLs and exports, so they stay plain.
bool isAgencyCode(std::string_view s);
// [a-z0-9-]+, the form partnerships are named by in data and URLs (st-helens).
bool isSlug(std::string_view s);

AgencyImport parseAgencies(std::string_view csvText);

}  // namespace tandem
