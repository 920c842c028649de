// Opening a user's replica with their password: the password becomes the file's key once per
// unlock (ReplicaKey::derive), and the key, not the password, opens every connection after that.
// A wrong password opens nothing and changes nothing. A replica written before encryption is
// carried over into an encrypted file on its first unlock.
#pragma once

#include "Replica.h"
#include "ReplicaKey.h"

#include <memory>
#include <string>
#include <string_view>

namespace tandem::sync {

// Whether an unlock may start a replica where there is none: an online sign-in may, an offline
// unlock may not (there would be nothing in it).
enum class IfNoReplica { Create, Refuse };

struct UnlockedReplica {
    std::unique_ptr<Replica> replica;  // null when the unlock failed
    ReplicaKey key;                    // for other connections to the same file (the sync thread)
    std::string code;                  // wrong_password | no_replica | no_verifier
    std::string message;               // a sentence for the user
    bool created = false;              // a new, empty replica was made: remove it if sign-in fails
    bool migrated = false;             // an unencrypted replica was encrypted on the way
    explicit operator bool() const { return replica != nullptr; }
};

// Derives the key of the replica at `path` from `password` and opens it. `costForNew` is the
// Argon2id cost of a replica made now (or migrated); an existing file keeps the cost it was made
// with. Throws only on local failures (disk, memory), never for a wrong password.
UnlockedReplica unlockReplica(const std::string& path, std::string_view password, IfNoReplica ifNone,
                              KdfCost costForNew = KdfCost::Unlock);

// After a password change: the open replica at `path` is encrypted again under a key from
// `password` with a fresh salt (at the cost its file was made with). The new salt is written
// beside the file before the pages are rewritten and put in place after, and an unlock that meets
// it (a crash in between) tries it too. Throws on a local failure; the old password then still
// opens the file.
void rekeyReplica(Replica& replica, const std::string& path, std::string_view password);

// True when `path` holds a replica that some password can open: an encrypted file with its salt,
// or one from before encryption.
bool replicaCanBeUnlocked(const std::string& path);

// Removes a replica file and everything beside it: its log, its shared memory, its salt.
void removeReplicaFiles(const std::string& path);

}  // namespace tandem::sync
