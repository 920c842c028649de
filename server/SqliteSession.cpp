#include "SqliteSession.h"

#include <set>

namespace tandem::server {
namespace {

using nlohmann::json;

std::string placeholders(size_t n) {
    std::string s;
    for (size_t i = 0; i < n; ++i) s += i ? ",?" : "?";
    return s;
}

std::vector<std::string> stringList(const std::string& jsonText) {
    return json::parse(jsonText).get<std::vector<std::string>>();
}

UserRow readUser(sql::Statement& s) {
    return UserRow{s.integer(0), s.text(1), s.text(2), s.text(3), s.text(4), s.integer(5) != 0};
}

DeviceRow readDevice(sql::Statement& s) {
    return DeviceRow{s.integer(0), s.integer(1), s.text(2), s.integer(3) != 0, s.integer(4), s.text(5)};
}

protocol::ChangeResult readResult(sql::Statement& s) {
    protocol::ChangeResult r;
    r.id = s.text(0);
    r.seq = s.integer(1);
    r.outcome = protocol::outcomeFromString(s.text(2)).value_or(protocol::Outcome::Rejected);
    r.serverSeq = s.integer(3);
    r.code = s.text(4);
    r.message = s.text(5);
    return r;
}

void bindKeys(sql::Statement& s, int first, const std::vector<std::string>& keys) {
    for (size_t i = 0; i < keys.size(); ++i) s.bind(first + static_cast<int>(i), keys[i]);
}

}  // namespace

std::optional<std::string> SqliteSession::meta(const std::string& key) {
    auto& s = stmt("SELECT value FROM meta WHERE key = ?");
    s.bind(1, key);
    if (!s.step()) return std::nullopt;
    return s.text(0);
}

void SqliteSession::setMeta(const std::string& key, const std::string& value) {
    stmt("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)").bind(1, key).bind(2, value).run();
}

std::int64_t SqliteSession::currentSeq() {
    if (!seq_) seq_ = std::stoll(meta("seq").value_or("0"));
    return *seq_;
}

std::int64_t SqliteSession::nextSeq() {
    const std::int64_t next = currentSeq() + 1;
    seq_ = next;
    seqDirty_ = true;
    return next;
}

std::optional<UserRow> SqliteSession::userByName(const std::string& username) {
    auto& s = stmt("SELECT id, username, agency, role, password_hash, disabled FROM users WHERE username = ?");
    s.bind(1, username);
    if (!s.step()) return std::nullopt;
    return readUser(s);
}

std::optional<UserRow> SqliteSession::userById(std::int64_t id) {
    auto& s = stmt("SELECT id, username, agency, role, password_hash, disabled FROM users WHERE id = ?");
    s.bind(1, id);
    if (!s.step()) return std::nullopt;
    return readUser(s);
}

std::int64_t SqliteSession::addUser(const UserRow& u) {
    stmt("INSERT INTO users(username, agency, role, password_hash, disabled) VALUES (?, ?, ?, ?, ?)")
        .bind(1, u.username).bind(2, u.agency).bind(3, u.role).bind(4, u.passwordHash)
        .bind(5, u.disabled ? 1 : 0).run();
    return c_.db.lastInsertRowId();
}

std::vector<UserRow> SqliteSession::users() {
    std::vector<UserRow> out;
    auto& s = stmt("SELECT id, username, agency, role, password_hash, disabled FROM users ORDER BY username");
    while (s.step()) out.push_back(readUser(s));
    return out;
}

void SqliteSession::setUserDisabled(std::int64_t userId, bool disabled) {
    stmt("UPDATE users SET disabled = ? WHERE id = ?").bind(1, disabled ? 1 : 0).bind(2, userId).run();
}

std::int64_t SqliteSession::addDevice(std::int64_t userId, const std::string& name, const std::string& tokenHash) {
    stmt("INSERT INTO devices(user_id, name, token_hash, created_at) VALUES (?, ?, ?, strftime('%Y-%m-%dT%H:%M:%SZ','now'))")
        .bind(1, userId).bind(2, name).bind(3, tokenHash).run();
    return c_.db.lastInsertRowId();
}

std::optional<DeviceRow> SqliteSession::deviceByTokenHash(const std::string& tokenHash) {
    auto& s = stmt("SELECT id, user_id, name, revoked, last_seq, created_at FROM devices WHERE token_hash = ?");
    s.bind(1, tokenHash);
    if (!s.step()) return std::nullopt;
    return readDevice(s);
}

std::optional<DeviceRow> SqliteSession::device(std::int64_t id) {
    auto& s = stmt("SELECT id, user_id, name, revoked, last_seq, created_at FROM devices WHERE id = ?");
    s.bind(1, id);
    if (!s.step()) return std::nullopt;
    return readDevice(s);
}

std::vector<DeviceRow> SqliteSession::devices() {
    std::vector<DeviceRow> out;
    auto& s = stmt("SELECT id, user_id, name, revoked, last_seq, created_at FROM devices ORDER BY id");
    while (s.step()) out.push_back(readDevice(s));
    return out;
}

void SqliteSession::setDeviceLastSeq(std::int64_t deviceId, std::int64_t seq) {
    stmt("UPDATE devices SET last_seq = ? WHERE id = ?").bind(1, seq).bind(2, deviceId).run();
}

void SqliteSession::revokeDevice(std::int64_t deviceId) {
    stmt("UPDATE devices SET revoked = 1 WHERE id = ?").bind(1, deviceId).run();
}

void SqliteSession::putAgency(const AgencyRow& a) {
    stmt("INSERT OR REPLACE INTO agencies(code, name, sector, partnerships) VALUES (?, ?, ?, ?)")
        .bind(1, a.code).bind(2, a.name).bind(3, a.sector).bind(4, json(a.partnerships).dump()).run();
}

std::optional<AgencyRow> SqliteSession::agency(const std::string& code) {
    auto& s = stmt("SELECT code, name, sector, partnerships FROM agencies WHERE code = ?");
    s.bind(1, code);
    if (!s.step()) return std::nullopt;
    return AgencyRow{s.text(0), s.text(1), s.text(2), stringList(s.text(3))};
}

std::vector<AgencyRow> SqliteSession::agencies() {
    std::vector<AgencyRow> out;
    auto& s = stmt("SELECT code, name, sector, partnerships FROM agencies ORDER BY code");
    while (s.step()) out.push_back(AgencyRow{s.text(0), s.text(1), s.text(2), stringList(s.text(3))});
    return out;
}

std::optional<protocol::ChangeResult> SqliteSession::resultByChangeId(const std::string& changeId) {
    auto& s = stmt("SELECT change_id, device_seq, outcome, server_seq, code, message FROM push_results WHERE change_id = ? LIMIT 1");
    s.bind(1, changeId);
    if (!s.step()) return std::nullopt;
    return readResult(s);
}

std::optional<protocol::ChangeResult> SqliteSession::resultByDeviceSeq(std::int64_t deviceId, std::int64_t seq) {
    auto& s = stmt("SELECT change_id, device_seq, outcome, server_seq, code, message FROM push_results WHERE device_id = ? AND device_seq = ?");
    s.bind(1, deviceId).bind(2, seq);
    if (!s.step()) return std::nullopt;
    return readResult(s);
}

void SqliteSession::putResult(std::int64_t deviceId, const protocol::ChangeResult& r) {
    stmt("INSERT INTO push_results(device_id, device_seq, change_id, outcome, server_seq, code, message) VALUES (?, ?, ?, ?, ?, ?, ?)")
        .bind(1, deviceId).bind(2, r.seq).bind(3, r.id).bind(4, std::string(protocol::toString(r.outcome)))
        .bind(5, r.serverSeq).bind(6, r.code).bind(7, r.message).run();
}

void SqliteSession::putConflict(const protocol::Conflict& c, const std::vector<std::string>& keys) {
    stmt("INSERT INTO conflicts(seq, id, record_id, kind, field, winner_value, winner_user, winner_agency, loser_value, "
         "loser_user, loser_agency, rule, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(1, c.seq).bind(2, c.id).bind(3, c.record).bind(4, c.kind).bind(5, c.field)
        .bind(6, c.winnerValue.dump()).bind(7, c.winnerUser).bind(8, c.winnerAgency).bind(9, c.loserValue.dump())
        .bind(10, c.loserUser).bind(11, c.loserAgency).bind(12, c.rule).bind(13, c.at).run();
    for (const auto& k : std::set<std::string>(keys.begin(), keys.end()))
        stmt("INSERT INTO notice_audience(seq, key) VALUES (?, ?)").bind(1, c.seq).bind(2, k).run();
}

void SqliteSession::putRejection(const protocol::Rejection& r, const std::vector<std::string>& keys) {
    stmt("INSERT INTO rejections(seq, id, record_id, field, value, user, code, message, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(1, r.seq).bind(2, r.id).bind(3, r.record).bind(4, r.field).bind(5, r.value.dump())
        .bind(6, r.user).bind(7, r.code).bind(8, r.message).bind(9, r.at).run();
    for (const auto& k : std::set<std::string>(keys.begin(), keys.end()))
        stmt("INSERT INTO notice_audience(seq, key) VALUES (?, ?)").bind(1, r.seq).bind(2, k).run();
}

std::vector<protocol::Conflict> SqliteSession::conflicts(const std::vector<std::string>& keys, std::int64_t after,
                                                         std::int64_t upto) {
    std::vector<protocol::Conflict> out;
    if (keys.empty()) return out;
    auto& s = stmt("SELECT c.id, c.record_id, c.kind, c.field, c.winner_value, c.winner_user, c.winner_agency, "
                   "c.loser_value, c.loser_user, c.loser_agency, c.rule, c.at, c.seq FROM conflicts c "
                   "WHERE c.seq > ? AND c.seq <= ? AND EXISTS (SELECT 1 FROM notice_audience n WHERE n.seq = c.seq "
                   "AND n.key IN (" + placeholders(keys.size()) + ")) ORDER BY c.seq");
    s.bind(1, after).bind(2, upto);
    bindKeys(s, 3, keys);
    while (s.step()) {
        protocol::Conflict c;
        c.id = s.text(0);
        c.record = s.text(1);
        c.kind = s.text(2);
        c.field = s.text(3);
        c.winnerValue = json::parse(s.text(4));
        c.winnerUser = s.text(5);
        c.winnerAgency = s.text(6);
        c.loserValue = json::parse(s.text(7));
        c.loserUser = s.text(8);
        c.loserAgency = s.text(9);
        c.rule = s.text(10);
        c.at = s.text(11);
        c.seq = s.integer(12);
        out.push_back(std::move(c));
    }
    return out;
}

std::vector<protocol::Rejection> SqliteSession::rejections(const std::vector<std::string>& keys, std::int64_t after,
                                                           std::int64_t upto) {
    std::vector<protocol::Rejection> out;
    if (keys.empty()) return out;
    auto& s = stmt("SELECT r.id, r.record_id, r.field, r.value, r.user, r.code, r.message, r.at, r.seq FROM rejections r "
                   "WHERE r.seq > ? AND r.seq <= ? AND EXISTS (SELECT 1 FROM notice_audience n WHERE n.seq = r.seq "
                   "AND n.key IN (" + placeholders(keys.size()) + ")) ORDER BY r.seq");
    s.bind(1, after).bind(2, upto);
    bindKeys(s, 3, keys);
    while (s.step())
        out.push_back(protocol::Rejection{s.text(0), s.text(1), s.text(2), json::parse(s.text(3)), s.text(4),
                                          s.text(5), s.text(6), s.text(7), s.integer(8)});
    return out;
}

void SqliteSession::pruneRemovals(std::int64_t seq) {
    stmt("DELETE FROM scope_exits WHERE seq <= ?").bind(1, seq).run();
    setMeta("removal_horizon", std::to_string(seq));
}

}  // namespace tandem::server
