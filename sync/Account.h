// Signing a replica in: one replica file per user on a shared laptop, a device token from the
// server stored in the replica's meta table.
#pragma once

#include "Replica.h"
#include "Transport.h"

#include <string>

namespace tandem::sync {

// The replica file of `user` inside a device's data folder.
std::string replicaPath(const std::string& dir, const std::string& user);

struct SignInResult {
    bool ok = false;
    std::string code;
    std::string message;
};

// Signs in and stores the identity and token in the replica, with the CA file `transport`
// checks the server's certificate against (for later syncs; "" for the system's CAs). A replica
// belongs to one user: signing another user in to it is refused. Pending edits survive a new
// sign-in. A certificate that does not verify ends it at once (code certificate_unverified).
SignInResult signIn(Replica& replica, Transport& transport, const std::string& serverUrl, const std::string& user,
                    const std::string& password, const std::string& deviceName, const std::string& caFile = {});
// The CA file the replica's sign-in named ("" for none).
std::string caFileOf(Replica& replica);

// Changes the signed-in user's password on the server (POST /v1/password), which revokes the
// user's other devices, and then keeps the new password's verifier for offline unlock. Sent
// once: were the answer lost, the server may have the new password already.
SignInResult changePassword(Replica& replica, Transport& transport, const std::string& current, const std::string& next);

// Offline unlock before encryption: the device kept an Argon2id verifier of the password
// (libsodium crypto_pwhash_str) in the replica. An encrypted replica needs none (the password's
// key opens it or nothing: ReplicaUnlock); the verifier of an old plain replica is what lets it
// be carried over offline. Returns false if libsodium could not hash (out of memory).
bool rememberPassword(Replica& replica, const std::string& password);

struct UnlockResult {
    bool ok = false;
    std::string code;     // no_replica_user | no_verifier | wrong_password
    std::string message;  // a sentence for the user
};
// Checks `password` for `user` against the stored verifier. The replica is not changed.
UnlockResult unlockOffline(Replica& replica, const std::string& user, const std::string& password);

}  // namespace tandem::sync
