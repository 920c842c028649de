#include "HttpApi.h"

#include "ApiError.h"
#include "Pull.h"

#include <httplib.h>

#include <sys/socket.h>

#include <charconv>
#include <iostream>

namespace tandem::server {
namespace {

using nlohmann::json;

void sendJson(httplib::Response& res, int status, const json& body) {
    res.status = status;
    // Replace invalid UTF-8 rather than fail: values are stored as the client sent them.
    res.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace), "application/json");
}

void sendError(httplib::Response& res, int status, const std::string& code, const std::string& message) {
    sendJson(res, status, {{"error", {{"code", code}, {"message", message}}}});
}

json parseBody(const httplib::Request& req) {
    json body;
    try {
        body = json::parse(req.body);
    } catch (const json::exception& e) {
        // parse_error, and out_of_range for numbers no double can hold (1e400).
        throw ApiError(400, "malformed_json", std::string("The body is not valid JSON: ") + e.what());
    }
    if (!body.is_object()) throw ApiError(400, "malformed_json", "The body must be a JSON object.");
    return body;
}

std::string requireString(const json& body, const char* key, size_t maxLength) {
    auto it = body.find(key);
    if (it == body.end()) throw ApiError(400, "missing_field", std::string("\"") + key + "\" is required.");
    if (!it->is_string()) throw ApiError(400, "wrong_type", std::string("\"") + key + "\" must be a string.");
    const auto& s = it->get_ref<const std::string&>();
    if (s.empty() || s.size() > maxLength)
        throw ApiError(400, "invalid_value", std::string("\"") + key + "\" must be 1 to " + std::to_string(maxLength) + " characters.");
    return s;
}

std::int64_t queryInt(const httplib::Request& req, const char* key, std::int64_t fallback, std::int64_t min, std::int64_t max) {
    if (!req.has_param(key)) return fallback;
    const std::string v = req.get_param_value(key);
    std::int64_t out = 0;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
    if (ec != std::errc() || p != v.data() + v.size() || out < min || out > max)
        throw ApiError(400, "invalid_parameter", std::string("\"") + key + "\" must be an integer from " +
                                                     std::to_string(min) + " to " + std::to_string(max) + ".");
    return out;
}

// Runs a handler and turns every failure into a JSON error; nothing escapes to httplib.
template <typename F>
httplib::Server::Handler guarded(F f) {
    return [f](const httplib::Request& req, httplib::Response& res) {
        try {
            f(req, res);
        } catch (const ApiError& e) {
            sendError(res, e.status(), e.code(), e.what());
        } catch (const std::exception& e) {
            std::cerr << "tandem-server: " << req.method << " " << req.path << ": " << e.what() << "\n";
            sendError(res, 500, "internal", "The server could not complete the request; nothing was changed.");
        }
    };
}

}  // namespace

HttpApi::HttpApi(Store& store) : store_(store), auth_(store), push_(store), http_(std::make_unique<httplib::Server>()) {
    http_->set_payload_max_length(kMaxBodyBytes);
    // Remember the listening socket so bind() can raise cpp-httplib's compiled-in backlog of 5.
    http_->set_socket_options([this](int sock) {
        int yes = 1;
        setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
        listenSocket_ = sock;
    });
    http_->set_read_timeout(std::chrono::seconds(30));
    http_->set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        switch (res.status) {
            case 404: sendError(res, 404, "not_found", "There is no such endpoint."); break;
            case 413: sendError(res, 413, "body_too_large", "The request body is larger than 8 MiB."); break;
            case 400: sendError(res, 400, "bad_request", "The request could not be read."); break;
            default: sendError(res, res.status, "http_error", "The request failed with HTTP status " + std::to_string(res.status) + ".");
        }
        return httplib::Server::HandlerResponse::Handled;
    }));
    http_->set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        sendError(res, 500, "internal", "The server could not complete the request; nothing was changed.");
    });
    routes();
}

HttpApi::~HttpApi() { stop(); }

void HttpApi::routes() {
    http_->Get("/v1/health", guarded([this](const httplib::Request&, httplib::Response& res) {
        std::int64_t seq = 0;
        store_.read([&](StoreSession& s) { seq = s.currentSeq(); });
        sendJson(res, 200, {{"status", "ok"}, {"protocol", protocol::kVersion}, {"seq", seq}});
    }));

    http_->Post("/v1/sign-in", guarded([this](const httplib::Request& req, httplib::Response& res) {
        const json body = parseBody(req);
        const auto user = requireString(body, "user", 128);
        const auto password = requireString(body, "password", 1024);
        const auto device = requireString(body, "device", 128);
        auto r = auth_.signIn(user, password, device);
        sendJson(res, 200, {{"token", r.token},
                            {"device_id", r.caller.device.id},
                            {"user", {{"name", r.caller.user.username},
                                      {"role", r.caller.user.role},
                                      {"agency", r.caller.user.agency},
                                      {"partnerships", r.caller.partnerships}}}});
    }));

    http_->Post("/v1/push", guarded([this](const httplib::Request& req, httplib::Response& res) {
        const Caller caller = auth_.authenticate(req.get_header_value("Authorization"));
        const json body = parseBody(req);
        auto it = body.find("changes");
        if (it == body.end()) throw ApiError(400, "missing_field", "\"changes\" is required.");
        if (!it->is_array())
            throw ApiError(400, "wrong_type", "\"changes\" must be an array of changes.");
        std::vector<protocol::Change> changes;
        changes.reserve(it->size());
        for (size_t i = 0; i < it->size(); ++i) {
            try {
                changes.push_back(protocol::changeFromJson((*it)[i]));
            } catch (const std::exception& e) {
                throw ApiError(400, "invalid_change", "changes[" + std::to_string(i) + "]: " + e.what());
            }
        }
        const auto results = push_.push(caller, changes);
        json out = json::array();
        for (const auto& r : results) out.push_back(protocol::toJson(r));
        sendJson(res, 200, {{"results", std::move(out)}});
    }));

    http_->Get("/v1/pull", guarded([this](const httplib::Request& req, httplib::Response& res) {
        const Caller caller = auth_.authenticate(req.get_header_value("Authorization"));
        const auto cursor = queryInt(req, "cursor", 0, 0, INT64_MAX);
        const auto limit = queryInt(req, "limit", kDefaultPullLimit, 1, kMaxPullLimit);
        const bool count = req.get_param_value("count") == "1";
        const bool full = req.get_param_value("full") == "1";
        auto answer = pull(store_, caller, cursor, static_cast<int>(limit), count, full);
        json body = protocol::toJson(answer.page);
        if (answer.total >= 0) body["total"] = answer.total;
        sendJson(res, 200, body);
    }));
}

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
