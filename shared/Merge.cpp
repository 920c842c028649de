#include "Merge.h"

namespace tandem {

MergeDecision decide(const std::optional<FieldState>& current, const IncomingEdit& edit) {
    const std::int64_t currentSeq = current ? current->seq : 0;
    // The author saw the value the server has now: nothing happened in between.
    if (edit.base >= currentSeq) return {MergeOutcome::Applied, false, merge_rule::Sequential};
    // The value there now is this device's own earlier edit: a device's edits arrive in the
    // order they were made, so a later one knowingly replaces it (two offline edits of one field
    // share a base, and must not conflict with each other).
    if (current->device != 0 && current->device == edit.device)
        return {MergeOutcome::Applied, false, merge_rule::Sequential};
    // Concurrent, but both sides agree: no one loses anything.
    if (current->value == edit.value)
        return {MergeOutcome::Applied, false, merge_rule::SameValue, edit.rank < current->rank};
    if (edit.rank < current->rank) return {MergeOutcome::Applied, true, merge_rule::HigherPrecedence};
    if (edit.rank > current->rank) return {MergeOutcome::Superseded, true, merge_rule::HigherPrecedence};
    return {MergeOutcome::Applied, true, merge_rule::SameClassLaterArrival};
}

}  // namespace tandem
