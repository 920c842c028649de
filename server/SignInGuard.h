// Limits on guessing passwords, kept in the store so that they survive a restart. An account
// name that fails `accountFailures` times within `window` is locked for `lockFor`, whatever
// password comes next (the right one too) until the lock ends or an administrator lifts it; a
// client address that fails `addressFailures` times within `window` is refused until its oldest
// failure leaves the window. Unknown names are counted and locked like real ones, so the answers
// say nothing about which accounts exist.
#pragma once

#include "Store.h"

#include <chrono>
#include <cstdint>
#include <string>

namespace tandem::server {

struct SignInPolicy {
    std::int64_t accountFailures = 5;
    std::int64_t addressFailures = 20;
    std::chrono::seconds window = std::chrono::minutes(15);
    std::chrono::seconds lockFor = std::chrono::minutes(15);
    // A device token works for this long after it is issued (Auth.h); a device rotates its token
    // once past half of it, so one that syncs at least every 15 days never has to sign in again.
    std::chrono::seconds tokenLifetime = std::chrono::days(30);
};

// The policy of a data directory: the defaults above, each overridable in meta (for tests and
// operators): sign_in_account_failures, sign_in_address_failures, sign_in_window_seconds,
// sign_in_lock_seconds, token_lifetime_seconds.
SignInPolicy signInPolicyOf(StoreSession& s);

// Seconds since the Unix epoch, the store's unit of time for sign-ins and tokens.
std::int64_t unixNow();
// "2026-12-02 18:05 UTC", for sentences.
std::string utcMinute(std::int64_t unixSeconds);

// Throws ApiError 423 account_locked or 429 too_many_attempts (with the seconds to wait) when a
// sign-in of `username` from `address` may not be tried now. An empty address (a caller inside
// the process, the simulation) is limited per account only.
void checkSignInAllowed(StoreSession& s, const SignInPolicy& p, const std::string& username, const std::string& address,
                        std::int64_t now);
// Records a wrong password. Returns true when this failure locked the account.
bool recordSignInFailure(StoreSession& s, const SignInPolicy& p, const std::string& username, const std::string& address,
                         std::int64_t now);
// A right password: the account's failures so far no longer count.
void recordSignInSuccess(StoreSession& s, const std::string& username);
// The ApiError a locked account gets, saying until when.
[[noreturn]] void throwAccountLocked(std::int64_t until, std::int64_t now);

}  // namespace tandem::server
