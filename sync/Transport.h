// How the device talks to the server. HttpTransport is the real one (cpp-httplib, gzip both
// ways); the interface lets fault-injecting wrappers sit in between in tests.
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

namespace httplib {
class Client;
}

namespace tandem::sync {

// The request never got an HTTP answer (refused, reset, timed out): worth retrying.
class NetworkError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The server's certificate could not be verified (or the CA file could not be read): no answer
// was read, and retrying cannot help until the server or this device's settings change. A
// NetworkError, so that whoever only tells "offline" apart still treats it as no answer; the
// sync engine and sign-in catch it first and end for good.
class CertificateError : public NetworkError {
public:
    using NetworkError::NetworkError;
};

struct HttpResponse {
    int status = 0;
    std::string text;  // the body as received, decompressed
    // A pull page's next cursor as its Tandem-Next-Cursor header gives it (only when there is a
    // next page), so the next request can go out before this page is read.
    std::optional<std::int64_t> nextCursor;
    // The server's Tandem-Token-Expires header: the device token is past half its life and
    // should be rotated (POST /v1/token/rotate).
    bool tokenExpiring = false;

    // The body read as a JSON document; throws NetworkError for anything else (a proxy's page, a
    // cut body, nesting deeper than any Tandem answer). Pull pages are read with their own
    // reader (protocol::pullPageFromText) instead.
    nlohmann::json body() const;
};

class Transport {
public:
    virtual ~Transport() = default;
    virtual HttpResponse get(const std::string& path, const std::string& token) = 0;
    virtual HttpResponse post(const std::string& path, const nlohmann::json& body, const std::string& token) = 0;
    // Whether the engine may fetch pull pages ahead from threads of its own (one request at a
    // time still). Wrappers that inject faults or judge each exchange keep requests in turn.
    virtual bool allowsPrefetch() const { return false; }
    // No request follows soon (a sync has ended): an open connection is closed rather than kept
    // for minutes, holding one of the server's workers.
    virtual void release() {}
};

class HttpTransport final : public Transport {
public:
    // baseUrl like "http://127.0.0.1:8470" or "https://tandem.example.org". Over HTTPS the
    // server's certificate must verify, against `caFile` (PEM; a deployment's own CA) when given,
    // else the system's CAs, and must name the host. Throws std::invalid_argument for an address
    // that is not one, or a CA file that cannot be read.
    explicit HttpTransport(const std::string& baseUrl,
                           std::chrono::seconds timeout = std::chrono::seconds(30), const std::string& caFile = {});
    ~HttpTransport() override;
    HttpResponse get(const std::string& path, const std::string& token) override;
    HttpResponse post(const std::string& path, const nlohmann::json& body, const std::string& token) override;
    bool allowsPrefetch() const override { return true; }
    void release() override;

private:
    std::unique_ptr<httplib::Client> client_;
    std::string baseUrl_;
    std::string host_;
};

}  // namespace tandem::sync
