#include "RejectionListModel.h"

#include "ConflictListModel.h"
#include "Session.h"

namespace tandem::app {
namespace {

bool byId(const RejectionListModel::Row& a, const RejectionListModel::Row& b) { return a.id < b.id; }

}  // namespace

RejectionListModel::RejectionListModel(QObject* parent) : RecordListModel(parent) {}

int RejectionListModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(rows_.size()); }

QVariant RejectionListModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= int(rows_.size())) return {};
    const Row& r = rows_[size_t(index.row())];
    switch (role) {
        case RejectionIdRole: return r.id;
        case RecordIdRole: return r.recordId;
        case Qt::DisplayRole:
        case RecordTitleRole: return r.recordTitle;
        case FieldRole: return r.field;
        case FieldLabelRole: return r.fieldLabel;
        case ValueRole: return r.value;
        case CodeRole: return r.code;
        case MessageRole: return r.message;
        case AtRole: return r.at;
    }
    return {};
}

QHash<int, QByteArray> RejectionListModel::roleNames() const {
    return {{RejectionIdRole, "rejectionId"}, {RecordIdRole, "recordId"}, {RecordTitleRole, "recordTitle"},
            {FieldRole, "field"},             {FieldLabelRole, "fieldLabel"}, {ValueRole, "value"},
            {CodeRole, "code"},               {MessageRole, "message"},   {AtRole, "at"}};
}

void RejectionListModel::reload(sync::Replica& replica, const Lookups& lookups) {
    std::vector<Row> fresh;
    for (const auto& x : replica.rejections(false)) {
        Row r;
        r.id = qs(x.id);
        r.recordId = qs(x.record);
        r.recordTitle = recordTitle(replica, lookups, x.record);
        r.field = qs(x.field);
        r.fieldLabel = fieldLabelOf(replica, x.record, x.field);
        r.value = valueText(x.value);
        r.code = qs(x.code);
        r.message = qs(x.message);
        r.at = QDateTime::fromString(qs(x.at), Qt::ISODate).toLocalTime().toString("d MMM yyyy HH:mm");
        if (r.at.isEmpty()) r.at = qs(x.at);
        fresh.push_back(std::move(r));
    }
    std::sort(fresh.begin(), fresh.end(), byId);
    mergeRows(rows_, std::move(fresh), byId);
}

void RejectionListModel::clearRows() {
    beginResetModel();
    rows_.clear();
    endResetModel();
}

void RejectionListModel::dismiss(const QString& id) {
    if (!session_ || !session_->replica()) return;
    session_->replica()->dismissRejection(id.toStdString());
    reload(*session_->replica(), session_->lookups());
}

}  // namespace tandem::app
