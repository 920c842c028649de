// The signed-in user and device behind a request, resolved from its device token.
#pragma once

#include "Store.h"

#include <string>
#include <vector>

namespace tandem::server {

struct Caller {
    UserRow user;
    DeviceRow device;
    std::vector<std::string> partnerships;
};

}  // namespace tandem::server
