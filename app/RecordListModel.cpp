#include "RecordListModel.h"

namespace tandem::app {

RecordListModel::RecordListModel(QObject* parent) : QAbstractListModel(parent) {
    connect(this, &QAbstractItemModel::rowsInserted, this, &RecordListModel::countChanged);
    connect(this, &QAbstractItemModel::rowsRemoved, this, &RecordListModel::countChanged);
    connect(this, &QAbstractItemModel::modelReset, this, &RecordListModel::countChanged);
}

}  // namespace tandem::app
