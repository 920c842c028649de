// Child processes for the benchmark: the real tandem-server (so its peak memory is its own) and
// device processes that pull on a signal from the parent (so a device's peak memory is its own).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace tandem::bench {

// A child with its stdin and stdout on pipes (stderr passes through, or goes to `logFile`).
class Child {
public:
    explicit Child(const std::vector<std::string>& argv, const std::string& logFile = {});
    ~Child();
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;

    pid_t pid() const { return pid_; }
    // One line of the child's stdout without its newline; throws if the child closed it.
    std::string readLine();
    void writeLine(const std::string& line);
    // Waits for the exit; returns the exit code (128 + signal when killed).
    int wait();
    void terminate();  // SIGTERM, then wait
    bool exited();     // without waiting

private:
    pid_t pid_ = -1;
    int in_ = -1, out_ = -1;
    std::string buffer_;
    bool reaped_ = false;
    int status_ = 0;
};

// Peak resident memory (VmHWM) of a live process, in KiB; 0 if unreadable. Not getrusage:
// ru_maxrss survives exec, so a child would report the peak of the parent it was forked from.
std::int64_t peakRssKib(pid_t pid);
// CPU time (user + system) a live process has used so far, in seconds; 0 if unreadable.
double cpuSeconds(pid_t pid);

// The real server: `tandem-server serve DIR --host 127.0.0.1 --port P`, up once /v1/health answers.
class ServerProcess {
public:
    ServerProcess(const std::string& binary, const std::string& dataDir, const std::string& logFile);
    ~ServerProcess();
    int port() const { return port_; }
    pid_t pid() const { return child_.pid(); }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

private:
    int port_;
    Child child_;
};

int freeLoopbackPort();

}  // namespace tandem::bench
