#include "ListSnapshot.h"

#include "ReplicaQueries.h"

namespace tandem::app {

std::shared_ptr<ListSnapshot> ListSnapshot::read(sync::Replica& replica) {
    auto s = std::make_shared<ListSnapshot>();
    s->lookups.load(replica);
    s->actions.emplace(s->lookups);
    s->returns.emplace(s->lookups);
    // Both home lists from one pass over the replica.
    sync::forEachListRow(
        replica, [&](sync::ActionRow& a) { s->actions->add(a); }, [&](sync::ReturnRow& r) { s->returns->add(r); },
        s->lookups.conditionCodes);
    return s;
}

}  // namespace tandem::app
