#include "Oracle.h"

#include "Ownership.h"
#include "RecordWrites.h"
#include "Scope.h"

#include <algorithm>
#include <set>

namespace tandem::sim {

using nlohmann::json;
using protocol::Outcome;

std::shared_ptr<const Template> Oracle::templateOf(server::StoreSession& s, const std::string& id) {
    if (auto it = templates_.find(id); it != templates_.end()) return it->second;
    std::shared_ptr<const Template> t;
    if (auto def = s.field(id, "definition"))
        if (auto parsed = parseTemplate(def->value); parsed.tmpl) t = std::make_shared<const Template>(*parsed.tmpl);
    templates_[id] = t;
    return t;
}

Oracle::Before Oracle::judgeBefore(server::StoreSession& s, const server::UserRow& user, const protocol::Change& c) {
    Before b;
    if (c.field == protocol::kCreateField) {
        b.create = true;
        return b;
    }
    const auto rec = s.record(c.record);
    b.missing = !rec;
    if (!rec || rec->deleted) return b;
    const auto keys = server::keysFor(user, server::partnershipsOf(s, user.agency));
    const auto audience = s.audience(rec->id);
    b.visible = std::any_of(audience.begin(), audience.end(),
                            [&](const std::string& k) { return std::find(keys.begin(), keys.end(), k) != keys.end(); });
    const auto kind = kindFromString(rec->kind);
    if (!kind) return b;
    std::string writer;
    if (*kind == RecordKind::AuditReturn && c.field.rfind("a.", 0) == 0) {
        auto tid = s.field(rec->id, "template");
        auto t = tid && tid->value.is_string() ? templateOf(s, tid->value.get<std::string>()) : nullptr;
        const Question* q = t ? t->question(c.field.substr(2)) : nullptr;
        if (!q) return b;
        writer = q->writer;
    }
    const OwnershipRule* rule = findRule(*kind, c.field, writer);
    if (!rule) return b;
    b.status = rule->type == FieldType::ActionStatus || rule->type == FieldType::ReturnStatus;
    b.rank = writerRank(*rule, *kind, server::actorFor(user, server::partnershipsOf(s, user.agency), *rec));
    return b;
}

void Oracle::violation(const std::string& user, const protocol::Change& c, const std::string& what) {
    violations.push_back(user + " " + c.record + "." + c.field + "=" + c.value.dump() + " (change " + c.id + ", base " +
                         std::to_string(c.base) + "): " + what);
}

sync::HttpResponse Oracle::push(const std::string& user, const json& body, const std::string& token) {
    std::vector<protocol::Change> changes;
    try {
        for (const auto& j : body.at("changes")) changes.push_back(protocol::changeFromJson(j));
    } catch (const std::exception&) {
        return server_.post("/v1/push", body, token);  // not ours to judge: the server refuses it whole
    }
    // The state the server will judge by: its sequence, and each field as it stands.
    std::int64_t seqBefore = 0;
    std::map<std::string, Before> before;
    std::map<std::pair<std::string, std::string>, std::optional<server::StoredField>> fields;
    store_.read([&](server::StoreSession& s) {
        seqBefore = s.currentSeq();
        auto u = s.userByName(user);
        if (!u) return;
        for (const auto& c : changes) {
            if (answered.count(c.id) || before.count(c.id)) continue;
            before[c.id] = judgeBefore(s, *u, c);
            fields.emplace(std::pair{c.record, c.field}, s.field(c.record, c.field));
        }
    });

    const sync::HttpResponse r = server_.post("/v1/push", body, token);

    std::int64_t seqAfter = 0;
    store_.read([&](server::StoreSession& s) { seqAfter = s.currentSeq(); });
    if (r.status != 200) {
        if (seqAfter != seqBefore)
            violations.push_back(user + ": a push answered " + std::to_string(r.status) + " moved the server sequence from " +
                                 std::to_string(seqBefore) + " to " + std::to_string(seqAfter));
        return r;
    }
    std::map<std::string, const protocol::Change*> byId;
    std::map<std::int64_t, std::string> idOfSeq;  // results name their change by its sequence
    for (const auto& c : changes) byId[c.id] = &c, idOfSeq[c.seq] = c.id;
    // A progress update and its first fields travel in one push: those fields are judged against
    // the record as the push left it, and start from the values its creation set.
    std::map<std::string, Before> after;
    store_.read([&](server::StoreSession& s) {
        auto u = s.userByName(user);
        for (const auto& [id, b] : before)
            if (b.missing && u) after[id] = judgeBefore(s, *u, *byId[id]);
    });
    std::map<std::string, std::pair<std::int64_t, json>> created;  // record -> (sequence, parent)
    std::set<std::pair<std::string, std::string>> seeded;
    std::int64_t expected = 0;
    std::int64_t high = seqBefore;  // the last sequence this push's answers took; they only go up
    std::string answers;  // for the message, when the sequence does not add up
    const json answer = r.body();
    for (const auto& j : answer.at("results")) {
        auto res = protocol::changeResultFromJson(j);
        if (auto id = idOfSeq.find(res.seq); id != idOfSeq.end()) res.id = id->second;
        else res.id = "(sequence " + std::to_string(res.seq) + ")";
        answers += " " + (byId.count(res.id) ? byId[res.id]->field : res.id) + ":" + std::string(toString(res.outcome)) + "@" + std::to_string(res.serverSeq) +
                   (res.code.empty() ? "" : "(" + res.code + ")");
        auto ci = byId.find(res.id);
        if (ci == byId.end()) {
            violations.push_back(user + ": the server answered change " + res.id + " that was not pushed");
            continue;
        }
        const protocol::Change& c = *ci->second;
        if (auto it = answered.find(res.id); it != answered.end()) {
            // A replay, from this device or a later registration of it: the same answer.
            const auto& first = it->second.result;
            if (first.outcome != res.outcome || first.serverSeq != res.serverSeq || first.code != res.code)
                violation(user, c, "answered " + std::string(toString(res.outcome)) + "@" + std::to_string(res.serverSeq) +
                                       " on replay, first " + std::string(toString(first.outcome)) + "@" +
                                       std::to_string(first.serverSeq));
            continue;
        }
        answered[res.id] = Answered{user, c, res};
        auto bi = before.find(res.id);
        if (bi == before.end()) {
            violation(user, c, "answered for the first time but was already judged");
            continue;
        }
        const Before& b = bi->second.missing && after.count(res.id) ? after[res.id] : bi->second;
        auto& field = fields[{c.record, c.field}];
        if (bi->second.missing && created.count(c.record) && seeded.insert({c.record, c.field}).second) {
            const auto& [seq, parent] = created[c.record];
            const std::map<std::string, json> initial{{"action", parent}, {"author", user}, {"approved", false}, {"created_at", nullptr}};
            if (auto v = initial.find(c.field); v != initial.end()) field = server::StoredField{v->second, seq, 0, user, ""};
        }
        if (res.outcome == Outcome::Rejected) {
            ++expected;  // the rejection record
            high = std::max(high, res.serverSeq);
            continue;
        }
        if (b.create) {
            if (res.outcome == Outcome::Applied) {
                ++expected;  // the new record
                created[c.record] = {res.serverSeq, c.value.value("parent", json())};
                high = std::max(high, res.serverSeq);
            }
            continue;
        }
        if (!b.visible) violation(user, c, std::string(toString(res.outcome)) + " on a record outside the author's scope");
        if (!b.rank) violation(user, c, std::string(toString(res.outcome)) + " although the author is not a writer of the field");
        const int rank = b.rank.value_or(99);
        if (res.outcome == Outcome::Superseded) {
            ++expected;  // the conflict record
            high = std::max(high, res.serverSeq);
            if (!field || c.base >= field->seq || field->value == c.value || field->rank >= rank)
                violation(user, c, "superseded, but no concurrent different value of higher precedence stood (" +
                                       (field ? field->value.dump() + "@" + std::to_string(field->seq) + " rank " +
                                                    std::to_string(field->rank)
                                              : std::string("no value")) +
                                       ", author rank " + std::to_string(rank) + ")");
            continue;
        }
        // An agreeing edit is answered with the sequence of the write it agreed with, which may
        // be one this very push made.
        const bool wrote = res.serverSeq > high;
        if (!wrote) {
            // Applied without a write: only an edit agreeing with what stands may do that.
            if (b.status || !field || field->value != c.value || field->seq != res.serverSeq)
                violation(user, c, "applied at " + std::to_string(res.serverSeq) + " without a write, but the field held " +
                                       (field ? field->value.dump() + "@" + std::to_string(field->seq) : "nothing"));
            continue;
        }
        ++expected;
        high = res.serverSeq;
        if (!res.code.empty()) ++expected, ++high;  // the conflict record of the value it replaced
        if (!b.status && field && c.base < field->seq && field->value != c.value && rank > field->rank)
            violation(user, c, "a lower-precedence concurrent edit (rank " + std::to_string(rank) + ") replaced " +
                                   field->value.dump() + "@" + std::to_string(field->seq) + " of rank " +
                                   std::to_string(field->rank));
        server::StoredField next;
        next.value = c.value;
        next.seq = res.serverSeq;
        next.rank = rank;
        next.user = user;
        field = next;
    }
    if (seqAfter - seqBefore != expected)
        violations.push_back(user + ": a push moved the server sequence by " + std::to_string(seqAfter - seqBefore) +
                             " but its answers account for " + std::to_string(expected) +
                             " (a change applied twice, or a write nobody was told of); sequence before " +
                             std::to_string(seqBefore) + ", answers:" + answers);
    return r;
}

}  // namespace tandem::sim
