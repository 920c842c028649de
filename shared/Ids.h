// Identifiers and time stamps made the same way on device and server.
#pragma once

#include <string>

namespace tandem {

// A random version-4 UUID, from libsodium's CSPRNG, so devices never collide offline.
std::string newUuid();
// Current UTC time as ISO 8601 with seconds: 2026-11-22T09:30:00Z.
std::string nowIso();
// Today's UTC date, YYYY-MM-DD: the date of nowIso().
inline std::string todayIso() { return nowIso().substr(0, 10); }

}  // namespace tandem
