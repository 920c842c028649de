// Every audit return and checklist on the device, one row each, with template, round and
// progress ("23 of 34 answered"). Ordered by due date, then title; filtered by ReturnFilterModel.
#pragma once

#include "Labels.h"
#include "RecordListModel.h"
#include "ReplicaQueries.h"

#include <QtQml/qqmlregistration.h>

namespace tandem::app {

class ReturnListModel : public RecordListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Session.returns holds the returns")

public:
    enum Roles {
        RecordIdRole = Qt::UserRole + 1,
        TitleRole,
        TemplateKeyRole,
        KindRole,
        AgencyRole,
        RoundRole,
        StatusRole,
        StatusLabelRole,
        AssigneeRole,
        DueDateRole,
        AnsweredRole,
        QuestionCountRole,
        ProgressTextRole,
        PendingRole,
        HasConflictRole,
    };
    Q_ENUM(Roles)

    struct Row {
        QString id, title, templateKey, kind, agency, agencyCode, round, status, statusLabel, assignee, dueDate;
        int answered = 0, questionCount = 0;
        bool pending = false, conflict = false;
        QString haystack, sortKey;
        bool operator==(const Row&) const = default;
    };

    explicit ReturnListModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    // Collects fresh rows for apply(), which merges them in.
    class Builder {
    public:
        explicit Builder(const Lookups& lookups) : lookups_(lookups) {}
        void add(const sync::ReturnRow& r) { rows_.push_back(makeRow(r, lookups_)); }

    private:
        friend class ReturnListModel;
        const Lookups& lookups_;
        std::vector<Row> rows_;
    };
    void apply(Builder&& fresh);
    void reload(sync::Replica& replica, const Lookups& lookups);
    void refreshRecord(sync::Replica& replica, const Lookups& lookups, const std::string& id);
    const Row& row(int i) const { return rows_[size_t(i)]; }
    // The row of a record, or -1.
    Q_INVOKABLE int rowOf(const QString& recordId) const;
    void clearRows() {
        beginResetModel();
        rows_.clear();
        endResetModel();
    }

private:
    static Row makeRow(const sync::ReturnRow& r, const Lookups& lookups);
    std::vector<Row> rows_;
};

}  // namespace tandem::app
