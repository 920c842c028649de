#include "PlanModel.h"

#include "Workspace.h"

#include <map>

namespace tandem::app {
namespace {

// A record's parent as the replica keeps it, for a record created here whose link field is not
// written yet (the server writes it when it creates the record).
std::string parentColumn(sync::Replica& replica, const std::string& id) {
    auto& s = replica.db().cached("SELECT parent FROM records WHERE id = ?");
    s.bind(1, id);
    std::string parent = s.step() && !s.isNull(0) ? s.text(0) : std::string();
    s.reset();
    return parent;
}

std::string linkOf(sync::Replica& replica, const sync::LocalRecord& r, const char* field) {
    std::string link = r.text(field);
    return link.empty() ? parentColumn(replica, r.id) : link;
}

QString plural(size_t n, const char* one, const char* many) { return QString("%1 %2").arg(n).arg(n == 1 ? one : many); }

}  // namespace

std::string numberKey(const std::string& no) {
    // Each run of digits padded to eight places, so that text order is number order.
    std::string key, digits;
    auto flush = [&] {
        if (digits.empty()) return;
        key += std::string(digits.size() < 8 ? 8 - digits.size() : 0, '0') + digits;
        digits.clear();
    };
    for (char c : no) {
        if (c >= '0' && c <= '9') {
            digits += c;
            continue;
        }
        flush();
        key += c;
    }
    flush();
    return key;
}

PlanModel::PlanModel(QObject* parent) : RecordListModel(parent) {}

int PlanModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(rows_.size()); }

QVariant PlanModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= int(rows_.size())) return {};
    const Row& r = rows_[size_t(index.row())];
    switch (role) {
        case RecordIdRole: return qs(r.id);
        case KindRole: return qs(r.kind);
        case DepthRole: return r.depth;
        case Qt::DisplayRole:
        case ReferenceRole: return r.reference;
        case NumberRole: return r.number;
        case TextRole: return r.text;
        case ReviewIdRole: return qs(r.reviewId);
        case StatusRole: return r.status;
        case StatusLabelRole: return r.statusLabel;
        case RagRole: return r.rag;
        case TargetDateRole: return r.targetDate;
        case LeadAgencyRole: return r.leadAgency;
        case CountsRole: return r.counts;
        case ExpandedRole: return r.expanded;
        case PendingRole: return r.pending;
    }
    return {};
}

QHash<int, QByteArray> PlanModel::roleNames() const {
    return {{RecordIdRole, "recordId"},     {KindRole, "kind"},           {DepthRole, "depth"},
            {ReferenceRole, "reference"},   {NumberRole, "number"},       {TextRole, "body"},
            {ReviewIdRole, "reviewId"},     {StatusRole, "status"},       {StatusLabelRole, "statusLabel"},
            {RagRole, "rag"},               {TargetDateRole, "targetDate"}, {LeadAgencyRole, "leadAgency"},
            {CountsRole, "counts"},         {ExpandedRole, "expanded"},   {PendingRole, "pending"}};
}

void PlanModel::reload(sync::Replica& replica, const Lookups& lookups, const std::string& today) {
    struct Node {
        sync::LocalRecord rec;
        std::vector<Node*> children;  // findings of a review, recommendations of a finding, ...
        std::vector<Node*> actions;   // actions set straight on a review
    };
    std::map<std::string, Node> nodes;
    for (const char* kind : {"review", "finding", "recommendation", "action"})
        for (auto& r : replica.records(kind)) nodes[r.id].rec = std::move(r);
    auto find = [&](const std::string& id) -> Node* {
        auto it = nodes.find(id);
        return it == nodes.end() ? nullptr : &it->second;
    };
    std::vector<Node*> reviews;
    for (auto& [id, n] : nodes) {
        const std::string& kind = n.rec.kind;
        if (kind == "review") {
            reviews.push_back(&n);
        } else if (kind == "finding") {
            if (Node* p = find(linkOf(replica, n.rec, "review")); p && p->rec.kind == "review") p->children.push_back(&n);
        } else if (kind == "recommendation") {
            if (Node* p = find(linkOf(replica, n.rec, "finding")); p && p->rec.kind == "finding") p->children.push_back(&n);
        } else {
            std::string link = n.rec.text("recommendation");
            if (link.empty()) link = n.rec.text("review").empty() ? parentColumn(replica, n.rec.id) : n.rec.text("review");
            Node* p = find(link);
            if (p && p->rec.kind == "recommendation") p->children.push_back(&n);
            else if (p && p->rec.kind == "review") p->actions.push_back(&n);
        }
    }
    auto byNumber = [](const Node* a, const Node* b) {
        return numberKey(a->rec.text("no")) < numberKey(b->rec.text("no"));
    };

    std::vector<Row> fresh;
    auto base = [](const sync::LocalRecord& r, const std::string& key, int depth, const std::string& reviewId) {
        Row row;
        row.key = key;
        row.id = r.id;
        row.kind = r.kind;
        row.reviewId = reviewId;
        row.depth = depth;
        row.number = qs(r.text("no"));
        row.pending = r.local || !r.pendingFields.empty();
        return row;
    };
    for (Node* review : reviews) {
        const auto& rv = review->rec;
        const std::string code = rv.text("code");
        const std::string reviewKey = code + '\x01' + rv.id;
        size_t actionCount = 0, open = 0, red = 0, closed = 0;
        auto addAction = [&](const Node* a, const std::string& key, int depth) {
            Row row = base(a->rec, key, depth, rv.id);
            row.reference = qs(code + " " + a->rec.text("no"));
            row.text = qs(a->rec.text("title"));
            row.status = qs(a->rec.text("status"));
            row.statusLabel = actionStatusLabel(a->rec.text("status"));
            row.rag = qs(sync::Workspace::ragOf(a->rec, today));
            row.targetDate = qs(a->rec.text("target_date"));
            row.leadAgency = qs(lookups.agencyName(a->rec.text("lead_agency", a->rec.owner)));
            ++actionCount;
            if (row.status == "closed") ++closed;
            else if (row.status != "superseded") ++open;
            if (row.rag == "red") ++red;
            fresh.push_back(std::move(row));
        };
        const size_t reviewAt = fresh.size();
        Row head = base(rv, reviewKey, 0, rv.id);
        head.reference = qs(code);
        head.number = qs(code);
        head.text = qs(rv.text("title"));
        head.status = qs(rv.text("review_type"));
        head.expanded = expanded_.count(rv.id) > 0;
        fresh.push_back(std::move(head));

        std::sort(review->children.begin(), review->children.end(), byNumber);
        for (Node* f : review->children) {
            const std::string fKey = reviewKey + '\x02' + numberKey(f->rec.text("no")) + '\x01' + f->rec.id;
            Row row = base(f->rec, fKey, 1, rv.id);
            row.reference = "Finding " + qs(f->rec.text("no"));
            row.text = qs(f->rec.text("text"));
            const size_t findingAt = fresh.size();
            fresh.push_back(std::move(row));
            size_t findingActions = 0;
            std::sort(f->children.begin(), f->children.end(), byNumber);
            for (Node* r : f->children) {
                const std::string rKey = fKey + '\x02' + numberKey(r->rec.text("no")) + '\x01' + r->rec.id;
                Row rec = base(r->rec, rKey, 2, rv.id);
                rec.reference = "Recommendation " + qs(r->rec.text("no"));
                rec.text = qs(r->rec.text("text"));
                rec.counts = plural(r->children.size(), "action", "actions");
                findingActions += r->children.size();
                fresh.push_back(std::move(rec));
                std::sort(r->children.begin(), r->children.end(), byNumber);
                for (Node* a : r->children)
                    addAction(a, rKey + '\x02' + numberKey(a->rec.text("no")) + '\x01' + a->rec.id, 3);
            }
            fresh[findingAt].counts = plural(f->children.size(), "recommendation", "recommendations") + " · " +
                                      plural(findingActions, "action", "actions");
        }
        // Actions set straight on the review come after its findings ('\x03' sorts after them).
        std::sort(review->actions.begin(), review->actions.end(), byNumber);
        for (Node* a : review->actions)
            addAction(a, reviewKey + '\x03' + numberKey(a->rec.text("no")) + '\x01' + a->rec.id, 1);
        QString counts = plural(review->children.size(), "finding", "findings") + " · " +
                         plural(actionCount, "action", "actions");
        if (open) counts += QString(" · %1 open").arg(open);
        if (red) counts += QString(" · %1 red").arg(red);
        if (closed) counts += QString(" · %1 closed").arg(closed);
        fresh[reviewAt].counts = counts;
    }
    std::sort(fresh.begin(), fresh.end(), [](const Row& a, const Row& b) { return a.key < b.key; });
    all_ = std::move(fresh);
    show();
}

void PlanModel::show() {
    std::vector<Row> visible;
    for (Row row : all_) {
        if (row.kind == "review") row.expanded = expanded_.count(row.id) > 0;
        else if (!expanded_.count(row.reviewId)) continue;
        visible.push_back(std::move(row));
    }
    mergeRows(rows_, std::move(visible), [](const Row& a, const Row& b) { return a.key < b.key; });
    emit countChanged();
}

void PlanModel::clearRows() {
    beginResetModel();
    all_.clear();
    rows_.clear();
    endResetModel();
    emit countChanged();
}

void PlanModel::toggle(const QString& reviewId) {
    const std::string id = reviewId.toStdString();
    if (!expanded_.erase(id)) expanded_.insert(id);
    show();
}

void PlanModel::expand(const QString& reviewId) {
    if (expanded_.insert(reviewId.toStdString()).second) show();
}

int PlanModel::rowOf(const QString& recordId) const {
    const std::string id = recordId.toStdString();
    for (size_t i = 0; i < rows_.size(); ++i)
        if (rows_[i].id == id) return int(i);
    return -1;
}

}  // namespace tandem::app
