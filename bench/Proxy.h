// A TCP proxy on 127.0.0.1 that counts the bytes each way as they pass on the socket, that is
// after compression: what a device really sends and receives.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

namespace tandem::bench {

class CountingProxy {
public:
    explicit CountingProxy(int targetPort);
    ~CountingProxy();
    int port() const { return port_; }

    struct Bytes {
        std::uint64_t up = 0;    // device to server
        std::uint64_t down = 0;  // server to device
    };
    Bytes bytes() const { return {up_.load(), down_.load()}; }

private:
    void acceptLoop();
    void relay(int client);

    int targetPort_;
    int listen_ = -1;
    int port_ = 0;
    std::atomic<bool> stop_{false};
    std::atomic<std::uint64_t> up_{0}, down_{0};
    std::mutex mutex_;
    std::vector<std::thread> relays_;
    std::thread acceptor_;
};

}  // namespace tandem::bench
