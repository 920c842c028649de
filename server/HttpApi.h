// Serves the Api over HTTP or HTTPS with cpp-httplib: JSON replies, gzip when the client accepts
// it, and the same error envelope for what httplib itself refuses (unknown paths, oversize
// bodies). With TLS files it is an httplib::SSLServer, which is an httplib::Server: everything
// else (workers, timeouts, routes) is the same for both.
#pragma once

#include "Api.h"
#include "Store.h"

#include <memory>
#include <optional>
#include <string>

namespace httplib {
class Server;
}

namespace tandem::server {

// Workers start at kHttpWorkers and grow to kMaxHttpWorkers while every one is busy.
inline constexpr size_t kHttpWorkers = 16;
inline constexpr size_t kMaxHttpWorkers = 1024;

// A PEM certificate (chain) and its private key.
struct TlsFiles {
    std::string certFile;
    std::string keyFile;
};

class HttpApi {
public:
    // Serves HTTPS with `tls`, plain HTTP without. Throws std::invalid_argument when the files
    // cannot be read or are not a PEM certificate with its matching key.
    explicit HttpApi(Store& store, const std::optional<TlsFiles>& tls = std::nullopt);
    ~HttpApi();

    // Binds to host:port (port 0 picks a free one) and returns the port, or throws.
    int bind(const std::string& host, int port);
    // Serves until stop(); call after bind().
    void listen();
    void stop();
    bool running() const;
    bool secure() const { return secure_; }

private:
    Api api_;
    std::unique_ptr<httplib::Server> http_;
    int listenSocket_ = -1;
    bool secure_ = false;
};

}  // namespace tandem::server
