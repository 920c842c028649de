// The progress updates of one action, oldest first: narrative, proposed RAG, who and when,
// and whether the update is still waiting to reach the server.
#pragma once

#include "Labels.h"
#include "RecordListModel.h"
#include "ReplicaQueries.h"

#include <QtQml/qqmlregistration.h>

namespace tandem::app {

class ProgressUpdateModel : public RecordListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("ActionController.progress holds an action's updates")

public:
    enum Roles { NarrativeRole = Qt::UserRole + 1, ProposedRagRole, AuthorRole, AgencyRole, AtRole, PendingRole, ApprovedRole };
    Q_ENUM(Roles)

    explicit ProgressUpdateModel(QObject* parent = nullptr);
    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    void reload(sync::Replica& replica, const Lookups& lookups, const std::string& actionId);
    void clearRows();

private:
    struct Row {
        QString id, narrative, proposedRag, author, agency, at;
        bool pending = false, approved = false;
        bool operator==(const Row&) const = default;
    };
    std::vector<Row> rows_;
};

}  // namespace tandem::app
