#include "Auth.h"

#include "ApiError.h"
#include "RecordWrites.h"

#include <sodium.h>

#include <stdexcept>

namespace tandem::server {
namespace {

void initSodium() {
    if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
}

std::string hex(const unsigned char* data, size_t n) {
    std::string out(n * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), data, n);
    out.pop_back();
    return out;
}

// A real hash to verify against when the user does not exist, so that unknown and known
// users take the same time to refuse.
const std::string& dummyHash(KdfCost cost) {
    static const std::string interactive = hashPassword("tandem-no-such-user", KdfCost::Interactive);
    static const std::string minimum = hashPassword("tandem-no-such-user", KdfCost::Minimum);
    return cost == KdfCost::Interactive ? interactive : minimum;
}

}  // namespace

std::optional<KdfCost> kdfCostFromString(std::string_view s) {
    if (s == "interactive") return KdfCost::Interactive;
    if (s == "minimum") return KdfCost::Minimum;
    return std::nullopt;
}

KdfCost kdfCostOf(StoreSession& s) {
    return kdfCostFromString(s.meta("kdf_cost").value_or("interactive")).value_or(KdfCost::Interactive);
}

std::string hashPassword(const std::string& password, KdfCost cost) {
    initSodium();
    char out[crypto_pwhash_STRBYTES];
    const bool minimum = cost == KdfCost::Minimum;
    if (crypto_pwhash_str(out, password.data(), password.size(),
                          minimum ? crypto_pwhash_OPSLIMIT_MIN : crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          minimum ? crypto_pwhash_MEMLIMIT_MIN : crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        throw std::runtime_error("out of memory while hashing a password");
    return out;
}

bool verifyPassword(const std::string& hash, const std::string& password) {
    initSodium();
    return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

std::string newDeviceToken() {
    initSodium();
    unsigned char b[32];
    randombytes_buf(b, sizeof b);
    return hex(b, sizeof b);
}

std::string tokenHash(const std::string& token) {
    initSodium();
    unsigned char h[32];
    crypto_generichash(h, sizeof h, reinterpret_cast<const unsigned char*>(token.data()), token.size(), nullptr, 0);
    return hex(h, sizeof h);
}

SignInResult Authenticator::signIn(const std::string& username, const std::string& password,
                                   const std::string& deviceName) {
    std::optional<UserRow> user;
    KdfCost cost = KdfCost::Interactive;
    store_.read([&](StoreSession& s) {
        user = s.userByName(username);
        cost = kdfCostOf(s);
    });
    // Verify outside any transaction: Argon2id takes tens of milliseconds by design.
    const bool ok = verifyPassword(user ? user->passwordHash : dummyHash(cost), password);
    if (!user || !ok) throw ApiError(401, "invalid_credentials", "The user name or password is not right.");
    if (user->disabled) throw ApiError(403, "account_disabled", "This account has been disabled.");
    SignInResult out;
    out.token = newDeviceToken();
    store_.write([&](StoreSession& s) {
        const auto id = s.addDevice(user->id, deviceName, tokenHash(out.token));
        out.caller = Caller{*user, *s.device(id), partnershipsOf(s, user->agency)};
    });
    return out;
}

Caller Authenticator::authenticate(const std::string& header) {
    static const std::string prefix = "Bearer ";
    if (header.empty()) throw ApiError(401, "missing_token", "Sign in first: this request has no device token.");
    if (header.rfind(prefix, 0) != 0 || header.size() > 200)
        throw ApiError(401, "invalid_token", "The Authorization header must be \"Bearer <device token>\".");
    const std::string hash = tokenHash(header.substr(prefix.size()));
    Caller caller;
    store_.read([&](StoreSession& s) {
        auto device = s.deviceByTokenHash(hash);
        if (!device) throw ApiError(401, "invalid_token", "This device token is not known; sign in again.");
        if (device->revoked) throw ApiError(401, "device_revoked", "This device has been revoked; its data must be wiped.");
        auto user = s.userById(device->userId);
        if (!user) throw ApiError(401, "invalid_token", "The user of this device no longer exists.");
        if (user->disabled) throw ApiError(403, "account_disabled", "This account has been disabled.");
        caller = Caller{*user, *device, partnershipsOf(s, user->agency)};
    });
    return caller;
}

}  // namespace tandem::server
