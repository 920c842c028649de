#include "SchemaMigration.h"

#include "FieldPack.h"
#include "Schema.h"
#include "SqliteSession.h"

#include <nlohmann/json.hpp>

#include <stdexcept>

namespace tandem::server {
namespace {

bool hasTable(sql::Database& db, const char* name) {
    auto s = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?");
    s.bind(1, name);
    return s.step();
}

// Version 1 kept a row per field in `fields` and audience keys in `record_audience`.
void fromVersion1(sql::Database& db) {
    db.exec("DROP INDEX IF EXISTS records_seq; DROP INDEX IF EXISTS records_review; DROP INDEX IF EXISTS records_kind;"
            "ALTER TABLE records RENAME TO records_v1;");
    db.exec(kServerSchema);
    auto records = db.prepare("SELECT seq, id, kind, partnership, owner, assignee, parent, review, supporting, "
                              "contributing, deleted FROM records_v1 ORDER BY seq");
    auto fields = db.prepare("SELECT name, value, seq, rank, user, agency, device FROM fields WHERE record_id = ? ORDER BY name");
    auto audience = db.prepare("SELECT key FROM record_audience WHERE record_id = ? ORDER BY key");
    auto put = db.prepare("INSERT INTO records(seq, id, kind, partnership, owner, assignee, parent, review, supporting, "
                          "contributing, deleted, audience, fields) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    while (records.step()) {
        const std::string id = records.text(1);
        FieldPackWriter pack(true);
        fields.bind(1, id);
        while (fields.step())
            pack.add(fields.textView(0), fields.textView(1), fields.integer(2),
                     FieldWriter{static_cast<int>(fields.integer(3)), fields.text(4), fields.text(5), fields.integer(6)});
        fields.reset();
        std::vector<std::string> keys;
        audience.bind(1, id);
        while (audience.step()) keys.push_back(audience.text(0));
        audience.reset();
        for (int col = 0; col < 11; ++col) {
            if (col == 0 || col == 10) put.bind(col + 1, records.integer(col));
            else if (col == 8 || col == 9) put.bind(col + 1, joinCodes(nlohmann::json::parse(records.text(col)).get<std::vector<std::string>>()));
            else put.bind(col + 1, records.textView(col));
        }
        put.bind(12, audienceText(keys)).bindBlob(13, pack.finish().bytes()).run();
    }
    records.reset();
    db.exec("DROP TABLE records_v1; DROP TABLE fields; DROP TABLE record_audience;"
            "INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', '2');");
}

}  // namespace

void prepareServerSchema(sql::Database& db) {
    if (hasTable(db, "meta")) {
        auto v = db.prepare("SELECT value FROM meta WHERE key = 'schema_version'");
        const int version = v.step() ? std::stoi(v.text(0)) : 1;
        v.reset();
        if (version > kSchemaVersion)
            throw std::runtime_error("this data directory was written by a newer Tandem (schema " + std::to_string(version) +
                                     "); this server reads up to schema " + std::to_string(kSchemaVersion));
        if (version == 1 && hasTable(db, "fields")) fromVersion1(db);
    }
    db.exec(kServerSchema);
    db.exec(kSecuritySchema);
}

}  // namespace tandem::server
