// The merge decision for one field: a pure function of the field's current server state and
// one incoming edit. No I/O; the server feeds it and stores what it decides.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tandem {

// What the server holds for a field: its value, the server sequence of the write that set it,
// and the precedence rank (0 highest) of the writer who set it.
struct FieldState {
    nlohmann::json value;
    std::int64_t seq = 0;
    int rank = 0;
    std::int64_t device = 0;  // the device whose edit set it; 0 for imports and server writes
};

struct IncomingEdit {
    nlohmann::json value;
    std::int64_t base = 0;    // the field sequence the author saw; 0 = never saw a value
    int rank = 0;             // the author's precedence for this field
    std::int64_t device = 0;  // the device the edit comes from
};

enum class MergeOutcome { Applied, Superseded };

// Why the decision went the way it did, as stored in conflict records.
namespace merge_rule {
inline constexpr std::string_view Sequential = "sequential";
inline constexpr std::string_view SameValue = "same_value";
inline constexpr std::string_view HigherPrecedence = "higher_precedence_wins";
inline constexpr std::string_view SameClassLaterArrival = "same_class_later_arrival_wins";
}  // namespace merge_rule

struct MergeDecision {
    MergeOutcome outcome = MergeOutcome::Applied;
    // A concurrent edit with a different value leaves a loser: the incoming value when
    // superseded, the previous server value when applied.
    bool conflict = false;
    std::string_view rule = merge_rule::Sequential;
    // False when an applied edit leaves the stored field as it is: a concurrent edit that agrees
    // with a value set by an equal or higher-precedence writer must not lower the field's rank.
    bool changesField = true;
};

MergeDecision decide(const std::optional<FieldState>& current, const IncomingEdit& edit);

}  // namespace tandem
