// The consolidated figures of a partnership (docs/business-office.md): one pure function over a
// snapshot of its records, so the server's dashboards, its CSV and the app's board report all
// show the same numbers. No I/O and no clock inside: the caller supplies `today` and the period.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace tandem::figures {

struct AgencyInfo {
    std::string code, name;
};

// One record as the figures read it: its header and its field values (as stored, JSON).
struct FigureRecord {
    std::string id, kind, owner;
    std::vector<std::string> supporting, contributing;
    std::map<std::string, nlohmann::json> fields;

    // The field as text: a string as it is, a number as written, anything else (or none) "".
    std::string text(const std::string& field) const;
};

struct FigureInput {
    std::string partnership;
    std::string today;     // YYYY-MM-DD: what "overdue" and RAG are measured against
    std::string from, to;  // the reporting period (actions closed), YYYY-MM-DD, inclusive
    std::string roundId;   // the round the audit tables are about; empty: defaultRound
    // The partnership's actions, reviews, rounds, returns and case audits, and the published
    // templates (reference data, whatever their partnership).
    std::vector<FigureRecord> records;
    std::vector<AgencyInfo> agencies;  // the partnership's agencies, for names
    std::int64_t seq = 0;              // the store's sequence the snapshot was read at
    std::string time;                  // when it was read, ISO 8601 UTC
};

// The tables of every reply, in document order.
const std::vector<std::string>& tableNames();

// The round of the partnership with the latest due date (ties: the greatest id); "" if none.
std::string defaultRound(const FigureInput& input);
bool hasRound(const FigureInput& input, std::string_view roundId);

// The figures document: partnership, as_of, period, round, rounds and every table.
nlohmann::json computeFigures(const FigureInput& input);

}  // namespace tandem::figures
