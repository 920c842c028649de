#include "Merge.h"

namespace tandem {

MergeDecision decide(const std::optional<FieldState>& current, const IncomingEdit& edit) {
    const std::int64_t currentSeq = current ? current->seq : 0;
    // The author saw the value the server has now: nothing happened in between.
    if (edit.base >= currentSeq) return {MergeOutcome::Applied, false, merge_rule::Sequential};
    // Concurrent, but both sides agree: no one loses anything.
    if (current->value == edit.value)
        return {MergeOutcome::Applied, false, merge_rule::SameValue, edit.rank < current->rank};
    if (edit.rank < current->rank) return {MergeOutcome::Applied, true, merge_rule::HigherPrecedence};
    if (edit.rank > current->rank) return {MergeOutcome::Superseded, true, merge_rule::HigherPrecedence};
    return {MergeOutcome::Applied, true, merge_rule::SameClassLaterArrival};
}

}  // namespace tandem
