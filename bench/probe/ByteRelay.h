// A TCP relay on 127.0.0.1 that counts the bytes passing each way: put between a device and
// the server, it measures what really crosses the wire (headers and gzip included).
#pragma once

#include <atomic>
#include <cstdint>
#include <thread>
#include <vector>

namespace tandem::probe {

class ByteRelay {
public:
    // Listens on a free port and forwards every connection to 127.0.0.1:`target`.
    explicit ByteRelay(int target);
    ~ByteRelay();
    int port() const { return port_; }
    std::uint64_t up() const { return up_; }      // device -> server
    std::uint64_t down() const { return down_; }  // server -> device
    void resetCounts() { up_ = 0; down_ = 0; }

private:
    void acceptLoop();
    void pump(int client);

    int target_;
    int listenFd_ = -1;
    int port_ = 0;
    std::atomic<bool> stopping_{false};
    std::atomic<std::uint64_t> up_{0}, down_{0};
    std::thread acceptor_;
    std::vector<std::thread> pumps_;
};

}  // namespace tandem::probe
