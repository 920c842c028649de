// Sign-in and device tokens. Passwords are stored as libsodium Argon2id strings; device tokens
// are 256 random bits, shown once to the device and stored only as their BLAKE2b hash.
#pragma once

#include "Caller.h"
#include "Store.h"

#include <optional>
#include <string>
#include <string_view>

namespace tandem::server {

// Interactive is libsodium's recommended cost for sign-in (64 MiB, about 0.1 s). Minimum exists
// only for simulations and fuzzing that sign in thousands of times; never for real accounts.
enum class KdfCost { Interactive, Minimum };
std::optional<KdfCost> kdfCostFromString(std::string_view s);
// The cost a data directory uses for new passwords (meta "kdf_cost"; interactive by default).
KdfCost kdfCostOf(StoreSession& s);

std::string hashPassword(const std::string& password, KdfCost cost = KdfCost::Interactive);
bool verifyPassword(const std::string& hash, const std::string& password);
std::string newDeviceToken();
std::string tokenHash(const std::string& token);

struct SignInResult {
    std::string token;
    Caller caller;
};

class Authenticator {
public:
    explicit Authenticator(Store& store) : store_(store) {}
    // Throws ApiError 401 invalid_credentials / 403 account_disabled.
    SignInResult signIn(const std::string& username, const std::string& password, const std::string& deviceName);
    // Resolves a bearer token; throws ApiError 401 missing_token / invalid_token / device_revoked.
    Caller authenticate(const std::string& authorizationHeader);

private:
    Store& store_;
};

}  // namespace tandem::server
