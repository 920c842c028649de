#include "ReplicaQueries.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <memory>
#include <set>
#include <unordered_map>

namespace tandem::sync {
namespace {

std::set<std::string> conflictedRecords(Replica& replica) {
    std::set<std::string> out;
    auto s = replica.db().prepare("SELECT DISTINCT record_id FROM conflicts WHERE resolved = 0");
    while (s.step()) out.insert(s.text(0));
    return out;
}

struct PendingEdit {
    std::string record, field, value;
};

// Outbox edits on records of `kind`, oldest first (the last one is what the user sees).
std::vector<PendingEdit> pendingEdits(Replica& replica, const std::string& kind, const std::string& onlyId) {
    std::vector<PendingEdit> out;
    auto s = replica.db().prepare(std::string("SELECT o.record_id, o.field, o.value FROM outbox o JOIN records r ON r.id = o.record_id "
                                              "WHERE r.kind = ?") + (onlyId.empty() ? "" : " AND r.id = ?") + " ORDER BY o.seq");
    s.bind(1, kind);
    if (!onlyId.empty()) s.bind(2, onlyId);
    while (s.step()) {
        std::string field = s.text(1);
        if (field == protocol::kCreateField) continue;
        out.push_back({s.text(0), std::move(field), s.text(2)});
    }
    return out;
}

template <class Row>
std::unordered_map<std::string, Row*> byId(std::vector<Row>& rows) {
    std::unordered_map<std::string, Row*> out;
    out.reserve(rows.size());
    for (auto& r : rows) out.emplace(r.id, &r);
    return out;
}

bool isAnswered(const std::string& stored) { return !stored.empty() && stored != "null" && stored != "\"\""; }

// Reads the named fields (and, with `answers`, every "a." field) of every record of the given
// kinds, one record at a time, from each record's pack: one pass over the records table.
struct RecordFields {
    std::string id, owner;
    std::vector<std::pair<std::string, std::string>> fields;  // name, stored value
};

void scanKinds(Replica& replica, const std::vector<std::string>& kinds, const std::vector<std::string>& names, bool answers,
               const std::string& onlyId, const std::function<void(RecordFields&, size_t kind)>& sink) {
    std::string in;
    for (size_t i = 0; i < kinds.size(); ++i) in += i ? ", ?" : "?";
    auto s = replica.db().prepare("SELECT id, owner, kind, fields FROM records WHERE kind IN (" + in + ")" +
                                  (onlyId.empty() ? "" : " AND id = ?"));
    for (size_t i = 0; i < kinds.size(); ++i) s.bind(static_cast<int>(i) + 1, kinds[i]);
    if (!onlyId.empty()) s.bind(static_cast<int>(kinds.size()) + 1, onlyId);
    RecordFields current;
    while (s.step()) {
        const std::string_view kind = s.textView(2);
        const size_t k = static_cast<size_t>(std::find(kinds.begin(), kinds.end(), kind) - kinds.begin());
        current.id = s.text(0);
        current.owner = s.text(1);
        current.fields.clear();
        FieldPack::Reader fields(s.blobView(3));
        PackedField f;
        while (fields.next(f)) {
            const bool wanted = (answers && f.name.substr(0, 2) == "a.") ||
                                std::find(names.begin(), names.end(), f.name) != names.end();
            if (wanted) current.fields.emplace_back(std::string(f.name), std::string(f.value));
        }
        sink(current, k);
    }
}

}  // namespace

std::string decodeText(const std::string& stored) { return decodeJsonText(stored); }

namespace {

const std::vector<std::string> kActionFields = {"review", "no", "title", "lead_agency", "target_date", "status", "rag_override"};
const std::vector<std::string> kReturnFields = {"title", "template", "round", "status", "assignee", "due_date"};

// Pending edits and open conflicts, read once for a whole list.
struct Overlay {
    std::unordered_map<std::string, std::vector<PendingEdit>> pending;
    std::set<std::string> conflicted;
    Overlay(Replica& replica, const std::string& kind, const std::string& onlyId) : conflicted(conflictedRecords(replica)) {
        for (auto& e : pendingEdits(replica, kind, onlyId)) pending[e.record].push_back(std::move(e));
    }
};

ActionRow actionOf(const RecordFields& rf, const Overlay& overlay) {
    ActionRow r;
    r.id = rf.id;
    r.owner = rf.owner;
    auto set = [&r](const std::string& name, std::string v) {
        if (name == "review") r.review = std::move(v);
        else if (name == "no") r.no = std::move(v);
        else if (name == "title") r.title = std::move(v);
        else if (name == "lead_agency") r.leadAgency = std::move(v);
        else if (name == "target_date") r.targetDate = std::move(v);
        else if (name == "status") r.status = std::move(v);
        else if (name == "rag_override") r.ragOverride = std::move(v);
    };
    for (const auto& [name, value] : rf.fields) set(name, decodeText(value));
    if (auto it = overlay.pending.find(r.id); it != overlay.pending.end()) {
        r.pending = true;
        for (const auto& e : it->second) set(e.field, decodeText(e.value));
    }
    r.conflict = overlay.conflicted.count(r.id) > 0;
    return r;
}

ReturnRow returnOf(const RecordFields& rf, const Overlay& overlay, const std::set<std::string>& conditionCodes) {
    ReturnRow r;
    r.id = rf.id;
    r.owner = rf.owner;
    std::map<std::string, bool> answered;  // answer field -> holds a value
    auto set = [&](const std::string& name, const std::string& stored) {
        if (name.rfind("a.", 0) == 0) {
            answered[name] = isAnswered(stored);
            if (const std::string code = name.substr(2); conditionCodes.count(code)) {
                if (isAnswered(stored)) r.conditionAnswers[code] = decodeText(stored);
                else r.conditionAnswers.erase(code);
            }
        }
        else if (name == "title") r.title = decodeText(stored);
        else if (name == "template") r.templateId = decodeText(stored);
        else if (name == "round") r.round = decodeText(stored);
        else if (name == "status") r.status = decodeText(stored);
        else if (name == "assignee") r.assignee = decodeText(stored);
        else if (name == "due_date") r.dueDate = decodeText(stored);
    };
    for (const auto& [name, value] : rf.fields) set(name, value);
    if (auto it = overlay.pending.find(r.id); it != overlay.pending.end()) {
        r.pending = true;
        for (const auto& e : it->second) set(e.field, e.value);
    }
    for (const auto& [name, yes] : answered) r.answered += yes ? 1 : 0;
    r.conflict = overlay.conflicted.count(r.id) > 0;
    return r;
}

}  // namespace

void forEachAction(Replica& replica, const std::function<void(ActionRow&)>& sink, const std::string& onlyId) {
    const Overlay overlay(replica, "action", onlyId);
    scanKinds(replica, {"action"}, kActionFields, false, onlyId, [&](RecordFields& rf, size_t) {
        ActionRow r = actionOf(rf, overlay);
        sink(r);
    });
}

void forEachReturn(Replica& replica, const std::function<void(ReturnRow&)>& sink, const std::string& onlyId,
                   const std::set<std::string>& conditionCodes) {
    const Overlay overlay(replica, "audit_return", onlyId);
    scanKinds(replica, {"audit_return"}, kReturnFields, true, onlyId, [&](RecordFields& rf, size_t) {
        ReturnRow r = returnOf(rf, overlay, conditionCodes);
        sink(r);
    });
}

void forEachListRow(Replica& replica, const std::function<void(ActionRow&)>& actions, const std::function<void(ReturnRow&)>& returns,
                    const std::set<std::string>& conditionCodes) {
    const Overlay actionOverlay(replica, "action", {}), returnOverlay(replica, "audit_return", {});
    std::vector<std::string> names = kActionFields;
    names.insert(names.end(), kReturnFields.begin(), kReturnFields.end());
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    scanKinds(replica, {"action", "audit_return"}, names, true, {}, [&](RecordFields& rf, size_t kind) {
        if (kind == 0) {
            ActionRow r = actionOf(rf, actionOverlay);
            actions(r);
        } else {
            ReturnRow r = returnOf(rf, returnOverlay, conditionCodes);
            returns(r);
        }
    });
}

std::vector<ActionRow> actionRows(Replica& replica, const std::string& onlyId) {
    std::vector<ActionRow> rows;
    forEachAction(replica, [&](ActionRow& r) { rows.push_back(std::move(r)); }, onlyId);
    return rows;
}

std::vector<ReturnRow> returnRows(Replica& replica, const std::string& onlyId, const std::set<std::string>& conditionCodes) {
    std::vector<ReturnRow> rows;
    forEachReturn(replica, [&](ReturnRow& r) { rows.push_back(std::move(r)); }, onlyId, conditionCodes);
    return rows;
}

std::vector<ProgressRow> progressRows(Replica& replica, const std::string& actionId) {
    std::vector<ProgressRow> rows;
    // `parent != ''` lets SQLite use the partial index on parent.
    auto s = replica.db().prepare("SELECT id, owner, local, fields FROM records "
                                  "WHERE kind = 'action_update' AND parent = ? AND parent != ''");
    s.bind(1, actionId);
    while (s.step()) {
        ProgressRow p;
        p.id = s.text(0);
        p.agency = s.text(1);
        p.pending = s.integer(2) != 0;
        const FieldPack fields(s.blob(3));
        auto text = [&](const char* name) {
            const auto f = fields.find(name);
            return f ? decodeJsonText(f->value) : std::string();
        };
        p.narrative = text("narrative");
        p.proposedRag = text("proposed_rag");
        p.author = text("author");
        p.createdAt = text("created_at");
        const auto approved = fields.find("approved");
        p.approved = approved && approved->value == "true";
        rows.push_back(std::move(p));
    }
    const auto index = byId(rows);
    auto o = replica.db().prepare("SELECT o.record_id, o.field, o.value, o.created_at FROM outbox o JOIN records r ON r.id = o.record_id "
                                  "WHERE r.kind = 'action_update' ORDER BY o.seq");
    while (o.step()) {
        auto it = index.find(o.text(0));
        if (it == index.end()) continue;
        ProgressRow& p = *it->second;
        p.pending = true;
        const std::string field = o.text(1);
        if (field == "narrative") p.narrative = decodeText(o.text(2));
        else if (field == "proposed_rag") p.proposedRag = decodeText(o.text(2));
        if (p.createdAt.empty()) p.createdAt = o.text(3);
    }
    std::stable_sort(rows.begin(), rows.end(), [](const ProgressRow& a, const ProgressRow& b) { return a.createdAt < b.createdAt; });
    return rows;
}

std::map<std::string, std::string> fieldOfKind(Replica& replica, const std::string& kind, const std::string& field) {
    std::map<std::string, std::string> out;
    auto s = replica.db().prepare("SELECT id, fields FROM records WHERE kind = ?");
    s.bind(1, kind);
    while (s.step()) {
        const FieldPack fields(s.blob(1));
        if (const auto v = fields.find(field)) out[s.text(0)] = decodeJsonText(v->value);
    }
    return out;
}

}  // namespace tandem::sync
