// Every action on the device, one row each, with the words a list shows (reference, lead agency
// name, status label, derived RAG). Ordered by target date, then reference; filtered by
// ActionFilterModel. Refreshed by a keyed merge after a sync and row by row after an edit.
#pragma once

#include "Labels.h"
#include "RecordListModel.h"
#include "ReplicaQueries.h"

#include <QtQml/qqmlregistration.h>

#include <unordered_map>

namespace tandem::app {

class ActionListModel : public RecordListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Session.actions holds the actions")

public:
    enum Roles {
        RecordIdRole = Qt::UserRole + 1,
        ReferenceRole,
        TitleRole,
        ReviewRole,
        LeadAgencyRole,
        StatusRole,
        StatusLabelRole,
        RagRole,
        TargetDateRole,
        OverdueRole,
        PendingRole,
        HasConflictRole,
    };
    Q_ENUM(Roles)

    // Kept small (100,000 of them): UTF-8 strings, shared names, statuses as indexes.
    struct Row {
        std::string id, no, title, targetDate;
        std::string search;          // reference, title and lead agency in lower case, for search as you type
        QString review, leadAgency;  // shared between rows (implicitly shared QStrings)
        std::uint8_t status = 0, rag = 0;  // indexes into statusNames() and ragNames()
        bool overdue = false, pending = false, conflict = false;
        bool operator==(const Row&) const = default;
        QString reference() const;
    };
    static const QStringList& statusNames();  // machine values, "" first
    static const QStringList& ragNames();     // "", red, amber, green

    explicit ActionListModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    // Collects fresh rows (from a scan of the replica) for apply(), which merges them in.
    class Builder {
    public:
        Builder(const Lookups& lookups);
        void add(const sync::ActionRow& a);

    private:
        friend class ActionListModel;
        const QString& review(const std::string& id);
        const QString& agency(const std::string& code);
        const Lookups& lookups_;
        std::string today_;
        std::unordered_map<std::string, QString> reviews_, agencies_;  // one shared QString per name
        std::vector<Row> rows_;
    };
    void apply(Builder&& fresh);
    void reload(sync::Replica& replica, const Lookups& lookups);
    void refreshRecord(sync::Replica& replica, const Lookups& lookups, const std::string& id);
    const Row& row(int i) const { return rows_[size_t(i)]; }
    void clearRows() {
        beginResetModel();
        rows_.clear();
        endResetModel();
    }
    // Review codes and statuses present, for the filter choices.
    QStringList reviews() const;
    QStringList statuses() const;
    // The row of a record, or -1.
    Q_INVOKABLE int rowOf(const QString& recordId) const;

signals:
    void choicesChanged();
    // Any change of rows or their contents (filters drop what they cached about rows).
    void rowsTouched();

private:
    static Row makeRow(const sync::ActionRow& a, Builder& names);
    std::vector<Row> rows_;
};

}  // namespace tandem::app
