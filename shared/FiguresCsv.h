// One figures table as CSV for Excel: the server's GET /v1/reports/<table>.csv and the app's
// export both call this, so the two files are byte for byte the same.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace tandem::figures {

// UTF-8 with a byte-order mark (so Excel reads it as UTF-8), CRLF line ends, a header row of the
// column labels, RFC 4180 quoting (a field holding a comma, quote, CR or LF is quoted, quotes
// doubled). Percents with one decimal and no % sign, whole numbers plain, dates YYYY-MM-DD,
// empty (null) cells empty.
std::string tableCsv(const nlohmann::json& table);

}  // namespace tandem::figures
