#include "Workflow.h"

#include <array>

namespace tandem {
namespace {

// Who may make a transition. Agency parties are the owner (and, for actions, supporting
// agencies); `leadOnly` narrows them to the agency lead.
enum class By { Agency, AgencyLead, Owner, OwnerLead, BusinessOffice };

struct Edge {
    std::string_view from;
    std::string_view to;
    By by;
};

namespace as = action_status;
constexpr std::array kActionEdges{
    Edge{as::NotStarted, as::InProgress, By::Agency},
    Edge{as::Returned, as::InProgress, By::Agency},
    Edge{as::InProgress, as::SubmittedForClosure, By::OwnerLead},
    Edge{as::Returned, as::SubmittedForClosure, By::OwnerLead},
    Edge{as::SubmittedForClosure, as::InProgress, By::OwnerLead},  // withdrawn by the lead agency
    Edge{as::SubmittedForClosure, as::Closed, By::BusinessOffice},
    Edge{as::SubmittedForClosure, as::Returned, By::BusinessOffice},
    Edge{as::NotStarted, as::Superseded, By::BusinessOffice},
    Edge{as::InProgress, as::Superseded, By::BusinessOffice},
    Edge{as::SubmittedForClosure, as::Superseded, By::BusinessOffice},
    Edge{as::Returned, as::Superseded, By::BusinessOffice},
    Edge{as::Closed, as::InProgress, By::BusinessOffice},  // reopened after a failed re-test
};

namespace rs = return_status;
constexpr std::array kReturnEdges{
    Edge{rs::Assigned, rs::InProgress, By::Owner},
    Edge{rs::Assigned, rs::Submitted, By::Owner},
    Edge{rs::InProgress, rs::Submitted, By::Owner},
    Edge{rs::Returned, rs::InProgress, By::Owner},
    Edge{rs::Returned, rs::Submitted, By::Owner},
    Edge{rs::Submitted, rs::Approved, By::OwnerLead},
    Edge{rs::Submitted, rs::Returned, By::OwnerLead},
    Edge{rs::Approved, rs::Received, By::BusinessOffice},
    Edge{rs::Approved, rs::Returned, By::BusinessOffice},
    Edge{rs::Received, rs::Returned, By::BusinessOffice},
    Edge{rs::Received, rs::Moderated, By::BusinessOffice},
    Edge{rs::Moderated, rs::Closed, By::BusinessOffice},
};

bool allowed(By by, const Actor& a, bool returnRecord) {
    if (a.role == Role::Board) return false;
    const bool lead = a.role == Role::AgencyLead;
    // A practitioner works only on the returns assigned to them.
    const bool owner = a.owner && (!returnRecord || lead || a.assignee);
    switch (by) {
        case By::Agency: return owner || a.supporting;
        case By::AgencyLead: return (a.owner || a.supporting) && lead;
        case By::Owner: return owner;
        case By::OwnerLead: return a.owner && lead;
        case By::BusinessOffice: return a.businessOffice;
    }
    return false;
}

std::string_view whoText(By by) {
    switch (by) {
        case By::Agency: return "the lead or a supporting agency";
        case By::AgencyLead: return "an agency lead";
        case By::Owner: return "the agency completing it";
        case By::OwnerLead: return "the lead of the owning agency";
        case By::BusinessOffice: return "the business office";
    }
    return "?";
}

template <size_t N>
std::optional<TransitionRefusal> check(const std::array<Edge, N>& edges, std::string_view what,
                                       std::string_view from, std::string_view to, const Actor& actor,
                                       bool returnRecord) {
    if (from == to) return std::nullopt;  // re-stating the current status changes nothing
    for (const auto& e : edges) {
        if (e.from != from || e.to != to) continue;
        if (allowed(e.by, actor, returnRecord)) return std::nullopt;
        return TransitionRefusal{"not_allowed", std::string(what) + " can be moved from " +
                                                    std::string(from) + " to " + std::string(to) +
                                                    " only by " + std::string(whoText(e.by)) + "."};
    }
    return TransitionRefusal{"invalid_transition",
                             std::string(what) + " is now " + std::string(from) +
                                 " on the server and cannot move to " + std::string(to) +
                                 " from there (it may have changed while you were offline)."};
}

}  // namespace

std::optional<TransitionRefusal> checkEditable(RecordKind kind, const OwnershipRule& rule, WriterClass writer,
                                               std::string_view status, bool approved) {
    if (rule.type == FieldType::ActionStatus || rule.type == FieldType::ReturnStatus) return std::nullopt;
    const bool office = writer == WriterClass::BusinessOffice;
    const std::string s(status);
    if (kind == RecordKind::AuditReturn) {
        const bool sendToOnApproval = rule.field == "send_to" && status == return_status::Submitted;
        if (!office && !return_status::editableByAgency(status) && !sendToOnApproval)
            return TransitionRefusal{"locked", "The return is " + s + "; it can change only after it is returned to you."};
        if (office && status == return_status::Closed) return TransitionRefusal{"locked", "The return is closed."};
    }
    if (kind == RecordKind::ActionUpdate && approved)
        return TransitionRefusal{"locked", "This progress update has been approved and can no longer change."};
    if (kind == RecordKind::Action && !office &&
        (status == action_status::Closed || status == action_status::Superseded))
        return TransitionRefusal{"locked", "The action is " + s + "; only the business office can change it."};
    return std::nullopt;
}

std::optional<TransitionRefusal> checkClosureDecision(std::string_view to, std::string_view closureEvidence,
                                                      std::string_view closureDecision) {
    if (to == action_status::Closed && closureEvidence.empty())
        return TransitionRefusal{"closure_incomplete",
                                 "An action is closed only with the evidence of its impact: write the closure evidence first."};
    if (to == action_status::Returned && closureDecision.empty())
        return TransitionRefusal{"closure_incomplete",
                                 "Say why the action is returned: write the closure decision first."};
    if (to == action_status::Superseded && closureDecision.empty())
        return TransitionRefusal{"closure_incomplete",
                                 "Say what supersedes the action: write the closure decision first."};
    return std::nullopt;
}

std::optional<TransitionRefusal> checkActionTransition(std::string_view from, std::string_view to,
                                                       const Actor& actor) {
    return check(kActionEdges, "The action", from, to, actor, false);
}

std::optional<TransitionRefusal> checkReturnTransition(std::string_view from, std::string_view to,
                                                       const Actor& actor) {
    return check(kReturnEdges, "The return", from, to, actor, true);
}

}  // namespace tandem
