// The demo partnership: agencies, the four action plans and every template from data/, audit
// rounds so every role has work, and a user for each role in each partnership.
#pragma once

#include "Store.h"

#include <string>
#include <vector>

namespace tandem::server {

inline constexpr const char* kDemoPassword = "tandem-demo-2026";

struct DemoUser {
    std::string name, role, agency, partnership;
};
const std::vector<DemoUser>& demoUsers();

// Sets up the demo in an empty store (does nothing if it is set up already). Returns false
// with `error` set if a data file is missing or bad.
bool setUpDemo(Store& store, const std::string& dataDir, std::string& error);

}  // namespace tandem::server
