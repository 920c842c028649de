// Server-side writes that do not come from a device's outbox: imports, opening rounds, and the
// creation step of a pushed record. Each takes sequences like any other accepted write.
#pragma once

#include "Store.h"

#include <map>
#include <string>

namespace tandem::server {

// The identity recorded as the writer of imported and server-made values.
inline constexpr const char* kSystemUser = "tandem";

// Creates (or, for re-imports of the same id, overwrites) a record and its fields at one new
// sequence, with its audience. Returns that sequence.
std::int64_t createRecord(StoreSession& s, RecordRow row, const std::map<std::string, nlohmann::json>& fields,
                          const std::string& user = kSystemUser, const std::string& agency = {});

// The partnerships an agency belongs to (empty if the agency is unknown).
std::vector<std::string> partnershipsOf(StoreSession& s, const std::string& agencyCode);

}  // namespace tandem::server
