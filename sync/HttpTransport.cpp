#include "Transport.h"

#include "Protocol.h"

#include <httplib.h>

#include <regex>

namespace tandem::sync {
namespace {

HttpResponse toResponse(const httplib::Result& res, const std::string& what) {
    if (!res) throw NetworkError(what + ": " + httplib::to_string(res.error()));
    HttpResponse out;
    out.status = res->status;
    if (protocol::jsonNestingDepth(res->body) > protocol::kMaxJsonDepth)
        throw NetworkError(what + ": the answer nests deeper than any Tandem answer");
    out.body = nlohmann::json::parse(res->body, nullptr, false);
    if (out.body.is_discarded()) {
        // Not our server's answer (a proxy page, a cut body): treat it as a network failure.
        throw NetworkError(what + ": HTTP " + std::to_string(res->status) + " without a JSON body");
    }
    return out;
}

httplib::Headers headers(const std::string& token) {
    // httplib asks for compressed answers only when told to; without this every pull page
    // crossed the wire as plain JSON. Not br: httplib compresses brotli at its slowest quality.
    httplib::Headers h{{"Accept-Encoding", "gzip"}};
    if (!token.empty()) h.emplace("Authorization", "Bearer " + token);
    return h;
}

}  // namespace

HttpTransport::HttpTransport(const std::string& baseUrl, std::chrono::seconds timeout)
    : baseUrl_(baseUrl) {
    static const std::regex kUrl(R"(^https?://[A-Za-z0-9.\-]+(:[0-9]{1,5})?/?$)");
    if (!std::regex_match(baseUrl, kUrl))
        throw std::invalid_argument("not a server address: \"" + baseUrl + "\" (expected http://host:port)");
    client_ = std::make_unique<httplib::Client>(baseUrl);
    if (!client_->is_valid()) throw std::invalid_argument("not a server address: " + baseUrl);
    client_->set_compress(true);     // gzip request bodies
    client_->set_decompress(true);   // and accept gzip answers
    client_->set_keep_alive(true);
    // Requests and small answers go out at once instead of waiting on Nagle and delayed ACKs
    // (40 ms per round trip).
    client_->set_tcp_nodelay(true);
    client_->set_connection_timeout(std::chrono::seconds(5));
    client_->set_read_timeout(timeout);
    client_->set_write_timeout(timeout);
}

HttpTransport::~HttpTransport() = default;

HttpResponse HttpTransport::get(const std::string& path, const std::string& token) {
    return toResponse(client_->Get(path.c_str(), headers(token)), "GET " + path);
}

HttpResponse HttpTransport::post(const std::string& path, const nlohmann::json& body, const std::string& token) {
    return toResponse(client_->Post(path.c_str(), headers(token), body.dump(), "application/json"), "POST " + path);
}

}  // namespace tandem::sync
