#include "SignInGuard.h"

#include "ApiError.h"
#include "Ids.h"

#include <algorithm>
#include <charconv>
#include <ctime>

namespace tandem::server {
namespace {

std::int64_t metaInt(StoreSession& s, const char* key, std::int64_t fallback) {
    const auto v = s.meta(key);
    if (!v) return fallback;
    std::int64_t out = 0;
    const auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), out);
    return ec == std::errc() && p == v->data() + v->size() && out > 0 ? out : fallback;
}

std::chrono::seconds metaSeconds(StoreSession& s, const char* key, std::chrono::seconds fallback) {
    return std::chrono::seconds(metaInt(s, key, fallback.count()));
}

// "15 minutes", "1 minute", "40 seconds": how long to wait, rounded up to minutes past one.
std::string waitText(std::int64_t seconds) {
    if (seconds < 60) return std::to_string(seconds) + (seconds == 1 ? " second" : " seconds");
    const std::int64_t minutes = (seconds + 59) / 60;
    return std::to_string(minutes) + (minutes == 1 ? " minute" : " minutes");
}

}  // namespace

SignInPolicy signInPolicyOf(StoreSession& s) {
    SignInPolicy p;
    p.accountFailures = metaInt(s, "sign_in_account_failures", p.accountFailures);
    p.addressFailures = metaInt(s, "sign_in_address_failures", p.addressFailures);
    p.window = metaSeconds(s, "sign_in_window_seconds", p.window);
    p.lockFor = metaSeconds(s, "sign_in_lock_seconds", p.lockFor);
    p.tokenLifetime = metaSeconds(s, "token_lifetime_seconds", p.tokenLifetime);
    return p;
}

std::int64_t unixNow() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string utcMinute(std::int64_t unixSeconds) { return utcText(unixSeconds, "%Y-%m-%d %H:%M UTC"); }

void throwAccountLocked(std::int64_t until, std::int64_t now) {
    const std::int64_t wait = std::max<std::int64_t>(until - now, 1);
    throw ApiError(423, "account_locked",
                   "Too many wrong passwords: this account is locked until " + utcMinute(until) + " (in " + waitText(wait) +
                       "). Try again then, or ask your administrator to unlock it.",
                   std::chrono::seconds(wait));
}

void checkSignInAllowed(StoreSession& s, const SignInPolicy& p, const std::string& username, const std::string& address,
                        std::int64_t now) {
    if (const auto until = s.accountLockedUntil(username); until && *until > now) throwAccountLocked(*until, now);
    if (address.empty()) return;
    const auto failures = s.addressFailures(address, now - p.window.count());
    if (failures.count < p.addressFailures) return;
    // One more attempt is allowed once the oldest failure in the window has left it.
    const std::int64_t wait = std::max<std::int64_t>(failures.earliest + p.window.count() - now, 1);
    throw ApiError(429, "too_many_attempts",
                   "Too many failed sign-ins from this address: try again in " + waitText(wait) + ".",
                   std::chrono::seconds(wait));
}

bool recordSignInFailure(StoreSession& s, const SignInPolicy& p, const std::string& username, const std::string& address,
                         std::int64_t now) {
    // The tables hold only what the window still counts.
    s.pruneSignInFailures(now - p.window.count());
    s.addSignInFailure(username, address, now);
    if (s.accountFailures(username, now - p.window.count()).count < p.accountFailures) return false;
    s.setAccountLock(username, now + p.lockFor.count());
    // The lock now stands for these failures: once it ends, the account starts from none.
    s.clearAccountFailures(username);
    return true;
}

void recordSignInSuccess(StoreSession& s, const std::string& username) { s.clearAccountFailures(username); }

}  // namespace tandem::server
