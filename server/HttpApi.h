// Serves the Api over HTTP with cpp-httplib: JSON replies, gzip when the client accepts it,
// and the same error envelope for what httplib itself refuses (unknown paths, oversize bodies).
#pragma once

#include "Api.h"
#include "Store.h"

#include <memory>
#include <string>

namespace httplib {
class Server;
}

namespace tandem::server {

// Workers start at kHttpWorkers and grow to kMaxHttpWorkers while every one is busy.
inline constexpr size_t kHttpWorkers = 16;
inline constexpr size_t kMaxHttpWorkers = 1024;

class HttpApi {
public:
    explicit HttpApi(Store& store);
    ~HttpApi();

    // Binds to host:port (port 0 picks a free one) and returns the port, or throws.
    int bind(const std::string& host, int port);
    // Serves until stop(); call after bind().
    void listen();
    void stop();
    bool running() const;

private:
    Api api_;
    std::unique_ptr<httplib::Server> http_;
    int listenSocket_ = -1;
};

}  // namespace tandem::server
