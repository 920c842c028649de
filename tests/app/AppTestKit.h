// What the app's C++ tests share: the demo partnership served by a real in-process server that
// can go down and come back on the same port (a device "offline" then "online" again), and a
// way to sign the app's Session in and wait for its first sync.
#pragma once

#include "Account.h"
#include "Admin.h"
#include "Demo.h"
#include "HttpApi.h"
#include "Session.h"
#include "SqliteStore.h"
#include "SyncEngine.h"
#include "TestKey.h"
#include "Workspace.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>
#include <thread>

namespace tandem::test {

inline constexpr const char* kDemoPassword = server::kDemoPassword;

class DemoServer {
public:
    explicit DemoServer(const std::string& dataDir) : store_(server::openDataDir(dataDir)) {
        std::string error;
        if (!server::setUpDemo(*store_, TANDEM_DATA_DIR, error)) throw std::runtime_error(error);
    }
    ~DemoServer() { stop(); }
    // Serves on `port`, or on a port the system picks the first time.
    void start() {
        api_ = std::make_unique<server::HttpApi>(*store_);
        port_ = api_->bind("127.0.0.1", port_);
        thread_ = std::thread([this] { api_->listen(); });
        while (!api_->running()) std::this_thread::yield();
    }
    void stop() {
        if (!api_) return;
        api_->stop();
        if (thread_.joinable()) thread_.join();
        api_.reset();
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    QString qurl() const { return QString::fromStdString(url()); }
    server::Store& store() { return *store_; }

private:
    std::unique_ptr<server::Store> store_;
    std::unique_ptr<server::HttpApi> api_;
    std::thread thread_;
    int port_ = 0;
};

// Another user's device, driven directly through the sync library.
struct OtherDevice {
    std::unique_ptr<sync::Replica> replica;
    std::unique_ptr<sync::HttpTransport> transport;
    OtherDevice(const std::string& path, const std::string& url, const std::string& user)
        : replica(std::make_unique<sync::Replica>(path, testKey(path))), transport(std::make_unique<sync::HttpTransport>(url)) {
        const auto r = sync::signIn(*replica, *transport, url, user, kDemoPassword, "other device");
        if (!r.ok) throw std::runtime_error("sign-in of " + user + " failed: " + r.message);
    }
    sync::SyncReport sync() { return sync::SyncEngine(*replica, *transport).sync(); }
    sync::Workspace workspace() { return sync::Workspace(*replica); }
};

// Fast retries and probes so offline and back-online happen in test time.
inline void makeQuick(app::Session& session, int probeMs = 200) {
    session.sync()->setRetryPolicy({2, std::chrono::milliseconds(20), std::chrono::milliseconds(50)});
    session.sync()->setIntervals(3600 * 1000, probeMs, probeMs * 4);
}

// Signs in online and waits for the first sync to finish; false (with a warning) if it did not.
inline bool signInAndSync(app::Session& session, const QString& url, const QString& user) {
    QSignalSpy failed(&session, &app::Session::signInFailed);
    session.signIn(url, user, kDemoPassword);
    for (int i = 0; i < 600 && !session.signedIn() && failed.isEmpty(); ++i) QTest::qWait(50);
    if (!session.signedIn()) {
        qWarning("sign-in of %s failed: %s", qPrintable(user), qPrintable(session.lastError()));
        return false;
    }
    for (int i = 0; i < 600 && session.sync()->state() != app::SyncController::Synced; ++i) QTest::qWait(50);
    return session.sync()->state() == app::SyncController::Synced;
}

}  // namespace tandem::test
