#include "Faults.h"

namespace tandem::sim {

using nlohmann::json;

sync::HttpResponse InProcessTransport::call(const std::string& method, const std::string& path, const std::string& body,
                                            const std::string& token) {
    server::ApiRequest req;
    req.method = method;
    req.body = body;
    if (!token.empty()) req.authorization = "Bearer " + token;
    // "/v1/pull?cursor=12&limit=50": the engine writes plain numbers, so no percent-decoding.
    const auto q = path.find('?');
    req.path = path.substr(0, q);
    if (q != std::string::npos) {
        std::string rest = path.substr(q + 1);
        size_t start = 0;
        while (start <= rest.size()) {
            const size_t end = std::min(rest.find('&', start), rest.size());
            const std::string item = rest.substr(start, end - start);
            const auto eq = item.find('=');
            if (!item.empty()) req.params[item.substr(0, eq)] = eq == std::string::npos ? "" : item.substr(eq + 1);
            start = end + 1;
        }
    }
    const server::ApiReply reply = api_.handle(req);
    return {reply.status, reply.serialized()};
}

sync::HttpResponse InProcessTransport::get(const std::string& path, const std::string& token) {
    return call("GET", path, "", token);
}

sync::HttpResponse InProcessTransport::post(const std::string& path, const json& body, const std::string& token) {
    return call("POST", path, body.dump(), token);
}

std::string toString(Fault f) {
    switch (f) {
        case Fault::None: return "none";
        case Fault::LostRequest: return "lost_request";
        case Fault::LostAnswer: return "lost_answer";
        case Fault::Duplicate: return "duplicate_answer";
        case Fault::CutPage: return "cut_page";
    }
    return "?";
}

Fault FaultyTransport::pick(bool pull) {
    if (rate <= 0 || std::uniform_real_distribution<double>(0, 1)(rng_) >= rate) return Fault::None;
    const int k = std::uniform_int_distribution<int>(0, pull ? 3 : 2)(rng_);
    return k == 0 ? Fault::LostRequest : k == 1 ? Fault::LostAnswer : k == 2 ? Fault::Duplicate : Fault::CutPage;
}

sync::HttpResponse FaultyTransport::deliver(Fault f, const std::function<sync::HttpResponse()>& send) {
    if (f != Fault::None) ++stats_["fault." + toString(f)];
    switch (f) {
        case Fault::None: return send();
        case Fault::LostRequest: throw sync::NetworkError("simulated: request lost before the server saw it");
        case Fault::LostAnswer: send(); throw sync::NetworkError("simulated: answer lost after the server committed");
        case Fault::Duplicate: send(); return send();  // the device reads the second delivery
        case Fault::CutPage: send(); throw sync::NetworkError("simulated: connection reset half-way through the page");
    }
    return send();
}

sync::HttpResponse FaultyTransport::get(const std::string& path, const std::string& token) {
    return deliver(pick(path.rfind("/v1/pull", 0) == 0), [&] { return inner_.get(path, token); });
}

sync::HttpResponse FaultyTransport::post(const std::string& path, const json& body, const std::string& token) {
    // A push that asks for the pull's first page is answered with a page, and can be cut like one.
    return deliver(pick(body.contains("pull")), [&] { return inner_.post(path, body, token); });
}

}  // namespace tandem::sim
