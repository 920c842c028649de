#include "ReplicaKey.h"

#include <nlohmann/json.hpp>
#include <sodium.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <new>
#include <stdexcept>

#include <fcntl.h>
#include <unistd.h>

namespace tandem::sync {
namespace {

static_assert(KeySalt::kSaltBytes == crypto_pwhash_SALTBYTES);
static_assert(ReplicaKey::kBytes == 32);

constexpr const char* kFormat = "tandem-replica-key";
constexpr const char* kKdf = "argon2id13";

void ensureSodium() {
    if (sodium_init() < 0) throw std::runtime_error("libsodium could not start");
}

// A rename is only durable once the file's data is on disk.
void syncFile(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

}  // namespace

std::string saltPath(const std::string& replicaPath) { return replicaPath + "-salt"; }

KeySalt KeySalt::fresh(KdfCost cost) {
    ensureSodium();
    KeySalt s;
    randombytes_buf(s.salt.data(), s.salt.size());
    if (cost == KdfCost::Unlock) {
        s.opsLimit = crypto_pwhash_OPSLIMIT_MODERATE;
        s.memLimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
    } else {
        s.opsLimit = crypto_pwhash_OPSLIMIT_MIN;
        s.memLimit = crypto_pwhash_MEMLIMIT_MIN;
    }
    return s;
}

std::optional<KeySalt> KeySalt::read(const std::string& replicaPath) {
    std::ifstream in(saltPath(replicaPath));
    if (!in) return std::nullopt;
    const auto j = nlohmann::json::parse(in, nullptr, false);
    auto bad = [&](const char* why) { return std::runtime_error("the key salt beside " + replicaPath + " is unreadable (" + why + ")"); };
    if (!j.is_object() || j.value("format", "") != kFormat || j.value("version", 0) != 1) throw bad("not a salt file");
    if (j.value("kdf", "") != kKdf) throw bad("unknown key derivation");
    KeySalt s;
    const std::string hex = j.value("salt", "");
    size_t len = 0;
    if (sodium_hex2bin(s.salt.data(), s.salt.size(), hex.data(), hex.size(), nullptr, &len, nullptr) != 0 || len != s.salt.size())
        throw bad("salt");
    s.opsLimit = j.value("opslimit", std::uint64_t(0));
    s.memLimit = j.value("memlimit", std::size_t(0));
    if (s.opsLimit < crypto_pwhash_OPSLIMIT_MIN || s.opsLimit > crypto_pwhash_OPSLIMIT_MAX ||
        s.memLimit < crypto_pwhash_MEMLIMIT_MIN || s.memLimit > crypto_pwhash_MEMLIMIT_MAX)
        throw bad("cost");
    return s;
}

void KeySalt::write(const std::string& replicaPath) const {
    char hex[2 * kSaltBytes + 1];
    sodium_bin2hex(hex, sizeof hex, salt.data(), salt.size());
    const nlohmann::json j{{"format", kFormat}, {"version", 1}, {"kdf", kKdf}, {"opslimit", opsLimit},
                           {"memlimit", memLimit}, {"salt", hex}};
    const std::string target = saltPath(replicaPath), temp = target + ".tmp";
    {
        std::ofstream out(temp, std::ios::trunc);
        out << j.dump() << "\n";
        if (!out.flush()) throw std::runtime_error("cannot write " + temp);
    }
    syncFile(temp);
    std::filesystem::rename(temp, target);
    syncFile(std::filesystem::path(target).parent_path().string());
}

ReplicaKey ReplicaKey::derive(std::string_view password, const KeySalt& salt) {
    ensureSodium();
    auto* bytes = static_cast<unsigned char*>(sodium_malloc(kBytes));
    if (!bytes) throw std::bad_alloc();
    ReplicaKey key;
    key.bytes_ = std::shared_ptr<unsigned char>(bytes, [](unsigned char* p) {
        sodium_memzero(p, kBytes);
        sodium_free(p);
    });
    if (crypto_pwhash(bytes, kBytes, password.data(), password.size(), salt.salt.data(), salt.opsLimit, salt.memLimit,
                      crypto_pwhash_ALG_ARGON2ID13) != 0)
        throw std::runtime_error("the replica key could not be derived (out of memory)");
    return key;
}

ReplicaKey keyOf(const std::string& replicaPath, std::string_view password, KdfCost costForNew) {
    auto salt = KeySalt::read(replicaPath);
    if (!salt) {
        salt = KeySalt::fresh(costForNew);
        salt->write(replicaPath);
    }
    return ReplicaKey::derive(password, *salt);
}

}  // namespace tandem::sync
