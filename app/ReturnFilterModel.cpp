#include "ReturnFilterModel.h"

namespace tandem::app {

ReturnFilterModel::ReturnFilterModel(QObject* parent) : QSortFilterProxyModel(parent) {
    setDynamicSortFilter(true);
    for (auto sig : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(this, sig, this, &ReturnFilterModel::countChanged);
    connect(this, &QAbstractItemModel::modelReset, this, &ReturnFilterModel::countChanged);
    connect(this, &QAbstractItemModel::layoutChanged, this, &ReturnFilterModel::countChanged);
}

void ReturnFilterModel::setReturns(ReturnListModel* returns) {
    returns_ = returns;
    setSourceModel(returns);
    emit countChanged();
}

void ReturnFilterModel::setViewer(const QString& user, const QString& agency, bool agencyLead) {
    user_ = user;
    agency_ = agency;
    lead_ = agencyLead;
    invalidate();
    emit countChanged();
}

void ReturnFilterModel::setView(const QString& v) {
    if (v == view_) return;
    view_ = v;
    invalidate();
    emit filterChanged();
    emit countChanged();
}

void ReturnFilterModel::setSearch(const QString& s) {
    if (s == search_) return;
    search_ = s;
    needle_ = s.trimmed().toLower();
    invalidate();
    emit filterChanged();
    emit countChanged();
}

QString ReturnFilterModel::recordIdAt(int row) const {
    if (!returns_ || row < 0 || row >= rowCount()) return {};
    return returns_->row(mapToSource(index(row, 0)).row()).id;
}

bool ReturnFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex&) const {
    if (!returns_) return false;
    const auto& r = returns_->row(sourceRow);
    if (view_ == QLatin1String("mine")) {
        const bool open = r.status == QLatin1String("assigned") || r.status == QLatin1String("in_progress") ||
                          r.status == QLatin1String("returned");
        const bool mine = r.assignee == user_ || (r.assignee.isEmpty() && r.agencyCode == agency_);
        if (!mine || !open) return false;
    } else if (view_ == QLatin1String("approval")) {
        if (!lead_ || r.agencyCode != agency_ || r.status != QLatin1String("submitted")) return false;
    }
    if (!needle_.isEmpty() && !r.haystack.contains(needle_)) return false;
    return true;
}

}  // namespace tandem::app
