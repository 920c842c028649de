#include "Outbox.h"

#include "Ids.h"

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
    auto s = db.prepare("SELECT seq FROM fields WHERE record_id = ? AND name = ?");
    s.bind(1, recordId).bind(2, field);
    if (s.step()) base = s.integer(0);
    const std::string id = newUuid();
    db.prepare("INSERT INTO outbox(seq, change_id, record_id, field, value, base, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
        .bind(1, takeSeq()).bind(2, id).bind(3, recordId).bind(4, field).bind(5, value.dump()).bind(6, base)
        .bind(7, nowIso()).run();
    tx.commit();
    return id;
}

std::string Outbox::create(const std::string& kind, const std::string& parentId, const std::string& partnership,
                           const std::string& owner) {
    auto& db = replica_.db();
    const std::string recordId = newUuid();
    sql::Transaction tx(db);
    db.prepare("INSERT INTO records(id, kind, partnership, owner, seq, local) VALUES (?, ?, ?, ?, 0, 1)")
        .bind(1, recordId).bind(2, kind).bind(3, partnership).bind(4, owner).run();
    // The server sets the parent link when it creates the record; until then the device keeps it
    // at sequence 0, so lists can show the new record under its parent straight away.
    if (kind == "action_update")
        db.prepare("INSERT INTO fields(record_id, name, value, seq) VALUES (?, 'action', ?, 0)")
            .bind(1, recordId).bind(2, json(parentId).dump()).run();
    const json value = {{"kind", kind}, {"parent", parentId}};
    db.prepare("INSERT INTO outbox(seq, change_id, record_id, field, value, base, created_at) VALUES (?, ?, ?, ?, ?, 0, ?)")
        .bind(1, takeSeq()).bind(2, newUuid()).bind(3, recordId).bind(4, std::string(protocol::kCreateField))
        .bind(5, value.dump()).bind(6, nowIso()).run();
    tx.commit();
    return recordId;
}

std::vector<protocol::Change> Outbox::batch(size_t limit) {
    std::vector<protocol::Change> out;
    auto s = replica_.db().prepare("SELECT change_id, seq, record_id, field, value, base FROM outbox ORDER BY seq LIMIT ?");
    s.bind(1, static_cast<std::int64_t>(limit));
    while (s.step())
        out.push_back(protocol::Change{s.text(0), s.integer(1), s.text(2), s.text(3), json::parse(s.text(4)), s.integer(5)});
    return out;
}

void Outbox::acknowledge(const std::vector<protocol::Change>& sent, const std::vector<protocol::ChangeResult>& results) {
    std::map<std::string, const protocol::Change*> byId;
    for (const auto& c : sent) byId[c.id] = &c;
    auto& db = replica_.db();
    sql::Transaction tx(db);
    auto del = db.prepare("DELETE FROM outbox WHERE change_id = ?");
    // Only move a field forward: a pull may already have brought a newer value.
    auto fieldSeq = db.prepare("SELECT seq FROM fields WHERE record_id = ? AND name = ?");
    auto put = db.prepare("INSERT OR REPLACE INTO fields(record_id, name, value, seq) VALUES (?, ?, ?, ?)");
    auto created = db.prepare("UPDATE records SET local = 0 WHERE id = ?");
    auto dropLocalFields =
        db.prepare("DELETE FROM fields WHERE record_id = ? AND EXISTS (SELECT 1 FROM records WHERE id = ? AND local = 1)");
    auto dropLocal = db.prepare("DELETE FROM records WHERE id = ? AND local = 1");
    for (const auto& r : results) {
        auto it = byId.find(r.id);
        if (it == byId.end()) continue;
        const protocol::Change& c = *it->second;
        del.bind(1, r.id).run();
        if (c.field == protocol::kCreateField) {
            // A refused creation leaves no phantom record; the rejection says what happened.
            if (r.outcome == protocol::Outcome::Applied) created.bind(1, c.record).run();
            else {
                dropLocalFields.bind(1, c.record).bind(2, c.record).run();
                dropLocal.bind(1, c.record).run();
            }
            continue;
        }
        if (r.outcome != protocol::Outcome::Applied) continue;
        fieldSeq.bind(1, c.record).bind(2, c.field);
        const bool newer = fieldSeq.step() && fieldSeq.integer(0) >= r.serverSeq;
        fieldSeq.reset();
        if (!newer) put.bind(1, c.record).bind(2, c.field).bind(3, c.value.dump()).bind(4, r.serverSeq).run();
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
