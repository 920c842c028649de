// A real Tandem server for tests: SQLite store in a temporary data directory, HTTP API on
// 127.0.0.1 with a port the system picks, served from a background thread.
#pragma once

#include "Admin.h"
#include "HttpApi.h"
#include "SqliteStore.h"

#include <filesystem>
#include <memory>
#include <string>
#include <thread>

namespace tandem::test {

class TestServer {
public:
    // `dataDir` must exist and be writable; the store file is created inside it.
    explicit TestServer(const std::string& dataDir)
        : dataDir_(dataDir), store_(server::openDataDir(dataDir)) {}
    ~TestServer() { stop(); }

    server::Store& store() { return *store_; }
    const std::string& dataDir() const { return dataDir_; }

    void start() {
        api_ = std::make_unique<server::HttpApi>(*store_);
        port_ = api_->bind("127.0.0.1", 0);
        thread_ = std::thread([this] { api_->listen(); });
        while (!api_->running()) std::this_thread::yield();
    }
    void stop() {
        if (!api_) return;
        api_->stop();
        if (thread_.joinable()) thread_.join();
        api_.reset();
    }
    int port() const { return port_; }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

private:
    std::string dataDir_;
    std::unique_ptr<server::Store> store_;
    std::unique_ptr<server::HttpApi> api_;
    std::thread thread_;
    int port_ = 0;
};

}  // namespace tandem::test
