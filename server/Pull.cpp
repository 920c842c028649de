#include "Pull.h"

#include "AuditLog.h"
#include "PageWriter.h"
#include "Scope.h"

namespace tandem::server {

PullText pullPageText(Store& store, const Caller& caller, std::int64_t cursor, int limit, bool count,
                      bool fullDownload, std::vector<protocol::ChangeResult>* pushResults) {
    protocol::PullPage page;  // everything but the records, which go straight into the writer
    if (pushResults) page.results = std::move(*pushResults);
    protocol::PageWriter writer;
    nlohmann::json returnsRead = nlohmann::json::array();  // audit returns whose answers this page delivers
    store.read([&](StoreSession& s) {
        const std::int64_t horizon = std::stoll(s.meta("removal_horizon").value_or("0"));
        const std::int64_t upto = s.currentSeq();
        // Too old to know what was removed since, or from another life of this server.
        if ((cursor > 0 && cursor < horizon && !fullDownload) || cursor > upto) {
            page.refetch = true;
            return;
        }
        const auto keys = keysFor(caller.user, caller.partnerships);
        // One record past the limit says whether there is more; it goes in the next page.
        std::int64_t last = cursor;
        s.forEachChangedRecord(keys, cursor, upto, limit + 1, [&](const RecordView& r) {
            if (static_cast<int>(writer.records()) == limit) {
                page.more = true;
                return;
            }
            writer.addRecord(r.id, r.kind, r.partnership, r.owner, r.seq, r.fields);
            if (r.kind == "audit_return") returnsRead.push_back(r.id);
            last = r.seq;
        });
        // Counting costs a scan of what is left, so only the first page of a sync asks (for its
        // progress bar), and a page that holds all of it needs none.
        if (count) page.total = page.more ? s.countChangedRecords(keys, cursor, upto) : static_cast<std::int64_t>(writer.records());
        const std::int64_t end = page.more ? last : upto;
        page.removals = s.removals(keys, cursor, end);
        page.conflicts = s.conflicts(keys, cursor, end);
        page.rejections = s.rejections(keys, cursor, end);
        page.cursor = end;
    });
    // A read of answers is logged before the page leaves: the page was read on a reader's snapshot
    // (reads never wait for the writer), and its entry is one small unit queued on the writer,
    // group-committed with whatever else is being written. Should the entry fail, the page is not
    // sent (the request answers 500), so no answers reach a device unlogged.
    if (!returnsRead.empty())
        store.write([&](StoreSession& s) {
            appendAudit(s, AuditWho{caller.user.username, caller.device.id}, "read", "pull", returnsRead);
        });
    PullText out{writer.finish(page), std::nullopt};
    if (page.more) out.nextCursor = page.cursor;
    return out;
}

}  // namespace tandem::server
