#include "Auth.h"

#include "ApiError.h"
#include "RecordWrites.h"
#include "SignInGuard.h"

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

std::string passwordProblem(const std::string& password) {
    if (password.size() < 8) return "password must be at least 8 characters";
    if (password.size() > 1024) return "password must be at most 1024 characters";
    return {};
}

namespace {

std::chrono::seconds tokenLifetimeOf(StoreSession& s) {
    // One meta read, not the whole policy: this runs on every authenticated request.
    const auto v = s.meta("token_lifetime_seconds");
    const auto fallback = SignInPolicy{}.tokenLifetime;
    if (!v) return fallback;
    try {
        const long long seconds = std::stoll(*v);
        return seconds > 0 ? std::chrono::seconds(seconds) : fallback;
    } catch (const std::exception&) {
        return fallback;
    }
}

// Inside the write that acts on a right password: a lock set meanwhile by a concurrent wrong
// one still holds.
void refuseIfLockedNow(StoreSession& s, const std::string& username) {
    const std::int64_t now = unixNow();
    if (const auto until = s.accountLockedUntil(username); until && *until > now) throwAccountLocked(*until, now);
}

}  // namespace

void Authenticator::checkPassword(const std::string& username, const std::optional<UserRow>& user,
                                  const std::string& password, const std::string& address) {
    SignInPolicy policy;
    KdfCost cost = KdfCost::Interactive;
    store_.read([&](StoreSession& s) {
        policy = signInPolicyOf(s);
        cost = kdfCostOf(s);
        checkSignInAllowed(s, policy, username, address, unixNow());
    });
    // Verify outside any transaction: Argon2id takes tens of milliseconds by design.
    if (verifyPassword(user ? user->passwordHash : dummyHash(cost), password) && user) return;
    const std::int64_t now = unixNow();
    bool locked = false;
    store_.write([&](StoreSession& s) { locked = recordSignInFailure(s, policy, username, address, now); });
    if (locked) throwAccountLocked(now + policy.lockFor.count(), now);
    throw ApiError(401, "invalid_credentials", "The user name or password is not right.");
}

SignInResult Authenticator::signIn(const std::string& username, const std::string& password,
                                   const std::string& deviceName, const std::string& address) {
    std::optional<UserRow> user;
    store_.read([&](StoreSession& s) { user = s.userByName(username); });
    checkPassword(username, user, password, address);
    if (user->disabled) throw ApiError(403, "account_disabled", "This account has been disabled.");
    SignInResult out;
    out.token = newDeviceToken();
    store_.write([&](StoreSession& s) {
        refuseIfLockedNow(s, username);
        recordSignInSuccess(s, username);
        const std::int64_t now = unixNow();
        const auto id = s.addDevice(user->id, deviceName, tokenHash(out.token));
        s.setDeviceToken(id, tokenHash(out.token), now);
        out.caller = Caller{*user, *s.device(id), partnershipsOf(s, user->agency)};
        out.caller.tokenExpiresAt = now + tokenLifetimeOf(s).count();
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
        const std::int64_t now = unixNow();
        const std::int64_t issued = s.tokenIssuedAt(device->id);
        const std::int64_t lifetime = tokenLifetimeOf(s).count();
        if (now >= issued + lifetime)
            throw ApiError(401, "token_expired", "This device's sign-in has expired; sign in again.");
        auto user = s.userById(device->userId);
        if (!user) throw ApiError(401, "invalid_token", "The user of this device no longer exists.");
        if (user->disabled) throw ApiError(403, "account_disabled", "This account has been disabled.");
        caller = Caller{*user, *device, partnershipsOf(s, user->agency)};
        caller.tokenExpiresAt = issued + lifetime;
        caller.tokenRotationDue = now >= issued + lifetime / 2;
    });
    return caller;
}

IssuedToken Authenticator::rotateToken(const Caller& caller) {
    IssuedToken out{newDeviceToken(), 0};
    store_.write([&](StoreSession& s) {
        // Revoked since the request was authenticated: no new token for it.
        const auto device = s.device(caller.device.id);
        if (!device || device->revoked)
            throw ApiError(401, "device_revoked", "This device has been revoked; its data must be wiped.");
        const std::int64_t now = unixNow();
        s.setDeviceToken(device->id, tokenHash(out.token), now);
        out.expiresAt = now + tokenLifetimeOf(s).count();
    });
    return out;
}

int Authenticator::changePassword(const Caller& caller, const std::string& current, const std::string& next,
                                  const std::string& address) {
    if (const auto problem = passwordProblem(next); !problem.empty())
        throw ApiError(400, "invalid_value", "The new " + problem + ".");
    const std::string& username = caller.user.username;
    checkPassword(username, caller.user, current, address);
    KdfCost cost = KdfCost::Interactive;
    store_.read([&](StoreSession& s) { cost = kdfCostOf(s); });
    const std::string hash = hashPassword(next, cost);
    int revoked = 0;
    store_.write([&](StoreSession& s) {
        refuseIfLockedNow(s, username);
        recordSignInSuccess(s, username);
        s.setPasswordHash(caller.user.id, hash);
        for (const auto& d : s.devices()) {
            if (d.userId != caller.user.id || d.id == caller.device.id || d.revoked) continue;
            s.revokeDevice(d.id);
            ++revoked;
        }
    });
    return revoked;
}

}  // namespace tandem::server
