// The server schema. Portable to SQLite 3.15: no UPSERT, no RETURNING, no window functions.
//
// Version 2 keeps a record in one row: its header, the audience keys it is visible through and
// its fields packed in one blob (shared/FieldPack.h); lists of agencies and keys are space-
// separated codes. A record keeps its row id for life, so a write rewrites its row in place and
// moves one entry of the sequence index; a pull walks that index. (With the sequence as the row
// id, every write moved the row and all its index entries: twice the pages per commit.)
// Version 1 kept one row per field (1.1 million B-tree rows for 100,000 records) and is migrated
// on open.
// Tables added since version 2 (sign-in failures, locks, token ages) are new tables created on every open,
// so they need no new version.
#pragma once

namespace tandem::server {

inline constexpr int kSchemaVersion = 2;

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
  rid INTEGER PRIMARY KEY, seq INTEGER NOT NULL, id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL,
  partnership TEXT NOT NULL, owner TEXT NOT NULL, assignee TEXT NOT NULL DEFAULT '',
  parent TEXT NOT NULL DEFAULT '', review TEXT NOT NULL DEFAULT '', supporting TEXT NOT NULL DEFAULT '',
  contributing TEXT NOT NULL DEFAULT '', deleted INTEGER NOT NULL DEFAULT 0, audience TEXT NOT NULL DEFAULT '',
  fields BLOB NOT NULL);
CREATE UNIQUE INDEX IF NOT EXISTS records_seq ON records(seq);
CREATE INDEX IF NOT EXISTS records_review ON records(review);
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
-- Sign-in protection (server/SignInGuard.h), times in Unix seconds: failed attempts by account
-- name (cleared by a sign-in that succeeds or a lock) and by client address (kept for the
-- window), and accounts locked until a time. Names need not be users': unknown names lock too.
CREATE TABLE IF NOT EXISTS sign_in_failures(username TEXT NOT NULL, at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS sign_in_failures_user ON sign_in_failures(username, at);
CREATE TABLE IF NOT EXISTS address_failures(address TEXT NOT NULL, at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS address_failures_address ON address_failures(address, at);
CREATE TABLE IF NOT EXISTS account_locks(username TEXT PRIMARY KEY, until INTEGER NOT NULL);
-- When each device's current token was issued (tokens expire, Auth.h); a device without a row
-- was signed in before tokens expired and counts from its created_at.
CREATE TABLE IF NOT EXISTS device_tokens(device_id INTEGER PRIMARY KEY, issued_at INTEGER NOT NULL);
INSERT OR IGNORE INTO meta(key, value) VALUES ('seq', '0'), ('removal_horizon', '0'), ('schema_version', '2');
)SQL";

// Security and data protection (issue 7c), kept apart so that it merges beside other additions.
// audit_log: a hash chain, one entry per unit of writes and per pull page delivering returns;
// each entry's hash covers its contents and the hash before it (server/AuditLog.h). Its row id
// is the entry's number, gapless from 1, so that a deleted entry shows as a gap.
// partnership_settings: what a partnership's administrator sets (retention periods, the case
// code pattern), one value per key.
inline constexpr const char* kSecuritySchema = R"SQL(
CREATE TABLE IF NOT EXISTS audit_log(
  id INTEGER PRIMARY KEY, at TEXT NOT NULL, user TEXT NOT NULL, device INTEGER NOT NULL, action TEXT NOT NULL,
  operation TEXT NOT NULL, records TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS partnership_settings(
  partnership TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY(partnership, key));
)SQL";

}  // namespace tandem::server
