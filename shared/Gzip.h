// gzip for whole sync bodies, both ways, with libdeflate: a pull page is in memory whole anyway,
// and libdeflate's whole-buffer coder is two to three times faster than zlib's streaming one at
// the same ratio. cpp-httplib still inflates what it receives from others (zlib, streamed and
// capped), so anything that speaks plain HTTP with gzip keeps working.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace tandem {

// Level 1 (fastest) to 12 (smallest). kSyncLevel is the one sync bodies use: its ratio keeps a
// pull under half of PouchDB's bytes, at a third of zlib's default level's time.
inline constexpr int kSyncGzipLevel = 4;
std::string gzipCompress(std::string_view data, int level = kSyncGzipLevel);

// The inflated body, or nullopt when `data` is not one well-formed gzip member or would inflate
// past `maxBytes` (a "zip bomb" is refused before its output is allocated).
std::optional<std::string> gzipDecompress(std::string_view data, size_t maxBytes);

}  // namespace tandem
