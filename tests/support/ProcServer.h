// The real tandem-server binary as a child process, for crash tests: started on a data
// directory and a fixed 127.0.0.1 port, killed with SIGKILL at any moment, restarted on the same
// directory and port. Its output is appended to a log file so that a failure can show why the
// server did not come up.
#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>

#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

namespace tandem::test {

// A port that was free a moment ago: bind 127.0.0.1:0, read it, close. Another process could
// take it before the server binds; start() fails loudly then rather than hanging.
inline int freeLoopbackPort() {
    const int sock = ::socket(AF_INET, SOCK_STREAM, 0);
    if (sock < 0) return 0;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof addr;
    int port = 0;
    if (::bind(sock, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
        ::getsockname(sock, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
        port = ntohs(addr.sin_port);
    ::close(sock);
    return port;
}

// Runs a command of a binary to its end (init, add-user...): "" when it exited 0, else its output.
inline std::string runToEnd(const QString& program, const QStringList& args, int timeoutMs = 30000) {
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(program, args);
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        return (program + " " + args.join(' ') + ": did not finish").toStdString();
    }
    if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
        return (program + " " + args.join(' ') + ": exit " + QString::number(p.exitCode()) + "\n" +
                QString::fromUtf8(p.readAll()))
            .toStdString();
    return {};
}

class ServerProcess {
public:
    ServerProcess(std::string binary, std::string dataDir, int port, std::string logFile)
        : binary_(std::move(binary)), dataDir_(std::move(dataDir)), port_(port), log_(std::move(logFile)) {}
    ~ServerProcess() { kill(); }

    int port() const { return port_; }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    bool running() const { return proc_.state() != QProcess::NotRunning; }
    int starts() const { return starts_; }

    // Starts `tandem-server COMMAND DIR --host 127.0.0.1 --port P [extra]` ("serve" or "demo")
    // and waits until /v1/health answers 200. Returns "" or why it did not come up.
    std::string start(const QString& command = "serve", const QStringList& extra = {},
                      std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
        if (running()) return "already running";
        proc_.setStandardOutputFile(QString::fromStdString(log_), QIODevice::Append);
        proc_.setStandardErrorFile(QString::fromStdString(log_), QIODevice::Append);
        QStringList args{command, QString::fromStdString(dataDir_), "--host", "127.0.0.1", "--port", QString::number(port_)};
        proc_.start(QString::fromStdString(binary_), args + extra);
        if (!proc_.waitForStarted(5000)) return "cannot start " + binary_;
        ++starts_;
        httplib::Client probe("127.0.0.1", port_);
        probe.set_connection_timeout(std::chrono::milliseconds(200));
        probe.set_read_timeout(std::chrono::seconds(2));
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (std::chrono::steady_clock::now() < deadline) {
            if (auto r = probe.Get("/v1/health"); r && r->status == 200) return {};
            // Polling a child's readiness has no event to wait on; 5 ms keeps restarts quick.
            if (proc_.waitForFinished(5)) return "the server exited (code " + std::to_string(proc_.exitCode()) + "):\n" + logTail();
        }
        return "the server did not answer /v1/health in time:\n" + logTail();
    }

    // SIGKILL: no shutdown code runs, open transactions die with the process.
    void kill() {
        if (!running()) return;
        proc_.kill();
        proc_.waitForFinished(10000);
    }

    // SIGTERM: the server stops listening and closes its store. Returns "" or what went wrong.
    std::string stop() {
        if (!running()) return {};
        proc_.terminate();
        if (!proc_.waitForFinished(10000)) {
            kill();
            return "the server did not stop on SIGTERM";
        }
        if (proc_.exitStatus() != QProcess::NormalExit || proc_.exitCode() != 0)
            return "the server stopped with code " + std::to_string(proc_.exitCode()) + ":\n" + logTail();
        return {};
    }

    std::string logTail(size_t max = 2000) const {
        std::ifstream in(log_);
        std::stringstream ss;
        ss << in.rdbuf();
        const std::string s = ss.str();
        return s.size() <= max ? s : s.substr(s.size() - max);
    }

private:
    std::string binary_;
    std::string dataDir_;
    int port_;
    std::string log_;
    QProcess proc_;
    int starts_ = 0;
};

}  // namespace tandem::test
