// The base of the app's list models: a `count` property, and replacing the rows after a sync or
// an edit by a keyed merge (inserts, removals and dataChanged for changed rows, never a reset),
// so views keep their scroll position and current item.
#pragma once

#include <QAbstractListModel>

#include <algorithm>
#include <vector>

namespace tandem::app {

class RecordListModel : public QAbstractListModel {
    Q_OBJECT
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    explicit RecordListModel(QObject* parent = nullptr);
    int count() const { return rowCount(); }

signals:
    void countChanged();

protected:
    // Replaces `rows` by `fresh`. Both are ordered by `less` (a strict order on the row key);
    // rows with equal keys that differ are reported with dataChanged.
    template <class Row, class Less>
    void mergeRows(std::vector<Row>& rows, std::vector<Row> fresh, Less less) {
        if (rows.empty() || fresh.empty()) {
            beginResetModel();
            rows = std::move(fresh);
            endResetModel();
            return;
        }
        size_t i = 0, j = 0;
        while (i < rows.size() || j < fresh.size()) {
            if (j == fresh.size() || (i < rows.size() && less(rows[i], fresh[j]))) {
                // A run of rows that are gone.
                size_t end = i + 1;
                while (end < rows.size() && (j == fresh.size() || less(rows[end], fresh[j]))) ++end;
                beginRemoveRows({}, int(i), int(end - 1));
                rows.erase(rows.begin() + long(i), rows.begin() + long(end));
                endRemoveRows();
            } else if (i == rows.size() || less(fresh[j], rows[i])) {
                // A run of new rows.
                size_t end = j + 1;
                while (end < fresh.size() && (i == rows.size() || less(fresh[end], rows[i]))) ++end;
                beginInsertRows({}, int(i), int(i + end - j - 1));
                rows.insert(rows.begin() + long(i), std::make_move_iterator(fresh.begin() + long(j)),
                            std::make_move_iterator(fresh.begin() + long(end)));
                endInsertRows();
                i += end - j;
                j = end;
            } else {
                if (!(rows[i] == fresh[j])) {
                    rows[i] = std::move(fresh[j]);
                    emit dataChanged(index(int(i)), index(int(i)));
                }
                ++i;
                ++j;
            }
        }
    }

    // Refreshes one record: `fresh` holds its new row (empty when it is gone), `probe` its old row.
    template <class Row, class Less>
    void replaceRow(std::vector<Row>& rows, const std::vector<Row>& fresh, const Row& probe, Less less) {
        auto it = std::lower_bound(rows.begin(), rows.end(), probe, less);
        const bool found = it != rows.end() && !less(probe, *it);
        if (found && fresh.size() == 1 && !less(fresh[0], *it) && !less(*it, fresh[0])) {
            *it = fresh[0];  // same place in the order: an update in place
            const QModelIndex at = index(int(it - rows.begin()));
            emit dataChanged(at, at);
            return;
        }
        if (found) {
            const int at = int(it - rows.begin());
            beginRemoveRows({}, at, at);
            rows.erase(it);
            endRemoveRows();
        }
        for (const auto& row : fresh) {
            auto pos = std::lower_bound(rows.begin(), rows.end(), row, less);
            const int at = int(pos - rows.begin());
            beginInsertRows({}, at, at);
            rows.insert(pos, row);
            endInsertRows();
        }
    }
};

}  // namespace tandem::app
