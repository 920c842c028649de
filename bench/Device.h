// A benchmark device: the real replica, HTTP transport and sync engine, with a count of the
// requests it makes (each get or post is one HTTP request).
#pragma once

#include "Account.h"
#include "SyncEngine.h"
#include "Transport.h"

#include <sqlite3.h>

#include <atomic>
#include <memory>
#include <stdexcept>
#include <string>

namespace tandem::bench {

class CountingTransport final : public sync::Transport {
public:
    explicit CountingTransport(const std::string& url) : inner_(url) {}
    sync::HttpResponse get(const std::string& path, const std::string& token) override {
        ++requests;
        return inner_.get(path, token);
    }
    sync::HttpResponse post(const std::string& path, const nlohmann::json& body, const std::string& token) override {
        ++requests;
        return inner_.post(path, body, token);
    }
    bool allowsPrefetch() const override { return inner_.allowsPrefetch(); }
    void release() override { inner_.release(); }
    std::atomic<std::int64_t> requests{0};

private:
    sync::HttpTransport inner_;
};

// What a device's connection did with its pages: each page read from the file is decrypted and
// authenticated, each page written is encrypted (SQLCipher), a hit costs neither.
struct PageCounts {
    std::int64_t hits = 0, misses = 0, writes = 0;
    PageCounts& operator+=(const PageCounts& o) {
        hits += o.hits;
        misses += o.misses;
        writes += o.writes;
        return *this;
    }
};

struct Device {
    Device(const std::string& url, const std::string& replicaPath)
        : replica(replicaPath, sync::keyOf(replicaPath, "bench replica", sync::KdfCost::Minimum)), transport(url), engine(replica, transport, sync::RetryPolicy{1, {}, {}}) {}

    // Signs in (not timed by any workload); throws when refused.
    void signIn(const std::string& url, const std::string& user, const std::string& password, const std::string& name) {
        const auto r = sync::signIn(replica, transport, url, user, password, name);
        if (!r.ok) throw std::runtime_error("sign-in of " + user + " refused: " + r.code + " " + r.message);
        transport.requests = 0;
    }

    PageCounts pageCounts() { return {status(SQLITE_DBSTATUS_CACHE_HIT), status(SQLITE_DBSTATUS_CACHE_MISS), status(SQLITE_DBSTATUS_CACHE_WRITE)}; }
    void resetPageCounts() {
        for (int op : {SQLITE_DBSTATUS_CACHE_HIT, SQLITE_DBSTATUS_CACHE_MISS, SQLITE_DBSTATUS_CACHE_WRITE}) {
            int cur = 0, high = 0;
            sqlite3_db_status(replica.db().handle(), op, &cur, &high, 1);
        }
    }

    sync::Replica replica;
    CountingTransport transport;
    sync::SyncEngine engine;

private:
    std::int64_t status(int op) {
        int cur = 0, high = 0;
        sqlite3_db_status(replica.db().handle(), op, &cur, &high, 0);
        return cur;
    }
};

}  // namespace tandem::bench
