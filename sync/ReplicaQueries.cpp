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

std::string optDecode(sql::Statement& s, int col) { return s.isNull(col) ? std::string() : decodeText(s.text(col)); }

bool isAnswered(const std::string& stored) { return !stored.empty() && stored != "null" && stored != "\"\""; }

// Reads the named fields (and, with `answers`, every "a." field) of every record of `kind`,
// one record at a time. For a whole list it scans the fields table once in key order (grouped by
// record already) and keeps the records of the kind: a join through the kind index costs one
// key lookup per field, several times slower at 100,000 records.
struct RecordFields {
    std::string id, owner;
    std::vector<std::pair<std::string, std::string>> fields;  // name, stored value
};

void scanKinds(Replica& replica, const std::vector<std::string>& kinds, const std::vector<std::string>& names, bool answers,
               const std::string& onlyId, const std::function<void(RecordFields&, size_t kind)>& sink) {
    auto& db = replica.db();
    std::string nameSql = "(";
    for (size_t i = 0; i < names.size(); ++i) nameSql += (i ? ", '" : "'") + names[i] + "'";
    nameSql += ")";
    std::string where = "f.name IN " + nameSql + (answers ? " OR (f.name >= 'a.' AND f.name < 'a/')" : "");
    std::unordered_map<std::string, std::pair<std::string, size_t>> owners;  // id -> owner, kind index
    owners.reserve(onlyId.empty() ? 1 << 17 : 1);
    std::unique_ptr<sql::Statement> s;
    for (size_t k = 0; k < kinds.size(); ++k) {
        auto o = db.prepare(onlyId.empty() ? "SELECT id, owner FROM records WHERE kind = ?"
                                           : "SELECT id, owner FROM records WHERE kind = ? AND id = ?");
        o.bind(1, kinds[k]);
        if (!onlyId.empty()) o.bind(2, onlyId);
        while (o.step()) owners.emplace(o.text(0), std::make_pair(o.text(1), k));
    }
    if (!onlyId.empty()) {
        s = std::make_unique<sql::Statement>(db.prepare("SELECT f.record_id, f.name, f.value FROM fields f WHERE f.record_id = ? AND (" + where + ")"));
        s->bind(1, onlyId);
    } else {
        s = std::make_unique<sql::Statement>(
            db.prepare("SELECT f.record_id, f.name, f.value FROM fields f WHERE " + where + " ORDER BY f.record_id"));
    }
    RecordFields current;
    size_t kind = 0;
    bool keep = false;
    auto flush = [&] {
        if (keep) sink(current, kind);
        current.fields.clear();
    };
    while (s->step()) {
        std::string id = s->text(0);
        if (id != current.id) {
            flush();
            auto it = owners.find(id);
            keep = it != owners.end();
            current.id = std::move(id);
            if (keep) {
                current.owner = it->second.first;
                kind = it->second.second;
            }
        }
        if (keep) current.fields.emplace_back(s->text(1), s->text(2));
    }
    flush();
}

}  // namespace

std::string decodeText(const std::string& stored) {
    if (stored.size() < 2 || stored.front() != '"' || stored.back() != '"') return {};
    // Most values need no unescaping: skip the JSON parser for them.
    if (stored.find('\\') == std::string::npos) return stored.substr(1, stored.size() - 2);
    auto j = nlohmann::json::parse(stored, nullptr, false);
    return j.is_string() ? j.get<std::string>() : std::string();
}

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
    auto s = replica.db().prepare(
        "SELECT r.id, r.owner, r.local, "
        "max(CASE WHEN f.name = 'narrative' THEN f.value END), max(CASE WHEN f.name = 'proposed_rag' THEN f.value END), "
        "max(CASE WHEN f.name = 'author' THEN f.value END), max(CASE WHEN f.name = 'created_at' THEN f.value END), "
        "max(CASE WHEN f.name = 'approved' THEN f.value END) "
        "FROM records r JOIN fields a ON a.record_id = r.id AND a.name = 'action' AND a.value = ? "
        "LEFT JOIN fields f ON f.record_id = r.id WHERE r.kind = 'action_update' GROUP BY r.id");
    s.bind(1, nlohmann::json(actionId).dump());
    while (s.step()) {
        ProgressRow p;
        p.id = s.text(0);
        p.agency = s.text(1);
        p.pending = s.integer(2) != 0;
        p.narrative = optDecode(s, 3);
        p.proposedRag = optDecode(s, 4);
        p.author = optDecode(s, 5);
        p.createdAt = optDecode(s, 6);
        p.approved = !s.isNull(7) && s.text(7) == "true";
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
    auto s = replica.db().prepare("SELECT r.id, f.value FROM records r JOIN fields f ON f.record_id = r.id AND f.name = ? WHERE r.kind = ?");
    s.bind(1, field).bind(2, kind);
    while (s.step()) out[s.text(0)] = decodeText(s.text(1));
    return out;
}

}  // namespace tandem::sync
