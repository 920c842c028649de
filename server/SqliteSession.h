// One transaction's view of the SQLite store; see Store.h for what each call means.
#pragma once

#include "Sqlite.h"
#include "Store.h"

#include <memory>
#include <string>
#include <unordered_map>

namespace tandem::server {

// A connection with its prepared statements, reused across transactions.
class SqliteConnection {
public:
    explicit SqliteConnection(const std::string& path) : db(path) {}
    // A cached statement, reset and ready to bind.
    sql::Statement& stmt(const std::string& text);
    void resetAll();

    sql::Database db;

private:
    std::unordered_map<std::string, std::unique_ptr<sql::Statement>> cache_;
};

class SqliteSession final : public StoreSession {
public:
    explicit SqliteSession(SqliteConnection& c) : c_(c) {}

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

    void putAgency(const AgencyRow& agency) override;
    std::optional<AgencyRow> agency(const std::string& code) override;
    std::vector<AgencyRow> agencies() override;

    std::optional<RecordRow> record(const std::string& id) override;
    void putRecord(const RecordRow& row, const std::vector<std::string>& audience) override;
    std::vector<std::string> audience(const std::string& recordId) override;
    std::vector<RecordRow> recordsOfReview(const std::string& reviewId) override;
    std::vector<RecordRow> recordsOfKind(const std::string& kind) override;

    std::optional<StoredField> field(const std::string& recordId, const std::string& name) override;
    std::map<std::string, StoredField> fields(const std::string& recordId) override;
    void putField(const std::string& recordId, const std::string& name, const StoredField& f) override;

    std::optional<protocol::ChangeResult> resultByChangeId(const std::string& changeId) override;
    std::optional<protocol::ChangeResult> resultByDeviceSeq(std::int64_t deviceId, std::int64_t seq) override;
    void putResult(std::int64_t deviceId, const protocol::ChangeResult& r) override;

    void putConflict(const protocol::Conflict& c, const std::vector<std::string>& audience) override;
    void putRejection(const protocol::Rejection& r, const std::vector<std::string>& audience) override;

    std::vector<RecordRow> changedRecords(const std::vector<std::string>& keys, std::int64_t after,
                                          std::int64_t upto, int limit) override;
    std::vector<protocol::RecordState> changedRecordStates(const std::vector<std::string>& keys, std::int64_t after,
                                                           std::int64_t upto, int limit) override;
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

private:
    sql::Statement& stmt(const std::string& text) { return c_.stmt(text); }
    SqliteConnection& c_;
};

}  // namespace tandem::server
