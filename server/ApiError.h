// An error that reaches the client as {"error": {"code", "message"}} with an HTTP status.
#pragma once

#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>

namespace tandem::server {

class ApiError : public std::runtime_error {
public:
    ApiError(int status, std::string code, const std::string& message,
             std::optional<std::chrono::seconds> retryAfter = std::nullopt)
        : std::runtime_error(message), status_(status), code_(std::move(code)), retryAfter_(retryAfter) {}
    int status() const { return status_; }
    const std::string& code() const { return code_; }
    // For a refusal that ends by itself (a locked account): the reply's Retry-After header.
    std::optional<std::chrono::seconds> retryAfter() const { return retryAfter_; }

private:
    int status_;
    std::string code_;
    std::optional<std::chrono::seconds> retryAfter_;
};

}  // namespace tandem::server
