// The security half of SqliteSession: the audit log's rows, partnership settings, and erasing
// the values kept in notices when retention removes a record.
#include "SqliteSession.h"

namespace tandem::server {
namespace {

AuditEntry readEntry(sql::Statement& s) {
    return AuditEntry{s.integer(0), s.text(1), s.text(2), s.integer(3), s.text(4),
                      s.text(5),    s.text(6), s.text(7), s.text(8)};
}

constexpr const char* kEntryColumns = "id, at, user, device, action, operation, records, prev_hash, hash";

}  // namespace

std::optional<AuditEntry> SqliteSession::lastAuditEntry() {
    // The row id is the entry number, so this is one step down the table's B-tree; the records
    // of a push (tens of kilobytes) are not read, since the next entry needs only the link.
    auto& s = stmt("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1");
    if (!s.step()) return std::nullopt;
    AuditEntry e;
    e.id = s.integer(0);
    e.hash = s.text(1);
    s.reset();
    return e;
}

void SqliteSession::putAuditEntry(const AuditEntry& e) {
    stmt("INSERT INTO audit_log(id, at, user, device, action, operation, records, prev_hash, hash) "
         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(1, e.id).bind(2, e.at).bind(3, e.user).bind(4, e.device).bind(5, e.action).bind(6, e.operation)
        .bind(7, e.records).bind(8, e.prevHash).bind(9, e.hash).run();
}

void SqliteSession::forEachAuditEntry(const std::function<void(const AuditEntry&)>& visit) {
    auto& s = stmt(std::string("SELECT ") + kEntryColumns + " FROM audit_log ORDER BY id");
    while (s.step()) visit(readEntry(s));
    s.reset();
}

std::optional<std::string> SqliteSession::partnershipSetting(const std::string& partnership, const std::string& key) {
    auto& s = stmt("SELECT value FROM partnership_settings WHERE partnership = ? AND key = ?");
    s.bind(1, partnership).bind(2, key);
    if (!s.step()) return std::nullopt;
    auto v = s.text(0);
    s.reset();
    return v;
}

void SqliteSession::setPartnershipSetting(const std::string& partnership, const std::string& key,
                                          const std::string& value) {
    // INSERT OR REPLACE rather than an UPSERT: SQLite 3.15 (SQLCipher 3.4) has no ON CONFLICT.
    stmt("INSERT OR REPLACE INTO partnership_settings(partnership, key, value) VALUES (?, ?, ?)")
        .bind(1, partnership).bind(2, key).bind(3, value).run();
}

std::vector<PartnershipSetting> SqliteSession::partnershipSettings() {
    std::vector<PartnershipSetting> out;
    auto& s = stmt("SELECT partnership, key, value FROM partnership_settings ORDER BY partnership, key");
    while (s.step()) out.push_back(PartnershipSetting{s.text(0), s.text(1), s.text(2)});
    return out;
}

void SqliteSession::eraseNotices(const std::string& recordId) {
    stmt("UPDATE conflicts SET winner_value = 'null', loser_value = 'null' WHERE record_id = ?").bind(1, recordId).run();
    stmt("UPDATE rejections SET value = 'null' WHERE record_id = ?").bind(1, recordId).run();
}

}  // namespace tandem::server
