#include "Account.h"

#include "Outbox.h"
#include "ReplicaUnlock.h"

#include <sodium.h>

#include <algorithm>
#include <filesystem>
#include <thread>

namespace tandem::sync {

using nlohmann::json;

std::string replicaPath(const std::string& dir, const std::string& user) {
    std::filesystem::create_directories(dir);
    std::string safe = user;
    std::replace_if(safe.begin(), safe.end(), [](char c) { return !(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_'); }, '_');
    return (std::filesystem::path(dir) / (safe + ".replica.db")).string();
}

SignInResult signIn(Replica& replica, Transport& transport, const std::string& serverUrl, const std::string& user,
                    const std::string& password, const std::string& deviceName, const std::string& caFile) {
    if (auto existing = replica.identity(); existing && existing->user != user)
        return {false, "wrong_replica", "This replica belongs to " + existing->user + "."};
    json body;
    int status = 0;
    // A connection reset under load is worth two more tries before telling the user "offline".
    for (int attempt = 1;; ++attempt) {
        try {
            const HttpResponse r = transport.post("/v1/sign-in", {{"user", user}, {"password", password}, {"device", deviceName}}, "");
            status = r.status;
            body = r.body();
            break;
        } catch (const CertificateError& e) {
            return {false, "certificate_unverified", std::string(e.what()) + "."};
        } catch (const NetworkError& e) {
            if (attempt == 3) return {false, "offline", std::string("Could not reach the server: ") + e.what()};
            std::this_thread::sleep_for(std::chrono::milliseconds(200 * attempt));
        }
    }
    if (status != 200) {
        const json err = body.value("error", json::object());
        const std::string code = err.value("code", "failed");
        // As at a sync (SyncEngine): a disabled account's copy goes at its first contact.
        if (code == "account_disabled" && replica.identity()) {
            replica.wipe();
            return {false, code, "This account has been disabled; its local data has been wiped."};
        }
        return {false, code, err.value("message", "Sign-in failed.")};
    }
    const auto previousServer = replica.meta("server");
    const auto previousDevice = replica.meta("device_id");
    const std::string deviceId = std::to_string(body.value("device_id", 0));
    {
        sql::Transaction tx(replica.db());
        replica.setMeta("server", serverUrl);
        replica.setMeta("ca_file", caFile);
        replica.setMeta("token", body.value("token", ""));
        replica.setMeta("device_id", deviceId);
        const json u = body.value("user", json::object());
        replica.setMeta("user", u.value("name", user));
        replica.setMeta("role", u.value("role", ""));
        replica.setMeta("agency", u.value("agency", ""));
        replica.setMeta("partnerships", u.value("partnerships", json::array()).dump());
        tx.commit();
    }
    // A new device on the server starts its sequence afresh; the server still knows the
    // change ids, so an edit it has already taken is not applied twice.
    if (previousDevice && *previousDevice != deviceId) Outbox(replica).renumber();
    if (previousServer && *previousServer != serverUrl) replica.resetForRefetch();
    return {true, "", ""};
}

std::string caFileOf(Replica& replica) { return replica.meta("ca_file").value_or(""); }

SignInResult changePassword(Replica& replica, Transport& transport, const std::string& current, const std::string& next) {
    const auto token = replica.token();
    if (!token) return {false, "not_signed_in", "Sign in first."};
    json body;
    int status = 0;
    try {
        const HttpResponse r = transport.post("/v1/password", {{"current", current}, {"new", next}}, *token);
        transport.release();
        status = r.status;
        body = r.body();
    } catch (const CertificateError& e) {
        return {false, "certificate_unverified", std::string(e.what()) + "."};
    } catch (const NetworkError& e) {
        return {false, "offline", std::string("Could not reach the server: ") + e.what()};
    }
    if (status != 200) {
        const json err = body.value("error", json::object());
        return {false, err.value("code", "failed"), err.value("message", "The password was not changed.")};
    }
    if (!rememberPassword(replica, next))
        return {false, "no_verifier", "The password was changed, but this device could not store its offline check."};
    // The replica's key comes from the password: from now on the new one opens it.
    if (replica.path() != ":memory:") {
        try {
            rekeyReplica(replica, replica.path(), next);
        } catch (const std::exception& e) {
            return {false, "rekey_failed",
                    std::string("The password was changed, but this device's copy still opens with the old one: ") + e.what()};
        }
    }
    return {true, "", ""};
}

bool rememberPassword(Replica& replica, const std::string& password) {
    if (sodium_init() < 0) return false;
    char verifier[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(verifier, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return false;
    replica.setMeta("offline_verifier", verifier);
    return true;
}

UnlockResult unlockOffline(Replica& replica, const std::string& user, const std::string& password) {
    const auto me = replica.identity();
    if (!me || me->user != user)
        return {false, "no_replica_user", "There is no copy of " + user + "'s work on this device: sign in online first."};
    const auto verifier = replica.meta("offline_verifier");
    if (!verifier || verifier->empty())
        return {false, "no_verifier", "This device cannot check the password offline yet: sign in online once."};
    if (sodium_init() < 0) return {false, "no_verifier", "The password check is not available on this device."};
    if (crypto_pwhash_str_verify(verifier->c_str(), password.data(), password.size()) != 0)
        return {false, "wrong_password", "Wrong password."};
    return {true, "", ""};
}

}  // namespace tandem::sync
