#include "RoundListModel.h"

#include "ReplicaQueries.h"
#include "Session.h"

#include <QDate>

#include <algorithm>
#include <map>

namespace tandem::app {
namespace {

QDate dateOf(const std::string& iso) { return QDate::fromString(qs(iso), Qt::ISODate); }

// Newest due date first: the round being run now is at the top.
bool roundOrder(const RoundListModel::Row& a, const RoundListModel::Row& b) {
    if (a.dueDate != b.dueDate) return a.dueDate > b.dueDate;
    return a.id < b.id;
}

// The most overdue first, then by agency and case, so a chase starts at the top.
bool chaseOrder(const RoundReturnModel::Row& a, const RoundReturnModel::Row& b) {
    if (a.daysOverdue != b.daysOverdue) return a.daysOverdue > b.daysOverdue;
    if (a.agency != b.agency) return a.agency < b.agency;
    if (a.caseCode != b.caseCode) return a.caseCode < b.caseCode;
    return a.id < b.id;
}

QString plural(int n, const char* one, const char* many) { return QString("%1 %2").arg(n).arg(n == 1 ? one : many); }

}  // namespace

bool isSubmittedOrLater(const std::string& s) {
    return s == "submitted" || isApprovedOrLater(s);
}
bool isApprovedOrLater(const std::string& s) { return s == "approved" || s == "received" || isModeratedOrLater(s); }
bool isModeratedOrLater(const std::string& s) { return s == "moderated" || s == "closed"; }

int daysOverdue(const std::string& dueDate, const std::string& status, const std::string& today) {
    if (isSubmittedOrLater(status)) return 0;
    const QDate due = dateOf(dueDate), now = dateOf(today);
    if (!due.isValid() || !now.isValid()) return 0;
    return std::max<qint64>(0, due.daysTo(now));
}

QString dueText(const std::string& dueDate, const std::string& today) {
    const QDate due = dateOf(dueDate), now = dateOf(today);
    if (!due.isValid() || !now.isValid()) return {};
    const qint64 days = now.daysTo(due);
    if (days == 0) return QStringLiteral("Due today");
    if (days > 0) return "Due in " + plural(int(days), "day", "days");
    return plural(int(-days), "day", "days") + " overdue";
}

// --- RoundListModel ---

RoundListModel::RoundListModel(QObject* parent) : RecordListModel(parent) {
    Session* session = Session::instance();
    connect(session, &Session::dataRefreshed, this, &RoundListModel::reload);
    connect(session, &Session::recordChanged, this, &RoundListModel::reload);
    connect(session, &Session::signedInChanged, this, &RoundListModel::reload);
    reload();
}

int RoundListModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(rows_.size()); }

QVariant RoundListModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= int(rows_.size())) return {};
    const Row& r = rows_[size_t(index.row())];
    switch (role) {
        case RoundIdRole: return r.id;
        case Qt::DisplayRole:
        case TitleRole: return r.title;
        case TemplateTitleRole: return r.templateTitle;
        case KindRole: return r.kind;
        case ThemeRole: return r.theme;
        case DueDateRole: return r.dueDate;
        case ModerationDateRole: return r.moderationDate;
        case AgencyCountRole: return r.agencies;
        case CaseCountRole: return r.cases;
        case AssignedRole: return r.assigned;
        case SubmittedRole: return r.submitted;
        case ApprovedRole: return r.approved;
        case ModeratedRole: return r.moderated;
        case OverdueRole: return r.overdue;
        case DaysToDueRole: return r.daysToDue;
        case DueTextRole: return r.dueText;
        case SummaryRole: return r.summary;
    }
    return {};
}

QHash<int, QByteArray> RoundListModel::roleNames() const {
    return {{RoundIdRole, "roundId"},       {TitleRole, "title"},         {TemplateTitleRole, "templateTitle"},
            {KindRole, "kind"},             {ThemeRole, "theme"},         {DueDateRole, "dueDate"},
            {ModerationDateRole, "moderationDate"}, {AgencyCountRole, "agencyCount"}, {CaseCountRole, "caseCount"},
            {AssignedRole, "assigned"},     {SubmittedRole, "submitted"}, {ApprovedRole, "approved"},
            {ModeratedRole, "moderated"},   {OverdueRole, "overdue"},     {DaysToDueRole, "daysToDue"},
            {DueTextRole, "dueText"},       {SummaryRole, "summary"}};
}

QString RoundListModel::today() const { return today_.isEmpty() ? qs(app::today()) : today_; }

void RoundListModel::setToday(const QString& day) {
    if (day == today_) return;
    today_ = day;
    emit todayChanged();
    reload();
}

int RoundListModel::rowOf(const QString& roundId) const {
    for (size_t i = 0; i < rows_.size(); ++i)
        if (rows_[i].id == roundId) return int(i);
    return -1;
}

void RoundListModel::reload() {
    sync::Replica* replica = Session::instance()->replica();
    std::vector<Row> fresh;
    if (replica) {
        const Lookups& lookups = Session::instance()->lookups();
        const std::string day = today().toStdString();
        // The list query reads every return's status in one pass, however many rounds there are.
        std::map<std::string, std::vector<sync::ReturnRow>> byRound;
        sync::forEachReturn(*replica, [&](sync::ReturnRow& r) { byRound[r.round].push_back(std::move(r)); });
        for (const auto& round : replica->records("round")) {
            Row r;
            r.id = qs(round.id);
            r.title = qs(round.text("title"));
            auto t = lookups.templates.find(round.text("template"));
            if (t != lookups.templates.end()) {
                r.templateTitle = qs(t->second.title);
                r.kind = qs(t->second.kind);
            }
            r.theme = qs(round.text("theme"));
            r.dueDate = qs(round.text("due_date"));
            r.moderationDate = qs(round.text("moderation_date"));
            auto count = [&](const char* field) {
                auto f = round.fields.find(field);
                return f != round.fields.end() && f->second.is_array() ? int(f->second.size()) : 0;
            };
            r.agencies = count("agencies");
            r.cases = count("cases");
            if (auto it = byRound.find(round.id); it != byRound.end())
                for (const auto& ret : it->second) {
                    ++r.assigned;
                    r.submitted += isSubmittedOrLater(ret.status) ? 1 : 0;
                    r.approved += isApprovedOrLater(ret.status) ? 1 : 0;
                    r.moderated += isModeratedOrLater(ret.status) ? 1 : 0;
                    const std::string due = ret.dueDate.empty() ? round.text("due_date") : ret.dueDate;
                    r.overdue += daysOverdue(due, ret.status, day) > 0 ? 1 : 0;
                }
            const QDate due = dateOf(round.text("due_date")), now = dateOf(day);
            r.daysToDue = due.isValid() && now.isValid() ? int(now.daysTo(due)) : 0;
            // Once every return is in, the due date is history, not a deadline.
            r.dueText = r.assigned > 0 && r.submitted == r.assigned ? QStringLiteral("All returns in")
                                                                    : dueText(round.text("due_date"), day);
            r.summary = QString("%1 · %2 submitted · %3 approved · %4 moderated")
                            .arg(plural(r.assigned, "return", "returns"))
                            .arg(r.submitted)
                            .arg(r.approved)
                            .arg(r.moderated);
            fresh.push_back(std::move(r));
        }
    }
    std::sort(fresh.begin(), fresh.end(), roundOrder);
    mergeRows(rows_, std::move(fresh), roundOrder);
}

// --- RoundReturnModel ---

RoundReturnModel::RoundReturnModel(QObject* parent) : RecordListModel(parent) {
    Session* session = Session::instance();
    connect(session, &Session::dataRefreshed, this, &RoundReturnModel::reload);
    connect(session, &Session::recordChanged, this, &RoundReturnModel::reload);
    connect(session, &Session::signedInChanged, this, &RoundReturnModel::reload);
}

int RoundReturnModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(rows_.size()); }

QVariant RoundReturnModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= int(rows_.size())) return {};
    const Row& r = rows_[size_t(index.row())];
    switch (role) {
        case RecordIdRole: return r.id;
        case Qt::DisplayRole:
        case AgencyRole: return r.agency;
        case AgencyCodeRole: return r.agencyCode;
        case CaseCodeRole: return r.caseCode;
        case StatusRole: return r.status;
        case StatusLabelRole: return r.statusLabel;
        case AssigneeRole: return r.assignee;
        case DueDateRole: return r.dueDate;
        case DaysOverdueRole: return r.daysOverdue;
        case LateRole: return r.daysOverdue > 0;
        case ChaseTextRole: return r.chaseText;
    }
    return {};
}

QHash<int, QByteArray> RoundReturnModel::roleNames() const {
    return {{RecordIdRole, "recordId"}, {AgencyRole, "agency"},       {AgencyCodeRole, "agencyCode"},
            {CaseCodeRole, "caseCode"}, {StatusRole, "status"},       {StatusLabelRole, "statusLabel"},
            {AssigneeRole, "assignee"}, {DueDateRole, "dueDate"},     {DaysOverdueRole, "daysOverdue"},
            {LateRole, "late"},         {ChaseTextRole, "chaseText"}};
}

void RoundReturnModel::setRoundId(const QString& id) {
    if (id == roundId_) return;
    roundId_ = id;
    emit roundIdChanged();
    reload();
}

QString RoundReturnModel::today() const { return today_.isEmpty() ? qs(app::today()) : today_; }

void RoundReturnModel::setToday(const QString& day) {
    if (day == today_) return;
    today_ = day;
    emit todayChanged();
    reload();
}

void RoundReturnModel::setLateOnly(bool on) {
    if (on == lateOnly_) return;
    lateOnly_ = on;
    emit lateOnlyChanged();
    reload();
}

int RoundReturnModel::rowOf(const QString& recordId) const {
    for (size_t i = 0; i < rows_.size(); ++i)
        if (rows_[i].id == recordId) return int(i);
    return -1;
}

void RoundReturnModel::reload() {
    sync::Replica* replica = Session::instance()->replica();
    std::vector<Row> fresh;
    int late = 0;
    if (replica && !roundId_.isEmpty()) {
        const Lookups& lookups = Session::instance()->lookups();
        const std::string day = today().toStdString();
        const std::string round = roundId_.toStdString();
        const auto caseCodes = sync::fieldOfKind(*replica, "case_audit", "case_code");
        std::vector<sync::ReturnRow> ofRound;
        sync::forEachReturn(*replica, [&](sync::ReturnRow& r) {
            if (r.round == round) ofRound.push_back(std::move(r));
        });
        for (const auto& ret : ofRound) {
            Row r;
            r.id = qs(ret.id);
            r.agencyCode = qs(ret.owner);
            r.agency = qs(lookups.agencyName(ret.owner));
            if (!caseCodes.empty())
                if (const auto rec = replica->record(ret.id))
                    if (auto c = caseCodes.find(rec->text("case_audit")); c != caseCodes.end()) r.caseCode = qs(c->second);
            r.status = qs(ret.status);
            r.statusLabel = returnStatusLabel(ret.status);
            r.assignee = qs(ret.assignee);
            r.dueDate = qs(ret.dueDate);
            r.daysOverdue = daysOverdue(ret.dueDate, ret.status, day);
            const QString who = r.assignee.isEmpty() ? QStringLiteral("not assigned yet") : "assigned to " + r.assignee;
            r.chaseText = r.daysOverdue > 0 ? plural(r.daysOverdue, "day", "days") + " overdue · " + r.statusLabel + " · " + who
                                            : r.statusLabel + " · " + who;
            late += r.daysOverdue > 0 ? 1 : 0;
            if (lateOnly_ && r.daysOverdue == 0) continue;
            fresh.push_back(std::move(r));
        }
    }
    std::sort(fresh.begin(), fresh.end(), chaseOrder);
    mergeRows(rows_, std::move(fresh), chaseOrder);
    if (late != lateCount_) {
        lateCount_ = late;
        emit countChanged();
    }
}

}  // namespace tandem::app
