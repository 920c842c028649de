// A partnership's action plans as one indented outline, the way plans are read on paper: each
// review, its findings, their recommendations and the actions that answer them (actions set
// straight on a review follow its findings). Reviews open and close one at a time; rows carry
// what the outline shows (reference, text, status and RAG of actions, counts) and a marker for
// records with edits not yet synced.
#pragma once

#include "Labels.h"
#include "RecordListModel.h"

#include <QtQml/qqmlregistration.h>

#include <set>

namespace tandem::app {

class PlanModel : public RecordListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("PlanController.outline holds the plan")

public:
    enum Roles {
        RecordIdRole = Qt::UserRole + 1,
        KindRole,       // review, finding, recommendation, action
        DepthRole,      // 0 for a review, up to 3 for an action under a recommendation
        ReferenceRole,  // "SH-SCR-JSH", "Finding 1", "Recommendation 1a", "SH-SCR-JSH 1.2"
        NumberRole,     // the record's own number ("1", "1a", "1.2"); a review's code
        TextRole,       // a review's title, a finding's or recommendation's text, an action's title
        ReviewIdRole,
        StatusRole,
        StatusLabelRole,
        RagRole,
        TargetDateRole,
        LeadAgencyRole,
        CountsRole,  // "2 findings · 5 actions · 1 red"
        ExpandedRole,
        PendingRole,
    };
    Q_ENUM(Roles)

    explicit PlanModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    // Re-reads the plan from the replica; `today` (YYYY-MM-DD) derives the actions' RAG.
    void reload(sync::Replica& replica, const Lookups& lookups, const std::string& today);
    void clearRows();

    Q_INVOKABLE void toggle(const QString& reviewId);
    Q_INVOKABLE void expand(const QString& reviewId);
    Q_INVOKABLE bool isExpanded(const QString& reviewId) const { return expanded_.count(reviewId.toStdString()) > 0; }
    // The visible row of a record, or -1.
    Q_INVOKABLE int rowOf(const QString& recordId) const;

    struct Row {
        std::string key;  // order in the outline: review code, then the numbers down to the row
        std::string id, kind, reviewId;
        int depth = 0;
        QString reference, number, text, status, statusLabel, rag, targetDate, leadAgency, counts;
        bool expanded = false, pending = false;
        bool operator==(const Row&) const = default;
    };
    // Every row, collapsed reviews included (the controller checks numbers against them).
    const std::vector<Row>& outline() const { return all_; }

private:
    void show();

    std::vector<Row> all_, rows_;
    std::set<std::string> expanded_;
};

// The key that orders numbers as people do: "2" before "10", "1a" before "1b".
std::string numberKey(const std::string& no);

}  // namespace tandem::app
