#include "SqliteStore.h"

#include "Schema.h"
#include "SqliteSession.h"
#include "Sqlite.h"

namespace tandem::server {

SqliteStore::SqliteStore(const std::string& dbPath) : path_(dbPath) {
    writer_ = std::make_unique<SqliteConnection>(dbPath);
    auto& db = writer_->db;
    db.exec("PRAGMA journal_mode = WAL");
    // FULL: an edit the server has acknowledged survives a power cut, not only a crash.
    db.exec("PRAGMA synchronous = FULL");
    sql::Transaction tx(db);
    db.exec(kServerSchema);
    tx.commit();
}

SqliteStore::~SqliteStore() = default;

void SqliteStore::write(const std::function<void(StoreSession&)>& fn) {
    std::lock_guard lock(writeMutex_);
    sql::Transaction tx(writer_->db);
    SqliteSession session(*writer_);
    fn(session);
    writer_->resetAll();
    tx.commit();
}

void SqliteStore::read(const std::function<void(StoreSession&)>& fn) {
    auto conn = takeReader();
    {
        sql::Transaction tx(conn->db, sql::Transaction::Kind::Deferred);
        SqliteSession session(*conn);
        fn(session);
        conn->resetAll();
        tx.commit();
    }
    giveBack(std::move(conn));
}

std::unique_ptr<SqliteConnection> SqliteStore::takeReader() {
    {
        std::lock_guard lock(poolMutex_);
        if (!readers_.empty()) {
            auto c = std::move(readers_.back());
            readers_.pop_back();
            return c;
        }
    }
    return std::make_unique<SqliteConnection>(path_);
}

void SqliteStore::giveBack(std::unique_ptr<SqliteConnection> c) {
    std::lock_guard lock(poolMutex_);
    if (readers_.size() < 16) readers_.push_back(std::move(c));
}

}  // namespace tandem::server
