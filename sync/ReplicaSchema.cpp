#include "ReplicaSchema.h"

namespace tandem::sync {
namespace {

bool hasTable(sql::Database& db, const char* name) {
    auto s = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
    s.bind(1, name);
    return s.step();
}

// Version 1 kept a row per field in `fields`; records had no parent or fields column.
void fromVersion1(sql::Database& db) {
    db.exec("DROP INDEX IF EXISTS records_kind; ALTER TABLE records RENAME TO records_v1;");
    db.exec(kReplicaSchema);
    db.exec(kReplicaIndexes);
    auto records = db.prepare("SELECT id, kind, partnership, owner, seq, local FROM records_v1");
    auto fields = db.prepare("SELECT name, value, seq FROM fields WHERE record_id = ? ORDER BY name");
    auto put = db.prepare("INSERT INTO records(id, kind, partnership, owner, seq, local, parent, fields) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    while (records.step()) {
        const std::string id = records.text(0), kind = records.text(1);
        FieldPackWriter pack;
        fields.bind(1, id);
        while (fields.step()) pack.add(fields.textView(0), fields.textView(1), fields.integer(2));
        fields.reset();
        const FieldPack packed = pack.finish();
        put.bind(1, id).bind(2, kind).bind(3, records.textView(2)).bind(4, records.textView(3))
            .bind(5, records.integer(4)).bind(6, records.integer(5)).bind(7, parentOf(kind, packed))
            .bindBlob(8, packed.bytes()).run();
    }
    records.reset();
    db.exec("DROP TABLE records_v1; DROP TABLE fields;");
}

// Until 2026-12 meta was a rowid table beside an index on its key: each setting written touched
// two pages, each encrypted on commit. Without a rowid the row lives in the key's own B-tree.
void metaWithoutRowid(sql::Database& db) {
    auto s = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'meta'");
    if (!s.step() || s.text(0).find("WITHOUT ROWID") != std::string::npos) return;
    s.reset();
    db.exec("CREATE TABLE meta_v2(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;"
            "INSERT INTO meta_v2(key, value) SELECT key, value FROM meta;"
            "DROP TABLE meta; ALTER TABLE meta_v2 RENAME TO meta;");
}

}  // namespace

void prepareReplicaSchema(sql::Database& db) {
    if (hasTable(db, "fields")) fromVersion1(db);
    metaWithoutRowid(db);
    db.exec(kReplicaSchema);
    db.exec(kReplicaIndexes);
    // The dashboards' last figures per partnership and round (FiguresCache): a cache beside the
    // records, so adding it needs no schema version.
    db.exec("CREATE TABLE IF NOT EXISTS figures_cache(partnership TEXT NOT NULL, round TEXT NOT NULL, "
            "fetched_at TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY(partnership, round))");
}

std::string parentOf(const std::string& kind, const FieldPack& fields) {
    if (kind != "action_update") return {};
    const auto action = fields.find("action");
    return action ? decodeJsonText(action->value) : std::string();
}

}  // namespace tandem::sync
