#include "SqliteStore.h"

#include "BackgroundThread.h"
#include "SchemaMigration.h"
#include "SqliteSession.h"
#include "Sqlite.h"

#include <optional>

namespace tandem::server {
namespace {

// Every connection reads the file through one shared memory map rather than a private page cache
// each: the pages of a pull are read where the kernel holds them, and eight readers do not keep
// eight copies.
// temp_store = MEMORY: the savepoint around each unit of a group commit keeps the original of
// every page the unit changes in a sub-journal, which by default is a temporary file: a fifth of
// a push's time went into writing it.
constexpr const char* kConnectionSettings =
    "PRAGMA mmap_size = 1073741824; PRAGMA cache_size = -16384; PRAGMA temp_store = MEMORY";

}  // namespace

SqliteStore::SqliteStore(const std::string& dbPath) : path_(dbPath) {
    writer_ = std::make_unique<SqliteConnection>(dbPath);
    auto& db = writer_->db;
    db.exec("PRAGMA journal_mode = WAL");
    // FULL: an edit the server has acknowledged survives a power cut, not only a crash.
    db.exec("PRAGMA synchronous = FULL");
    db.exec(kConnectionSettings);
    // Checkpoints run on their own thread (checkpointLoop), never inside a commit.
    db.exec("PRAGMA wal_autocheckpoint = 0");
    sql::Transaction tx(db);
    prepareServerSchema(db);
    tx.commit();
    checkpointer_ = std::thread([this] { checkpointLoop(); });
}

SqliteStore::~SqliteStore() {
    {
        std::lock_guard lock(checkpointMutex_);
        closing_ = true;
    }
    checkpointWanted_.notify_all();
    checkpointer_.join();
}

void SqliteStore::checkpointLoop() {
    blockSignalsInThisThread();
    std::unique_ptr<SqliteConnection> conn;
    std::unique_lock lock(checkpointMutex_);
    for (;;) {
        checkpointWanted_.wait(lock, [this] { return checkpointDue_ || closing_; });
        if (closing_) return;
        checkpointDue_ = false;
        lock.unlock();
        try {
            if (!conn) conn = std::make_unique<SqliteConnection>(path_);
            // PASSIVE: copies what no reader still needs, without waiting for or blocking anyone.
            conn->db.exec("PRAGMA wal_checkpoint(PASSIVE)");
        } catch (...) {
            conn.reset();  // tried again after the next commits
        }
        lock.lock();
    }
}

void SqliteStore::write(const std::function<void(StoreSession&)>& fn) {
    Unit unit{&fn, nullptr, false};
    std::unique_lock lock(queueMutex_);
    queue_.push_back(&unit);
    if (!leading_) lead(lock);
    committed_.wait(lock, [&] { return unit.done; });
    if (unit.error) std::rethrow_exception(unit.error);
}

void SqliteStore::lead(std::unique_lock<std::mutex>& lock) {
    leading_ = true;
    while (!queue_.empty()) {
        std::vector<Unit*> batch(queue_.begin(), queue_.end());
        queue_.clear();
        lock.unlock();
        // Units that arrive while this batch runs queue up for the next commit.
        std::exception_ptr commitError;
        try {
            sql::Transaction tx(writer_->db);
            // A unit alone in its commit needs no savepoint: if it fails, the transaction is
            // rolled back instead of committed. (A savepoint keeps the original of every page
            // its unit changes, a tenth of a large push's time.)
            const bool alone = batch.size() == 1;
            bool anyStored = false;
            for (Unit* u : batch) {
                try {
                    std::optional<sql::Savepoint> sp;
                    if (!alone) sp.emplace(writer_->db);
                    SqliteSession session(*writer_);
                    (*u->fn)(session);
                    session.flush(true);
                    writer_->resetAll();
                    if (sp) sp->release();
                    anyStored = true;
                } catch (...) {
                    writer_->resetAll();
                    u->error = std::current_exception();
                }
            }
            if (anyStored) tx.commit();
        } catch (...) {
            // BEGIN or COMMIT failed: nothing of the batch is stored.
            commitError = std::current_exception();
        }
        if (!commitError) {
            const auto log = sql::walBytes(path_);
            if (log >= kCheckpointForcedBytes) {
                try {
                    writer_->db.exec("PRAGMA wal_checkpoint(RESTART)");
                } catch (...) {
                    // Readers held it back; the next commit tries again.
                }
            } else if (log >= kCheckpointAfterBytes) {
                {
                    std::lock_guard wanted(checkpointMutex_);
                    checkpointDue_ = true;
                }
                checkpointWanted_.notify_one();
            }
        }
        lock.lock();
        stats_.commits += 1;
        stats_.units += static_cast<std::int64_t>(batch.size());
        for (Unit* u : batch) {
            if (commitError && !u->error) u->error = commitError;
            u->done = true;
        }
        committed_.notify_all();
    }
    leading_ = false;
}

SqliteStore::CommitStats SqliteStore::commitStats() {
    std::lock_guard lock(queueMutex_);
    return stats_;
}

void SqliteStore::read(const std::function<void(StoreSession&)>& fn) {
    auto conn = takeReader();
    try {
        sql::Transaction tx(conn->db, sql::Transaction::Kind::Deferred);
        SqliteSession session(*conn);
        fn(session);
        conn->resetAll();
        tx.commit();
    } catch (...) {
        conn->resetAll();
        giveBack(std::move(conn));
        throw;
    }
    giveBack(std::move(conn));
}

namespace {
// Reads this thread holds: a read inside a read gets a connection without waiting, so nested
// reads cannot wait for each other on a drained pool.
thread_local int readsHeld = 0;
}  // namespace

std::unique_ptr<SqliteConnection> SqliteStore::takeReader() {
    std::unique_lock lock(poolMutex_);
    // A nested read does not wait for the pool: it gets a connection of its own at once.
    if (readsHeld == 0 || !readers_.empty())
        readerFree_.wait(lock, [&] { return !readers_.empty() || readersOpen_ < kReaders; });
    ++readsHeld;
    if (!readers_.empty()) {
        auto c = std::move(readers_.back());
        readers_.pop_back();
        return c;
    }
    ++readersOpen_;
    lock.unlock();
    try {
        auto c = std::make_unique<SqliteConnection>(path_);
        c->db.exec(kConnectionSettings);
        return c;
    } catch (...) {
        std::lock_guard again(poolMutex_);
        --readersOpen_;
        --readsHeld;
        readerFree_.notify_one();
        throw;
    }
}

void SqliteStore::giveBack(std::unique_ptr<SqliteConnection> c) {
    --readsHeld;
    {
        std::lock_guard lock(poolMutex_);
        // A connection opened past the pool's size (a nested read) is closed, not kept.
        if (readersOpen_ > kReaders) --readersOpen_;
        else readers_.push_back(std::move(c));
    }
    readerFree_.notify_one();
}

}  // namespace tandem::server
