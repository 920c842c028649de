// The server's storage interface. Everything the server persists goes through a StoreSession,
// which is one transaction: write sessions are serialized, read sessions see a snapshot.
// SqliteStore is the embedded implementation; a PostgreSQL one can sit beside it later.
#pragma once

#include "Protocol.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tandem::server {

struct UserRow {
    std::int64_t id = 0;
    std::string username;
    std::string agency;
    std::string role;
    std::string passwordHash;
    bool disabled = false;
};

struct DeviceRow {
    std::int64_t id = 0;
    std::int64_t userId = 0;
    std::string name;
    bool revoked = false;
    std::int64_t lastSeq = 0;  // the last device sequence number the server has taken
    std::string createdAt;
};

// Failed sign-ins after some time: how many, and when the earliest of them was (Unix seconds).
struct SignInFailures {
    std::int64_t count = 0;
    std::int64_t earliest = 0;
};

struct AgencyRow {
    std::string code;
    std::string name;
    std::string sector;
    std::vector<std::string> partnerships;
};

// A synced record's header: who owns it and who may see it. Its fields are read and written one
// by one through the session, which keeps them packed in the record's row.
struct RecordRow {
    std::string id;
    std::string kind;
    std::string partnership;
    std::string owner;     // owner agency
    std::string assignee;  // username, for returns
    std::string parent;    // the record this one hangs under (action of an update, ...)
    std::string review;    // the review an action-plan record belongs to
    std::vector<std::string> supporting;
    std::vector<std::string> contributing;
    std::int64_t seq = 0;
    bool deleted = false;
};

// A record as a pull reads it: its header and its fields packed as stored (FieldPack bytes).
struct RecordView {
    std::string_view id, kind, partnership, owner;
    std::int64_t seq = 0;
    std::string_view fields;
};

struct StoredField {
    nlohmann::json value;
    std::int64_t seq = 0;
    int rank = 0;
    std::string user;
    std::string agency;
    std::int64_t device = 0;  // the device whose edit set it; 0 for server writes
};

// One entry of the tamper-evident audit log (AuditLog.h): who did what to which records, when,
// chained to the entry before it by `prevHash`.
struct AuditEntry {
    std::int64_t id = 0;  // 1, 2, 3, ... with no gaps
    std::string at;       // UTC, ISO 8601
    std::string user;
    std::int64_t device = 0;  // 0: not through a device (the command line, the server itself)
    std::string action;       // write | read
    std::string operation;    // push, pull, open-round, import-agencies, retention, ...
    std::string records;      // JSON: what was written or read (AuditLog.h)
    std::string prevHash;     // hex; empty for the first entry
    std::string hash;         // hex SHA-256 of the entry's canonical form
};

struct PartnershipSetting {
    std::string partnership, key, value;
};

class StoreSession {
public:
    virtual ~StoreSession() = default;

    // Settings and counters kept beside the data.
    virtual std::optional<std::string> meta(const std::string& key) = 0;
    virtual void setMeta(const std::string& key, const std::string& value) = 0;
    // The server-wide sequence: every accepted write takes the next value.
    virtual std::int64_t nextSeq() = 0;
    virtual std::int64_t currentSeq() = 0;

    virtual std::optional<UserRow> userByName(const std::string& username) = 0;
    virtual std::optional<UserRow> userById(std::int64_t id) = 0;
    virtual std::int64_t addUser(const UserRow& user) = 0;
    virtual std::vector<UserRow> users() = 0;
    virtual void setUserDisabled(std::int64_t userId, bool disabled) = 0;

    virtual std::int64_t addDevice(std::int64_t userId, const std::string& name, const std::string& tokenHash) = 0;
    virtual std::optional<DeviceRow> deviceByTokenHash(const std::string& tokenHash) = 0;
    virtual std::optional<DeviceRow> device(std::int64_t id) = 0;
    virtual std::vector<DeviceRow> devices() = 0;
    virtual void setDeviceLastSeq(std::int64_t deviceId, std::int64_t seq) = 0;
    virtual void revokeDevice(std::int64_t deviceId) = 0;

    // Passwords and device tokens (Auth.h). Times are Unix seconds. A device signed in before
    // tokens had an issue time counts from when it was added.
    virtual void setPasswordHash(std::int64_t userId, const std::string& hash) = 0;
    virtual std::int64_t tokenIssuedAt(std::int64_t deviceId) = 0;
    // Replaces the device's token: the old one stops working at once.
    virtual void setDeviceToken(std::int64_t deviceId, const std::string& tokenHash, std::int64_t issuedAt) = 0;

    // Failed sign-ins and account locks (SignInGuard.h), by account name as typed and by client
    // address. A failure is counted for both; an account's are forgotten when it signs in or is
    // locked, an address's only once older than the window.
    virtual void addSignInFailure(const std::string& username, const std::string& address, std::int64_t at) = 0;
    virtual SignInFailures accountFailures(const std::string& username, std::int64_t since) = 0;
    virtual SignInFailures addressFailures(const std::string& address, std::int64_t since) = 0;
    virtual void clearAccountFailures(const std::string& username) = 0;
    virtual void pruneSignInFailures(std::int64_t before) = 0;
    virtual std::optional<std::int64_t> accountLockedUntil(const std::string& username) = 0;
    virtual void setAccountLock(const std::string& username, std::int64_t until) = 0;
    virtual void clearAccountLock(const std::string& username) = 0;

    virtual void putAgency(const AgencyRow& agency) = 0;
    virtual std::optional<AgencyRow> agency(const std::string& code) = 0;
    virtual std::vector<AgencyRow> agencies() = 0;

    virtual std::optional<RecordRow> record(const std::string& id) = 0;
    // Inserts or replaces the header and its audience keys. Keys the record had and lost are
    // logged at `seq` so devices that saw it through them are told to remove it.
    virtual void putRecord(const RecordRow& row, const std::vector<std::string>& audience) = 0;
    virtual std::vector<std::string> audience(const std::string& recordId) = 0;
    virtual std::vector<RecordRow> recordsOfReview(const std::string& reviewId) = 0;
    virtual std::vector<RecordRow> recordsOfKind(const std::string& kind) = 0;
    // Every live record of `kind` in `partnership`, each with its field values, in one pass over
    // the rows: for reading a whole partnership (the figures) without a lookup per record or
    // keeping every record in the session.
    virtual void forEachRecordOfKind(
        const std::string& kind, const std::string& partnership,
        const std::function<void(const RecordRow&, std::map<std::string, nlohmann::json>&)>& visit) = 0;

    virtual std::optional<StoredField> field(const std::string& recordId, const std::string& name) = 0;
    virtual std::map<std::string, StoredField> fields(const std::string& recordId) = 0;
    virtual void putField(const std::string& recordId, const std::string& name, const StoredField& f) = 0;

    // Push results, kept so that a replayed push gets the same answer.
    virtual std::optional<protocol::ChangeResult> resultByChangeId(const std::string& changeId) = 0;
    virtual std::optional<protocol::ChangeResult> resultByDeviceSeq(std::int64_t deviceId, std::int64_t seq) = 0;
    virtual void putResult(std::int64_t deviceId, const protocol::ChangeResult& r) = 0;

    virtual void putConflict(const protocol::Conflict& c, const std::vector<std::string>& audience) = 0;
    virtual void putRejection(const protocol::Rejection& r, const std::vector<std::string>& audience) = 0;

    // Pull: the latest state of every record visible through any of `keys` with a sequence in
    // (after, upto], in sequence order, at most `limit`, handed to `visit` as it is read (the
    // views last for the call only).
    virtual void forEachChangedRecord(const std::vector<std::string>& keys, std::int64_t after, std::int64_t upto,
                                      int limit, const std::function<void(const RecordView&)>& visit) = 0;
    virtual std::int64_t countChangedRecords(const std::vector<std::string>& keys, std::int64_t after,
                                             std::int64_t upto) = 0;
    virtual std::vector<std::string> removals(const std::vector<std::string>& keys, std::int64_t after,
                                              std::int64_t upto) = 0;
    virtual std::vector<protocol::Conflict> conflicts(const std::vector<std::string>& keys, std::int64_t after,
                                                      std::int64_t upto) = 0;
    virtual std::vector<protocol::Rejection> rejections(const std::vector<std::string>& keys, std::int64_t after,
                                                        std::int64_t upto) = 0;
    // Forgets removal entries up to `seq`; cursors older than that must refetch.
    virtual void pruneRemovals(std::int64_t seq) = 0;

    // Counts for status pages and tests ("fields" counts the fields of every record).
    virtual std::int64_t count(const std::string& table) = 0;

    // ---- Security and data protection (AuditLog.h, Retention.h, CaseCode.h) ----
    // The audit log: its last entry's number and hash (nothing else of it is read), appending an
    // entry (in the unit of the writes it records), and every entry in order.
    virtual std::optional<AuditEntry> lastAuditEntry() = 0;
    virtual void putAuditEntry(const AuditEntry& e) = 0;
    virtual void forEachAuditEntry(const std::function<void(const AuditEntry&)>& visit) = 0;
    // What a partnership's administrator sets, one value per (partnership, key).
    virtual std::optional<std::string> partnershipSetting(const std::string& partnership, const std::string& key) = 0;
    virtual void setPartnershipSetting(const std::string& partnership, const std::string& key,
                                       const std::string& value) = 0;
    virtual std::vector<PartnershipSetting> partnershipSettings() = 0;
    // Retention: forgets the values that conflict and rejection notices about a record keep.
    virtual void eraseNotices(const std::string& recordId) = 0;
};

class Store {
public:
    virtual ~Store() = default;
    // Runs `fn` as one atomic unit of writes: an exception from it undoes everything it wrote and
    // comes out of write(). Units of concurrent callers may share one commit (and one fsync);
    // each caller returns only once its unit is durable.
    virtual void write(const std::function<void(StoreSession&)>& fn) = 0;
    // Runs `fn` on a consistent snapshot.
    virtual void read(const std::function<void(StoreSession&)>& fn) = 0;
};

}  // namespace tandem::server
