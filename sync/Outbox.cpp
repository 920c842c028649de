#include "Outbox.h"

#include "Ids.h"
#include "ReplicaSchema.h"

#include <map>

namespace tandem::sync {

using nlohmann::json;

std::int64_t Outbox::takeSeq() {
    const std::int64_t seq = std::stoll(replica_.meta("next_seq").value_or("1"));
    replica_.setMeta("next_seq", std::to_string(seq + 1));
    return seq;
}

std::string Outbox::enqueue(const std::string& recordId, const std::string& field, const json& value) {
    auto& db = replica_.db();
    sql::Transaction tx(db);
    std::int64_t base = 0;
    auto& s = db.cached("SELECT fields FROM records WHERE id = ?");
    s.bind(1, recordId);
    if (s.step())
        if (auto f = FieldPack(s.blob(0)).find(field)) base = f->seq;
    s.reset();
    const std::string id = newUuid();
    db.cached("INSERT INTO outbox(seq, change_id, record_id, field, value, base, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
        .bind(1, takeSeq()).bind(2, id).bind(3, recordId).bind(4, field).bind(5, value.dump()).bind(6, base)
        .bind(7, nowIso()).run();
    tx.commit();
    // Each edit is a commit of its own: ten thousand of them are a large log, copied into the
    // file in the background as it grows rather than all at once by the next push's sync to disk.
    replica_.checkpointInBackground();
    return id;
}

std::string Outbox::create(const std::string& kind, const std::string& parentId, const std::string& partnership,
                           const std::string& owner, const json& extra) {
    auto& db = replica_.db();
    const std::string recordId = newUuid();
    sql::Transaction tx(db);
    // The server sets the parent link when it creates the record; until then the device keeps it
    // at sequence 0, so lists can show the new record under its parent straight away.
    FieldPackBuilder fields;
    if (kind == "action_update") fields.add("action", json(parentId).dump(), 0);
    const FieldPack packed = fields.finish();
    db.prepare("INSERT INTO records(id, kind, partnership, owner, seq, local, parent, fields) VALUES (?, ?, ?, ?, 0, 1, ?, ?)")
        .bind(1, recordId).bind(2, kind).bind(3, partnership).bind(4, owner).bind(5, parentOf(kind, packed))
        .bindBlob(6, packed.bytes()).run();
    json value = {{"kind", kind}, {"parent", parentId}};
    if (extra.is_object()) value.update(extra);
    db.prepare("INSERT INTO outbox(seq, change_id, record_id, field, value, base, created_at) VALUES (?, ?, ?, ?, ?, 0, ?)")
        .bind(1, takeSeq()).bind(2, newUuid()).bind(3, recordId).bind(4, std::string(protocol::kCreateField))
        .bind(5, value.dump()).bind(6, nowIso()).run();
    tx.commit();
    replica_.checkpointInBackground();
    return recordId;
}

std::int64_t Outbox::lastSeq() {
    auto& s = replica_.db().cached("SELECT coalesce(max(seq), 0) FROM outbox");
    s.step();
    const auto seq = s.integer(0);
    s.reset();
    return seq;
}

std::vector<protocol::Change> Outbox::batch(size_t limit, std::int64_t after, std::int64_t upTo) {
    std::vector<protocol::Change> out;
    auto& s = replica_.db().cached(
        "SELECT change_id, seq, record_id, field, value, base FROM outbox WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?");
    s.bind(1, after).bind(2, upTo).bind(3, static_cast<std::int64_t>(limit));
    while (s.step())
        out.push_back(protocol::Change{s.text(0), s.integer(1), s.text(2), s.text(3), json::parse(s.text(4)), s.integer(5)});
    return out;
}

void Outbox::acknowledge(const std::vector<protocol::Change>& sent, const std::vector<protocol::ChangeResult>& results) {
    // Results name their change by its device sequence.
    std::map<std::int64_t, const protocol::Change*> bySeq;
    for (const auto& c : sent) bySeq[c.seq] = &c;
    auto& db = replica_.db();
    sql::Transaction tx(db);
    auto& del = db.cached("DELETE FROM outbox WHERE seq = ? AND change_id = ?");
    auto& created = db.cached("UPDATE records SET local = 0 WHERE id = ?");
    auto& dropLocal = db.cached("DELETE FROM records WHERE id = ? AND local = 1");
    // Applied values become the server's values at their sequence, record by record: each record
    // read and written once however many of its fields the batch changed.
    std::map<std::string, std::vector<std::pair<const protocol::Change*, std::int64_t>>> applied;
    for (const auto& r : results) {
        auto it = bySeq.find(r.seq);
        if (it == bySeq.end()) continue;
        const protocol::Change& c = *it->second;
        del.bind(1, c.seq).bind(2, c.id).run();
        if (c.field == protocol::kCreateField) {
            // A refused creation leaves no phantom record; the rejection says what happened.
            if (r.outcome == protocol::Outcome::Applied) created.bind(1, c.record).run();
            else dropLocal.bind(1, c.record).run();
            continue;
        }
        if (r.outcome == protocol::Outcome::Applied) applied[c.record].emplace_back(&c, r.serverSeq);
    }
    auto& read = db.cached("SELECT fields FROM records WHERE id = ?");
    auto& write = db.cached("UPDATE records SET fields = ? WHERE id = ?");
    for (const auto& [record, changes] : applied) {
        read.bind(1, record);
        if (!read.step()) {
            read.reset();
            continue;  // removed from this device meanwhile
        }
        const FieldPack stored(read.blob(0));
        read.reset();
        FieldPackBuilder next;
        next.addAll(stored);
        bool changed = false;
        for (const auto& [c, serverSeq] : changes) {
            // Only move a field forward: a pull may already have brought a newer value.
            const auto now = stored.find(c->field);
            if (now && now->seq >= serverSeq) continue;
            next.add(c->field, c->value.dump(), serverSeq);
            changed = true;
        }
        if (changed) write.bindBlob(1, next.finish().bytes()).bind(2, record).run();
    }
    tx.commit();
}

void Outbox::renumber() {
    auto& db = replica_.db();
    sql::Transaction tx(db);
    // Two passes through negative numbers keep the primary key unique while renumbering.
    db.exec("UPDATE outbox SET seq = -seq");
    std::vector<std::int64_t> old;
    auto s = db.prepare("SELECT seq FROM outbox ORDER BY seq DESC");
    while (s.step()) old.push_back(s.integer(0));
    s.reset();
    auto upd = db.prepare("UPDATE outbox SET seq = ? WHERE seq = ?");
    std::int64_t next = 1;
    for (auto o : old) upd.bind(1, next++).bind(2, o).run();
    replica_.setMeta("next_seq", std::to_string(next));
    tx.commit();
}

}  // namespace tandem::sync
