// Builds a large device replica for the app benchmark: agencies, reviews, a template, rounds,
// actions and returns written straight into the replica tables in one transaction, as if a
// long first sync had pulled them.
#pragma once

#include "ReplicaKey.h"

#include <string>

namespace tandem::bench {

// The key of a benchmark replica (Argon2id at its minimum: the benchmark times the app, not the
// unlock).
inline sync::ReplicaKey benchKey(const std::string& path) { return sync::keyOf(path, "bench replica", sync::KdfCost::Minimum); }

struct ReplicaSize {
    int actions = 100000;
    int returns = 10000;
    int reviews = 200;
    int agencies = 40;
    int answersPerReturn = 20;
};

// Creates `path` (it must not exist) signed in as a practitioner of agency "AG00". The template
// is `templateJson`, padded to at least 75 questions. Returns the id of a return to open.
std::string buildReplica(const std::string& path, const std::string& templateJson, const ReplicaSize& size);

}  // namespace tandem::bench
