// The wire of the simulation: the real server's request handling called in-process (no
// sockets, no threads, so a seed decides everything), and a wrapper that breaks it on purpose
// at the named points of a network: a request lost before the server sees it, an answer lost
// after the server committed, an answer delivered twice, a pull page cut half-way.
#pragma once

#include "Api.h"
#include "Transport.h"

#include <cstdint>
#include <map>
#include <random>
#include <string>

namespace tandem::sim {

// Named counters for a schedule and for the whole run ("edits", "fault.lost_answer", ...).
struct Stats {
    std::map<std::string, std::int64_t> n;
    std::int64_t& operator[](const std::string& key) { return n[key]; }
    std::int64_t get(const std::string& key) const {
        auto it = n.find(key);
        return it == n.end() ? 0 : it->second;
    }
    void add(const Stats& other) {
        for (const auto& [k, v] : other.n) n[k] += v;
    }
};

// Calls server::Api::handle directly. The JSON goes through text both ways, as on the wire, so
// the device reads exactly what it would read from HTTP.
class InProcessTransport final : public sync::Transport {
public:
    explicit InProcessTransport(server::Api& api) : api_(api) {}
    sync::HttpResponse get(const std::string& path, const std::string& token) override;
    sync::HttpResponse post(const std::string& path, const nlohmann::json& body, const std::string& token) override;

private:
    sync::HttpResponse call(const std::string& method, const std::string& path, const std::string& body,
                            const std::string& token);
    server::Api& api_;
};

enum class Fault { None, LostRequest, LostAnswer, Duplicate, CutPage };
std::string toString(Fault f);

// Breaks calls at random while `rate` > 0, with the schedule's own random stream. Every fault
// is counted in `stats` as "fault.<name>".
class FaultyTransport final : public sync::Transport {
public:
    FaultyTransport(sync::Transport& inner, std::mt19937_64& rng, Stats& stats)
        : inner_(inner), rng_(rng), stats_(stats) {}
    sync::HttpResponse get(const std::string& path, const std::string& token) override;
    sync::HttpResponse post(const std::string& path, const nlohmann::json& body, const std::string& token) override;

    double rate = 0;  // probability that a call is broken

private:
    Fault pick(bool pull);
    sync::HttpResponse deliver(Fault f, const std::function<sync::HttpResponse()>& send);

    sync::Transport& inner_;
    std::mt19937_64& rng_;
    Stats& stats_;
};

}  // namespace tandem::sim
