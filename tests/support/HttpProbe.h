// Helpers for tests that talk to the live server with raw HTTP: reading the JSON error
// envelope, and a snapshot of the server database's counters to prove a refused request
// changed nothing.
#pragma once

#include "Protocol.h"
#include "Store.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>

namespace tandem::test {

// The counters that any write would move: the server-wide sequence and every table a
// request can add to.
struct DbSnapshot {
    std::int64_t seq = 0, records = 0, fields = 0, conflicts = 0, rejections = 0, pushResults = 0, devices = 0,
                 users = 0;

    bool operator==(const DbSnapshot&) const = default;
    std::string describe() const {
        return "seq=" + std::to_string(seq) + " records=" + std::to_string(records) + " fields=" +
               std::to_string(fields) + " conflicts=" + std::to_string(conflicts) + " rejections=" +
               std::to_string(rejections) + " push_results=" + std::to_string(pushResults) +
               " devices=" + std::to_string(devices) + " users=" + std::to_string(users);
    }
};

inline DbSnapshot snapshot(server::Store& store) {
    DbSnapshot s;
    store.read([&](server::StoreSession& db) {
        s.seq = db.currentSeq();
        s.records = db.count("records");
        s.fields = db.count("fields");
        s.conflicts = db.count("conflicts");
        s.rejections = db.count("rejections");
        s.pushResults = db.count("push_results");
        s.devices = db.count("devices");
        s.users = db.count("users");
    });
    return s;
}

// Checks that `body` is exactly the error envelope {"error": {"code", "message"}} with the
// expected code and a non-empty message. Returns "" when it is, else what is wrong. The body
// is parsed strictly, so an answer that is not valid UTF-8 JSON fails too.
inline std::string checkErrorBody(const std::string& body, const std::string& expectedCode) {
    const auto j = nlohmann::json::parse(body, nullptr, false);
    if (j.is_discarded()) return "the answer is not valid JSON: " + body.substr(0, 200);
    if (!j.is_object() || j.size() != 1 || !j.contains("error") || !j["error"].is_object())
        return "the answer is not {\"error\": {...}}: " + body.substr(0, 200);
    const auto& e = j["error"];
    if (!e.contains("code") || !e["code"].is_string() || !e.contains("message") || !e["message"].is_string())
        return "the error has no string code and message: " + body.substr(0, 200);
    if (e["code"] != expectedCode)
        return "expected code " + expectedCode + " but got " + e["code"].get<std::string>() + ": " +
               e["message"].get<std::string>();
    if (e["message"].get<std::string>().empty()) return "the error message is empty";
    return {};
}

// The first push result of an answer body, as an object with named members ({"seq", "outcome",
// "server_seq", "code", "message"}) for tests to read: on the wire it is a compact array.
inline nlohmann::json firstResult(const std::string& answerBody) {
    const auto r = protocol::changeResultFromJson(nlohmann::json::parse(answerBody).at("results").at(0));
    return {{"seq", r.seq}, {"outcome", protocol::toString(r.outcome)}, {"server_seq", r.serverSeq},
            {"code", r.code}, {"message", r.message}};
}

inline httplib::Headers bearer(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }

}  // namespace tandem::test
