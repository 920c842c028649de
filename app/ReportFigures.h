// Reading one table of the figures document (docs/business-office.md) for the board report:
// cells by column key, values written the way a reader of the printed report expects
// ("2 Dec 2026", "66.7%", "Requires improvement"), and the table as a ReportTable to flow.
#pragma once

#include <QString>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "ReportLayout.h"

namespace tandem::app {

// "2026-12-02" -> "2 Dec 2026"; anything that is not a date is returned as it is.
QString reportDate(const std::string& isoDate);
// "2026-12-02T03:10:00Z" -> "2 Dec 2026 03:10 UTC".
QString reportTime(const std::string& isoTime);
// A scale value as words: green -> Green, requires_improvement -> Requires improvement, na -> N/A.
QString ratingLabel(const std::string& value);
// A percent with one decimal: 66.7 -> "66.7%".
QString percentText(double percent);
// part of whole as a percent with one decimal, half away from zero, as the figures round.
double shareOf(double part, double whole);

class FigureTable {
public:
    using Formatter = std::function<QString(const nlohmann::json& cell)>;

    explicit FigureTable(const nlohmann::json& table);

    QString title() const;
    std::size_t rowCount() const { return rows_->size(); }
    bool hasColumn(const std::string& key) const { return column(key) >= 0; }
    int column(const std::string& key) const;  // -1 when the table has no such column
    std::string key(int column) const;
    std::string type(int column) const;
    std::size_t columnCount() const { return columns_->size(); }

    const nlohmann::json& cell(std::size_t row, const std::string& key) const;
    double number(std::size_t row, const std::string& key) const;  // 0 for empty cells
    std::string raw(std::size_t row, const std::string& key) const;
    // The cell as the report prints it, by its column's type (or the formatter given for its key).
    QString text(std::size_t row, int column) const;
    QString text(std::size_t row, const std::string& key) const;

    // The table's columns (all, or those keys in that order) and rows to flow down the pages.
    ReportTable report(const QString& emptyText, const std::vector<std::string>& keys = {}) const;
    // Words for the values of a column ("in_progress" -> "In progress").
    void format(const std::string& key, Formatter formatter) { formatters_[key] = std::move(formatter); }

private:
    const nlohmann::json* table_;
    const nlohmann::json* columns_;
    const nlohmann::json* rows_;
    std::map<std::string, Formatter> formatters_;
};

}  // namespace tandem::app
