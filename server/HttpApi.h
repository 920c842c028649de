// The HTTP API (JSON, versioned under /v1): health, sign-in, push, pull. Every handler is
// wrapped so that any failure becomes a JSON error and the server keeps serving.
#pragma once

#include "Auth.h"
#include "Push.h"
#include "Store.h"

#include <memory>
#include <string>

namespace httplib {
class Server;
}

namespace tandem::server {

inline constexpr size_t kMaxBodyBytes = 8 * 1024 * 1024;

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
    void routes();

    Store& store_;
    Authenticator auth_;
    PushProcessor push_;
    std::unique_ptr<httplib::Server> http_;
    int listenSocket_ = -1;
};

}  // namespace tandem::server
