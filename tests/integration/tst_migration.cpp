// Data written by schema version 1 (a row per field, on the server and on devices) opens in
// version 2 (a row per record, fields in a FieldPack) with every value, sequence and writer as it
// was; a migration that fails leaves the file exactly as it was; a file from a newer Tandem is
// refused with a sentence. The version 1 files are made here with version 1's own DDL (as the
// server and the device wrote it before schema 2), filled with SQL.
#include "Replica.h"
#include "TestKey.h"
#include "SqliteStore.h"
#include "Sqlite.h"

#include <QtTest>

#include <nlohmann/json.hpp>

using namespace tandem;
using nlohmann::json;

namespace {

// Version 1's record tables; the other server tables are the same in both versions.
constexpr const char* kServerV1 = R"SQL(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE records(
  id TEXT PRIMARY KEY, kind TEXT NOT NULL, partnership TEXT NOT NULL, owner TEXT NOT NULL,
  assignee TEXT NOT NULL DEFAULT '', parent TEXT NOT NULL DEFAULT '', review TEXT NOT NULL DEFAULT '',
  supporting TEXT NOT NULL DEFAULT '[]', contributing TEXT NOT NULL DEFAULT '[]',
  seq INTEGER NOT NULL, deleted INTEGER NOT NULL DEFAULT 0);
CREATE INDEX records_seq ON records(seq);
CREATE INDEX records_review ON records(review);
CREATE INDEX records_kind ON records(kind);
CREATE TABLE record_audience(record_id TEXT NOT NULL, key TEXT NOT NULL, PRIMARY KEY(record_id, key)) WITHOUT ROWID;
CREATE INDEX record_audience_key ON record_audience(key, record_id);
CREATE TABLE fields(
  record_id TEXT NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL, seq INTEGER NOT NULL,
  rank INTEGER NOT NULL, user TEXT NOT NULL, agency TEXT NOT NULL, device INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY(record_id, name)) WITHOUT ROWID;
INSERT INTO meta(key, value) VALUES ('seq', '12'), ('removal_horizon', '0'), ('schema_version', '1');
INSERT INTO records VALUES ('review:sh:R1:action:2.1', 'action', 'st-helens', 'STH-SCHOOLS', '', '',
  'review:sh:R1', '["STH-COLLEGE","STH-POLICE"]', '[]', 11, 0);
INSERT INTO records VALUES ('return:sh:s11:POL', 'audit_return', 'st-helens', 'STH-POLICE', 'lead.police', '',
  '', '[]', '["STH-CSC"]', 12, 0);
INSERT INTO record_audience VALUES ('review:sh:R1:action:2.1', 'agency:STH-SCHOOLS'),
  ('review:sh:R1:action:2.1', 'agency:STH-COLLEGE'), ('return:sh:s11:POL', 'user:lead.police');
INSERT INTO fields VALUES ('review:sh:R1:action:2.1', 'title', '"Audit schools'' policies"', 3, 0, 'office', 'STH-BO', 0),
  ('review:sh:R1:action:2.1', 'progress', '"14 of 17 schools, caf\u00e9"', 11, 2, 'dsl.schools', 'STH-SCHOOLS', 7),
  ('review:sh:R1:action:2.1', 'rag_override', 'null', 5, 1, 'lead.schools', 'STH-SCHOOLS', 4),
  ('return:sh:s11:POL', 'answers', '{"q1":{"grade":3,"note":"ok"}}', 12, 1, 'lead.police', 'STH-POLICE', 9);
)SQL";

constexpr const char* kDeviceV1 = R"SQL(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE records(
  id TEXT PRIMARY KEY, kind TEXT NOT NULL, partnership TEXT NOT NULL, owner TEXT NOT NULL,
  seq INTEGER NOT NULL, local INTEGER NOT NULL DEFAULT 0);
CREATE INDEX records_kind ON records(kind);
CREATE TABLE fields(
  record_id TEXT NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL, seq INTEGER NOT NULL,
  PRIMARY KEY(record_id, name)) WITHOUT ROWID;
CREATE TABLE outbox(
  seq INTEGER PRIMARY KEY, change_id TEXT NOT NULL UNIQUE, record_id TEXT NOT NULL, field TEXT NOT NULL,
  value TEXT NOT NULL, base INTEGER NOT NULL, created_at TEXT NOT NULL);
INSERT INTO meta VALUES ('cursor', '40');
INSERT INTO records VALUES ('review:sh:R1:action:2.1', 'action', 'st-helens', 'STH-SCHOOLS', 31, 0),
  ('update:dev7:1', 'action_update', 'st-helens', 'STH-SCHOOLS', 0, 1);
INSERT INTO fields VALUES ('review:sh:R1:action:2.1', 'title', '"Audit schools'' policies"', 3),
  ('review:sh:R1:action:2.1', 'progress', '"14 of 17"', 31),
  ('update:dev7:1', 'action', '"review:sh:R1:action:2.1"', 0), ('update:dev7:1', 'text', '"Visited"', 0);
INSERT INTO outbox VALUES (1, 'c-1', 'update:dev7:1', 'text', '"Visited"', 0, '2026-11-30T10:00:00Z');
)SQL";

std::string newPath(QTemporaryDir& dir, const char* name) { return dir.filePath(name).toStdString(); }

std::vector<std::string> tables(const std::string& path) {
    sql::Database db(path);
    auto s = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
    std::vector<std::string> out;
    while (s.step()) out.push_back(s.text(0));
    return out;
}

std::string metaValue(const std::string& path, const char* key) {
    sql::Database db(path);
    auto s = db.prepare("SELECT value FROM meta WHERE key = ?");
    s.bind(1, key);
    return s.step() ? s.text(0) : "(none)";
}

bool has(const std::vector<std::string>& v, const char* name) { return std::find(v.begin(), v.end(), name) != v.end(); }

}  // namespace

class TestMigration : public QObject {
    Q_OBJECT

private slots:
    void serverVersion1Opens() {
        QTemporaryDir dir;
        const auto path = newPath(dir, "server.db");
        sql::Database(path).exec(kServerV1);
        {
            server::SqliteStore store(path);
            store.read([&](server::StoreSession& s) {
                const auto action = s.record("review:sh:R1:action:2.1");
                QVERIFY(action);
                QCOMPARE(action->kind, std::string("action"));
                QCOMPARE(action->review, std::string("review:sh:R1"));
                QCOMPARE(action->seq, std::int64_t(11));
                QCOMPARE(action->supporting, (std::vector<std::string>{"STH-COLLEGE", "STH-POLICE"}));
                const auto fields = s.fields("review:sh:R1:action:2.1");
                QCOMPARE(fields.size(), size_t(3));
                const auto& progress = fields.at("progress");
                QCOMPARE(progress.value, json("14 of 17 schools, caf\u00e9"));
                QCOMPARE(progress.seq, std::int64_t(11));
                QCOMPARE(progress.rank, 2);
                QCOMPARE(progress.user, std::string("dsl.schools"));
                QCOMPARE(progress.agency, std::string("STH-SCHOOLS"));
                QCOMPARE(progress.device, std::int64_t(7));
                QCOMPARE(fields.at("rag_override").value, json(nullptr));
                QCOMPARE(fields.at("title").user, std::string("office"));
                auto audience = s.audience("review:sh:R1:action:2.1");
                std::sort(audience.begin(), audience.end());
                QCOMPARE(audience, (std::vector<std::string>{"agency:STH-COLLEGE", "agency:STH-SCHOOLS"}));
                const auto ret = s.record("return:sh:s11:POL");
                QVERIFY(ret);
                QCOMPARE(ret->assignee, std::string("lead.police"));
                QCOMPARE(ret->contributing, std::vector<std::string>{"STH-CSC"});
                QCOMPARE(s.field("return:sh:s11:POL", "answers")->value, json::parse(R"({"q1":{"grade":3,"note":"ok"}})"));
                QCOMPARE(s.currentSeq(), std::int64_t(12));
                QCOMPARE(s.count("fields"), std::int64_t(4));
            });
        }
        QCOMPARE(metaValue(path, "schema_version"), std::string("2"));
        const auto t = tables(path);
        QVERIFY(!has(t, "fields") && !has(t, "record_audience") && !has(t, "records_v1"));
        // Opening again changes nothing.
        server::SqliteStore again(path);
        again.read([](server::StoreSession& s) { QCOMPARE(s.count("fields"), std::int64_t(4)); });
    }

    // A damaged version 1 row (supporting agencies that are not JSON) stops the migration: the
    // store does not open, and the file is still the version 1 file, every row in place.
    void failedServerMigrationLeavesTheFile() {
        QTemporaryDir dir;
        const auto path = newPath(dir, "server.db");
        sql::Database(path).exec(kServerV1);
        sql::Database(path).exec("UPDATE records SET supporting = '[\"STH-COLLEGE\"' WHERE kind = 'audit_return'");
        QVERIFY_THROWS_EXCEPTION(std::exception, server::SqliteStore store(path));
        QCOMPARE(metaValue(path, "schema_version"), std::string("1"));
        const auto t = tables(path);
        QVERIFY(has(t, "fields") && has(t, "record_audience") && !has(t, "records_v1"));
        sql::Database db(path);
        auto n = db.prepare("SELECT (SELECT count(*) FROM fields), (SELECT count(*) FROM records)");
        QVERIFY(n.step());
        QCOMPARE(n.integer(0), std::int64_t(4));
        QCOMPARE(n.integer(1), std::int64_t(2));
    }

    void newerServerFileIsRefused() {
        QTemporaryDir dir;
        const auto path = newPath(dir, "server.db");
        { server::SqliteStore store(path); }
        sql::Database(path).exec("UPDATE meta SET value = '9' WHERE key = 'schema_version'");
        try {
            server::SqliteStore store(path);
            QFAIL("a schema 9 file opened");
        } catch (const std::runtime_error& e) {
            QVERIFY2(QString(e.what()).contains("newer Tandem (schema 9)"), e.what());
        }
    }

    void deviceVersion1Opens() {
        QTemporaryDir dir;
        const auto path = newPath(dir, "replica.db");
        // A version 1 replica as it would be after the carry-over into an encrypted file.
        const auto key = test::testKey(path);
        sql::Database(path, key.raw()).exec(kDeviceV1);
        {
            sync::Replica replica(path, key);
            QCOMPARE(replica.cursor(), std::int64_t(40));
            QCOMPARE(replica.recordCount(), std::int64_t(2));
            const auto action = replica.record("review:sh:R1:action:2.1");
            QVERIFY(action);
            QCOMPARE(action->fields.at("progress"), json("14 of 17"));
            QCOMPARE(action->fieldSeqs.at("progress"), std::int64_t(31));
            QCOMPARE(action->fields.at("title"), json("Audit schools' policies"));
            QCOMPARE(replica.pendingCount(), std::int64_t(1));
            const auto update = replica.record("update:dev7:1");
            QVERIFY(update);
            QCOMPARE(update->fields.at("text"), json("Visited"));
        }
        sql::Database db(path, key.raw());
        auto parent = db.prepare("SELECT parent FROM records WHERE id = 'update:dev7:1'");
        QVERIFY(parent.step());
        QCOMPARE(parent.text(0), std::string("review:sh:R1:action:2.1"));
        auto fields = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'fields'");
        QVERIFY(!fields.step());
        auto meta = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'meta'");
        QVERIFY(meta.step());
        QVERIFY(meta.text(0).find("WITHOUT ROWID") != std::string::npos);
    }

    // Replicas written before meta lost its rowid keep every setting.
    void deviceMetaWithRowidOpens() {
        QTemporaryDir dir;
        const auto path = newPath(dir, "replica.db");
        const auto key = test::testKey(path);
        { sync::Replica fresh(path, key); }
        {
            sql::Database db(path, key.raw());
            db.exec("DROP TABLE meta; CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
                    "INSERT INTO meta VALUES ('cursor', '77'), ('user', 'lead.schools'), ('token', 't-1');");
        }
        sync::Replica replica(path, key);
        QCOMPARE(replica.cursor(), std::int64_t(77));
        QCOMPARE(replica.meta("user").value_or(""), std::string("lead.schools"));
        QCOMPARE(replica.token().value_or(""), std::string("t-1"));
        auto meta = replica.db().prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'meta'");
        QVERIFY(meta.step());
        QVERIFY(meta.text(0).find("WITHOUT ROWID") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestMigration)
#include "tst_migration.moc"
