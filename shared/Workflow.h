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

// What a closure decision needs besides a valid transition, given the action's fields as they
// will stand: closed needs the evidence of impact (`closure_evidence`), returned and superseded
// need the decision's reason (`closure_decision`). Other moves need nothing more.
std::optional<TransitionRefusal> checkClosureDecision(std::string_view to, std::string_view closureEvidence,
                                                      std::string_view closureDecision);

// Whether a non-status field of a record may change in the record's current state: returns are
// locked for their agency once submitted, approved progress updates are append-only, closed
// and superseded actions change only by the business office. A return's `send_to` stays open
// to its agency lead while the return waits for approval, so it can be set when approving. `status` is the record's status
// (empty when it has none); `approved` whether an action update has been approved.
std::optional<TransitionRefusal> checkEditable(RecordKind kind, const OwnershipRule& rule, WriterClass writer,
                                               std::string_view status, bool approved);

}  // namespace tandem
