// An RFC 4180 CSV reader for the files business offices export from Excel, plus the few helpers
// every importer needs (header check, trimming, ;-separated lists). It knows nothing of what the
// columns mean; the importers do.
#pragma once

#include "ImportError.h"

#include <string>
#include <string_view>
#include <vector>

namespace tandem {

struct CsvRow {
    int line = 0;  // physical line where the row starts, 1-based; the header is line 1
    std::vector<std::string> cells;
};

// Reads every row. Accepts quoted fields holding commas, doubled quotes and line breaks; CRLF,
// LF and lone CR (Excel for Mac) line ends; a UTF-8 byte order mark; a trailing newline.
// Completely blank lines are skipped. Line breaks inside quoted fields come back as "\n".
// Problems (an unterminated quote, text after a closing quote) are appended to `errors`; the
// damaged row is left out, the rows before it are returned.
std::vector<CsvRow> parseCsv(std::string_view text, std::vector<ImportError>& errors);

// Surrounding spaces and tabs removed: spreadsheet cells often carry a stray one.
std::string_view trimmed(std::string_view s);

// True when every cell is empty or white space: Excel writes ",,,," for rows that were once
// formatted, and they are not data.
bool isBlankRow(const CsvRow& row);

// "A; B;;C" -> {"A", "B", "C"}: pieces trimmed, empty pieces dropped (a trailing ';' is common).
std::vector<std::string> splitList(std::string_view s, char separator = ';');

// Checks that `rows` starts with exactly this header (cells compared after trimming).
// Returns false and appends an error when it does not, or when there are no rows at all.
bool checkHeader(const std::vector<CsvRow>& rows, const std::vector<std::string_view>& columns,
                 std::vector<ImportError>& errors);

}  // namespace tandem
