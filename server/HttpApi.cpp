#include "HttpApi.h"

#include "Gzip.h"
#include "WorkerPool.h"

#include <httplib.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>

namespace tandem::server {
namespace {

using nlohmann::json;

// Answers go out gzip-compressed by libdeflate (shared/Gzip.h) when the client accepts it and they
// are worth it; small ones (an empty round's page, an error) go as they are.
constexpr size_t kCompressAbove = 512;

bool acceptsGzip(const httplib::Request& req) {
    return req.get_header_value("Accept-Encoding").find("gzip") != std::string::npos;
}

void send(const httplib::Request& req, httplib::Response& res, const ApiReply& reply) {
    res.status = reply.status;
    for (const auto& [name, value] : reply.headers) res.set_header(name, value);
    std::string body = reply.serialized();
    // Text that is not JSON (CSV) goes as it is: httplib compresses text/* itself when asked to.
    if (!reply.contentType.empty()) return res.set_content(std::move(body), reply.contentType);
    // The charset parameter keeps httplib from compressing the body again: it compresses only
    // bare "application/json".
    if (body.size() > kCompressAbove && acceptsGzip(req)) {
        res.set_header("Content-Encoding", "gzip");
        res.set_content(gzipCompress(body), "application/json; charset=utf-8");
    } else {
        res.set_content(std::move(body), "application/json; charset=utf-8");
    }
}

void requireReadable(const std::string& path, const char* what) {
    std::ifstream in(path);
    if (!in) throw std::invalid_argument(std::string("cannot read the TLS ") + what + " file " + path + ": " + std::strerror(errno));
}

std::unique_ptr<httplib::Server> newServer(const std::optional<TlsFiles>& tls) {
    if (!tls) return std::make_unique<httplib::Server>();
    requireReadable(tls->certFile, "certificate");
    requireReadable(tls->keyFile, "key");
    auto server = std::make_unique<httplib::SSLServer>(tls->certFile.c_str(), tls->keyFile.c_str());
    // httplib says no more than that OpenSSL refused one of them.
    if (!server->is_valid())
        throw std::invalid_argument("cannot serve HTTPS with the certificate " + tls->certFile + " and the key " + tls->keyFile +
                                    ": they must be PEM files, and the key the certificate's own");
    return server;
}

}  // namespace

HttpApi::HttpApi(Store& store, const std::optional<TlsFiles>& tls)
    : api_(store), http_(newServer(tls)), secure_(tls.has_value()) {
    http_->set_payload_max_length(kMaxBodyBytes);
    // Each open connection holds a worker while it is read or kept alive; httplib's fixed pool of
    // 8 lets a handful of slow clients stall everyone else.
    http_->new_task_queue = [] { return new WorkerPool(kHttpWorkers, kMaxHttpWorkers); };
    http_->set_read_timeout(std::chrono::seconds(10));
    // httplib 0.11 waits for a connection's next request (its first too) by waking the worker every
    // 10 ms: 500 idle kept-alive connections make 50,000 wake-ups a second. Tandem's devices close
    // their connection at the end of each sync (sync::Transport::release), so connections idle only
    // for clients that do not; those are dropped after 2 s. (0 would drop a request that takes
    // over 10 ms to arrive, a slow network's.)
    http_->set_keep_alive_timeout(2);
    // httplib closes a kept-alive connection after 5 requests by default: a 100-page download
    // would open 20 connections. Answers go out without Nagle's delay (40 ms per small reply).
    http_->set_keep_alive_max_count(1000);
    http_->set_tcp_nodelay(true);
    // Remember the listening socket so bind() can raise cpp-httplib's compiled-in backlog of 5.
    http_->set_socket_options([this](int sock) {
        int yes = 1;
        setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
        listenSocket_ = sock;
    });
    auto request = [](const httplib::Request& req, std::string body) {
        ApiRequest r{req.method, req.path, req.get_header_value("Authorization"), std::move(body), {}, req.remote_addr};
        for (const auto& [k, v] : req.params) r.params.emplace(k, v);
        return r;
    };
    auto get = [this, request](const httplib::Request& req, httplib::Response& res) {
        send(req, res, api_.handle(request(req, {})));
    };
    // Bodies are read here, not by httplib: a gzip body is inflated chunk by chunk and refused
    // as soon as it passes the limit, so a small "zip bomb" never grows in memory.
    auto post = [this, request](const httplib::Request& req, httplib::Response& res,
                                const httplib::ContentReader& reader) {
        std::string body;
        bool tooLarge = false;
        const bool read = reader([&](const char* data, size_t n) {
            if (body.size() + n > kMaxBodyBytes) return !(tooLarge = true);
            body.append(data, n);
            return true;
        });
        // httplib itself refuses a declared Content-Length over the limit (and says 413).
        tooLarge = tooLarge || res.status == 413 || std::strtoull(req.get_header_value("Content-Length").c_str(), nullptr, 10) > kMaxBodyBytes;
        if (tooLarge) return send(req, res, Api::error(413, "body_too_large", "The request body is larger than 8 MiB."));
        if (!read) return send(req, res, Api::error(400, "bad_request", "The request body could not be read."));
        send(req, res, api_.handle(request(req, std::move(body))));
    };
    for (const char* path : {"/v1/health", "/v1/sign-in", "/v1/push", "/v1/pull"}) {
        http_->Get(path, get);
        http_->Post(path, post);
    }
    for (const char* path : {"/v1/rounds", "/v1/token/rotate", "/v1/password"}) http_->Post(path, post);
    http_->Get("/v1/reports/figures", get);
    http_->Get(R"(/v1/reports/[A-Za-z0-9_]+\.csv)", get);
    http_->set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        switch (res.status) {
            case 404: send(req, res, Api::error(404, "not_found", "There is no such endpoint.")); break;
            case 413: send(req, res, Api::error(413, "body_too_large", "The request body is larger than 8 MiB.")); break;
            case 400: send(req, res, Api::error(400, "bad_request", "The request could not be read.")); break;
            default:
                send(req, res, Api::error(res.status, "http_error",
                                          "The request failed with HTTP status " + std::to_string(res.status) + "."));
        }
        return httplib::Server::HandlerResponse::Handled;
    }));
    http_->set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr) {
        send(req, res, Api::error(500, "internal", "The server could not complete the request; nothing was changed."));
    });
}

HttpApi::~HttpApi() { stop(); }

int HttpApi::bind(const std::string& host, int port) {
    const int bound = port == 0 ? http_->bind_to_any_port(host) : (http_->bind_to_port(host, port) ? port : -1);
    if (bound <= 0) throw std::runtime_error("cannot listen on " + host + ":" + std::to_string(port));
    // Linux takes a second listen() on a listening socket as a new backlog: with 5, a burst of
    // devices connecting at once overflows the queue and their connections are reset.
    if (listenSocket_ >= 0) ::listen(listenSocket_, SOMAXCONN);
    return bound;
}

void HttpApi::listen() { http_->listen_after_bind(); }

void HttpApi::stop() {
    if (http_) http_->stop();
}

bool HttpApi::running() const { return http_->is_running(); }

}  // namespace tandem::server
