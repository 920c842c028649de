#include "Proxy.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

namespace tandem::bench {
namespace {

sockaddr_in loopback(int port) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(std::uint16_t(port));
    return a;
}

void noDelay(int fd) {
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

}  // namespace

CountingProxy::CountingProxy(int targetPort) : targetPort_(targetPort) {
    listen_ = ::socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    ::setsockopt(listen_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    auto addr = loopback(0);
    socklen_t len = sizeof addr;
    if (::bind(listen_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(listen_, 512) != 0 ||
        ::getsockname(listen_, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
        throw std::runtime_error("proxy: cannot listen on 127.0.0.1");
    port_ = ntohs(addr.sin_port);
    acceptor_ = std::thread([this] { acceptLoop(); });
}

CountingProxy::~CountingProxy() {
    stop_ = true;
    ::shutdown(listen_, SHUT_RDWR);
    acceptor_.join();
    ::close(listen_);
    std::lock_guard lock(mutex_);
    for (auto& t : relays_) t.join();
}

void CountingProxy::acceptLoop() {
    while (!stop_) {
        pollfd p{listen_, POLLIN, 0};
        if (::poll(&p, 1, 100) <= 0) continue;
        const int client = ::accept(listen_, nullptr, nullptr);
        if (client < 0) continue;
        std::lock_guard lock(mutex_);
        relays_.emplace_back([this, client] { relay(client); });
    }
}

// Copies both ways until both sides have closed; a half-close is passed on as a half-close.
void CountingProxy::relay(int client) {
    const int server = ::socket(AF_INET, SOCK_STREAM, 0);
    auto addr = loopback(targetPort_);
    if (::connect(server, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(server);
        ::close(client);
        return;
    }
    noDelay(client);
    noDelay(server);
    bool clientOpen = true, serverOpen = true;
    char buf[65536];
    while ((clientOpen || serverOpen) && !stop_) {
        pollfd p[2] = {{client, short(clientOpen ? POLLIN : 0), 0}, {server, short(serverOpen ? POLLIN : 0), 0}};
        if (::poll(p, 2, 100) <= 0) continue;
        for (int i = 0; i < 2; ++i) {
            if (!(p[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            const int from = i == 0 ? client : server, to = i == 0 ? server : client;
            const ssize_t n = ::recv(from, buf, sizeof buf, 0);
            if (n <= 0) {
                (i == 0 ? clientOpen : serverOpen) = false;
                ::shutdown(to, SHUT_WR);
                if (n < 0) clientOpen = serverOpen = false;
                continue;
            }
            (i == 0 ? up_ : down_) += std::uint64_t(n);
            for (ssize_t sent = 0; sent < n;) {
                const ssize_t w = ::send(to, buf + sent, size_t(n - sent), MSG_NOSIGNAL);
                if (w <= 0) {
                    clientOpen = serverOpen = false;
                    break;
                }
                sent += w;
            }
        }
    }
    ::close(server);
    ::close(client);
}

}  // namespace tandem::bench
