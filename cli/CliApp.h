// tandem-cli: the headless client, for agency leads' scripted syncs and for tests. Everything
// but sign-in and sync works offline on the replica.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace tandem::cli {

// Runs one command; output to `out`, errors (one precise line each) to `err`. Returns the exit
// code: 0 done, 1 refused or failed, 2 bad usage, 3 offline (try again later).
int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace tandem::cli
