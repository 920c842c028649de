// An error that reaches the client as {"error": {"code", "message"}} with an HTTP status.
#pragma once

#include <stdexcept>
#include <string>

namespace tandem::server {

class ApiError : public std::runtime_error {
public:
    ApiError(int status, std::string code, const std::string& message)
        : std::runtime_error(message), status_(status), code_(std::move(code)) {}
    int status() const { return status_; }
    const std::string& code() const { return code_; }

private:
    int status_;
    std::string code_;
};

}  // namespace tandem::server
