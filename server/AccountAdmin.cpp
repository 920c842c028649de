// Administration of sign-in: password resets and lifting a lockout (Admin.h).
#include "Admin.h"

#include "Auth.h"

namespace tandem::server {

AdminResult setPassword(Store& store, const std::string& username, const std::string& password) {
    AdminResult r;
    if (const auto problem = passwordProblem(password); !problem.empty()) r.errors.push_back(problem);
    KdfCost cost = KdfCost::Interactive;
    store.read([&](StoreSession& s) {
        if (!s.userByName(username)) r.errors.push_back("no user \"" + username + "\"");
        cost = kdfCostOf(s);
    });
    if (!r.ok()) return r;
    const std::string hash = hashPassword(password, cost);
    int revoked = 0;
    store.write([&](StoreSession& s) {
        const auto user = s.userByName(username);
        if (!user) {
            r.errors.push_back("no user \"" + username + "\"");
            return;
        }
        s.setPasswordHash(user->id, hash);
        for (const auto& d : s.devices()) {
            if (d.userId != user->id || d.revoked) continue;
            s.revokeDevice(d.id);
            ++revoked;
        }
    });
    if (r.ok())
        r.summary = "password of " + username + " changed; " + std::to_string(revoked) +
                    (revoked == 1 ? " device revoked" : " devices revoked") + " (wiped at their next sync)";
    return r;
}

AdminResult unlockUser(Store& store, const std::string& username) {
    AdminResult r;
    bool wasLocked = false;
    store.write([&](StoreSession& s) {
        if (!s.userByName(username)) {
            r.errors.push_back("no user \"" + username + "\"");
            return;
        }
        wasLocked = s.accountLockedUntil(username).has_value();
        s.clearAccountLock(username);
        s.clearAccountFailures(username);
    });
    if (r.ok()) r.summary = (wasLocked ? "unlocked " : "no lock on ") + username + "; its failed sign-ins are forgotten";
    return r;
}

}  // namespace tandem::server
