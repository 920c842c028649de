#include "ReportFigures.h"

#include <QDate>
#include <QDateTime>
#include <cmath>
#include <set>

namespace tandem::app {

namespace {

const nlohmann::json kNull;
const nlohmann::json kEmptyList = nlohmann::json::array();

const nlohmann::json& member(const nlohmann::json& object, const char* name) {
    if (!object.is_object()) return kEmptyList;
    auto it = object.find(name);
    return it != object.end() && it->is_array() ? *it : kEmptyList;
}

// How wide a column is against the others: long text gets room, counts stay narrow.
double weightOf(const std::string& key, const std::string& type) {
    static const std::set<std::string> prose = {"title", "text", "closure_evidence", "learning"};
    if (prose.count(key)) return 6.0;
    if (key == "name" || key == "measure" || key == "status") return 3.0;
    if (type == "number") return 1.2;
    if (type == "percent") return 1.4;
    if (type == "date") return 1.9;
    if (type == "rating") return 1.5;
    return 2.0;
}

// Codes people quote (an action's ref, an agency, a case) are never split over lines.
bool isCode(const std::string& key) {
    static const std::set<std::string> codes = {"ref",  "review",   "agency",  "lead_agency",
                                                "case", "question", "assignee"};
    return codes.count(key) > 0;
}

}  // namespace

QString reportDate(const std::string& isoDate) {
    const QDate date = QDate::fromString(QString::fromStdString(isoDate), Qt::ISODate);
    return date.isValid() ? date.toString(QStringLiteral("d MMM yyyy")) : QString::fromStdString(isoDate);
}

QString reportTime(const std::string& isoTime) {
    const QDateTime time = QDateTime::fromString(QString::fromStdString(isoTime), Qt::ISODate);
    if (!time.isValid()) return QString::fromStdString(isoTime);
    return time.toUTC().toString(QStringLiteral("d MMM yyyy HH:mm")) + QStringLiteral(" UTC");
}

QString ratingLabel(const std::string& value) {
    if (value == "na") return QStringLiteral("N/A");
    QString words = QString::fromStdString(value).replace(QLatin1Char('_'), QLatin1Char(' '));
    if (!words.isEmpty()) words[0] = words[0].toUpper();
    return words;
}

QString percentText(double percent) { return QString::number(percent, 'f', 1) + QLatin1Char('%'); }

double shareOf(double part, double whole) {
    if (whole <= 0) return 0;
    return std::round(part * 1000.0 / whole) / 10.0;
}

FigureTable::FigureTable(const nlohmann::json& table)
    : table_(&table), columns_(&member(table, "columns")), rows_(&member(table, "rows")) {}

QString FigureTable::title() const {
    auto it = table_->find("title");
    return it != table_->end() && it->is_string() ? QString::fromStdString(it->get<std::string>()) : QString();
}

int FigureTable::column(const std::string& key) const {
    for (std::size_t i = 0; i < columns_->size(); ++i)
        if ((*columns_)[i].value("key", "") == key) return static_cast<int>(i);
    return -1;
}

std::string FigureTable::key(int column) const { return (*columns_)[column].value("key", ""); }
std::string FigureTable::type(int column) const { return (*columns_)[column].value("type", "text"); }

const nlohmann::json& FigureTable::cell(std::size_t row, const std::string& key) const {
    const int c = column(key);
    if (c < 0 || row >= rows_->size()) return kNull;
    const nlohmann::json& cells = member((*rows_)[row], "cells");
    return static_cast<std::size_t>(c) < cells.size() ? cells[c] : kNull;
}

double FigureTable::number(std::size_t row, const std::string& key) const {
    const nlohmann::json& v = cell(row, key);
    return v.is_number() ? v.get<double>() : 0.0;
}

std::string FigureTable::raw(std::size_t row, const std::string& key) const {
    const nlohmann::json& v = cell(row, key);
    if (v.is_string()) return v.get<std::string>();
    if (v.is_null()) return {};
    return v.dump();
}

QString FigureTable::text(std::size_t row, int column) const {
    const std::string k = key(column);
    const nlohmann::json& v = cell(row, k);
    if (auto f = formatters_.find(k); f != formatters_.end()) return f->second(v);
    if (v.is_null()) return {};
    const std::string t = type(column);
    if (t == "percent") return v.is_number() ? percentText(v.get<double>()) : QString();
    if (v.is_number_integer()) return QString::number(v.get<long long>());
    if (v.is_number()) return QString::number(v.get<double>(), 'f', t == "number" ? 0 : 1);
    if (!v.is_string()) return QString::fromStdString(v.dump());
    const std::string s = v.get<std::string>();
    if (t == "date") return reportDate(s);
    if (t == "rating") return ratingLabel(s);
    return QString::fromStdString(s);
}

QString FigureTable::text(std::size_t row, const std::string& key) const {
    const int c = column(key);
    return c < 0 ? QString() : text(row, c);
}

ReportTable FigureTable::report(const QString& emptyText, const std::vector<std::string>& keys) const {
    std::vector<int> shown;
    if (keys.empty()) {
        for (std::size_t i = 0; i < columns_->size(); ++i) shown.push_back(static_cast<int>(i));
    } else {
        for (const std::string& k : keys)
            if (int c = column(k); c >= 0) shown.push_back(c);
    }
    ReportTable out;
    out.emptyText = emptyText;
    for (int c : shown) {
        const std::string t = type(c);
        const bool figure = t == "number" || t == "percent";
        out.columns.push_back({QString::fromStdString((*columns_)[c].value("label", key(c))), weightOf(key(c), t),
                               figure ? Qt::AlignRight : Qt::AlignLeft, t != "text" || isCode(key(c))});
    }
    for (std::size_t r = 0; r < rows_->size(); ++r) {
        std::vector<QString> cells;
        for (int c : shown) cells.push_back(text(r, c));
        out.rows.push_back(std::move(cells));
    }
    return out;
}

}  // namespace tandem::app
