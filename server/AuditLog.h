// The tamper-evident audit log: every write to the store (each push with the outcome of each of
// its changes, and every administrative write) and every delivery of audit returns' answers to a
// device gets an entry saying who, from which device, did what to which records, and when.
//
// Entries form a hash chain: an entry's hash is SHA-256 over its canonical form, which includes
// the hash of the entry before it, and entries are numbered 1, 2, 3, ... without gaps. Changing
// an entry breaks its own hash; deleting one leaves a gap (and the next entry's previous hash
// names an entry that is not there); cutting entries off the end is seen against the head
// number kept in meta. The chain proves the log was not edited by someone who cannot also
// recompute every later hash; anchoring the head hash outside the server (verify-audit prints
// it) closes that too.
#pragma once

#include "Store.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tandem::server {

// Who an entry names: a signed-in user and device, or the operator at the server's command line.
struct AuditWho {
    std::string user;
    std::int64_t device = 0;
};
inline AuditWho commandLineOperator() { return AuditWho{"command-line", 0}; }

// The bytes an entry's hash covers: every column but the hash, in order, each as a netstring
// ("<length>:<bytes>,"), so that no choice of values can make two entries read the same.
std::string auditCanonicalForm(const AuditEntry& e);
// Lower-case hex SHA-256 of the canonical form.
std::string auditHash(const AuditEntry& e);

// Appends an entry in the current unit of writes, so that it commits or rolls back with what it
// records: numbered after the last one, stamped with the time now, chained and hashed.
// `records` is what was written or read (a JSON array).
void appendAudit(StoreSession& s, const AuditWho& who, std::string_view action, std::string_view operation,
                 const nlohmann::json& records);

struct AuditVerification {
    std::int64_t verified = 0;         // entries checked and found sound before any break
    std::optional<std::string> broken; // what is wrong with the first broken entry
    std::int64_t brokenId = 0;         // its number
    std::string headHash;              // the last entry's hash, to anchor elsewhere
};
// Walks the whole chain in one read.
AuditVerification verifyAuditLog(Store& store);

}  // namespace tandem::server
