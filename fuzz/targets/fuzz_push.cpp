// POST /v1/push with the fuzz input as the body, from a device of a real user, through
// server::Api against a real SqliteStore holding the St Helens agencies, action plans, the S11
// template and an open S11 round. Every run uses a new device of the chosen user, so sequence 1
// is the next one expected and the changes reach PushProcessor::apply rather than the replay path.
//
// Harness conventions, so that seeds can name records whose ids are made at fixture time:
//   "$R" in the input is replaced with the id of STH-SCHOOLS's S11 return (assigned to dsl.schools),
//   "$M" with MERPOL's, and "$U" with a token unique to the run: change ids ("$U-1") and ids of
//   records a change creates ("update-$U") must be new, or the server answers from its memory of
//   an earlier run (the same change again) and the merge and workflow code is never reached.
// The user is the one of kUsers whose name appears first in the input (seeds carry it as an
// extra top-level key, "as": "dsl.schools", which the API ignores); with no name in the input,
// a hash of the input (FNV-1a) picks one.
#include "FuzzSupport.h"

#include <cstdint>

using namespace tandem;

namespace {

constexpr fuzz::FixtureUser kUsers[] = {
    {"bo.sthelens", "business_office", "SHC-BO"}, {"lead.schools", "agency_lead", "STH-SCHOOLS"},
    {"dsl.schools", "practitioner", "STH-SCHOOLS"}, {"lead.college", "agency_lead", "STH-COLLEGE"},
    {"tutor.college", "practitioner", "STH-COLLEGE"}, {"lead.merpol", "agency_lead", "MERPOL"},
    {"board.sthelens", "board", "SHC-BO"},
};
constexpr size_t kUserCount = sizeof kUsers / sizeof kUsers[0];

struct World {
    fuzz::ScratchDir dir;
    std::string db = server::databasePath((dir.path() / "push").string());
    std::unique_ptr<server::SqliteStore> store;
    std::unique_ptr<server::Api> api;
    std::string schoolsReturn, merpolReturn;
    std::int64_t userIds[kUserCount] = {};
    long runs = 0;

    World() {
        {
            server::SqliteStore s(db);
            fuzz::buildPartnership(s, true, true,
                                   {kUsers[0], kUsers[1], kUsers[2], kUsers[3], kUsers[4], kUsers[5], kUsers[6]});
            fuzz::checkAdmin(server::openRound(s, server::RoundSpec{"st-helens", "s11-self-assessment", 0,
                                                                    "Section 11 2026", "section11", "2026-12-18", "",
                                                                    {"STH-SCHOOLS", "MERPOL"}, {},
                                                                    {{"STH-SCHOOLS", "dsl.schools"}}}),
                             "s11 round");
            s.read([&](server::StoreSession& ss) {
                for (const auto& r : ss.recordsOfKind("audit_return"))
                    (r.owner == "STH-SCHOOLS" ? schoolsReturn : merpolReturn) = r.id;
                for (size_t i = 0; i < kUserCount; ++i) userIds[i] = ss.userByName(kUsers[i].name)->id;
            });
            if (schoolsReturn.empty() || merpolReturn.empty()) fuzz::fail("fixture: the S11 returns are missing");
            // The way devices get tokens: one real sign-in proves the fixture's accounts work.
            server::Api api(s);
            const auto r = api.handle({"POST", "/v1/sign-in", "",
                                       nlohmann::json{{"user", "dsl.schools"}, {"password", fuzz::kPassword},
                                                      {"device", "fuzz"}}.dump(), {}});
            if (r.status != 200) fuzz::fail("fixture: sign-in failed: " + r.body.dump());
        }
        reopen();
    }
    // Pushes change the store; starting over from the fixture every so often keeps it small
    // and each run close to what a fresh partnership answers.
    void reopen() {
        fuzz::reopenCopy(db, dir.path() / "work.db", store, api);
    }
    // What Authenticator::signIn does on success, without the password check: a fresh device.
    std::string newDevice(size_t user) {
        const std::string token = "fuzz-token-" + std::to_string(runs) + "-" + std::to_string(user);
        store->write([&](server::StoreSession& s) { s.addDevice(userIds[user], "fuzz", server::tokenHash(token)); });
        return "Bearer " + token;
    }
};

World& world() {
    static World w;
    return w;
}

void replaceAll(std::string& s, std::string_view from, const std::string& to) {
    for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
        s.replace(at, from.size(), to);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
    World& w = world();
    if (++w.runs % 1000 == 0) w.reopen();
    std::string body(reinterpret_cast<const char*>(data), size);
    replaceAll(body, "$R", w.schoolsReturn);
    replaceAll(body, "$M", w.merpolReturn);
    replaceAll(body, "$U", "run" + std::to_string(w.runs));
    auto user = static_cast<size_t>(fuzz::fnv1a(data, size) % kUserCount);
    size_t first = std::string_view::npos;
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    for (size_t i = 0; i < kUserCount; ++i)
        if (const size_t at = input.find(kUsers[i].name); at < first) first = at, user = i;
    const auto reply = w.api->handle({"POST", "/v1/push", w.newDevice(user), std::move(body), {}});
    const auto answer = fuzz::checkReply(reply, std::string("push as ") + kUsers[user].name);
    if (reply.status == 200) {
        const auto& results = answer.at("results");
        if (!results.is_array()) fuzz::fail("push: results is not an array");
        try {
            for (const auto& r : results) protocol::changeResultFromJson(r);  // the device must read its answer
        } catch (const std::exception& e) {
            fuzz::fail(std::string("push: a device cannot read the results: ") + e.what());
        }
    }
    return 0;
}
