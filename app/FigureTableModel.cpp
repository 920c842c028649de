#include "FigureTableModel.h"

#include "Labels.h"

#include <QDate>

#include <algorithm>
#include <set>

namespace tandem::app {
namespace {


double numberOf(const nlohmann::json& v) { return v.is_number() ? v.get<double>() : 0.0; }

// Members read without throwing: a malformed cached reply gives an empty table, not an exception
// inside a QML binding.
std::string textMember(const nlohmann::json& object, const char* key, const char* fallback = "") {
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : fallback;
}
const nlohmann::json& arrayMember(const nlohmann::json& object, const char* key) {
    static const nlohmann::json empty = nlohmann::json::array();
    const auto it = object.find(key);
    return it != object.end() && it->is_array() ? *it : empty;
}

std::string stringOf(const nlohmann::json& v) {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_null()) return {};
    return v.dump();
}

}  // namespace

FigureTableModel::FigureTableModel(QString name, QObject* parent) : QAbstractTableModel(parent), name_(std::move(name)) {}

void FigureTableModel::setTable(const nlohmann::json& table) {
    beginResetModel();
    columns_.clear();
    rows_.clear();
    title_.clear();
    if (table.is_object()) {
        title_ = qs(textMember(table, "title"));
        for (const auto& c : arrayMember(table, "columns"))
            if (c.is_object()) columns_.push_back({textMember(c, "key"), textMember(c, "label"), textMember(c, "type", "text")});
        for (const auto& r : arrayMember(table, "rows")) {
            if (!r.is_object()) continue;
            Row row;
            const auto& cells = arrayMember(r, "cells");
            // A short row is padded so every column has a cell to read.
            for (size_t i = 0; i < columns_.size(); ++i) {
                row.cells.push_back(i < cells.size() ? cells[i] : nlohmann::json());
                row.texts << cellText(row.cells.back(), columns_[i].type);
                // Workflow states read as words ("Submitted for closure"), as in the lists.
                if (columns_[i].key == "status" && row.cells.back().is_string()) {
                    const std::string status = row.cells.back().get<std::string>();
                    row.texts.last() = name_.contains("return") ? returnStatusLabel(status) : actionStatusLabel(status);
                }
            }
            for (const auto& id : arrayMember(r, "records"))
                if (id.is_string()) row.records << qs(id.get<std::string>());
            rows_.push_back(std::move(row));
        }
    }
    endResetModel();
    emit tableChanged();
}

QVariantList FigureTableModel::columns() const {
    QVariantList out;
    for (const auto& c : columns_)
        out << QVariantMap{{"key", qs(c.key)}, {"label", qs(c.label)}, {"type", qs(c.type)}};
    return out;
}

int FigureTableModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(rows_.size()); }

int FigureTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(columns_.size()); }

QVariant FigureTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= int(rows_.size()) || index.column() >= int(columns_.size())) return {};
    const Row& row = rows_[size_t(index.row())];
    switch (role) {
        case Qt::DisplayRole: {
            const auto& v = row.cells[size_t(index.column())];
            if (v.is_number()) return v.get<double>();
            return row.texts[index.column()];
        }
        case CellsRole: return row.texts;
        case ValuesRole: {
            QStringList values;
            for (const auto& v : row.cells) values << qs(stringOf(v));
            return values;
        }
        case RecordsRole: return row.records;
        case RecordCountRole: return int(row.records.size());
        default: return {};
    }
}

QVariant FigureTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (role != Qt::DisplayRole) return {};
    if (orientation == Qt::Vertical) return section + 1;
    if (section < 0 || section >= int(columns_.size())) return {};
    return qs(columns_[size_t(section)].label);
}

QHash<int, QByteArray> FigureTableModel::roleNames() const {
    return {{Qt::DisplayRole, "display"}, {CellsRole, "cells"}, {ValuesRole, "values"},
            {RecordsRole, "records"}, {RecordCountRole, "recordCount"}};
}

int FigureTableModel::columnOf(const QString& key) const {
    const std::string k = key.toStdString();
    for (size_t i = 0; i < columns_.size(); ++i)
        if (columns_[i].key == k) return int(i);
    return -1;
}

QString FigureTableModel::columnLabel(const QString& key) const {
    const int c = columnOf(key);
    return c < 0 ? QString() : qs(columns_[size_t(c)].label);
}

QStringList FigureTableModel::texts(const QString& key) const {
    QStringList out;
    const int c = columnOf(key);
    if (c < 0) return out;
    for (const auto& r : rows_) out << r.texts[c];
    return out;
}

QVariantList FigureTableModel::numbers(const QString& key) const {
    QVariantList out;
    const int c = columnOf(key);
    if (c < 0) return out;
    for (const auto& r : rows_) out << numberOf(r.cells[size_t(c)]);
    return out;
}

double FigureTableModel::maxOf(const QStringList& keys, bool stacked) const {
    std::vector<int> cols;
    for (const QString& k : keys)
        if (const int c = columnOf(k); c >= 0) cols.push_back(c);
    double most = 0;
    for (const auto& r : rows_) {
        double sum = 0;
        for (int c : cols) {
            const double v = numberOf(r.cells[size_t(c)]);
            sum = stacked ? sum + v : std::max(sum, v);
        }
        most = std::max(most, sum);
    }
    return most;
}

QVariantMap FigureTableModel::pivot(const QString& rowKey, const QString& seriesKey, const QString& valueKey) const {
    const int rc = columnOf(rowKey), sc = columnOf(seriesKey), vc = columnOf(valueKey);
    if (rc < 0 || sc < 0 || vc < 0) return {{"categories", QStringList()}, {"series", QVariantList()}};
    // Categories and series in the order the server lists them (it orders grades and options).
    QStringList categories, series;
    for (const auto& r : rows_) {
        if (!categories.contains(r.texts[rc])) categories << r.texts[rc];
        if (!series.contains(r.texts[sc])) series << r.texts[sc];
    }
    std::vector<QVariantList> values(size_t(series.size()), QVariantList());
    for (auto& v : values)
        for (int i = 0; i < categories.size(); ++i) v << 0.0;
    for (const auto& r : rows_)
        values[size_t(series.indexOf(r.texts[sc]))][categories.indexOf(r.texts[rc])] = numberOf(r.cells[size_t(vc)]);
    QVariantList out;
    for (int i = 0; i < series.size(); ++i) out << QVariantMap{{"label", series[i]}, {"values", values[size_t(i)]}};
    return {{"categories", categories}, {"series", out}};
}

QStringList FigureTableModel::recordsOf(int row) const {
    return row >= 0 && row < int(rows_.size()) ? rows_[size_t(row)].records : QStringList();
}

nlohmann::json FigureTableModel::cell(int row, const std::string& key) const {
    const int c = columnOf(qs(key));
    if (c < 0 || row < 0 || row >= int(rows_.size())) return nullptr;
    return rows_[size_t(row)].cells[size_t(c)];
}

QString FigureTableModel::ratingLabel(const std::string& rating) {
    if (rating.empty()) return QStringLiteral("Not rated");
    if (rating == "na") return QStringLiteral("N/A");
    if (rating == "requires_improvement") return QStringLiteral("Requires improvement");
    QString label = qs(rating);
    label.replace('_', ' ');
    label[0] = label[0].toUpper();
    return label;
}

QString FigureTableModel::cellText(const nlohmann::json& value, const std::string& type) {
    if (value.is_null()) return type == "rating" ? ratingLabel({}) : QString();
    // round_comparison's number columns hold counts and percents (one decimal) in one column.
    if (type == "number" && value.is_number_integer()) return QString::number(value.get<long long>());
    if (type == "number" && value.is_number()) return QString::number(value.get<double>(), 'f', 1);
    if (type == "percent" && value.is_number()) return QString::number(value.get<double>(), 'f', 1) + '%';
    if (type == "date" && value.is_string()) {
        const QDate d = QDate::fromString(qs(value.get<std::string>()), Qt::ISODate);
        return d.isValid() ? d.toString("d MMM yyyy") : qs(value.get<std::string>());
    }
    if (type == "rating") return ratingLabel(stringOf(value));
    return qs(stringOf(value));
}

}  // namespace tandem::app
