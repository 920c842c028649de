// Edits the server refused (not a conflict: a rule said no), until the user dismisses them:
// the record, the field, the value that was refused and the server's reason.
#pragma once

#include "Labels.h"
#include "RecordListModel.h"

#include <QtQml/qqmlregistration.h>

namespace tandem::app {

class Session;

class RejectionListModel : public RecordListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Session.rejections holds the rejections")

public:
    enum Roles {
        RejectionIdRole = Qt::UserRole + 1,
        RecordIdRole,
        RecordTitleRole,
        FieldRole,
        FieldLabelRole,
        ValueRole,
        CodeRole,
        MessageRole,
        AtRole,
    };
    Q_ENUM(Roles)

    struct Row {
        QString id, recordId, recordTitle, field, fieldLabel, value, code, message, at;
        bool operator==(const Row&) const = default;
    };

    explicit RejectionListModel(QObject* parent = nullptr);
    void setSession(Session* session) { session_ = session; }

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    void reload(sync::Replica& replica, const Lookups& lookups);
    void clearRows();
    Q_INVOKABLE void dismiss(const QString& id);

private:
    Session* session_ = nullptr;
    std::vector<Row> rows_;
};

}  // namespace tandem::app
