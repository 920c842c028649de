// The outbox: the queue of local field edits waiting for the server. The only writer of the
// outbox table. An edit is one row, written in the same transaction that reads its base, so a
// crash either keeps the whole edit or none of it.
#pragma once

#include "Protocol.h"
#include "Replica.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace tandem::sync {

class Outbox {
public:
    explicit Outbox(Replica& replica) : replica_(replica) {}

    // Queues a field change; returns its change id. The base is the server sequence of the
    // field as this device holds it now.
    std::string enqueue(const std::string& recordId, const std::string& field, const nlohmann::json& value);
    // Creates a record locally (visible at once) and queues its creation. Returns the new id.
    // `extra` adds members to the create value (an action's "lead_agency").
    std::string create(const std::string& kind, const std::string& parentId, const std::string& partnership,
                       const std::string& owner, const nlohmann::json& extra = nlohmann::json::object());

    // The oldest `limit` changes with a device sequence in (after, upTo], in sequence order.
    std::vector<protocol::Change> batch(size_t limit, std::int64_t after = 0, std::int64_t upTo = INT64_MAX);
    // The sequence of the newest change queued (0 when none ever was).
    std::int64_t lastSeq();
    // Removes answered changes; applied values become the server values at their sequence.
    void acknowledge(const std::vector<protocol::Change>& sent, const std::vector<protocol::ChangeResult>& results);
    // After signing in again (a new device on the server), numbers the queue from 1.
    void renumber();

private:
    std::int64_t takeSeq();
    Replica& replica_;
};

}  // namespace tandem::sync
