// Identifiers and time stamps made the same way on device and server.
#pragma once

#include <cstdint>
#include <string>

namespace tandem {

// A random version-4 UUID, from libsodium's CSPRNG, so devices never collide offline.
std::string newUuid();
// A time in seconds since 1970 as UTC text in a strftime `format`.
std::string utcText(std::int64_t unixSeconds, const char* format);
// A time in seconds since 1970 as ISO 8601 UTC with seconds: 2026-11-22T09:30:00Z.
inline std::string isoTime(std::int64_t unixSeconds) { return utcText(unixSeconds, "%Y-%m-%dT%H:%M:%SZ"); }
// Current UTC time as ISO 8601 with seconds: 2026-11-22T09:30:00Z.
std::string nowIso();
// Today's UTC date, YYYY-MM-DD: the date of nowIso().
inline std::string todayIso() { return nowIso().substr(0, 10); }

}  // namespace tandem
