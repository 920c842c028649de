#include "FiguresCache.h"

#include "Ids.h"

#include <cctype>
#include <cstdio>

namespace tandem::sync {
namespace {

std::string percentEncoded(const std::string& s) {
    std::string out;
    for (const unsigned char c : s) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += char(c);
        } else {
            char hex[4];
            std::snprintf(hex, sizeof hex, "%%%02X", c);
            out += hex;
        }
    }
    return out;
}

// The sentence for an error answer; the server's own message when it sent the envelope.
FiguresReply refused(const HttpResponse& r) {
    FiguresReply reply;
    try {
        const nlohmann::json body = r.body();
        if (body.contains("error") && body["error"].is_object()) {
            reply.code = body["error"].value("code", "");
            reply.message = body["error"].value("message", "");
        }
    } catch (const NetworkError&) {
        // Not our envelope (a proxy's page): say what HTTP said.
    }
    if (r.status == 401) {
        reply.message = "Please sign in again to fetch new figures" + (reply.message.empty() ? "" : " (" + reply.message + ")") + ".";
    } else if (reply.message.empty()) {
        reply.message = "The server answered " + std::to_string(r.status) + " to the figures request.";
    }
    if (reply.code.empty()) reply.code = "http_" + std::to_string(r.status);
    return reply;
}

}  // namespace

std::string FiguresCache::query(const std::string& partnership, const std::string& round,
                                const FiguresPeriod& period) {
    std::string q;
    auto add = [&](const char* key, const std::string& value) {
        if (!value.empty()) q += (q.empty() ? "" : "&") + std::string(key) + "=" + percentEncoded(value);
    };
    add("partnership", partnership);
    add("round", round);
    add("from", period.from);
    add("to", period.to);
    return q.empty() ? q : "?" + q;
}

FiguresReply FiguresCache::fetch(Transport& transport, const std::string& partnership, const std::string& round,
                                 const FiguresPeriod& period) {
    FiguresReply reply = request(transport, replica_.token().value_or(""), partnership, round, period);
    if (reply.ok) storeReply(partnership, round, reply.figures, period);
    return reply;
}

void FiguresCache::storeReply(const std::string& partnership, const std::string& round, const nlohmann::json& figures,
                              const FiguresPeriod& period) {
    sql::Transaction tx(replica_.db());
    store(partnership, round + period.cacheSuffix(), figures);
    const auto about = figures.find("round");
    if (about != figures.end() && about->is_object() && about->contains("id") && (*about)["id"].is_string() &&
        (*about)["id"].get<std::string>() != round)
        store(partnership, (*about)["id"].get<std::string>() + period.cacheSuffix(), figures);
    tx.commit();
}

FiguresReply FiguresCache::request(Transport& transport, const std::string& token, const std::string& partnership,
                                   const std::string& round, const FiguresPeriod& period) {
    if (token.empty()) return {false, "not_signed_in", "Sign in to fetch the figures.", {}};
    HttpResponse r;
    try {
        r = transport.get("/v1/reports/figures" + query(partnership, round, period), token);
        transport.release();  // a dashboard refresh is one request: do not hold a server worker
    } catch (const NetworkError& e) {
        return {false, "offline", std::string("The server cannot be reached (") + e.what() + ").", {}};
    }
    if (r.status != 200) return refused(r);
    FiguresReply reply;
    try {
        reply.figures = r.body();
    } catch (const NetworkError& e) {
        return {false, "offline", std::string("The figures did not arrive whole (") + e.what() + ").", {}};
    }
    if (!reply.figures.is_object() || !reply.figures.contains("tables") || !reply.figures["tables"].is_object())
        return {false, "malformed_reply", "The server's figures have no tables.", {}};
    reply.ok = true;
    return reply;
}

void FiguresCache::store(const std::string& partnership, const std::string& round, const nlohmann::json& figures) {
    replica_.db()
        .prepare("INSERT OR REPLACE INTO figures_cache(partnership, round, fetched_at, body) VALUES (?, ?, ?, ?)")
        .bind(1, partnership)
        .bind(2, round)
        .bind(3, nowIso())
        .bind(4, figures.dump())
        .run();
}

std::optional<CachedFigures> FiguresCache::load(const std::string& partnership, const std::string& round,
                                                const FiguresPeriod& period) {
    auto s = replica_.db().prepare("SELECT body, fetched_at FROM figures_cache WHERE partnership = ? AND round = ?");
    s.bind(1, partnership).bind(2, round + period.cacheSuffix());
    if (!s.step()) return std::nullopt;
    // A row this code wrote; a damaged one is as good as none (the next refresh replaces it).
    auto figures = nlohmann::json::parse(s.textView(0), nullptr, false);
    if (figures.is_discarded() || !figures.is_object()) return std::nullopt;
    return CachedFigures{std::move(figures), s.text(1)};
}

}  // namespace tandem::sync
