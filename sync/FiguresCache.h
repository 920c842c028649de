// The consolidated figures the dashboards draw (GET /v1/reports/figures), fetched with the
// device's token and kept in the replica per partnership and round, so a business office or
// board member offline still sees the last figures they had, with the time they are from.
#pragma once

#include "Replica.h"
#include "Transport.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace tandem::sync {

// What a fetch ended with. `code` is empty on success, "offline" when the server could not be
// reached, else the server's error code (not_allowed, not_found, invalid_token, ...).
struct FiguresReply {
    bool ok = false;
    std::string code;
    std::string message;  // a sentence for the user when !ok
    nlohmann::json figures;
};

struct CachedFigures {
    nlohmann::json figures;
    std::string fetchedAt;  // device clock, ISO 8601 UTC
};

class FiguresCache {
public:
    explicit FiguresCache(Replica& replica) : replica_(replica) {}

    // Asks the server for the figures of `partnership` and `round` ("" for the server's default:
    // the partnership's only partnership / latest round). A good reply is stored under the round
    // asked for and under the id of the round it is about, so either finds it offline later.
    FiguresReply fetch(Transport& transport, const std::string& partnership, const std::string& round);
    // The request alone, with the device token given: for a worker thread that has no replica
    // connection of its own (the caller stores a good reply with storeReply).
    static FiguresReply request(Transport& transport, const std::string& token, const std::string& partnership,
                                const std::string& round);
    void storeReply(const std::string& partnership, const std::string& round, const nlohmann::json& figures);
    // The last stored reply for that partnership and round, if any.
    std::optional<CachedFigures> load(const std::string& partnership, const std::string& round);
    void store(const std::string& partnership, const std::string& round, const nlohmann::json& figures);

    // The query string of a figures request ("?partnership=...&round=..."), values percent-encoded.
    static std::string query(const std::string& partnership, const std::string& round);

private:
    Replica& replica_;
};

}  // namespace tandem::sync
