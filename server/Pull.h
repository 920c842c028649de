// Builds a pull page: the latest state of every record in the caller's scope changed after the
// cursor, with removals, conflicts and rejections up to the page's end.
#pragma once

#include "Caller.h"
#include "Protocol.h"
#include "Store.h"

#include <optional>
#include <string>

namespace tandem::server {

inline constexpr int kDefaultPullLimit = 500;
inline constexpr int kMaxPullLimit = 5000;

// The page as JSON text (protocol::PageWriter), written as the store reads the records. `count`
// adds the number of records left; `fullDownload`: the device is downloading into an empty
// replica, so a cursor older than the removal history is no reason to start over.
struct PullText {
    std::string text;
    std::optional<std::int64_t> nextCursor;  // when there is a next page: where it starts
};
// `pushResults`: the page answers a push, and carries its results.
PullText pullPageText(Store& store, const Caller& caller, std::int64_t cursor, int limit, bool count = false,
                      bool fullDownload = false, std::vector<protocol::ChangeResult>* pushResults = nullptr);

}  // namespace tandem::server
