#include "FiguresCsv.h"

#include <charconv>
#include <cmath>

namespace tandem::figures {
namespace {

using nlohmann::json;

// One decimal whatever the process locale: the Qt app sets LC_NUMERIC from the environment, and
// printf would write "66,7" under a German one. to_chars never looks at the locale.
// Halves round away from zero, as the figures themselves do (to_chars alone rounds 12.25 to even).
std::string oneDecimal(double v) {
    v = std::round(v * 10.0) / 10.0 + 0.0;  // + 0.0: no "-0.0"
    char out[64];
    const auto r = std::to_chars(out, out + sizeof out, v, std::chars_format::fixed, 1);
    return std::string(out, r.ptr);
}

std::string cellText(const json& cell, const std::string& type) {
    if (cell.is_null()) return {};
    if (cell.is_string()) return cell.get<std::string>();
    if (cell.is_boolean()) return cell.get<bool>() ? "true" : "false";
    if (cell.is_number()) {
        // Counts are whole numbers; a fraction in a number column is a one-decimal measure (the
        // percents of round_comparison), written like a percent so 100.0 and 66.7 line up.
        if (type == "percent" || cell.is_number_float()) return oneDecimal(cell.get<double>());
        return cell.dump();
    }
    return cell.dump();
}

void appendField(std::string& out, const std::string& text) {
    if (text.find_first_of(",\"\r\n") == std::string::npos) {
        out += text;
        return;
    }
    out += '"';
    for (char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
}

}  // namespace

std::string tableCsv(const nlohmann::json& table) {
    std::string out = "\xEF\xBB\xBF";
    std::vector<std::string> types;
    const auto& columns = table.at("columns");
    for (size_t i = 0; i < columns.size(); ++i) {
        if (i) out += ',';
        appendField(out, columns[i].at("label").get<std::string>());
        types.push_back(columns[i].value("type", "text"));
    }
    out += "\r\n";
    for (const auto& row : table.at("rows")) {
        const auto& cells = row.at("cells");
        for (size_t i = 0; i < cells.size(); ++i) {
            if (i) out += ',';
            appendField(out, cellText(cells[i], i < types.size() ? types[i] : "text"));
        }
        out += "\r\n";
    }
    return out;
}

}  // namespace tandem::figures
