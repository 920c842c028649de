// The SQLite store's passwords, device tokens, failed sign-ins and account locks (Store.h).
#include "SqliteSession.h"

namespace tandem::server {

void SqliteSession::setPasswordHash(std::int64_t userId, const std::string& hash) {
    stmt("UPDATE users SET password_hash = ? WHERE id = ?").bind(1, hash).bind(2, userId).run();
}

std::int64_t SqliteSession::tokenIssuedAt(std::int64_t deviceId) {
    auto& s = stmt("SELECT COALESCE(t.issued_at, CAST(strftime('%s', d.created_at) AS INTEGER)) "
                   "FROM devices d LEFT JOIN device_tokens t ON t.device_id = d.id WHERE d.id = ?");
    s.bind(1, deviceId);
    return s.step() ? s.integer(0) : 0;
}

void SqliteSession::setDeviceToken(std::int64_t deviceId, const std::string& tokenHash, std::int64_t issuedAt) {
    stmt("UPDATE devices SET token_hash = ? WHERE id = ?").bind(1, tokenHash).bind(2, deviceId).run();
    stmt("INSERT OR REPLACE INTO device_tokens(device_id, issued_at) VALUES (?, ?)").bind(1, deviceId).bind(2, issuedAt).run();
}

void SqliteSession::addSignInFailure(const std::string& username, const std::string& address, std::int64_t at) {
    stmt("INSERT INTO sign_in_failures(username, at) VALUES (?, ?)").bind(1, username).bind(2, at).run();
    if (!address.empty())
        stmt("INSERT INTO address_failures(address, at) VALUES (?, ?)").bind(1, address).bind(2, at).run();
}

SignInFailures SqliteSession::accountFailures(const std::string& username, std::int64_t since) {
    auto& s = stmt("SELECT count(*), COALESCE(min(at), 0) FROM sign_in_failures WHERE username = ? AND at > ?");
    s.bind(1, username).bind(2, since);
    s.step();
    return {s.integer(0), s.integer(1)};
}

SignInFailures SqliteSession::addressFailures(const std::string& address, std::int64_t since) {
    auto& s = stmt("SELECT count(*), COALESCE(min(at), 0) FROM address_failures WHERE address = ? AND at > ?");
    s.bind(1, address).bind(2, since);
    s.step();
    return {s.integer(0), s.integer(1)};
}

void SqliteSession::clearAccountFailures(const std::string& username) {
    stmt("DELETE FROM sign_in_failures WHERE username = ?").bind(1, username).run();
}

void SqliteSession::pruneSignInFailures(std::int64_t before) {
    stmt("DELETE FROM sign_in_failures WHERE at < ?").bind(1, before).run();
    stmt("DELETE FROM address_failures WHERE at < ?").bind(1, before).run();
    stmt("DELETE FROM account_locks WHERE until < ?").bind(1, before).run();
}

std::optional<std::int64_t> SqliteSession::accountLockedUntil(const std::string& username) {
    auto& s = stmt("SELECT until FROM account_locks WHERE username = ?");
    s.bind(1, username);
    if (!s.step()) return std::nullopt;
    return s.integer(0);
}

void SqliteSession::setAccountLock(const std::string& username, std::int64_t until) {
    stmt("INSERT OR REPLACE INTO account_locks(username, until) VALUES (?, ?)").bind(1, username).bind(2, until).run();
}

void SqliteSession::clearAccountLock(const std::string& username) {
    stmt("DELETE FROM account_locks WHERE username = ?").bind(1, username).run();
}

}  // namespace tandem::server
