// The API's request handling, apart from HTTP: one request in, one JSON reply out. HttpApi
// serves it over cpp-httplib; the simulation harness calls it directly, so both run the same
// code. Every failure becomes a {"error": {"code", "message"}} reply; nothing escapes.
#pragma once

#include "Auth.h"
#include "Push.h"
#include "Store.h"

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace tandem::server {

inline constexpr size_t kMaxBodyBytes = 8 * 1024 * 1024;

struct ApiRequest {
    std::string method;  // GET or POST
    std::string path;    // /v1/...
    std::string authorization;
    std::string body;
    std::map<std::string, std::string> params;  // query parameters
    // The client's IP address, for the sign-in limits per address; empty from callers inside
    // the process (the simulation, fuzzing), which are limited per account only.
    std::string remoteAddress = {};
};

struct ApiReply {
    int status = 200;
    nlohmann::json body;
    // The body as text when it was written as text (a pull page), in place of `body`.
    std::string text;
    // HTTP headers beyond the content type (a pull page's Tandem-Next-Cursor).
    std::vector<std::pair<std::string, std::string>> headers;
    // The content type of `text` when it is not JSON (a figures table as CSV).
    std::string contentType;

    std::string serialized() const;
};

class Api {
public:
    explicit Api(Store& store) : store_(store), auth_(store), push_(store) {}
    ApiReply handle(const ApiRequest& request);

    // Error replies of the HTTP layer (unknown paths, oversize bodies) in the same envelope.
    static ApiReply error(int status, const std::string& code, const std::string& message);

private:
    ApiReply route(const ApiRequest& request);
    ApiReply health();
    ApiReply signIn(const ApiRequest& request);
    // The endpoints that need a device token: `handler` runs for the caller it resolves to, and
    // its answer says when the token expires once the device should rotate it.
    using CallerHandler = ApiReply (Api::*)(const ApiRequest&, const Caller&);
    ApiReply authenticated(const ApiRequest& request, CallerHandler handler);
    ApiReply pushChanges(const ApiRequest& request, const Caller& caller);
    ApiReply pullPage(const ApiRequest& request, const Caller& caller);
    ApiReply openRoundRequest(const ApiRequest& request, const Caller& caller);
    ApiReply figures(const ApiRequest& request, const Caller& caller);
    ApiReply figuresCsv(const ApiRequest& request, const Caller& caller);
    ApiReply rotateToken(const ApiRequest& request, const Caller& caller);
    ApiReply changePassword(const ApiRequest& request, const Caller& caller);

    Store& store_;
    Authenticator auth_;
    PushProcessor push_;
};

}  // namespace tandem::server
