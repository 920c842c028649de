// Sign-in and device tokens. Passwords are stored as libsodium Argon2id strings; device tokens
// are 256 random bits, shown once to the device and stored only as their BLAKE2b hash. Tokens
// expire a fixed time after they are issued (SignInPolicy::tokenLifetime) and are rotated by
// the device before then; wrong passwords are limited per account and per address
// (SignInGuard.h).
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
// The rule for new passwords (sign-up by an administrator, a change); "" when `password` meets it.
std::string passwordProblem(const std::string& password);

struct SignInResult {
    std::string token;
    Caller caller;
};

struct IssuedToken {
    std::string token;
    std::int64_t expiresAt = 0;  // Unix seconds
};

class Authenticator {
public:
    explicit Authenticator(Store& store) : store_(store) {}
    // Throws ApiError 401 invalid_credentials, 403 account_disabled, 423 account_locked or
    // 429 too_many_attempts. `address` is the client's (empty: not limited per address).
    SignInResult signIn(const std::string& username, const std::string& password, const std::string& deviceName,
                        const std::string& address = {});
    // Resolves a bearer token; throws ApiError 401 missing_token / invalid_token / device_revoked /
    // token_expired, 403 account_disabled.
    Caller authenticate(const std::string& authorizationHeader);
    // A new token for the caller's device; the one it used stops working at once.
    IssuedToken rotateToken(const Caller& caller);
    // Checks `current` (a wrong one counts as a failed sign-in), sets `next` and revokes every
    // other device of the user, which wipe themselves at their next sync. Returns how many.
    // Throws ApiError 401 invalid_credentials, 400 invalid_value (a weak new password), 423, 429.
    int changePassword(const Caller& caller, const std::string& current, const std::string& next,
                       const std::string& address = {});

private:
    // Verifies a password under the sign-in limits: refuses first when locked, records the
    // outcome after. Throws what signIn throws for a wrong password.
    void checkPassword(const std::string& username, const std::optional<UserRow>& user, const std::string& password,
                       const std::string& address);

    Store& store_;
};

}  // namespace tandem::server
