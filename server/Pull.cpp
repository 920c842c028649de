#include "Pull.h"

#include "Scope.h"

namespace tandem::server {

PullAnswer pull(Store& store, const Caller& caller, std::int64_t cursor, int limit, bool count, bool fullDownload) {
    PullAnswer answer;
    protocol::PullPage& page = answer.page;
    store.read([&](StoreSession& s) {
        const std::int64_t horizon = std::stoll(s.meta("removal_horizon").value_or("0"));
        const std::int64_t upto = s.currentSeq();
        // Too old to know what was removed since, or from another life of this server.
        if ((cursor > 0 && cursor < horizon && !fullDownload) || cursor > upto) {
            page.refetch = true;
            return;
        }
        const auto keys = keysFor(caller.user, caller.partnerships);
        // Counting costs a scan, so only the first page of a sync asks, for its progress bar.
        if (count) page.total = s.countChangedRecords(keys, cursor, upto);
        page.records = s.changedRecords(keys, cursor, upto, limit + 1);
        std::int64_t end = upto;
        if (static_cast<int>(page.records.size()) > limit) {
            page.records.resize(static_cast<size_t>(limit));
            end = page.records.back().seq;
            page.more = true;
        }
        page.removals = s.removals(keys, cursor, end);
        page.conflicts = s.conflicts(keys, cursor, end);
        page.rejections = s.rejections(keys, cursor, end);
        page.cursor = end;
    });
    return answer;
}

}  // namespace tandem::server
