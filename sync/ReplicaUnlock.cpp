#include "ReplicaUnlock.h"

#include <sodium.h>

#include <filesystem>

namespace tandem::sync {
namespace {

// Where a re-key keeps the new salt until the pages are rewritten: "<replica>.rekey-salt".
std::string rekeyPath(const std::string& path) { return path + ".rekey"; }

namespace fs = std::filesystem;

bool hasContent(const std::string& path) {
    std::error_code ec;
    return fs::file_size(path, ec) > 0 && !ec;
}

UnlockedReplica failed(std::string code, std::string message) {
    UnlockedReplica r;
    r.code = std::move(code);
    r.message = std::move(message);
    return r;
}

// A replica from before encryption: its password is checked against the offline verifier it
// keeps (every online sign-in stored one), then the whole database is exported into an encrypted
// file that replaces it. Carried over rather than downloaded again: its outbox may hold edits
// the server has not seen. The plain file's old blocks may stay on the disk until overwritten.
UnlockedReplica migrate(const std::string& path, std::string_view password, KdfCost cost) {
    const std::string encrypted = path + ".encrypting";
    const KeySalt salt = KeySalt::fresh(cost);
    UnlockedReplica r;
    {
        // The one unencrypted replica file ever opened (Replica itself refuses to).
        sql::Database plain(path);
        auto v = plain.prepare("SELECT value FROM meta WHERE key = 'offline_verifier'");
        const std::string verifier = v.step() ? v.text(0) : std::string();
        v.reset();
        if (verifier.empty())
            return failed("no_verifier", "This device's copy is from an older Tandem and cannot check the password: sign in online.");
        if (sodium_init() < 0 || crypto_pwhash_str_verify(verifier.c_str(), password.data(), password.size()) != 0)
            return failed("wrong_password", "Wrong password.");
        r.key = ReplicaKey::derive(password, salt);
        removeReplicaFiles(encrypted);
        plain.exportEncrypted(encrypted, r.key.raw());
    }
    // The salt goes first: a crash before the rename leaves the plain file, carried over again
    // next time with a new salt; after the rename the encrypted file finds its salt.
    salt.write(path);
    for (const char* suffix : {"-wal", "-shm", "-journal"}) fs::remove(path + suffix);
    fs::rename(encrypted, path);
    r.replica = std::make_unique<Replica>(path, r.key);
    r.migrated = true;
    return r;
}

}  // namespace

bool replicaCanBeUnlocked(const std::string& path) {
    if (!hasContent(path)) return false;
    return sql::isPlainDatabaseFile(path) || fs::exists(saltPath(path));
}

void removeReplicaFiles(const std::string& path) {
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm", "-journal", "-salt", "-salt.tmp"}) fs::remove(path + suffix, ec);
    fs::remove(saltPath(rekeyPath(path)), ec);
}

UnlockedReplica unlockReplica(const std::string& path, std::string_view password, IfNoReplica ifNone, KdfCost costForNew) {
    if (hasContent(path) && sql::isPlainDatabaseFile(path)) return migrate(path, password, costForNew);
    const std::optional<KeySalt> salt = hasContent(path) ? KeySalt::read(path) : std::nullopt;
    if (!salt) {
        // Nothing, or a file without its salt (a wiped replica): nothing any password can open.
        if (ifNone == IfNoReplica::Refuse)
            return failed("no_replica", "There is no copy of this work on this device: sign in online first.");
        removeReplicaFiles(path);
        const KeySalt fresh = KeySalt::fresh(costForNew);
        fresh.write(path);
        UnlockedReplica r;
        r.key = ReplicaKey::derive(password, fresh);
        r.replica = std::make_unique<Replica>(path, r.key);
        r.created = true;
        return r;
    }
    UnlockedReplica r;
    r.key = ReplicaKey::derive(password, *salt);
    try {
        r.replica = std::make_unique<Replica>(path, r.key);
    } catch (const sql::Error& e) {
        if (!e.notADatabase()) throw;
        // A re-key cut short after the pages were rewritten: the new salt is still beside it.
        if (const auto next = KeySalt::read(rekeyPath(path))) {
            r.key = ReplicaKey::derive(password, *next);
            try {
                r.replica = std::make_unique<Replica>(path, r.key);
                fs::rename(saltPath(rekeyPath(path)), saltPath(path));
                return r;
            } catch (const sql::Error& again) {
                if (!again.notADatabase()) throw;
            }
        }
        return failed("wrong_password", "Wrong password.");
    }
    return r;
}

void rekeyReplica(Replica& replica, const std::string& path, std::string_view password) {
    const std::optional<KeySalt> old = KeySalt::read(path);
    if (!old) throw std::runtime_error("the replica " + path + " has no salt to re-key from");
    KeySalt next = KeySalt::fresh(KdfCost::Minimum);
    next.opsLimit = old->opsLimit;
    next.memLimit = old->memLimit;
    next.write(rekeyPath(path));
    const ReplicaKey key = ReplicaKey::derive(password, next);
    replica.db().rekey(key.raw());
    fs::rename(saltPath(rekeyPath(path)), saltPath(path));
}

}  // namespace tandem::sync
