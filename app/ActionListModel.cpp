#include "ActionListModel.h"

#include "ReplicaQueries.h"
#include "Workspace.h"

#include "Domain.h"
#include "Rag.h"

#include <optional>
#include <set>
#include <unordered_map>

namespace tandem::app {
namespace {

// Display order: target date (none last), then reference, then id.
bool byKey(const ActionListModel::Row& a, const ActionListModel::Row& b) {
    if (a.targetDate.empty() != b.targetDate.empty()) return b.targetDate.empty();
    if (a.targetDate != b.targetDate) return a.targetDate < b.targetDate;
    if (a.review != b.review) return a.review < b.review;
    if (a.no != b.no) return a.no < b.no;
    return a.id < b.id;
}

// Workspace::ragOf for a list row, without building a LocalRecord per row (100,000 of them).
std::string ragFor(const sync::ActionRow& a, const std::string& today) {
    return deriveRag(a.status, a.targetDate, a.ragOverride, today);
}

// Lower case for search; ASCII fast, anything else through QString.
std::string lowered(const std::string& s) {
    std::string out = s;
    for (char& c : out) {
        if (static_cast<unsigned char>(c) >= 0x80) return QString::fromStdString(s).toLower().toStdString();
        c = char(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

std::uint8_t indexOf(const QStringList& names, const std::string& value) {
    const int i = names.indexOf(qs(value));
    return std::uint8_t(i < 0 ? 0 : i);
}

}  // namespace

ActionListModel::Builder::Builder(const Lookups& lookups) : lookups_(lookups), today_(today()) {}

void ActionListModel::Builder::add(const sync::ActionRow& a) { rows_.push_back(makeRow(a, *this)); }

const QString& ActionListModel::Builder::review(const std::string& id) {
    auto it = reviews_.find(id);
    if (it != reviews_.end()) return it->second;
    auto code = lookups_.reviewCodes.find(id);
    return reviews_.emplace(id, qs(code != lookups_.reviewCodes.end() ? code->second : id)).first->second;
}

const QString& ActionListModel::Builder::agency(const std::string& code) {
    auto it = agencies_.find(code);
    if (it != agencies_.end()) return it->second;
    return agencies_.emplace(code, qs(lookups_.agencyName(code))).first->second;
}

const QStringList& ActionListModel::statusNames() {
    static const QStringList names = {"", "not_started", "in_progress", "submitted_for_closure", "returned", "closed", "superseded"};
    return names;
}

const QStringList& ActionListModel::ragNames() {
    static const QStringList names = {"", "red", "amber", "green"};
    return names;
}

QString ActionListModel::Row::reference() const { return (review + ' ' + qs(no)).trimmed(); }

ActionListModel::ActionListModel(QObject* parent) : RecordListModel(parent) {
    connect(this, &QAbstractItemModel::modelReset, this, &ActionListModel::choicesChanged);
    for (auto sig : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(this, sig, this, &ActionListModel::rowsTouched);
    connect(this, &QAbstractItemModel::modelReset, this, &ActionListModel::rowsTouched);
    connect(this, &QAbstractItemModel::dataChanged, this, &ActionListModel::rowsTouched);
}

int ActionListModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(rows_.size()); }

QVariant ActionListModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= int(rows_.size())) return {};
    const Row& r = rows_[size_t(index.row())];
    switch (role) {
        case RecordIdRole: return qs(r.id);
        case Qt::DisplayRole:
        case ReferenceRole: return r.reference();
        case TitleRole: return qs(r.title);
        case ReviewRole: return r.review;
        case LeadAgencyRole: return r.leadAgency;
        case StatusRole: return statusNames().at(r.status);
        case StatusLabelRole: return actionStatusLabel(statusNames().at(r.status).toStdString());
        case RagRole: return ragNames().at(r.rag);
        case TargetDateRole: return qs(r.targetDate);
        case OverdueRole: return r.overdue;
        case PendingRole: return r.pending;
        case HasConflictRole: return r.conflict;
    }
    return {};
}

QHash<int, QByteArray> ActionListModel::roleNames() const {
    return {{RecordIdRole, "recordId"},     {ReferenceRole, "reference"},     {TitleRole, "title"},
            {ReviewRole, "review"},         {LeadAgencyRole, "leadAgency"},   {StatusRole, "status"},
            {StatusLabelRole, "statusLabel"}, {RagRole, "rag"},               {TargetDateRole, "targetDate"},
            {OverdueRole, "overdue"},       {PendingRole, "pending"},         {HasConflictRole, "hasConflict"}};
}

ActionListModel::Row ActionListModel::makeRow(const sync::ActionRow& a, Builder& names) {
    const std::string& today = names.today_;
    Row r;
    r.id = a.id;
    r.no = a.no;
    r.review = names.review(a.review);
    // A list shows one line: the first line of the action's text.
    const auto nl = a.title.find('\n');
    r.title = nl == std::string::npos ? a.title : a.title.substr(0, nl);
    r.leadAgency = names.agency(a.leadAgency.empty() ? a.owner : a.leadAgency);
    r.status = indexOf(statusNames(), a.status);
    r.rag = indexOf(ragNames(), ragFor(a, today));
    r.targetDate = a.targetDate;
    r.overdue = !a.targetDate.empty() && a.targetDate < today && a.status != "closed" && a.status != "superseded";
    r.pending = a.pending;
    r.conflict = a.conflict;
    r.search = lowered(r.reference().toStdString() + '\n' + r.title + '\n' + r.leadAgency.toStdString());
    return r;
}

void ActionListModel::apply(Builder&& fresh) {
    std::sort(fresh.rows_.begin(), fresh.rows_.end(), byKey);
    const bool wasEmpty = rows_.empty();
    mergeRows(rows_, std::move(fresh.rows_), byKey);
    if (!wasEmpty) emit choicesChanged();
}

void ActionListModel::reload(sync::Replica& replica, const Lookups& lookups) {
    Builder fresh(lookups);
    sync::forEachAction(replica, [&](sync::ActionRow& a) { fresh.add(a); });
    apply(std::move(fresh));
}

void ActionListModel::refreshRecord(sync::Replica& replica, const Lookups& lookups, const std::string& id) {
    Builder fresh(lookups);
    sync::forEachAction(replica, [&](sync::ActionRow& a) { fresh.add(a); }, id);
    auto old = std::find_if(rows_.begin(), rows_.end(), [&](const Row& r) { return r.id == id; });
    if (old == rows_.end()) {
        if (!fresh.rows_.empty()) replaceRow(rows_, fresh.rows_, fresh.rows_[0], byKey);
        return;
    }
    const Row probe = *old;
    replaceRow(rows_, fresh.rows_, probe, byKey);
}

QStringList ActionListModel::reviews() const {
    std::set<QString> seen;
    for (const auto& r : rows_) seen.insert(r.review);
    return QStringList(seen.begin(), seen.end());
}

QStringList ActionListModel::statuses() const { return statusNames().mid(1); }

int ActionListModel::rowOf(const QString& recordId) const {
    const std::string id = recordId.toStdString();
    for (size_t i = 0; i < rows_.size(); ++i)
        if (rows_[i].id == id) return int(i);
    return -1;
}

}  // namespace tandem::app
