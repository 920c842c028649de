#include "AgencyImport.h"

#include "Csv.h"

#include <algorithm>
#include <map>

namespace tandem {

const std::vector<std::string_view>& agencySectors() {
    static const std::vector<std::string_view> sectors = {
        "business_office", "police",          "local_authority", "youth_justice", "health_commissioner",
        "health_provider", "probation",       "family_court",    "voluntary",     "education",
        "faith",           "housing",         "board",
    };
    return sectors;
}

bool isAgencySector(std::string_view s) {
    const auto& all = agencySectors();
    return std::find(all.begin(), all.end(), s) != all.end();
}

bool isAgencyCode(std::string_view s) {
    if (s.size() < 2 || s.size() > 32) return false;
    return std::all_of(s.begin(), s.end(),
                       [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'; });
}

bool isSlug(std::string_view s) {
    if (s.empty()) return false;
    return std::all_of(s.begin(), s.end(),
                       [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
}

namespace {
constexpr size_t kColumns = 4;

std::string inQuotes(std::string_view s) { return "\"" + std::string(s) + "\""; }
}  // namespace

AgencyImport parseAgencies(std::string_view csvText) {
    AgencyImport result;
    std::vector<ImportError>& errors = result.errors;
    const std::vector<CsvRow> rows = parseCsv(csvText, errors);
    // With the wrong header the columns cannot be trusted, so the rows are not read at all.
    if (!checkHeader(rows, {"code", "name", "sector", "partnerships"}, errors)) return result;

    std::map<std::string, int, std::less<>> firstLineOfCode;
    for (size_t r = 1; r < rows.size(); ++r) {
        const CsvRow& row = rows[r];
        if (isBlankRow(row)) continue;
        const auto report = [&](std::string reason) { errors.push_back({row.line, std::move(reason)}); };
        if (row.cells.size() != kColumns) {
            report("expected " + std::to_string(kColumns) + " columns but found " +
                   std::to_string(row.cells.size()));
            continue;
        }
        AgencyRow agency;
        agency.line = row.line;
        agency.code = trimmed(row.cells[0]);
        agency.name = trimmed(row.cells[1]);
        agency.sector = trimmed(row.cells[2]);
        agency.partnerships = splitList(row.cells[3]);

        // Each check reports on its own, so one row can carry several reasons.
        bool ok = true;
        if (agency.code.empty()) {
            report("missing code");
            ok = false;
        } else if (!isAgencyCode(agency.code)) {
            report("code " + inQuotes(agency.code) +
                   " must be 2 to 32 capital letters, digits or hyphens");
            ok = false;
        } else if (const auto it = firstLineOfCode.find(agency.code); it != firstLineOfCode.end()) {
            report("duplicate agency code " + inQuotes(agency.code) + " (first on line " +
                   std::to_string(it->second) + ")");
            ok = false;
        } else {
            firstLineOfCode.emplace(agency.code, row.line);
        }
        if (agency.name.empty()) {
            report("missing name");
            ok = false;
        }
        if (agency.sector.empty()) {
            report("missing sector");
            ok = false;
        } else if (!isAgencySector(agency.sector)) {
            report("unknown sector " + inQuotes(agency.sector));
            ok = false;
        }
        if (agency.partnerships.empty()) {
            report("missing partnerships: an agency belongs to at least one partnership");
            ok = false;
        }
        for (size_t k = 0; k < agency.partnerships.size(); ++k) {
            const std::string& p = agency.partnerships[k];
            if (std::find(agency.partnerships.begin(), agency.partnerships.begin() + k, p) !=
                agency.partnerships.begin() + k) {
                report("partnership " + inQuotes(p) + " is listed twice");
                ok = false;
            } else if (!isSlug(p)) {
                report("partnership " + inQuotes(p) +
                       " must be lower-case letters, digits and hyphens (e.g. st-helens)");
                ok = false;
            }
        }
        if (ok) result.agencies.push_back(std::move(agency));
    }
    return result;
}

}  // namespace tandem
