// One transaction's view of the SQLite store; see Store.h for what each call means.
//
// A record is one row (Schema.h). Within a session a record read once is kept, with its field
// writes, until flush() writes each changed record back in one statement: a push that checks the
// status, reads the current value and writes a field touches the row once, not once per call.
#pragma once

#include "FieldPack.h"
#include "Sqlite.h"
#include "Store.h"

#include <map>
#include <optional>
#include <string>
#include <unordered_map>

namespace tandem::server {

// A connection with its prepared statements (sql::Database::cached), reused across transactions.
class SqliteConnection {
public:
    explicit SqliteConnection(const std::string& path) : db(path) {}
    // A cached statement, reset and ready to bind.
    sql::Statement& stmt(const std::string& text) { return db.cached(text); }
    void resetAll() { db.resetCached(); }

    sql::Database db;
};

class SqliteSession final : public StoreSession {
public:
    explicit SqliteSession(SqliteConnection& c) : c_(c) {}

    // Writes every changed record and the sequence counter; the store calls it with `final` before
    // commit, queries on the records table without it first.
    void flush(bool final = false);

    std::optional<std::string> meta(const std::string& key) override;
    void setMeta(const std::string& key, const std::string& value) override;
    std::int64_t nextSeq() override;
    std::int64_t currentSeq() override;

    std::optional<UserRow> userByName(const std::string& username) override;
    std::optional<UserRow> userById(std::int64_t id) override;
    std::int64_t addUser(const UserRow& user) override;
    std::vector<UserRow> users() override;
    void setUserDisabled(std::int64_t userId, bool disabled) override;

    std::int64_t addDevice(std::int64_t userId, const std::string& name, const std::string& tokenHash) override;
    std::optional<DeviceRow> deviceByTokenHash(const std::string& tokenHash) override;
    std::optional<DeviceRow> device(std::int64_t id) override;
    std::vector<DeviceRow> devices() override;
    void setDeviceLastSeq(std::int64_t deviceId, std::int64_t seq) override;
    void revokeDevice(std::int64_t deviceId) override;

    // SqliteAuth.cpp
    void setPasswordHash(std::int64_t userId, const std::string& hash) override;
    std::int64_t tokenIssuedAt(std::int64_t deviceId) override;
    void setDeviceToken(std::int64_t deviceId, const std::string& tokenHash, std::int64_t issuedAt) override;
    void addSignInFailure(const std::string& username, const std::string& address, std::int64_t at) override;
    SignInFailures accountFailures(const std::string& username, std::int64_t since) override;
    SignInFailures addressFailures(const std::string& address, std::int64_t since) override;
    void clearAccountFailures(const std::string& username) override;
    void pruneSignInFailures(std::int64_t before) override;
    std::optional<std::int64_t> accountLockedUntil(const std::string& username) override;
    void setAccountLock(const std::string& username, std::int64_t until) override;
    void clearAccountLock(const std::string& username) override;

    void putAgency(const AgencyRow& agency) override;
    std::optional<AgencyRow> agency(const std::string& code) override;
    std::vector<AgencyRow> agencies() override;

    std::optional<RecordRow> record(const std::string& id) override;
    void putRecord(const RecordRow& row, const std::vector<std::string>& audience) override;
    std::vector<std::string> audience(const std::string& recordId) override;
    std::vector<RecordRow> recordsOfReview(const std::string& reviewId) override;
    std::vector<RecordRow> recordsOfKind(const std::string& kind) override;
    void forEachRecordOfKind(
        const std::string& kind, const std::string& partnership,
        const std::function<void(const RecordRow&, std::map<std::string, nlohmann::json>&)>& visit) override;

    std::optional<StoredField> field(const std::string& recordId, const std::string& name) override;
    std::map<std::string, StoredField> fields(const std::string& recordId) override;
    void putField(const std::string& recordId, const std::string& name, const StoredField& f) override;

    std::optional<protocol::ChangeResult> resultByChangeId(const std::string& changeId) override;
    std::optional<protocol::ChangeResult> resultByDeviceSeq(std::int64_t deviceId, std::int64_t seq) override;
    void putResult(std::int64_t deviceId, const protocol::ChangeResult& r) override;

    void putConflict(const protocol::Conflict& c, const std::vector<std::string>& audience) override;
    void putRejection(const protocol::Rejection& r, const std::vector<std::string>& audience) override;

    void forEachChangedRecord(const std::vector<std::string>& keys, std::int64_t after, std::int64_t upto, int limit,
                              const std::function<void(const RecordView&)>& visit) override;
    std::int64_t countChangedRecords(const std::vector<std::string>& keys, std::int64_t after,
                                     std::int64_t upto) override;
    std::vector<std::string> removals(const std::vector<std::string>& keys, std::int64_t after,
                                      std::int64_t upto) override;
    std::vector<protocol::Conflict> conflicts(const std::vector<std::string>& keys, std::int64_t after,
                                              std::int64_t upto) override;
    std::vector<protocol::Rejection> rejections(const std::vector<std::string>& keys, std::int64_t after,
                                                std::int64_t upto) override;
    void pruneRemovals(std::int64_t seq) override;
    std::int64_t count(const std::string& table) override;

    std::optional<AuditEntry> lastAuditEntry() override;
    void putAuditEntry(const AuditEntry& e) override;
    void forEachAuditEntry(const std::function<void(const AuditEntry&)>& visit) override;
    std::optional<std::string> partnershipSetting(const std::string& partnership, const std::string& key) override;
    void setPartnershipSetting(const std::string& partnership, const std::string& key, const std::string& value) override;
    std::vector<PartnershipSetting> partnershipSettings() override;
    void eraseNotices(const std::string& recordId) override;

private:
    // A record as this session knows it: the row as read (or none), and what was written since.
    struct Cached {
        bool stored = false;      // a row exists in the table, as row `rid`
        std::int64_t rid = 0;
        std::string fixed;        // kind, partnership, parent and review as stored
        bool hasHeader = false;   // `row` holds a header (read or put)
        RecordRow row;
        std::string audience;     // the keys as stored: " k1 k2 " (Scope.h)
        FieldPack fields;         // as stored
        std::map<std::string, StoredField> written;  // fields put since, not yet in `fields`
        bool dirty = false;
    };
    Cached& load(const std::string& id);
    sql::Statement& stmt(const std::string& text) { return c_.stmt(text); }

    SqliteConnection& c_;
    std::unordered_map<std::string, Cached> records_;
    std::optional<std::int64_t> seq_;  // the sequence counter, written back by flush()
    bool seqDirty_ = false;
};

// A list of codes as stored ("A B"); the audience keys of a record as one text (" k1 k2 ", so that
// a key is found with its spaces), and whether any of `keys` is among them.
std::string joinCodes(const std::vector<std::string>& codes);
std::string audienceText(const std::vector<std::string>& keys);
bool visibleThrough(std::string_view audience, const std::vector<std::string>& keys);

}  // namespace tandem::server
