// Replica files in tests that are not about encryption: encrypted like the app's, but with a key
// from a fixed password at libsodium's minimum Argon2id cost, so that opening hundreds of them
// costs nothing. tst_encryption covers the real cost and the password check.
#pragma once

#include "ReplicaKey.h"

#include <string>

namespace tandem::test {

inline constexpr const char* kTestReplicaPassword = "test replica password";

// The key of the replica file at `path`, making its salt the first time.
inline sync::ReplicaKey testKey(const std::string& path) {
    return sync::keyOf(path, kTestReplicaPassword, sync::KdfCost::Minimum);
}

}  // namespace tandem::test
