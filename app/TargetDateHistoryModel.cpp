#include "TargetDateHistoryModel.h"

#include <QDate>
#include <QDateTime>

namespace tandem::app {
namespace {

QString member(const nlohmann::json& entry, const char* name) {
    auto it = entry.find(name);
    return it != entry.end() && it->is_string() ? QString::fromStdString(it->get<std::string>()) : QString();
}

// "on" is a date or a timestamp; either reads as a day.
QString onText(const QString& on) {
    const QDateTime at = QDateTime::fromString(on, Qt::ISODate);
    if (at.isValid() && on.size() > 10) return at.toLocalTime().toString("d MMM yyyy");
    return TargetDateHistoryModel::dayText(on);
}

}  // namespace

TargetDateHistoryModel::TargetDateHistoryModel(QObject* parent) : RecordListModel(parent) {}

QString TargetDateHistoryModel::dayText(const QString& isoDate) {
    const QDate d = QDate::fromString(isoDate, Qt::ISODate);
    return d.isValid() ? d.toString("d MMM yyyy") : isoDate;
}

int TargetDateHistoryModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(rows_.size()); }

QVariant TargetDateHistoryModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= int(rows_.size())) return {};
    const Row& r = rows_[size_t(index.row())];
    switch (role) {
        case FromRole: return r.from;
        case ToRole: return r.to;
        case Qt::DisplayRole:
        case ChangeRole:
            // A move not synced yet, of a date with no history: the old date is the server's.
            if (r.pending && r.from.isEmpty()) return "→ " + dayText(r.to);
            return (r.from.isEmpty() ? QString("(none)") : dayText(r.from)) + " → " +
                   (r.to.isEmpty() ? QString("(none)") : dayText(r.to));
        case ReasonRole: return r.reason;
        case ByRole: return r.by;
        case OnRole: return r.on;
        case PendingRole: return r.pending;
    }
    return {};
}

QHash<int, QByteArray> TargetDateHistoryModel::roleNames() const {
    return {{FromRole, "from"}, {ToRole, "to"}, {ChangeRole, "change"}, {ReasonRole, "reason"},
            {ByRole, "by"},     {OnRole, "on"}, {PendingRole, "pending"}};
}

void TargetDateHistoryModel::reload(const nlohmann::json& history, const std::string& pendingTo,
                                    const std::string& pendingReason) {
    std::vector<Row> fresh;
    if (history.is_array())
        for (const auto& e : history) {
            if (!e.is_object()) continue;
            fresh.push_back({member(e, "from"), member(e, "to"), member(e, "reason"), member(e, "by"),
                             onText(member(e, "on")), false});
        }
    if (!pendingTo.empty()) {
        const QString from = fresh.empty() ? QString() : fresh.back().to;
        fresh.push_back({from, QString::fromStdString(pendingTo), QString::fromStdString(pendingReason), "you",
                         "not synced yet", true});
    }
    // A handful of rows that only grow: a reset keeps it simple.
    if (fresh == rows_) return;
    beginResetModel();
    rows_ = std::move(fresh);
    endResetModel();
    emit countChanged();
}

void TargetDateHistoryModel::clearRows() {
    beginResetModel();
    rows_.clear();
    endResetModel();
    emit countChanged();
}

}  // namespace tandem::app
