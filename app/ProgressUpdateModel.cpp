#include "ProgressUpdateModel.h"

#include <QDateTime>

namespace tandem::app {

ProgressUpdateModel::ProgressUpdateModel(QObject* parent) : RecordListModel(parent) {}

int ProgressUpdateModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(rows_.size()); }

QVariant ProgressUpdateModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= int(rows_.size())) return {};
    const Row& r = rows_[size_t(index.row())];
    switch (role) {
        case Qt::DisplayRole:
        case NarrativeRole: return r.narrative;
        case ProposedRagRole: return r.proposedRag;
        case AuthorRole: return r.author;
        case AgencyRole: return r.agency;
        case AtRole: return r.at;
        case PendingRole: return r.pending;
        case ApprovedRole: return r.approved;
    }
    return {};
}

QHash<int, QByteArray> ProgressUpdateModel::roleNames() const {
    return {{NarrativeRole, "narrative"}, {ProposedRagRole, "proposedRag"}, {AuthorRole, "author"}, {AgencyRole, "agency"},
            {AtRole, "at"},               {PendingRole, "pending"},         {ApprovedRole, "approved"}};
}

void ProgressUpdateModel::reload(sync::Replica& replica, const Lookups& lookups, const std::string& actionId) {
    std::vector<Row> fresh;
    for (const auto& p : sync::progressRows(replica, actionId)) {
        Row r;
        r.id = qs(p.id);
        r.narrative = qs(p.narrative);
        r.proposedRag = qs(p.proposedRag);
        r.author = qs(p.author);
        r.agency = qs(lookups.agencyName(p.agency));
        const QDateTime at = QDateTime::fromString(qs(p.createdAt), Qt::ISODate);
        r.at = at.isValid() ? at.toLocalTime().toString("d MMM yyyy HH:mm") : qs(p.createdAt);
        r.pending = p.pending;
        r.approved = p.approved;
        fresh.push_back(std::move(r));
    }
    // Updates are only ever added: a reset is cheap for a handful of rows and keeps order simple.
    if (fresh == rows_) return;
    beginResetModel();
    rows_ = std::move(fresh);
    endResetModel();
}

void ProgressUpdateModel::clearRows() {
    beginResetModel();
    rows_.clear();
    endResetModel();
}

}  // namespace tandem::app
