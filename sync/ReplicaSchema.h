// The device replica schema: server state (records, fields with their sequences), the outbox
// of local edits, and the conflicts and rejections that concern this user. SQLite 3.15 SQL.
#pragma once

namespace tandem::sync {

inline constexpr const char* kReplicaSchema = R"SQL(
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS records(
  id TEXT PRIMARY KEY, kind TEXT NOT NULL, partnership TEXT NOT NULL, owner TEXT NOT NULL,
  seq INTEGER NOT NULL, local INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS records_kind ON records(kind);
CREATE TABLE IF NOT EXISTS fields(
  record_id TEXT NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL, seq INTEGER NOT NULL,
  PRIMARY KEY(record_id, name)) WITHOUT ROWID;
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

}  // namespace tandem::sync
