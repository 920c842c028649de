// Settings a partnership's administrator makes that devices must see: the case-code pattern.
// The server keeps it in partnership_settings (what the push checks) and mirrors it onto the
// partnership's business office agency record (field case_code_pattern, written by the server
// only), which is reference data every user of the partnership receives, so devices check case
// codes against the same pattern before queueing them.
#pragma once

#include "AuditLog.h"
#include "Store.h"

#include <optional>
#include <string>
#include <vector>

namespace tandem::server {

// Sets (or, with an empty pattern, clears) the partnership's case-code pattern. Errors as CLI lines.
std::vector<std::string> setCaseCodePattern(Store& store, const std::string& partnership, const std::string& pattern,
                                            const AuditWho& who = commandLineOperator());

}  // namespace tandem::server
