#include "RoundOpener.h"

namespace tandem::sync {

OpenRoundResult openRound(Transport& transport, const std::string& token, const nlohmann::json& spec) {
    OpenRoundResult r;
    try {
        const HttpResponse response = transport.post("/v1/rounds", spec, token);
        const nlohmann::json body = response.body();
        if (response.status == 201 && body.is_object() && body.value("round", nlohmann::json()).is_string()) {
            r.ok = true;
            r.roundId = body["round"].get<std::string>();
            r.returns = body.value("returns", 0);
            return r;
        }
        const auto error = body.is_object() ? body.value("error", nlohmann::json::object()) : nlohmann::json::object();
        r.message = error.is_object() && error.value("message", nlohmann::json()).is_string()
                        ? error["message"].get<std::string>()
                        : "The server refused the round (HTTP " + std::to_string(response.status) + ").";
    } catch (const NetworkError& e) {
        r.offline = true;
        r.message = std::string("The server cannot be reached; the round was not opened (") + e.what() + ").";
    }
    return r;
}

}  // namespace tandem::sync
