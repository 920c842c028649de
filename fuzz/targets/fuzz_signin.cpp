// POST /v1/sign-in with the fuzz input as the body, through server::Api against a real
// SqliteStore: the JSON parse, the field checks, the password check and the device it adds.
// One user, dsl.schools with password kPassword, so valid seeds reach the success path.
#include "FuzzSupport.h"

#include <cstdint>

using namespace tandem;

namespace {

struct World {
    fuzz::ScratchDir dir;
    std::string db = server::databasePath((dir.path() / "signin").string());
    std::unique_ptr<server::SqliteStore> store;
    std::unique_ptr<server::Api> api;
    long runs = 0;

    World() {
        {
            server::SqliteStore s(db);
            fuzz::buildPartnership(s, false, false, {{"dsl.schools", "practitioner", "STH-SCHOOLS"}});
            // Wrong passwords for dsl.schools are most of what reaches the password check: its
            // lock (423) is still reached, but lifts after a second so that valid seeds keep
            // reaching the success path.
            s.write([](server::StoreSession& session) { session.setMeta("sign_in_lock_seconds", "1"); });
        }
        reopen();
    }
    // A successful sign-in adds a device; keep the table from growing without bound by starting
    // over from the fixture every so often (the fixture file itself is never written again).
    void reopen() {
        fuzz::reopenCopy(db, dir.path() / "work.db", store, api);
    }
};

World& world() {
    static World w;
    return w;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
    World& w = world();
    if (++w.runs % 5000 == 0) w.reopen();
    server::ApiRequest req{"POST", "/v1/sign-in", "", std::string(reinterpret_cast<const char*>(data), size), {}};
    const auto reply = w.api->handle(req);
    fuzz::checkReply(reply, "sign-in");
    if (reply.status == 200) {
        // A token was issued: it must be usable at once.
        const auto& token = reply.body.at("token");
        if (!token.is_string()) fuzz::fail("sign-in: token is not a string");
        const auto pull = w.api->handle({"GET", "/v1/pull", "Bearer " + token.get<std::string>(), "", {{"limit", "1"}}});
        fuzz::checkReply(pull, "pull after sign-in");
        if (pull.status != 200) fuzz::fail("sign-in: the new token is refused: " + pull.body.dump());
    }
    return 0;
}
