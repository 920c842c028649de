// The key of one user's replica file: 32 bytes derived from their password with Argon2id and the
// salt kept beside the file. The key lives only in memory (libsodium's guarded allocation, shared
// by the connections that use it) and is wiped when its last holder lets go; it is never written.
#pragma once

#include "Sqlite.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace tandem::sync {

// Argon2id's cost for a replica key. Unlock for every real replica: libsodium's interactive
// memory (64 MiB) with its moderate number of passes (3), since the key is derived once per
// unlock rather than per request and a stolen file is attacked offline; 256 MiB (moderate) is
// more than a school tablet running the app can be sure to spare, and a device that cannot
// derive its key cannot open its user's work. Minimum only for tests and simulations that open
// hundreds of replicas; it protects nothing.
enum class KdfCost { Unlock, Minimum };

// What a replica's key is derived with, in "<replica>-salt" beside the file: a random salt and the
// cost chosen when the file was made (so a test's cheap file and a real one read the same way).
// Not secret: without the password it opens nothing. Without it the file can never be opened
// again, which is how a wipe makes sure.
struct KeySalt {
    static constexpr std::size_t kSaltBytes = 16;  // crypto_pwhash_SALTBYTES
    std::array<unsigned char, kSaltBytes> salt{};
    std::uint64_t opsLimit = 0;
    std::size_t memLimit = 0;

    static KeySalt fresh(KdfCost cost);
    // The sidecar of `replicaPath`; nullopt when there is none. Throws std::runtime_error when it
    // is there but unreadable.
    static std::optional<KeySalt> read(const std::string& replicaPath);
    // Writes the sidecar durably (a temporary file renamed over it). Throws on failure.
    void write(const std::string& replicaPath) const;
};

// Where the salt of `replicaPath` is kept.
std::string saltPath(const std::string& replicaPath);

class ReplicaKey {
public:
    static constexpr std::size_t kBytes = 32;
    ReplicaKey() = default;  // no key: an in-memory replica
    // Runs Argon2id over the password (the slow step: once per unlock). Throws std::runtime_error
    // when libsodium cannot (out of memory).
    static ReplicaKey derive(std::string_view password, const KeySalt& salt);

    explicit operator bool() const { return bytes_ != nullptr; }
    sql::RawKey raw() const { return sql::RawKey(bytes_.get(), kBytes); }

private:
    // sodium_malloc'd: guard pages around it, kept out of swap, wiped before it is freed.
    std::shared_ptr<unsigned char> bytes_;
};

// The key of the replica at `replicaPath` from `password`, making its salt (at `costForNew`) when
// it has none. For tools whose files are their own (tests, benchmarks); the app and the CLI go
// through unlockReplica, which also tells a wrong password from a missing or plain file.
ReplicaKey keyOf(const std::string& replicaPath, std::string_view password, KdfCost costForNew);

}  // namespace tandem::sync
