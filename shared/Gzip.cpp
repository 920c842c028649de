#include "Gzip.h"

#include <libdeflate.h>

#include <cstdint>
#include <memory>
#include <new>

namespace tandem {
namespace {

struct FreeCompressor {
    void operator()(libdeflate_compressor* c) const { libdeflate_free_compressor(c); }
};
struct FreeDecompressor {
    void operator()(libdeflate_decompressor* d) const { libdeflate_free_decompressor(d); }
};

}  // namespace

std::string gzipCompress(std::string_view data, int level) {
    // A compressor holds ~1 MB of tables: one per thread and level, made once.
    thread_local std::unique_ptr<libdeflate_compressor, FreeCompressor> compressor;
    thread_local int compressorLevel = 0;
    if (!compressor || compressorLevel != level) {
        compressor.reset(libdeflate_alloc_compressor(level));
        compressorLevel = level;
        if (!compressor) throw std::bad_alloc();
    }
    std::string out(libdeflate_gzip_compress_bound(compressor.get(), data.size()), '\0');
    const size_t n = libdeflate_gzip_compress(compressor.get(), data.data(), data.size(), out.data(), out.size());
    out.resize(n);
    return out;
}

std::optional<std::string> gzipDecompress(std::string_view data, size_t maxBytes) {
    // The trailer's last four bytes are the inflated size modulo 2^32: an exact allocation for
    // anything below 4 GiB, and checked by the inflate itself.
    if (data.size() < 18) return std::nullopt;
    const auto* t = reinterpret_cast<const unsigned char*>(data.data() + data.size() - 4);
    const size_t size = std::uint32_t(t[0]) | std::uint32_t(t[1]) << 8 | std::uint32_t(t[2]) << 16 | std::uint32_t(t[3]) << 24;
    if (size > maxBytes) return std::nullopt;
    thread_local std::unique_ptr<libdeflate_decompressor, FreeDecompressor> decompressor(libdeflate_alloc_decompressor());
    if (!decompressor) throw std::bad_alloc();
    std::string out(size, '\0');
    size_t inflated = 0, consumed = 0;
    const auto r = libdeflate_gzip_decompress_ex(decompressor.get(), data.data(), data.size(), out.data(), out.size(),
                                                 &consumed, &inflated);
    // One member exactly, its size as its trailer said.
    if (r != LIBDEFLATE_SUCCESS || inflated != size || consumed != data.size()) return std::nullopt;
    return out;
}

}  // namespace tandem
