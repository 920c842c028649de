// GET /v1/pull through server::Api against a real SqliteStore: the fuzz input is read as a
// query string (a=1&b=2, percent-decoded like cpp-httplib does) into ApiRequest::params with a
// valid device token, and then sent as the Authorization header of another pull. The store holds
// the 34 agencies (sequences 1 to 34, removal horizon 3): enough for cursors, the horizon and page
// limits to matter. Nothing bigger: a default page carries every record, and its cost per run
// is what bounds the exec rate; what records hold is fuzz_push's business.
#include "FuzzSupport.h"

#include <cstdint>

using namespace tandem;

namespace {

struct World {
    fuzz::ScratchDir dir;
    std::unique_ptr<server::SqliteStore> store;
    std::unique_ptr<server::Api> api;
    std::string authorization;

    World() {
        store = std::make_unique<server::SqliteStore>(server::databasePath((dir.path() / "pull").string()));
        fuzz::buildPartnership(*store, false, false, {{"lead.schools", "agency_lead", "STH-SCHOOLS"}});
        // Some removal history, so cursors below the horizon are told to refetch.
        store->write([](server::StoreSession& s) { s.setMeta("removal_horizon", "3"); });
        api = std::make_unique<server::Api>(*store);
        const auto r = api->handle({"POST", "/v1/sign-in", "",
                                    nlohmann::json{{"user", "lead.schools"}, {"password", fuzz::kPassword},
                                                   {"device", "fuzz"}}.dump(), {}});
        if (r.status != 200) fuzz::fail("fixture: sign-in failed: " + r.body.dump());
        authorization = "Bearer " + r.body.at("token").get<std::string>();
    }
};

World& world() {
    static World w;
    return w;
}

int hexValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string decode(std::string_view s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '+') {
            out += ' ';
        } else if (s[i] == '%' && i + 2 < s.size() && hexValue(s[i + 1]) >= 0 && hexValue(s[i + 2]) >= 0) {
            out += static_cast<char>(hexValue(s[i + 1]) * 16 + hexValue(s[i + 2]));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

// Like cpp-httplib's parse_query_text: pairs split on '&', key and value on the first '=';
// a later duplicate key does not replace the first (params is a map, emplace keeps the first).
std::map<std::string, std::string> parseQuery(std::string_view q) {
    std::map<std::string, std::string> params;
    size_t start = 0;
    while (start <= q.size()) {
        size_t end = q.find('&', start);
        if (end == std::string_view::npos) end = q.size();
        const auto pair = q.substr(start, end - start);
        const size_t eq = pair.find('=');
        if (!pair.empty())
            params.emplace(decode(pair.substr(0, eq)), eq == std::string_view::npos ? "" : decode(pair.substr(eq + 1)));
        start = end + 1;
    }
    return params;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
    World& w = world();
    const std::string_view input(reinterpret_cast<const char*>(data), size);

    const auto reply = w.api->handle({"GET", "/v1/pull", w.authorization, "", parseQuery(input)});
    fuzz::checkReply(reply, "pull");
    if (reply.status == 200) {
        try {
            protocol::pullPageFromText(reply.text);  // the device must read the page
        } catch (const std::exception& e) {
            fuzz::fail(std::string("pull: a device cannot read the page: ") + e.what());
        }
    }

    const auto unauthorised = w.api->handle({"GET", "/v1/pull", std::string(input), "", {}});
    fuzz::checkReply(unauthorised, "pull with the input as Authorization");
    if (unauthorised.status == 200 && std::string(input) != w.authorization)
        fuzz::fail("pull: a made-up Authorization header was accepted");
    return 0;
}
