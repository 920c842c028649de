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

// The reporting period asked for; both empty: the server's default (the last 90 days).
struct FiguresPeriod {
    std::string from, to;  // YYYY-MM-DD
    bool isDefault() const { return from.empty() && to.empty(); }
    // How the period tells cached replies apart ("" for the default).
    std::string cacheSuffix() const { return isDefault() ? std::string() : "|" + from + ".." + to; }
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
    FiguresReply fetch(Transport& transport, const std::string& partnership, const std::string& round,
                       const FiguresPeriod& period = {});
    // The request alone, with the device token given: for a worker thread that has no replica
    // connection of its own (the caller stores a good reply with storeReply).
    static FiguresReply request(Transport& transport, const std::string& token, const std::string& partnership,
                                const std::string& round, const FiguresPeriod& period = {});
    void storeReply(const std::string& partnership, const std::string& round, const nlohmann::json& figures,
                    const FiguresPeriod& period = {});
    // The last stored reply for that partnership, round and period, if any.
    std::optional<CachedFigures> load(const std::string& partnership, const std::string& round,
                                      const FiguresPeriod& period = {});
    void store(const std::string& partnership, const std::string& round, const nlohmann::json& figures);

    // The query string of a figures request ("?partnership=...&round=...&from=...&to=..."),
    // values percent-encoded.
    static std::string query(const std::string& partnership, const std::string& round,
                             const FiguresPeriod& period = {});

private:
    Replica& replica_;
};

}  // namespace tandem::sync
