#include "Api.h"

#include "Admin.h"
#include "ApiError.h"
#include "Ids.h"
#include "Pull.h"
#include "Reports.h"

#include <algorithm>
#include <charconv>
#include <ctime>
#include <iostream>
#include <optional>

namespace tandem::server {
namespace {

using nlohmann::json;

json parseBody(const ApiRequest& req) {
    if (protocol::jsonNestingDepth(req.body) > protocol::kMaxJsonDepth)
        throw ApiError(400, "malformed_json", "The body nests deeper than " + std::to_string(protocol::kMaxJsonDepth) + " levels.");
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

std::string param(const ApiRequest& req, const char* key) {
    auto it = req.params.find(key);
    return it == req.params.end() ? std::string() : it->second;
}

std::int64_t queryInt(const ApiRequest& req, const char* key, std::int64_t fallback, std::int64_t min, std::int64_t max) {
    auto it = req.params.find(key);
    if (it == req.params.end()) return fallback;
    const std::string& v = it->second;
    std::int64_t out = 0;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
    if (ec != std::errc() || p != v.data() + v.size() || out < min || out > max)
        throw ApiError(400, "invalid_parameter", std::string("\"") + key + "\" must be an integer from " +
                                                     std::to_string(min) + " to " + std::to_string(max) + ".");
    return out;
}

// A push may ask for the first page of the pull that follows it, answered with the push's
// results in the page: {"changes": [...], "pull": {"cursor", "limit"?, "count"?, "full"?}}.
struct PullRequest {
    std::int64_t cursor = 0;
    int limit = kDefaultPullLimit;
    bool count = false, full = false;
};

std::optional<PullRequest> pullRequestOf(const json& body) {
    auto it = body.find("pull");
    if (it == body.end()) return std::nullopt;
    if (!it->is_object()) throw ApiError(400, "wrong_type", "\"pull\" must be an object.");
    PullRequest r;
    auto integer = [&](const char* key, std::int64_t min, std::int64_t max, std::int64_t fallback) {
        auto v = it->find(key);
        if (v == it->end()) return fallback;
        if (!v->is_number_integer() || v->get<std::int64_t>() < min || v->get<std::int64_t>() > max)
            throw ApiError(400, "invalid_value", std::string("\"pull.") + key + "\" must be an integer from " +
                                                     std::to_string(min) + " to " + std::to_string(max) + ".");
        return v->get<std::int64_t>();
    };
    auto flag = [&](const char* key) {
        auto v = it->find(key);
        if (v == it->end()) return false;
        if (!v->is_boolean()) throw ApiError(400, "wrong_type", std::string("\"pull.") + key + "\" must be true or false.");
        return v->get<bool>();
    };
    if (!it->contains("cursor")) throw ApiError(400, "missing_field", "\"pull.cursor\" is required.");
    r.cursor = integer("cursor", 0, INT64_MAX, 0);
    r.limit = static_cast<int>(integer("limit", 1, kMaxPullLimit, kDefaultPullLimit));
    r.count = flag("count");
    r.full = flag("full");
    return r;
}

ApiReply pageReply(PullText page) {
    ApiReply reply;
    reply.text = std::move(page.text);
    // The next page's cursor ahead of the body, so that a device can ask for it before reading this one.
    if (page.nextCursor) reply.headers.emplace_back("Tandem-Next-Cursor", std::to_string(*page.nextCursor));
    return reply;
}

}  // namespace

std::string ApiReply::serialized() const {
    if (!text.empty()) return text;
    // Replace invalid UTF-8 rather than fail: values are stored as the client sent them.
    return body.dump(-1, ' ', false, json::error_handler_t::replace);
}

ApiReply Api::error(int status, const std::string& code, const std::string& message) {
    return {status, {{"error", {{"code", code}, {"message", message}}}}};
}

ApiReply Api::handle(const ApiRequest& request) {
    try {
        return route(request);
    } catch (const ApiError& e) {
        ApiReply reply = error(e.status(), e.code(), e.what());
        if (e.retryAfter()) reply.headers.emplace_back("Retry-After", std::to_string(e.retryAfter()->count()));
        return reply;
    } catch (const std::exception& e) {
        std::cerr << "tandem-server: " << request.method << " " << request.path << ": " << e.what() << "\n";
        return error(500, "internal", "The server could not complete the request; nothing was changed.");
    }
}

ApiReply Api::route(const ApiRequest& r) {
    if (r.body.size() > kMaxBodyBytes) return error(413, "body_too_large", "The request body is larger than 8 MiB.");
    if (r.method == "GET" && r.path == "/v1/health") return health();
    if (r.method == "POST" && r.path == "/v1/sign-in") return signIn(r);
    if (r.method == "POST" && r.path == "/v1/push") return authenticated(r, &Api::pushChanges);
    if (r.method == "GET" && r.path == "/v1/pull") return authenticated(r, &Api::pullPage);
    if (r.method == "POST" && r.path == "/v1/rounds") return authenticated(r, &Api::openRoundRequest);
    if (r.method == "GET" && r.path == "/v1/reports/figures") return authenticated(r, &Api::figures);
    if (r.method == "GET" && r.path.starts_with("/v1/reports/") && r.path.ends_with(".csv"))
        return authenticated(r, &Api::figuresCsv);
    if (r.method == "POST" && r.path == "/v1/token/rotate") return authenticated(r, &Api::rotateToken);
    if (r.method == "POST" && r.path == "/v1/password") return authenticated(r, &Api::changePassword);
    return error(404, "not_found", "There is no such endpoint.");
}

ApiReply Api::health() {
    std::int64_t seq = 0;
    store_.read([&](StoreSession& s) { seq = s.currentSeq(); });
    return {200, {{"status", "ok"}, {"protocol", protocol::kVersion}, {"seq", seq}}};
}

ApiReply Api::signIn(const ApiRequest& req) {
    const json body = parseBody(req);
    const auto user = requireString(body, "user", 128);
    const auto password = requireString(body, "password", 1024);
    const auto device = requireString(body, "device", 128);
    auto r = auth_.signIn(user, password, device, req.remoteAddress);
    return {200, {{"token", r.token},
                  {"token_expires_at", isoTime(r.caller.tokenExpiresAt)},
                  {"device_id", r.caller.device.id},
                  {"user", {{"name", r.caller.user.username},
                            {"role", r.caller.user.role},
                            {"agency", r.caller.user.agency},
                            {"partnerships", r.caller.partnerships}}}}};
}

ApiReply Api::authenticated(const ApiRequest& req, CallerHandler handler) {
    const Caller caller = auth_.authenticate(req.authorization);
    ApiReply reply = (this->*handler)(req, caller);
    if (caller.tokenRotationDue) reply.headers.emplace_back("Tandem-Token-Expires", isoTime(caller.tokenExpiresAt));
    return reply;
}

ApiReply Api::rotateToken(const ApiRequest&, const Caller& caller) {
    const IssuedToken issued = auth_.rotateToken(caller);
    return {200, {{"token", issued.token}, {"token_expires_at", isoTime(issued.expiresAt)}}};
}

ApiReply Api::changePassword(const ApiRequest& req, const Caller& caller) {
    const json body = parseBody(req);
    const auto current = requireString(body, "current", 1024);
    const auto next = requireString(body, "new", 1024);
    const int revoked = auth_.changePassword(caller, current, next, req.remoteAddress);
    return {200, {{"status", "changed"}, {"revoked_devices", revoked}}};
}

ApiReply Api::pushChanges(const ApiRequest& req, const Caller& caller) {
    const json body = parseBody(req);
    auto it = body.find("changes");
    if (it == body.end()) throw ApiError(400, "missing_field", "\"changes\" is required.");
    if (!it->is_array()) throw ApiError(400, "wrong_type", "\"changes\" must be an array of changes.");
    std::vector<protocol::Change> changes;
    changes.reserve(it->size());
    for (size_t i = 0; i < it->size(); ++i) {
        try {
            changes.push_back(protocol::changeFromJson((*it)[i]));
        } catch (const std::exception& e) {
            throw ApiError(400, "invalid_change", "changes[" + std::to_string(i) + "]: " + e.what());
        }
    }
    const std::optional<PullRequest> pull = pullRequestOf(body);
    auto results = push_.push(caller, changes);
    if (pull) return pageReply(pullPageText(store_, caller, pull->cursor, pull->limit, pull->count, pull->full, &results));
    json out = json::array();
    for (const auto& r : results) out.push_back(protocol::toJson(r));
    return {200, {{"results", std::move(out)}}};
}

ApiReply Api::openRoundRequest(const ApiRequest& req, const Caller& caller) {
    const json body = parseBody(req);
    // The partnership is the caller's own; one in several names it.
    std::string partnership = caller.partnerships.size() == 1 ? caller.partnerships.front() : std::string();
    if (auto p = body.find("partnership"); p != body.end() && p->is_string()) partnership = p->get<std::string>();
    const bool office = caller.user.role == "business_office" &&
                        std::find(caller.partnerships.begin(), caller.partnerships.end(), partnership) != caller.partnerships.end();
    if (!office) throw ApiError(403, "not_allowed", "Only the business office of the partnership may open a round.");
    std::vector<std::string> problems;
    const RoundSpec spec = roundSpecFromJson(body, partnership, problems);
    RoundOpened opened;
    if (problems.empty()) opened = openRound(store_, spec, AuditWho{caller.user.username, caller.device.id});
    problems.insert(problems.end(), opened.errors.begin(), opened.errors.end());
    if (!problems.empty()) {
        std::string message = "The round was not opened: ";
        for (size_t i = 0; i < problems.size(); ++i) message += (i ? "; " : "") + problems[i];
        throw ApiError(400, "invalid_value", message + ".");
    }
    return {201, {{"round", opened.roundId}, {"returns", opened.returns}}};
}

ApiReply Api::pullPage(const ApiRequest& req, const Caller& caller) {
    const auto cursor = queryInt(req, "cursor", 0, 0, INT64_MAX);
    const auto limit = queryInt(req, "limit", kDefaultPullLimit, 1, kMaxPullLimit);
    return pageReply(pullPageText(store_, caller, cursor, static_cast<int>(limit), param(req, "count") == "1",
                                  param(req, "full") == "1"));
}

ApiReply Api::figures(const ApiRequest& req, const Caller& caller) {
    return {200, figuresReport(store_, caller, req.params)};
}

ApiReply Api::figuresCsv(const ApiRequest& req, const Caller& caller) {
    const std::string prefix = "/v1/reports/", suffix = ".csv";
    const std::string table = req.path.substr(prefix.size(), req.path.size() - prefix.size() - suffix.size());
    auto csv = figuresTableCsv(store_, caller, table, req.params);
    ApiReply reply;
    reply.text = std::move(csv.text);
    reply.contentType = "text/csv; charset=utf-8";
    reply.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + csv.fileName + "\"");
    return reply;
}

}  // namespace tandem::server
