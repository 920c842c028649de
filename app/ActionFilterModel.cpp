#include "ActionFilterModel.h"

#include "Labels.h"

#include <QVariantMap>

namespace tandem::app {

ActionFilterModel::ActionFilterModel(QObject* parent) : QSortFilterProxyModel(parent) {
    // The source is already in display order; the proxy only filters (a changed row is
    // filtered again, never sorted: sort column stays -1).
    setDynamicSortFilter(true);
    for (auto sig : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(this, sig, this, &ActionFilterModel::countChanged);
    connect(this, &QAbstractItemModel::modelReset, this, &ActionFilterModel::countChanged);
    connect(this, &QAbstractItemModel::layoutChanged, this, &ActionFilterModel::countChanged);
}

void ActionFilterModel::setActions(ActionListModel* actions) {
    if (actions_) disconnect(actions_, nullptr, this, nullptr);
    actions_ = actions;
    // Connected before the proxy's own handlers: stale matches go before it refilters changed rows.
    if (actions_) {
        connect(actions_, &ActionListModel::choicesChanged, this, &ActionFilterModel::choicesChanged);
        connect(actions_, &ActionListModel::rowsTouched, this, [this] { matches_.clear(); });
    }
    matches_.clear();
    setSourceModel(actions);
    emit choicesChanged();
    emit countChanged();
}

void ActionFilterModel::matchSearch() {
    while (!matches_.empty() && needle_.compare(0, matches_.back().first.size(), matches_.back().first) != 0) matches_.pop_back();
    if (needle_.empty() || !actions_ || (!matches_.empty() && matches_.back().first == needle_)) return;
    const std::vector<bool>* narrower = matches_.empty() ? nullptr : &matches_.back().second;
    const int n = actions_->rowCount();
    std::vector<bool> hit(size_t(n), false);
    for (int i = 0; i < n; ++i)
        if (!narrower || (*narrower)[size_t(i)]) hit[size_t(i)] = actions_->row(i).search.find(needle_) != std::string::npos;
    matches_.emplace_back(needle_, std::move(hit));
}

void ActionFilterModel::refilter() {
    matchSearch();
    // A whole new selection: rebuilding the mapping in one pass (layoutChanged) costs O(rows);
    // invalidateRowsFilter() would insert and remove row ranges one by one, seconds at 100,000.
    invalidate();
    emit filterChanged();
    emit countChanged();
}

void ActionFilterModel::setSearch(const QString& s) {
    if (s == search_) return;
    search_ = s;
    needle_ = s.trimmed().toLower().toStdString();
    refilter();
}
void ActionFilterModel::setReview(const QString& s) {
    if (s == review_) return;
    review_ = s;
    refilter();
}
void ActionFilterModel::setStatus(const QString& s) {
    if (s == status_) return;
    status_ = s;
    statusIndex_ = s.isEmpty() || s == QLatin1String("open") ? -1 : int(ActionListModel::statusNames().indexOf(s));
    refilter();
}
void ActionFilterModel::setRag(const QString& s) {
    if (s == rag_) return;
    rag_ = s;
    ragIndex_ = s.isEmpty() ? -1 : int(ActionListModel::ragNames().indexOf(s));
    refilter();
}
void ActionFilterModel::setDueBefore(const QString& s) {
    if (s == dueBefore_) return;
    dueBefore_ = s;
    due_ = s.toStdString();
    refilter();
}

void ActionFilterModel::clearFilters() {
    search_.clear();
    needle_.clear();
    review_.clear();
    status_.clear();
    rag_.clear();
    dueBefore_.clear();
    due_.clear();
    statusIndex_ = ragIndex_ = -1;
    refilter();
}

QStringList ActionFilterModel::reviews() const { return actions_ ? actions_->reviews() : QStringList(); }
QStringList ActionFilterModel::statuses() const {
    return actions_ ? QStringList{"open"} + actions_->statuses() : QStringList();
}

QVariantList ActionFilterModel::statusOptions() const {
    QVariantList out;
    for (const QString& s : statuses())
        out << QVariantMap{{"value", s}, {"label", s == "open" ? QStringLiteral("Open (not closed)") : actionStatusLabel(s.toStdString())}};
    return out;
}

QString ActionFilterModel::recordIdAt(int row) const {
    if (!actions_ || row < 0 || row >= rowCount()) return {};
    return qs(actions_->row(mapToSource(index(row, 0)).row()).id);
}

bool ActionFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex&) const {
    if (!actions_) return false;
    const auto& r = actions_->row(sourceRow);
    if (!review_.isEmpty() && r.review != review_) return false;
    if (status_ == QLatin1String("open")) {
        const QString& st = ActionListModel::statusNames().at(r.status);
        if (st == QLatin1String("closed") || st == QLatin1String("superseded")) return false;
    } else if (!status_.isEmpty() && int(r.status) != statusIndex_) {
        return false;
    }
    if (!rag_.isEmpty() && int(r.rag) != ragIndex_) return false;
    if (!due_.empty() && (r.targetDate.empty() || r.targetDate > due_)) return false;
    if (!needle_.empty()) {
        // The cached matches are valid while they cover the source; else test the row itself.
        if (!matches_.empty() && matches_.back().first == needle_ && matches_.back().second.size() == size_t(actions_->rowCount()))
            return matches_.back().second[size_t(sourceRow)];
        return r.search.find(needle_) != std::string::npos;
    }
    return true;
}

}  // namespace tandem::app
