// Opening an audit round is online: the business office posts the round's spec to the server,
// which creates the round and its returns at once (they reach devices on their next sync).
#pragma once

#include "Transport.h"

#include <nlohmann/json.hpp>

#include <string>

namespace tandem::sync {

struct OpenRoundResult {
    bool ok = false;
    std::string roundId;
    int returns = 0;
    std::string message;   // the server's sentence when it refused the round
    bool offline = false;  // no answer from the server: nothing was opened
};

// Posts `spec` (see docs/business-office.md, POST /v1/rounds) with the device token.
OpenRoundResult openRound(Transport& transport, const std::string& token, const nlohmann::json& spec);

}  // namespace tandem::sync
