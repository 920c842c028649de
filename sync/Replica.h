// The device's local replica of what the server shares with one user: a SQLCipher-encrypted
// SQLite file per signed-in user (ReplicaUnlock turns a password into its key). Reads show pending outbox values over server values; pulled pages are
// applied together with their cursor in one transaction.
#pragma once

#include "Protocol.h"
#include "ReplicaKey.h"
#include "Sqlite.h"

#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace tandem::sync {

// Who this replica belongs to, as the server said at sign-in.
struct Identity {
    std::string server;
    std::string user;
    std::string role;
    std::string agency;
    std::vector<std::string> partnerships;
    std::int64_t deviceId = 0;
};

// A record as the user sees it: server fields with pending local edits on top.
struct LocalRecord {
    std::string id;
    std::string kind;
    std::string partnership;
    std::string owner;
    std::int64_t seq = 0;
    bool local = false;  // created on this device, not yet accepted by the server
    std::map<std::string, nlohmann::json> fields;
    std::map<std::string, std::int64_t> fieldSeqs;  // server sequence of each server value
    std::vector<std::string> pendingFields;         // fields with an unanswered local edit

    // A string field, or `fallback` when absent or not a string.
    std::string text(const std::string& name, const std::string& fallback = {}) const;
};

struct LocalConflict : protocol::Conflict {
    bool resolved = false;
};
struct LocalRejection : protocol::Rejection {
    bool dismissed = false;
};

class Replica {
public:
    // A throwaway replica in memory (path ":memory:", unencrypted: nothing reaches a disk).
    // Any other path is refused: a replica file is always opened with its key.
    explicit Replica(const std::string& path);
    // Opens or creates the encrypted replica file at `path`. Throws sql::Error with
    // notADatabase() when `key` is not the file's key (the file is left as it was).
    Replica(const std::string& path, ReplicaKey key);
    ~Replica();

    sql::Database& db() { return db_; }
    const std::string& path() const { return path_; }
    // The key the file was opened with, for another connection to it (the sync thread).
    const ReplicaKey& key() const { return key_; }

    std::optional<std::string> meta(const std::string& key);
    void setMeta(const std::string& key, const std::string& value);
    std::optional<Identity> identity();
    std::optional<std::string> token();
    std::int64_t cursor();

    std::optional<LocalRecord> record(const std::string& id);
    // Records of a kind (all kinds when empty), newest server change first.
    std::vector<LocalRecord> records(const std::string& kind = {});
    std::vector<LocalConflict> conflicts(bool includeResolved = false);
    std::vector<LocalRejection> rejections(bool includeDismissed = false);
    std::int64_t pendingCount();
    std::int64_t recordCount(const std::string& kind = {});

    // Applies one pull page and stores its cursor, atomically.
    // `beforeCommit` runs inside the transaction, for fault-injection harnesses.
    void applyPage(const protocol::PullPage& page, const std::function<void()>& beforeCommit = {});
    // Forgets server state (keeps the outbox and local records) for a full download.
    void resetForRefetch();
    // Erases everything, outbox and credentials included (the device was revoked, the account
    // disabled), and removes the key's salt: no password can open what is left of the file.
    void wipe();

    void markConflictResolved(const std::string& id);
    void dismissRejection(const std::string& id);

    // Copies the write-ahead log into the database file on a connection and thread of its own (a
    // passive checkpoint: readers and writers go on meanwhile) once the log has grown past
    // kCheckpointAfterBytes. The replica's own connection never checkpoints: SQLite would do it
    // inside whichever commit passed 1000 pages, stalling that commit by half a second after a
    // large download. SyncEngine calls this at the end of every sync.
    void checkpointInBackground();
    static constexpr std::uintmax_t kCheckpointAfterBytes = 4u << 20;
    // The connection's page cache in KiB, outside a full download (PageBatch::kCacheKb).
    static constexpr int kCacheKb = 32768;
    // Waits for a checkpoint under way (tests and benchmarks measure what follows it).
    void waitForCheckpoint();

private:
    friend class PageBatch;
    struct Pending {
        std::string field, value;
    };
    // A record from a row of (id, kind, partnership, owner, seq, local, fields), with the pending
    // outbox edits on it laid over, in the order they were made.
    static LocalRecord readRecord(sql::Statement& row, const std::vector<Pending>& pending);
    std::vector<Pending> pendingOf(const std::string& id);
    // Writes a page and its cursor inside the caller's transaction. `download`: a full download,
    // whose records are mostly new to the replica (see writePage).
    enum class PageKind { Incremental, Download };
    void writePage(const protocol::PullPage& page, PageKind kind);

    // Opens the connection and the schema (the constructors' common part).
    static sql::Database openFile(const std::string& path, const ReplicaKey& key);
    void prepare();

    std::string path_;
    ReplicaKey key_;
    sql::Database db_;
    std::thread checkpointer_;
    std::atomic<bool> checkpointing_{false};
};

// The pages of a full download applied in few transactions instead of one each: with random
// record ids every commit rewrites most of the id index's leaves into the WAL, so a commit per
// page writes much of the file again each time. A page and the cursor after it always land in the
// same commit; whatever is not committed when the batch goes away (an exception, a crash) rolls
// back to the last commit, whose cursor matches what it holds. The list indexes are dropped while
// it runs and rebuilt by its last commit (or by the next open of the file, after a crash).
class PageBatch {
public:
    explicit PageBatch(Replica& replica);
    ~PageBatch();
    PageBatch(const PageBatch&) = delete;
    PageBatch& operator=(const PageBatch&) = delete;

    // Applies one page and stores its cursor; commits when enough is pending or it is the last
    // page. `beforeCommit` runs with the page applied and not yet committed, as in applyPage.
    void apply(const protocol::PullPage& page, const std::function<void()>& beforeCommit = {});
    // Commits the pages applied so far (nothing to do when none are pending).
    void commit();

    // How much may wait for one commit: what a crash can cost, and how stale other readers of
    // the file may see the download.
    static constexpr std::int64_t kRecordsPerCommit = 50000;
    static constexpr std::chrono::seconds kTimePerCommit{2};
    // Page cache while the batch lasts, in KiB: bounds the device's memory during a download.
    static constexpr int kCacheKb = 65536;

private:
    Replica& replica_;
    std::optional<sql::Transaction> tx_;
    std::int64_t pending_ = 0;
    std::chrono::steady_clock::time_point since_;
    std::string cacheSize_;  // the connection's own setting, given back at the end
    // A download into a replica without server records builds the list indexes once at its end
    // (a sort) instead of inserting into them record by record (a third of the write time).
    bool indexesDropped_ = false;
    bool lastPage_ = false;  // the last page is applied; its commit finishes the download
    bool finished_ = false;  // ... and that commit is done
};

}  // namespace tandem::sync
