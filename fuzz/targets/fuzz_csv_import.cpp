// The CSV files a business office imports: tandem::parseCsv, parseAgencies and parseActionPlans
// (with callbacks that know a few St Helens and Knowsley agencies), on the same input.
#include "FuzzSupport.h"

#include "ActionPlanImport.h"
#include "AgencyImport.h"
#include "Csv.h"

#include <cstdint>

using namespace tandem;

namespace {

bool known(std::string_view code) {
    static const std::vector<std::string_view> codes = {"SHC-BO", "MERPOL", "STH-CSC", "STH-SCHOOLS",
                                                        "STH-COLLEGE", "STH-YOS", "KNO-BO", "KNO-CSC"};
    return std::find(codes.begin(), codes.end(), code) != codes.end();
}

bool inPartnership(std::string_view code, std::string_view partnership) {
    if (!known(code)) return false;
    return code.rfind("KNO-", 0) == 0 ? partnership == "knowsley" : partnership == "st-helens";
}

// Quotes every cell, so any cell text survives a second reading unchanged.
std::string encode(const std::vector<CsvRow>& rows) {
    std::string out;
    for (const auto& row : rows) {
        for (size_t i = 0; i < row.cells.size(); ++i) {
            if (i) out += ',';
            out += '"';
            for (char c : row.cells[i]) {
                if (c == '"') out += '"';
                out += c;
            }
            out += '"';
        }
        out += '\n';
    }
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);

    std::vector<ImportError> errors;
    const auto rows = parseCsv(text, errors);
    int lastLine = 0;
    for (const auto& row : rows) {
        if (row.line <= lastLine) fuzz::fail("parseCsv: row lines must rise from 1");
        lastLine = row.line;
        if (row.cells.empty()) fuzz::fail("parseCsv: a row without cells");
        for (const auto& cell : row.cells)
            if (cell.find('\r') != std::string::npos) fuzz::fail("parseCsv: a cell keeps a carriage return");
        (void)isBlankRow(row);
        for (const auto& cell : row.cells)
            for (const auto& piece : splitList(cell))
                if (piece.empty() || trimmed(piece) != piece) fuzz::fail("splitList: an empty or untrimmed piece");
    }
    for (const auto& e : errors)
        if (e.line < 0 || e.reason.empty()) fuzz::fail("parseCsv: an error without a line or reason");
    // What was read, written back out with every cell quoted, reads back the same.
    if (errors.empty() && !rows.empty()) {
        std::vector<ImportError> again;
        const auto reread = parseCsv(encode(rows), again);
        if (!again.empty()) fuzz::fail("parseCsv: its own output does not parse: " + again.front().reason);
        std::vector<std::vector<std::string>> a, b;
        for (const auto& r : rows)
            if (!isBlankRow(r)) a.push_back(r.cells);
        for (const auto& r : reread)
            if (!isBlankRow(r)) b.push_back(r.cells);
        if (a != b) fuzz::fail("parseCsv: rows differ after a write and a second read");
    }

    const auto agencies = parseAgencies(text);
    if (agencies.errors.empty())
        for (const auto& a : agencies.agencies) {
            if (!isAgencyCode(a.code)) fuzz::fail("parseAgencies: accepted a bad code " + a.code);
            if (!isAgencySector(a.sector)) fuzz::fail("parseAgencies: accepted a bad sector " + a.sector);
            for (const auto& p : a.partnerships)
                if (!isSlug(p)) fuzz::fail("parseAgencies: accepted a bad partnership " + p);
        }

    const auto plans = parseActionPlans(text, inPartnership, known);
    if (plans.errors.empty())
        for (const auto& r : plans.reviews)
            for (const auto& f : r.findings)
                for (const auto& rec : f.recommendations)
                    for (const auto& a : rec.actions) {
                        if (!inPartnership(a.leadAgency, r.partnership))
                            fuzz::fail("parseActionPlans: accepted lead agency " + a.leadAgency + " outside " +
                                       r.partnership);
                        for (const auto& s : a.supporting)
                            if (!known(s)) fuzz::fail("parseActionPlans: accepted unknown supporting agency " + s);
                    }
    return 0;
}
