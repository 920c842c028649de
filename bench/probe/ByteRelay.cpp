#include "ByteRelay.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <stdexcept>

namespace tandem::probe {

ByteRelay::ByteRelay(int target) : target_(target) {
    listenFd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (::bind(listenFd_, reinterpret_cast<sockaddr*>(&a), len) != 0 || ::listen(listenFd_, 64) != 0 ||
        ::getsockname(listenFd_, reinterpret_cast<sockaddr*>(&a), &len) != 0)
        throw std::runtime_error("relay: cannot listen");
    port_ = ntohs(a.sin_port);
    acceptor_ = std::thread([this] { acceptLoop(); });
}

ByteRelay::~ByteRelay() {
    stopping_ = true;
    ::shutdown(listenFd_, SHUT_RDWR);
    ::close(listenFd_);
    acceptor_.join();
    for (auto& t : pumps_) t.join();
}

void ByteRelay::acceptLoop() {
    for (;;) {
        const int c = ::accept(listenFd_, nullptr, nullptr);
        if (c < 0) return;
        pumps_.emplace_back([this, c] { pump(c); });
    }
}

void ByteRelay::pump(int client) {
    const int server = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(static_cast<std::uint16_t>(target_));
    int one = 1;
    ::setsockopt(server, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    ::setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (::connect(server, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0) {
        pollfd fds[2] = {{client, POLLIN, 0}, {server, POLLIN, 0}};
        char buf[1 << 16];
        bool open = true;
        while (open && !stopping_) {
            if (::poll(fds, 2, 200) < 0) break;
            for (int i = 0; i < 2 && open; ++i) {
                if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
                const ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
                if (n <= 0) { open = false; break; }
                (i == 0 ? up_ : down_) += static_cast<std::uint64_t>(n);
                for (ssize_t sent = 0; sent < n;) {
                    const ssize_t w = ::write(fds[1 - i].fd, buf + sent, static_cast<size_t>(n - sent));
                    if (w <= 0) { open = false; break; }
                    sent += w;
                }
            }
        }
    }
    ::close(server);
    ::close(client);
}

}  // namespace tandem::probe
