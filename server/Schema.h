// The server schema. Portable to SQLite 3.15: no UPSERT, no RETURNING, no window functions.
#pragma once

namespace tandem::server {

inline constexpr const char* kServerSchema = R"SQL(
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS users(
  id INTEGER PRIMARY KEY, username TEXT NOT NULL UNIQUE, agency TEXT NOT NULL, role TEXT NOT NULL,
  password_hash TEXT NOT NULL, disabled INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS devices(
  id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id), name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE, revoked INTEGER NOT NULL DEFAULT 0,
  last_seq INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS agencies(
  code TEXT PRIMARY KEY, name TEXT NOT NULL, sector TEXT NOT NULL, partnerships TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS records(
  id TEXT PRIMARY KEY, kind TEXT NOT NULL, partnership TEXT NOT NULL, owner TEXT NOT NULL,
  assignee TEXT NOT NULL DEFAULT '', parent TEXT NOT NULL DEFAULT '', review TEXT NOT NULL DEFAULT '',
  supporting TEXT NOT NULL DEFAULT '[]', contributing TEXT NOT NULL DEFAULT '[]',
  seq INTEGER NOT NULL, deleted INTEGER NOT NULL DEFAULT 0);
CREATE INDEX IF NOT EXISTS records_seq ON records(seq);
CREATE INDEX IF NOT EXISTS records_review ON records(review);
CREATE INDEX IF NOT EXISTS records_kind ON records(kind);
CREATE TABLE IF NOT EXISTS record_audience(
  record_id TEXT NOT NULL, key TEXT NOT NULL, PRIMARY KEY(record_id, key)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS record_audience_key ON record_audience(key, record_id);
CREATE TABLE IF NOT EXISTS fields(
  record_id TEXT NOT NULL, name TEXT NOT NULL, value TEXT NOT NULL, seq INTEGER NOT NULL,
  rank INTEGER NOT NULL, user TEXT NOT NULL, agency TEXT NOT NULL, device INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY(record_id, name)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS scope_exits(seq INTEGER NOT NULL, record_id TEXT NOT NULL, key TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS scope_exits_seq ON scope_exits(seq);
CREATE TABLE IF NOT EXISTS push_results(
  device_id INTEGER NOT NULL, device_seq INTEGER NOT NULL, change_id TEXT NOT NULL,
  outcome TEXT NOT NULL, server_seq INTEGER NOT NULL, code TEXT NOT NULL, message TEXT NOT NULL,
  PRIMARY KEY(device_id, device_seq));
CREATE INDEX IF NOT EXISTS push_results_change ON push_results(change_id);
CREATE TABLE IF NOT EXISTS conflicts(
  seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, record_id TEXT NOT NULL, kind TEXT NOT NULL,
  field TEXT NOT NULL, winner_value TEXT NOT NULL, winner_user TEXT NOT NULL, winner_agency TEXT NOT NULL,
  loser_value TEXT NOT NULL, loser_user TEXT NOT NULL, loser_agency TEXT NOT NULL, rule TEXT NOT NULL,
  at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS rejections(
  seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, record_id TEXT NOT NULL, field TEXT NOT NULL,
  value TEXT NOT NULL, user TEXT NOT NULL, code TEXT NOT NULL, message TEXT NOT NULL, at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS notice_audience(
  seq INTEGER NOT NULL, key TEXT NOT NULL, PRIMARY KEY(seq, key)) WITHOUT ROWID;
INSERT OR IGNORE INTO meta(key, value) VALUES ('seq', '0'), ('removal_horizon', '0'), ('schema_version', '1');
)SQL";

}  // namespace tandem::server
