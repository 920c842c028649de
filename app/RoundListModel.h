// The business office's audit rounds, read from the replica: RoundListModel lists every round
// with how far its returns have got (assigned, submitted, approved, moderated) and how many days
// are left to its due date or have passed it; RoundReturnModel lists one round's returns by
// agency (and case) with status, assignee and days overdue, for chasing late returns.
#pragma once

#include "Labels.h"
#include "RecordListModel.h"

#include <QtQml/qqmlregistration.h>

#include <string>
#include <vector>

namespace tandem::app {

// Where a return stands in the audit workflow, counted the way the figures count it:
// submitted means submitted or later (approved, received, moderated, closed), and so on.
bool isSubmittedOrLater(const std::string& status);
bool isApprovedOrLater(const std::string& status);
bool isModeratedOrLater(const std::string& status);
// Whole days from `dueDate` to `today` (both YYYY-MM-DD) for a return not yet submitted whose
// due date has passed; 0 otherwise (submitted, not yet due, or no due date).
int daysOverdue(const std::string& dueDate, const std::string& status, const std::string& today);
// "Due in 5 days", "Due today", "12 days overdue": a round's due date seen from `today`.
QString dueText(const std::string& dueDate, const std::string& today);

class RoundListModel : public RecordListModel {
    Q_OBJECT
    QML_ELEMENT
    // The day the counts are for (YYYY-MM-DD); today unless set (tests, a fixed date).
    Q_PROPERTY(QString today READ today WRITE setToday NOTIFY todayChanged)

public:
    enum Roles {
        RoundIdRole = Qt::UserRole + 1,
        TitleRole,
        TemplateTitleRole,
        KindRole,
        ThemeRole,
        DueDateRole,
        ModerationDateRole,
        AgencyCountRole,
        CaseCountRole,
        AssignedRole,
        SubmittedRole,
        ApprovedRole,
        ModeratedRole,
        OverdueRole,
        DaysToDueRole,  // negative once the due date has passed
        DueTextRole,
        SummaryRole,    // "4 returns · 2 submitted · 1 approved · 0 moderated"
    };
    Q_ENUM(Roles)

    struct Row {
        QString id, title, templateTitle, kind, theme, dueDate, moderationDate, dueText, summary;
        int agencies = 0, cases = 0, assigned = 0, submitted = 0, approved = 0, moderated = 0, overdue = 0,
            daysToDue = 0;
        bool operator==(const Row&) const = default;
    };

    explicit RoundListModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    QString today() const;
    void setToday(const QString& day);
    const Row& row(int i) const { return rows_[size_t(i)]; }
    // The row of a round, or -1.
    Q_INVOKABLE int rowOf(const QString& roundId) const;
    // Re-reads the rounds from the session's replica (done by itself after syncs and edits).
    Q_INVOKABLE void reload();

signals:
    void todayChanged();

private:
    QString today_;  // empty: the real today
    std::vector<Row> rows_;
};

class RoundReturnModel : public RecordListModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString roundId READ roundId WRITE setRoundId NOTIFY roundIdChanged)
    Q_PROPERTY(QString today READ today WRITE setToday NOTIFY todayChanged)
    // Only the returns to chase: not submitted and past their due date.
    Q_PROPERTY(bool lateOnly READ lateOnly WRITE setLateOnly NOTIFY lateOnlyChanged)
    Q_PROPERTY(int lateCount READ lateCount NOTIFY countChanged)

public:
    enum Roles {
        RecordIdRole = Qt::UserRole + 1,
        AgencyRole,
        AgencyCodeRole,
        CaseCodeRole,
        StatusRole,
        StatusLabelRole,
        AssigneeRole,
        DueDateRole,
        DaysOverdueRole,
        LateRole,
        ChaseTextRole,  // "12 days overdue · assigned to pc.merpol" or the status
    };
    Q_ENUM(Roles)

    struct Row {
        QString id, agency, agencyCode, caseCode, status, statusLabel, assignee, dueDate, chaseText;
        int daysOverdue = 0;
        bool operator==(const Row&) const = default;
    };

    explicit RoundReturnModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    QString roundId() const { return roundId_; }
    void setRoundId(const QString& id);
    QString today() const;
    void setToday(const QString& day);
    bool lateOnly() const { return lateOnly_; }
    void setLateOnly(bool on);
    int lateCount() const { return lateCount_; }
    const Row& row(int i) const { return rows_[size_t(i)]; }
    Q_INVOKABLE int rowOf(const QString& recordId) const;
    Q_INVOKABLE void reload();

signals:
    void roundIdChanged();
    void todayChanged();
    void lateOnlyChanged();

private:
    QString roundId_, today_;
    bool lateOnly_ = false;
    int lateCount_ = 0;
    std::vector<Row> rows_;
};

}  // namespace tandem::app
