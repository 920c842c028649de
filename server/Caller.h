// The signed-in user and device behind a request, resolved from its device token.
#pragma once

#include "Store.h"

#include <cstdint>
#include <string>
#include <vector>

namespace tandem::server {

struct Caller {
    UserRow user;
    DeviceRow device;
    std::vector<std::string> partnerships;
    // When the device's token stops working (Unix seconds), and whether it is past half its life:
    // answers then say so (Tandem-Token-Expires) and the device rotates it.
    std::int64_t tokenExpiresAt = 0;
    bool tokenRotationDue = false;
};

}  // namespace tandem::server
