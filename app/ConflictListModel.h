// The open conflicts on this device: for each, the field, my value and theirs side by side, who
// and when, and the rule that decided; "apply mine again" (a new edit) or "accept theirs".
#pragma once

#include "Labels.h"
#include "RecordListModel.h"

#include <QtQml/qqmlregistration.h>

namespace tandem::app {

class Session;

class ConflictListModel : public RecordListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Session.conflicts holds the conflicts")

public:
    enum Roles {
        ConflictIdRole = Qt::UserRole + 1,
        RecordIdRole,
        RecordTitleRole,
        KindRole,
        FieldRole,
        FieldLabelRole,
        MineRole,
        TheirsRole,
        TheirUserRole,
        TheirAgencyRole,
        AtRole,
        RuleRole,
        ResolvedRole,
    };
    Q_ENUM(Roles)

    struct Row {
        QString id, recordId, recordTitle, kind, field, fieldLabel, mine, theirs, theirUser, theirAgency, at, rule;
        bool resolved = false;
        bool operator==(const Row&) const = default;
    };

    explicit ConflictListModel(QObject* parent = nullptr);
    void setSession(Session* session) { session_ = session; }

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    void reload(sync::Replica& replica, const Lookups& lookups, const sync::Identity& me);
    void clearRows();

    // "" when done, else a sentence saying why not.
    Q_INVOKABLE QString applyMine(const QString& id);
    Q_INVOKABLE QString acceptTheirs(const QString& id);

private:
    QString resolve(const QString& id, bool mine);
    Session* session_ = nullptr;
    std::vector<Row> rows_;
};

// A record as a list line names it: an action's reference and title, a return's template.
QString recordTitle(sync::Replica& replica, const Lookups& lookups, const std::string& recordId, std::string* kind = nullptr);
// A field as a person reads it; answers by their question's text.
QString fieldLabelOf(sync::Replica& replica, const std::string& recordId, const std::string& field);

}  // namespace tandem::app
