// A real Tandem server for tests: SQLite store in a temporary data directory, HTTP API on
// 127.0.0.1 with a port the system picks, served from a background thread; HTTPS when started
// with a certificate and key (TestCerts.h makes them).
#pragma once

#include "Admin.h"
#include "HttpApi.h"
#include "SqliteStore.h"

#include <filesystem>
#include <memory>
#include <optional>
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

    // `port` 0 picks a free one; a restart may ask for the port it had.
    void start(const std::optional<server::TlsFiles>& tls = std::nullopt, int port = 0) {
        api_ = std::make_unique<server::HttpApi>(*store_, tls);
        secure_ = tls.has_value();
        port_ = api_->bind("127.0.0.1", port);
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
    std::string url() const { return (secure_ ? "https://127.0.0.1:" : "http://127.0.0.1:") + std::to_string(port_); }

private:
    std::string dataDir_;
    std::unique_ptr<server::Store> store_;
    std::unique_ptr<server::HttpApi> api_;
    std::thread thread_;
    int port_ = 0;
    bool secure_ = false;
};

}  // namespace tandem::test
