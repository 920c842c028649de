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

// Signs in and stores the identity and token in the replica. A replica belongs to one user:
// signing another user in to it is refused. Pending edits survive a new sign-in.
SignInResult signIn(Replica& replica, Transport& transport, const std::string& serverUrl, const std::string& user,
                    const std::string& password, const std::string& deviceName);

}  // namespace tandem::sync
