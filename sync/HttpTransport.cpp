#include "Transport.h"

#include "Gzip.h"
#include "Protocol.h"

#include <httplib.h>
#include <openssl/x509.h>

#include <charconv>
#include <fstream>
#include <regex>

namespace tandem::sync {
namespace {

// The largest answer body this device inflates (a 5,000-record page of long returns is ~50 MB).
constexpr size_t kMaxAnswerBytes = 256u << 20;

// Why the server's certificate did not verify, in OpenSSL's words; a verified chain that still
// failed was issued for another name.
std::string certificateProblem(const httplib::Client& client, httplib::Error error, const std::string& host) {
    if (error == httplib::Error::SSLLoadingCerts) return "the CA certificates could not be loaded";
    const long result = client.get_openssl_verify_result();
    if (result != X509_V_OK) return X509_verify_cert_error_string(result);
    return "it is not issued for " + host;
}

HttpResponse toResponse(const httplib::Client& client, httplib::Result res, const std::string& what, const std::string& host) {
    if (!res && (res.error() == httplib::Error::SSLServerVerification || res.error() == httplib::Error::SSLLoadingCerts))
        throw CertificateError("the server's certificate could not be verified: " + certificateProblem(client, res.error(), host));
    if (!res) throw NetworkError(what + ": " + httplib::to_string(res.error()));
    HttpResponse out;
    out.status = res->status;
    // Inflated here with libdeflate rather than by httplib with zlib: three times as fast.
    if (res->get_header_value("Content-Encoding") == "gzip") {
        auto inflated = gzipDecompress(res->body, kMaxAnswerBytes);
        if (!inflated) throw NetworkError(what + ": the answer's gzip body is damaged or too large");
        res->body = std::move(*inflated);
    } else if (res->has_header("Content-Encoding")) {
        throw NetworkError(what + ": the answer is in an encoding this device does not read");
    }
    // Not our server's answer (a proxy's page): treat it as a network failure, worth a retry.
    const size_t start = res->body.find_first_not_of(" \t\r\n");
    if (start == std::string::npos || (res->body[start] != '{' && res->body[start] != '['))
        throw NetworkError(what + ": HTTP " + std::to_string(res->status) + " without a JSON body");
    out.text = std::move(res->body);
    if (res->has_header("Tandem-Next-Cursor")) {
        const std::string v = res->get_header_value("Tandem-Next-Cursor");
        std::int64_t cursor = 0;
        const auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), cursor);
        if (ec == std::errc() && p == v.data() + v.size() && cursor >= 0) out.nextCursor = cursor;
    }
    out.tokenExpiring = res->has_header("Tandem-Token-Expires");
    return out;
}

httplib::Headers headers(const std::string& token) {
    // httplib asks for compressed answers only when told to; without this every pull page
    // crossed the wire as plain JSON. Not br: httplib compresses brotli at its slowest quality.
    httplib::Headers h{{"Accept-Encoding", "gzip"}};
    if (!token.empty()) h.emplace("Authorization", "Bearer " + token);
    return h;
}

// Request bodies above this go gzip-compressed (a push of 500 changes is ~150 KB of JSON).
constexpr size_t kCompressAbove = 512;

}  // namespace

nlohmann::json HttpResponse::body() const {
    if (protocol::jsonNestingDepth(text) > protocol::kMaxJsonDepth)
        throw NetworkError("the answer nests deeper than any Tandem answer");
    auto j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded()) throw NetworkError("HTTP " + std::to_string(status) + " without a JSON body");
    return j;
}

HttpTransport::HttpTransport(const std::string& baseUrl, std::chrono::seconds timeout, const std::string& caFile)
    : baseUrl_(baseUrl) {
    static const std::regex kUrl(R"(^https?://([A-Za-z0-9.\-]+)(:[0-9]{1,5})?/?$)");
    std::smatch m;
    if (!std::regex_match(baseUrl, m, kUrl))
        throw std::invalid_argument("not a server address: \"" + baseUrl + "\" (expected http://host:port or https://host:port)");
    host_ = m[1].str();
    client_ = std::make_unique<httplib::Client>(baseUrl);
    if (!client_->is_valid()) throw std::invalid_argument("not a server address: " + baseUrl);
    // httplib verifies by default; said here because nothing may turn it off. The name check is
    // httplib's too (subject alternative names, IP addresses included).
    client_->enable_server_certificate_verification(true);
    if (!caFile.empty()) {
        if (!std::ifstream(caFile)) throw std::invalid_argument("cannot read the CA file " + caFile);
        client_->set_ca_cert_path(caFile.c_str());
    }
    // gzip both ways, done here (libdeflate) rather than by httplib (zlib's slower default level).
    client_->set_compress(false);
    client_->set_decompress(false);
    client_->set_keep_alive(true);
    // Requests and small answers go out at once instead of waiting on Nagle and delayed ACKs
    // (40 ms per round trip).
    client_->set_tcp_nodelay(true);
    client_->set_connection_timeout(std::chrono::seconds(5));
    client_->set_read_timeout(timeout);
    client_->set_write_timeout(timeout);
}

HttpTransport::~HttpTransport() = default;

// A kept-alive connection that the server (or a proxy between) has closed meanwhile fails as the
// request is written or its answer awaited: the request goes again at once on a new connection,
// rather than through the sync engine's retry with backoff. Only pushes and pulls, whose replays
// are harmless, are sent again after a failed read; a sign-in only after a failed write.
template <class Send>
httplib::Result sendOnce(httplib::Client& client, bool idempotent, Send&& send) {
    const bool reused = client.is_socket_open();
    httplib::Result r = send();
    if (!r && reused && (r.error() == httplib::Error::Write || (idempotent && r.error() == httplib::Error::Read)))
        r = send();
    return r;
}

void HttpTransport::release() { client_->stop(); }

HttpResponse HttpTransport::get(const std::string& path, const std::string& token) {
    const auto h = headers(token);
    return toResponse(*client_, sendOnce(*client_, true, [&] { return client_->Get(path.c_str(), h); }), "GET " + path, host_);
}

HttpResponse HttpTransport::post(const std::string& path, const nlohmann::json& body, const std::string& token) {
    std::string text = body.dump();
    httplib::Headers h = headers(token);
    if (text.size() > kCompressAbove) {
        text = gzipCompress(text);
        h.emplace("Content-Encoding", "gzip");
    }
    const bool idempotent = path.rfind("/v1/push", 0) == 0;
    return toResponse(*client_, sendOnce(*client_, idempotent, [&] { return client_->Post(path.c_str(), h, text, "application/json"); }),
                      "POST " + path, host_);
}

}  // namespace tandem::sync
