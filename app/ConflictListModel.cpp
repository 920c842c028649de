#include "ConflictListModel.h"

#include "Session.h"

namespace tandem::app {
namespace {

bool byId(const ConflictListModel::Row& a, const ConflictListModel::Row& b) { return a.id < b.id; }

}  // namespace

QString recordTitle(sync::Replica& replica, const Lookups& lookups, const std::string& recordId, std::string* kind) {
    const auto rec = replica.record(recordId);
    if (!rec) return qs(recordId);
    if (kind) *kind = rec->kind;
    if (rec->kind == "action") {
        auto code = lookups.reviewCodes.find(rec->text("review"));
        const std::string review = code != lookups.reviewCodes.end() ? code->second : rec->text("review");
        return qs(review + " " + rec->text("no") + ": " + rec->text("title"));
    }
    if (rec->kind == "audit_return") {
        auto t = lookups.templates.find(rec->text("template"));
        const std::string title = t != lookups.templates.end() ? t->second.title : rec->text("title");
        return qs(title + " (" + lookups.agencyName(rec->owner) + ")");
    }
    if (rec->kind == "action_update") return "Progress update: " + qs(rec->text("narrative")).left(60);
    return qs(rec->text("title", rec->text("name", rec->id)));
}

QString fieldLabelOf(sync::Replica& replica, const std::string& recordId, const std::string& field) {
    if (field.rfind("a.", 0) != 0) return fieldLabel(field);
    const std::string code = field.substr(2);
    if (const auto rec = replica.record(recordId))
        if (auto tmpl = sync::Workspace(replica).templateOf(*rec))
            if (const Question* q = tmpl->question(code)) return qs(code + " " + q->text);
    return "Answer to " + qs(code);
}

ConflictListModel::ConflictListModel(QObject* parent) : RecordListModel(parent) {}

int ConflictListModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(rows_.size()); }

QVariant ConflictListModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= int(rows_.size())) return {};
    const Row& r = rows_[size_t(index.row())];
    switch (role) {
        case ConflictIdRole: return r.id;
        case RecordIdRole: return r.recordId;
        case Qt::DisplayRole:
        case RecordTitleRole: return r.recordTitle;
        case KindRole: return r.kind;
        case FieldRole: return r.field;
        case FieldLabelRole: return r.fieldLabel;
        case MineRole: return r.mine;
        case TheirsRole: return r.theirs;
        case TheirUserRole: return r.theirUser;
        case TheirAgencyRole: return r.theirAgency;
        case AtRole: return r.at;
        case RuleRole: return r.rule;
        case ResolvedRole: return r.resolved;
    }
    return {};
}

QHash<int, QByteArray> ConflictListModel::roleNames() const {
    return {{ConflictIdRole, "conflictId"}, {RecordIdRole, "recordId"}, {RecordTitleRole, "recordTitle"},
            {KindRole, "kind"},             {FieldRole, "field"},       {FieldLabelRole, "fieldLabel"},
            {MineRole, "mine"},             {TheirsRole, "theirs"},     {TheirUserRole, "theirUser"},
            {TheirAgencyRole, "theirAgency"}, {AtRole, "at"},           {RuleRole, "rule"},
            {ResolvedRole, "resolved"}};
}

void ConflictListModel::reload(sync::Replica& replica, const Lookups& lookups, const sync::Identity& me) {
    std::vector<Row> fresh;
    for (const auto& c : replica.conflicts(false)) {
        // Mine is the value that lost, unless I am the one whose value stood.
        const bool mineLost = c.loserUser == me.user || c.winnerUser != me.user;
        Row r;
        r.id = qs(c.id);
        r.recordId = qs(c.record);
        std::string kind = c.kind;
        r.recordTitle = recordTitle(replica, lookups, c.record, &kind);
        r.kind = qs(kind);
        r.field = qs(c.field);
        r.fieldLabel = fieldLabelOf(replica, c.record, c.field);
        r.mine = valueText(mineLost ? c.loserValue : c.winnerValue);
        r.theirs = valueText(mineLost ? c.winnerValue : c.loserValue);
        r.theirUser = qs(mineLost ? c.winnerUser : c.loserUser);
        r.theirAgency = qs(lookups.agencyName(mineLost ? c.winnerAgency : c.loserAgency));
        r.at = QDateTime::fromString(qs(c.at), Qt::ISODate).toLocalTime().toString("d MMM yyyy HH:mm");
        if (r.at.isEmpty()) r.at = qs(c.at);
        r.rule = ruleSentence(c.rule, lookups.agencyName(c.winnerAgency));
        r.resolved = c.resolved;
        fresh.push_back(std::move(r));
    }
    std::sort(fresh.begin(), fresh.end(), byId);
    mergeRows(rows_, std::move(fresh), byId);
}

void ConflictListModel::clearRows() {
    beginResetModel();
    rows_.clear();
    endResetModel();
}

QString ConflictListModel::resolve(const QString& id, bool mine) {
    if (!session_ || !session_->workspace()) return "Sign in first.";
    const auto it = std::find_if(rows_.begin(), rows_.end(), [&](const Row& r) { return r.id == id; });
    const std::string record = it != rows_.end() ? it->recordId.toStdString() : std::string();
    const auto r = session_->workspace()->resolveConflict(id.toStdString(), mine);
    if (!r.ok) return qs(r.message);
    session_->recordEdited(record);
    return {};
}

QString ConflictListModel::applyMine(const QString& id) { return resolve(id, true); }
QString ConflictListModel::acceptTheirs(const QString& id) { return resolve(id, false); }

}  // namespace tandem::app
