// Sign-in and device tokens. Passwords are stored as libsodium Argon2id strings; device tokens
// are 256 random bits, shown once to the device and stored only as their BLAKE2b hash.
#pragma once

#include "Caller.h"
#include "Store.h"

#include <string>

namespace tandem::server {

std::string hashPassword(const std::string& password);
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
