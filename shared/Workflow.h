// The workflow state machines for action status and audit return status. A transition applies
// only if it is valid from the server's current state and the actor's role owns it.
#pragma once

#include "Ownership.h"

#include <optional>
#include <string>
#include <string_view>

namespace tandem {

struct TransitionRefusal {
    std::string code;     // invalid_transition | not_allowed
    std::string message;  // a sentence for the user
};

std::optional<TransitionRefusal> checkActionTransition(std::string_view from, std::string_view to,
                                                       const Actor& actor);
std::optional<TransitionRefusal> checkReturnTransition(std::string_view from, std::string_view to,
                                                       const Actor& actor);

// Whether a non-status field of a record may change in the record's current state: returns are
// locked for their agency once submitted, approved progress updates are append-only, closed
// and superseded actions change only by the business office. `status` is the record's status
// (empty when it has none); `approved` whether an action update has been approved.
std::optional<TransitionRefusal> checkEditable(RecordKind kind, const OwnershipRule& rule, WriterClass writer,
                                               std::string_view status, bool approved);

}  // namespace tandem
