// The embedded store: SQLite in WAL mode in a data directory. One writer connection (writes
// are serialized anyway) and a pool of reader connections so pulls run beside pushes.
#pragma once

#include "Store.h"

#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace tandem::server {

class SqliteConnection;

class SqliteStore final : public Store {
public:
    // Opens `dbPath`, creating the schema if it is new.
    explicit SqliteStore(const std::string& dbPath);
    ~SqliteStore() override;

    void write(const std::function<void(StoreSession&)>& fn) override;
    void read(const std::function<void(StoreSession&)>& fn) override;

private:
    std::unique_ptr<SqliteConnection> takeReader();
    void giveBack(std::unique_ptr<SqliteConnection> c);

    std::string path_;
    std::mutex writeMutex_;
    std::unique_ptr<SqliteConnection> writer_;
    std::mutex poolMutex_;
    std::vector<std::unique_ptr<SqliteConnection>> readers_;
};

}  // namespace tandem::server
