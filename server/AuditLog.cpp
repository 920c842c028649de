#include "AuditLog.h"

#include "Ids.h"

#include <sodium.h>

#include <stdexcept>

namespace tandem::server {
namespace {

void netstring(std::string& out, std::string_view bytes) {
    out += std::to_string(bytes.size());
    out += ':';
    out += bytes;
    out += ',';
}

std::string hex(const unsigned char* data, size_t n) {
    std::string out(n * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), data, n);
    out.pop_back();
    return out;
}

// The head: the number of the last entry written, kept beside the data so that entries cut off
// the end of the log are missed.
constexpr const char* kHeadKey = "audit_head";

std::string describe(const AuditEntry& e) { return "entry " + std::to_string(e.id) + " (" + e.at + ")"; }

}  // namespace

std::string auditCanonicalForm(const AuditEntry& e) {
    std::string out;
    out.reserve(e.records.size() + e.user.size() + e.operation.size() + 160);
    netstring(out, std::to_string(e.id));
    netstring(out, e.at);
    netstring(out, e.user);
    netstring(out, std::to_string(e.device));
    netstring(out, e.action);
    netstring(out, e.operation);
    netstring(out, e.records);
    netstring(out, e.prevHash);
    return out;
}

std::string auditHash(const AuditEntry& e) {
    if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
    const std::string bytes = auditCanonicalForm(e);
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
    return hex(h, sizeof h);
}

void appendAudit(StoreSession& s, const AuditWho& who, std::string_view action, std::string_view operation,
                 const nlohmann::json& records) {
    AuditEntry e;
    if (auto last = s.lastAuditEntry()) {
        e.id = last->id + 1;
        e.prevHash = last->hash;
    } else {
        e.id = 1;
    }
    e.at = nowIso();
    e.user = who.user;
    e.device = who.device;
    e.action = std::string(action);
    e.operation = std::string(operation);
    e.records = records.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    e.hash = auditHash(e);
    s.putAuditEntry(e);
    s.setMeta(kHeadKey, std::to_string(e.id));
}

AuditVerification verifyAuditLog(Store& store) {
    AuditVerification v;
    store.read([&](StoreSession& s) {
        std::int64_t expected = 1;
        std::string prevHash;
        s.forEachAuditEntry([&](const AuditEntry& e) {
            if (v.broken) return;
            auto breakAt = [&](std::int64_t id, std::string what) {
                v.broken = std::move(what);
                v.brokenId = id;
            };
            if (e.id != expected) {
                breakAt(expected, "entry " + std::to_string(expected) +
                                      (e.id > expected + 1 ? " to " + std::to_string(e.id - 1) + " are" : " is") +
                                      " missing: " + describe(e) + " follows entry " + std::to_string(expected - 1));
                return;
            }
            if (auditHash(e) != e.hash) {
                breakAt(e.id, describe(e) + ": its contents do not match its hash (changed after it was written)");
                return;
            }
            if (e.prevHash != prevHash) {
                breakAt(e.id, describe(e) + ": the previous-entry hash it holds is not the hash of entry " +
                                  std::to_string(e.id - 1) + " (entry " + std::to_string(e.id - 1) + " was replaced)");
                return;
            }
            ++v.verified;
            ++expected;
            prevHash = e.hash;
        });
        if (v.broken) return;
        const std::int64_t head = std::stoll(s.meta(kHeadKey).value_or("0"));
        if (head >= expected) {
            v.broken = "entries " + std::to_string(expected) + " to " + std::to_string(head) +
                       " are missing from the end of the log (its head is entry " + std::to_string(head) + ")";
            v.brokenId = expected;
        }
        v.headHash = prevHash;
    });
    return v;
}

}  // namespace tandem::server
