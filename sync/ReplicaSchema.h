// The device replica schema: server state (a row per record, its fields and their sequences in
// one FieldPack blob), the outbox of local edits, and the conflicts and rejections that concern
// this user. SQLite 3.15 SQL.
//
// Version 2 (a row per record) replaced version 1 (a row per field: 1.1 million B-tree rows for
// 100,000 records, most of a download's time); prepareReplicaSchema migrates a version 1 file.
#pragma once

#include "FieldPack.h"
#include "Sqlite.h"

#include <string>

namespace tandem::sync {

inline constexpr const char* kReplicaSchema = R"SQL(
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS records(
  id TEXT PRIMARY KEY, kind TEXT NOT NULL, partnership TEXT NOT NULL, owner TEXT NOT NULL,
  seq INTEGER NOT NULL, local INTEGER NOT NULL DEFAULT 0, parent TEXT NOT NULL DEFAULT '', fields BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS outbox(
  seq INTEGER PRIMARY KEY, change_id TEXT NOT NULL UNIQUE, record_id TEXT NOT NULL, field TEXT NOT NULL,
  value TEXT NOT NULL, base INTEGER NOT NULL, created_at TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS outbox_record ON outbox(record_id, field);
CREATE TABLE IF NOT EXISTS conflicts(
  id TEXT PRIMARY KEY, seq INTEGER NOT NULL, record_id TEXT NOT NULL, kind TEXT NOT NULL, field TEXT NOT NULL,
  winner_value TEXT NOT NULL, winner_user TEXT NOT NULL, winner_agency TEXT NOT NULL,
  loser_value TEXT NOT NULL, loser_user TEXT NOT NULL, loser_agency TEXT NOT NULL,
  rule TEXT NOT NULL, at TEXT NOT NULL, resolved INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS rejections(
  id TEXT PRIMARY KEY, seq INTEGER NOT NULL, record_id TEXT NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL,
  user TEXT NOT NULL, code TEXT NOT NULL, message TEXT NOT NULL, at TEXT NOT NULL,
  dismissed INTEGER NOT NULL DEFAULT 0);
)SQL";

// The indexes the lists use; a download into an empty replica drops them and builds them at its end.
inline constexpr const char* kReplicaIndexes = R"SQL(
CREATE INDEX IF NOT EXISTS records_kind ON records(kind);
CREATE INDEX IF NOT EXISTS records_parent ON records(parent) WHERE parent != '';
)SQL";
inline constexpr const char* kDropReplicaIndexes = "DROP INDEX IF EXISTS records_kind; DROP INDEX IF EXISTS records_parent;";

// Creates the schema in a new replica or migrates an older one, inside the caller's transaction.
void prepareReplicaSchema(sql::Database& db);

// The record a record hangs under, kept in its own column for lists: a progress update's action.
std::string parentOf(const std::string& kind, const FieldPack& fields);

}  // namespace tandem::sync
