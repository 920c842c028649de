// An action's target dates as they moved, oldest first: "31 Mar 2016 → 30 Jun 2016", the reason,
// who moved it and when. The server writes the history; a move made on this device and not yet
// synced is shown last, marked, so the business office sees its own change at once, offline.
#pragma once

#include "RecordListModel.h"

#include <nlohmann/json.hpp>

#include <QtQml/qqmlregistration.h>

namespace tandem::app {

class TargetDateHistoryModel : public RecordListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("ActionAdminController.history holds an action's target dates")

public:
    enum Roles { FromRole = Qt::UserRole + 1, ToRole, ChangeRole, ReasonRole, ByRole, OnRole, PendingRole };
    Q_ENUM(Roles)

    explicit TargetDateHistoryModel(QObject* parent = nullptr);
    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    // `history` is the server's target_date_history; `pendingTo`/`pendingReason` a move not
    // yet synced ("" when there is none).
    void reload(const nlohmann::json& history, const std::string& pendingTo, const std::string& pendingReason);
    void clearRows();

    // "31 Mar 2016" for 2016-03-31 (the text itself when it is not a date).
    static QString dayText(const QString& isoDate);

private:
    struct Row {
        QString from, to, reason, by, on;
        bool pending = false;
        bool operator==(const Row&) const = default;
    };
    std::vector<Row> rows_;
};

}  // namespace tandem::app
