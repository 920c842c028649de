// The embedded store: SQLite in WAL mode in a data directory. One writer connection and a fixed
// pool of reader connections, so pulls run beside pushes; a read waits for a free reader rather
// than open one of its own (500 devices pulling at once opened and prepared 500 connections).
//
// Writes are group-committed: concurrent write() calls queue, and whichever caller finds no
// commit under way runs every queued unit in one transaction, each unit inside its own savepoint
// (none when it is alone), then commits once. A unit that throws is rolled back alone and its
// caller gets the exception; the others commit. With synchronous=FULL a commit is an fsync, so
// 500 devices pushing at once cost a handful of fsyncs instead of 500 in a row.
//
// A commit only appends to the write-ahead log. Copying the log into the file (a checkpoint) runs
// on a thread and connection of its own once the log passes kCheckpointAfterBytes, so no commit
// waits for it; should checkpoints fall behind a long run of writes, the committing thread does
// one itself once the log passes kCheckpointForcedBytes, which bounds the log's size.
#pragma once

#include "Store.h"

#include <condition_variable>
#include <deque>
#include <exception>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace tandem::server {

class SqliteConnection;

class SqliteStore final : public Store {
public:
    // Opens `dbPath`, creating the schema if it is new or migrating it if it is older.
    explicit SqliteStore(const std::string& dbPath);
    ~SqliteStore() override;

    void write(const std::function<void(StoreSession&)>& fn) override;
    void read(const std::function<void(StoreSession&)>& fn) override;

    // Units per commit so far, for benchmarks: commits and units since the store opened.
    struct CommitStats {
        std::int64_t commits = 0;
        std::int64_t units = 0;
    };
    CommitStats commitStats();

    static constexpr std::uintmax_t kCheckpointAfterBytes = 4u << 20;
    static constexpr std::uintmax_t kCheckpointForcedBytes = 256u << 20;

private:
    void checkpointLoop();
    struct Unit {
        const std::function<void(StoreSession&)>* fn;
        std::exception_ptr error;
        bool done = false;
    };
    // Runs queued units until the queue is empty; called by the caller that became the leader.
    void lead(std::unique_lock<std::mutex>& lock);
    std::unique_ptr<SqliteConnection> takeReader();
    void giveBack(std::unique_ptr<SqliteConnection> c);

    std::string path_;
    std::unique_ptr<SqliteConnection> writer_;
    std::mutex queueMutex_;
    std::condition_variable committed_;
    std::deque<Unit*> queue_;
    bool leading_ = false;
    CommitStats stats_;
    // More readers than cores buy nothing; enough to let a slow client's read not hold others up.
    static constexpr size_t kReaders = 8;
    std::mutex checkpointMutex_;
    std::condition_variable checkpointWanted_;
    bool checkpointDue_ = false, closing_ = false;
    std::thread checkpointer_;
    std::mutex poolMutex_;
    std::condition_variable readerFree_;
    std::vector<std::unique_ptr<SqliteConnection>> readers_;  // free ones
    size_t readersOpen_ = 0;
};

}  // namespace tandem::server
