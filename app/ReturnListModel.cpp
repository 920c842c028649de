#include "ReturnListModel.h"

#include "ReplicaQueries.h"

namespace tandem::app {
namespace {

bool byKey(const ReturnListModel::Row& a, const ReturnListModel::Row& b) {
    if (a.sortKey != b.sortKey) return a.sortKey < b.sortKey;
    return a.id < b.id;
}

}  // namespace

ReturnListModel::ReturnListModel(QObject* parent) : RecordListModel(parent) {}

int ReturnListModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(rows_.size()); }

QVariant ReturnListModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= int(rows_.size())) return {};
    const Row& r = rows_[size_t(index.row())];
    switch (role) {
        case RecordIdRole: return r.id;
        case Qt::DisplayRole:
        case TitleRole: return r.title;
        case TemplateKeyRole: return r.templateKey;
        case KindRole: return r.kind;
        case AgencyRole: return r.agency;
        case RoundRole: return r.round;
        case StatusRole: return r.status;
        case StatusLabelRole: return r.statusLabel;
        case AssigneeRole: return r.assignee;
        case DueDateRole: return r.dueDate;
        case AnsweredRole: return r.answered;
        case QuestionCountRole: return r.questionCount;
        case ProgressTextRole: return QString("%1 of %2 answered").arg(r.answered).arg(r.questionCount);
        case PendingRole: return r.pending;
        case HasConflictRole: return r.conflict;
    }
    return {};
}

QHash<int, QByteArray> ReturnListModel::roleNames() const {
    return {{RecordIdRole, "recordId"},   {TitleRole, "title"},         {TemplateKeyRole, "templateKey"},
            {KindRole, "kind"},           {AgencyRole, "agency"},       {RoundRole, "round"},
            {StatusRole, "status"},       {StatusLabelRole, "statusLabel"}, {AssigneeRole, "assignee"},
            {DueDateRole, "dueDate"},     {AnsweredRole, "answered"},   {QuestionCountRole, "questionCount"},
            {ProgressTextRole, "progressText"}, {PendingRole, "pending"}, {HasConflictRole, "hasConflict"}};
}

ReturnListModel::Row ReturnListModel::makeRow(const sync::ReturnRow& x, const Lookups& lookups) {
    Row r;
    r.id = qs(x.id);
    auto t = lookups.templates.find(x.templateId);
    const Lookups::TemplateInfo info = t != lookups.templates.end() ? t->second : Lookups::TemplateInfo{};
    r.title = qs(x.title.empty() ? info.title : x.title);
    // A round's returns share the round title; the template title tells them apart in a list.
    if (!info.title.empty() && x.title != info.title) r.title = qs(info.title);
    r.templateKey = qs(info.key);
    r.kind = qs(info.kind);
    r.agencyCode = qs(x.owner);
    r.agency = qs(lookups.agencyName(x.owner));
    auto round = lookups.roundTitles.find(x.round);
    r.round = qs(round != lookups.roundTitles.end() ? round->second : x.title);
    r.status = qs(x.status);
    r.statusLabel = returnStatusLabel(x.status);
    r.assignee = qs(x.assignee);
    r.dueDate = qs(x.dueDate);
    r.answered = x.answered;
    r.questionCount = info.questionCount;
    if (info.tmpl) {
        // Count as the form does: hidden questions (show_if) are neither asked nor answered.
        const AnswerLookup answerOf = [&](std::string_view code) -> std::optional<std::string> {
            auto a = x.conditionAnswers.find(std::string(code));
            return a != x.conditionAnswers.end() ? std::optional(a->second) : std::nullopt;
        };
        for (const auto& s : info.tmpl->sections)
            for (const auto& q : s.questions)
                if (q.showIf && !isVisible(q, answerOf)) {
                    --r.questionCount;
                    if (x.conditionAnswers.count(q.code)) --r.answered;
                }
    }
    r.pending = x.pending;
    r.conflict = x.conflict;
    r.haystack = (r.title + '\n' + r.round + '\n' + r.agency + '\n' + r.assignee).toLower();
    r.sortKey = (r.dueDate.isEmpty() ? QStringLiteral("9999-99-99") : r.dueDate) + ' ' + r.title;
    return r;
}

void ReturnListModel::apply(Builder&& fresh) {
    std::sort(fresh.rows_.begin(), fresh.rows_.end(), byKey);
    mergeRows(rows_, std::move(fresh.rows_), byKey);
}

void ReturnListModel::reload(sync::Replica& replica, const Lookups& lookups) {
    Builder fresh(lookups);
    sync::forEachReturn(replica, [&](sync::ReturnRow& r) { fresh.add(r); }, {}, lookups.conditionCodes);
    apply(std::move(fresh));
}

void ReturnListModel::refreshRecord(sync::Replica& replica, const Lookups& lookups, const std::string& id) {
    const QString qid = qs(id);
    std::vector<Row> fresh;
    for (const auto& x : sync::returnRows(replica, id, lookups.conditionCodes)) fresh.push_back(makeRow(x, lookups));
    auto old = std::find_if(rows_.begin(), rows_.end(), [&](const Row& r) { return r.id == qid; });
    if (old != rows_.end()) {
        const Row probe = *old;
        replaceRow(rows_, fresh, probe, byKey);
    } else if (!fresh.empty()) {
        replaceRow(rows_, fresh, fresh[0], byKey);
    }
}

int ReturnListModel::rowOf(const QString& recordId) const {
    for (size_t i = 0; i < rows_.size(); ++i)
        if (rows_[i].id == recordId) return int(i);
    return -1;
}

}  // namespace tandem::app
