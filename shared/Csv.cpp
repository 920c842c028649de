#include "Csv.h"

namespace tandem {

namespace {

bool isLineEnd(char c) { return c == '\n' || c == '\r'; }

// Moves past one line end (CRLF, LF or CR) at text[i]; the caller knows there is one.
void skipLineEnd(std::string_view text, size_t& i) {
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
    ++i;
}

}  // namespace

std::vector<CsvRow> parseCsv(std::string_view text, std::vector<ImportError>& errors) {
    if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // Excel's "CSV UTF-8" BOM

    std::vector<CsvRow> rows;
    const size_t n = text.size();
    size_t i = 0;
    int line = 1;
    while (i < n) {
        if (isLineEnd(text[i])) {  // a completely blank line
            skipLineEnd(text, i);
            ++line;
            continue;
        }
        CsvRow row{line, {}};
        bool damaged = false;
        for (;;) {  // one field per turn
            std::string cell;
            if (text[i] == '"') {
                const int quoteLine = line;
                ++i;
                bool closed = false;
                while (i < n) {
                    const char c = text[i];
                    if (c == '"') {
                        if (i + 1 < n && text[i + 1] == '"') {  // "" is one literal quote
                            cell += '"';
                            i += 2;
                            continue;
                        }
                        ++i;
                        closed = true;
                        break;
                    }
                    if (isLineEnd(c)) {  // a line break inside the cell; lines still count
                        skipLineEnd(text, i);
                        cell += '\n';
                        ++line;
                        continue;
                    }
                    cell += c;
                    ++i;
                }
                if (!closed) {
                    // Everything after the quote was swallowed: there is nothing sound to return.
                    errors.push_back({quoteLine, "unterminated quoted field: the \" opening field " +
                                                     std::to_string(row.cells.size() + 1) +
                                                     " is never closed"});
                    return rows;
                }
                if (i < n && text[i] != ',' && !isLineEnd(text[i])) {
                    // "abc"def is not CSV; guessing whether def belongs to the cell would hide a
                    // broken export, so the row is reported instead.
                    errors.push_back({line, "unexpected text after the closing quote of field " +
                                                std::to_string(row.cells.size() + 1)});
                    damaged = true;
                    while (i < n && text[i] != ',' && !isLineEnd(text[i])) ++i;
                }
            } else {
                // A bare quote inside an unquoted field (5" screen) is kept literally.
                while (i < n && text[i] != ',' && !isLineEnd(text[i])) cell += text[i++];
            }
            row.cells.push_back(std::move(cell));
            if (i < n && text[i] == ',') {
                ++i;
                if (i < n) continue;
                row.cells.emplace_back();  // "a," at the very end of the text: two cells
            }
            if (i < n) {  // end of the record
                skipLineEnd(text, i);
                ++line;
            }
            break;
        }
        if (!damaged) rows.push_back(std::move(row));
    }
    return rows;
}

std::string_view trimmed(std::string_view s) {
    const auto first = s.find_first_not_of(" \t");
    if (first == std::string_view::npos) return {};
    const auto last = s.find_last_not_of(" \t");
    return s.substr(first, last - first + 1);
}

bool isBlankRow(const CsvRow& row) {
    for (const std::string& cell : row.cells)
        if (!trimmed(cell).empty()) return false;
    return true;
}

std::vector<std::string> splitList(std::string_view s, char separator) {
    std::vector<std::string> out;
    while (true) {
        const auto at = s.find(separator);
        const std::string_view piece = trimmed(s.substr(0, at));
        if (!piece.empty()) out.emplace_back(piece);
        if (at == std::string_view::npos) break;
        s.remove_prefix(at + 1);
    }
    return out;
}

bool checkHeader(const std::vector<CsvRow>& rows, const std::vector<std::string_view>& columns,
                 std::vector<ImportError>& errors) {
    std::string expected;
    for (std::string_view c : columns) {
        if (!expected.empty()) expected += ',';
        expected += c;
    }
    if (rows.empty()) {
        errors.push_back({0, "the file has no header row; expected \"" + expected + "\""});
        return false;
    }
    const CsvRow& header = rows.front();
    bool same = header.cells.size() == columns.size();
    std::string found;
    size_t k = 0;
    for (const std::string& cell : header.cells) {
        if (!found.empty()) found += ',';
        found += trimmed(cell);
        if (same && trimmed(cell) != columns[k]) same = false;
        ++k;
    }
    if (!same)
        errors.push_back({header.line, "header must be \"" + expected + "\" but is \"" + found + "\""});
    return same;
}

}  // namespace tandem
