// The probe's data: the demo partnership plus N generated actions of about 300 bytes of JSON
// each, spread over four St Helens agencies. Seeded once per size and schema, then copied.
#pragma once

#include <string>

namespace tandem::probe {

// A data directory holding the demo and `records` generated actions; reuses a cached copy.
// Returns the directory (a fresh copy the caller may change).
std::string seededDataDir(int records, const std::string& workDir);

// Id of the i-th generated action, so workloads can edit known records.
std::string actionId(int i);
// The agency leading the i-th generated action.
std::string ownerOf(int i);

}  // namespace tandem::probe
