// What the fuzz targets share: reading the repository's data files, building a small partnership
// on a real SqliteStore once per process, and the checks every API reply must pass. A failed
// check aborts, which libFuzzer reports as a crash and saves the input.
#pragma once

#include "Admin.h"
#include "Api.h"
#include "SqliteStore.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>

namespace tandem::fuzz {

inline std::string readDataFile(const std::string& relative) {
    std::ifstream in(std::filesystem::path(TANDEM_DATA_DIR) / relative, std::ios::binary);
    if (!in) {
        std::fprintf(stderr, "fuzz: cannot read %s/%s\n", TANDEM_DATA_DIR, relative.c_str());
        std::abort();
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

[[noreturn]] inline void fail(const std::string& what) {
    std::fprintf(stderr, "fuzz: %s\n", what.c_str());
    std::abort();
}

inline void checkAdmin(const server::AdminResult& r, const std::string& what) {
    if (r.ok()) return;
    std::string all = what + ":";
    for (const auto& e : r.errors) all += "\n  " + e;
    fail("fixture: " + all);
}

// A scratch directory for the process's databases, on tmpfs when there is one: the store runs
// with synchronous=FULL and fsyncs on every commit, which would otherwise bound the exec rate.
// Removed at exit, though not after a crash: scripts/fuzz.sh points TANDEM_FUZZ_SCRATCH at a
// directory of its own, which it removes in any case.
class ScratchDir {
public:
    ScratchDir() {
        namespace fs = std::filesystem;
        const char* given = std::getenv("TANDEM_FUZZ_SCRATCH");  // scripts/fuzz.sh: removed even after a crash
        const fs::path base = given && *given          ? fs::path(given)
                              : fs::exists("/dev/shm") ? fs::path("/dev/shm")
                                                       : fs::temp_directory_path();
        std::string pattern = (base / "tandem-fuzz-XXXXXX").string();
        if (!mkdtemp(pattern.data())) fail("cannot create a scratch directory under " + base.string());
        path_ = pattern;
    }
    ~ScratchDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

inline constexpr const char* kPassword = "correct horse battery";

// Agencies, the action plans when `withPlans`, the S11 template when `withTemplate`, and users
// added after kdf_cost=minimum so that a sign-in costs microseconds rather than 0.1 s.
struct FixtureUser {
    const char* name;
    const char* role;
    const char* agency;
};

inline void buildPartnership(server::Store& store, bool withPlans, bool withTemplate,
                             std::initializer_list<FixtureUser> users) {
    store.write([](server::StoreSession& s) { s.setMeta("kdf_cost", "minimum"); });
    checkAdmin(server::importAgencies(store, readDataFile("agencies.csv")), "agencies");
    if (withPlans) checkAdmin(server::importActionPlans(store, readDataFile("action-plans.csv")), "action plans");
    if (withTemplate)
        checkAdmin(server::importTemplate(store, readDataFile("templates/s11-self-assessment.json")), "s11 template");
    for (const auto& u : users) checkAdmin(server::addUser(store, u.name, kPassword, u.role, u.agency), u.name);
}

// TANDEM_FUZZ_VERBOSE=1 prints every reply: for checking that seeds reach what they are meant to.
// Opens `store` and `api` on a fresh copy of the fixture database: runs may write (devices,
// results) without the database growing for ever, and the fixture file itself is never written.
inline void reopenCopy(const std::filesystem::path& fixture, const std::filesystem::path& work,
                       std::unique_ptr<server::SqliteStore>& store, std::unique_ptr<server::Api>& api) {
    api.reset();
    store.reset();
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(work.string() + suffix);
    std::filesystem::copy_file(fixture, work);
    store = std::make_unique<server::SqliteStore>(work.string());
    api = std::make_unique<server::Api>(*store);
}

inline void trace(std::string_view what, const server::ApiReply& reply) {
    static const bool on = std::getenv("TANDEM_FUZZ_VERBOSE") != nullptr;
    if (on)
        std::fprintf(stderr, "%.*s -> %d %s\n", static_cast<int>(what.size()), what.data(), reply.status,
                     reply.serialized().substr(0, 600).c_str());
}

// A reply must be a JSON object as it goes out (serialised as HttpApi does, invalid UTF-8
// replaced, or written as text as pull pages are); an error reply has the {"error": {"code",
// "message"}} envelope. 500 means an exception the API did not expect escaped a handler: a bug,
// so it aborts. Returns the reply as the client parses it.
inline nlohmann::json checkReply(const server::ApiReply& reply, std::string_view what) {
    trace(what, reply);
    std::string text;
    try {
        text = reply.serialized();
    } catch (const std::exception& e) {
        fail(std::string(what) + ": the reply cannot be serialised: " + e.what());
    }
    if (reply.status == 500) fail(std::string(what) + ": 500 internal error (an unexpected exception): " + text);
    if (reply.status < 200 || reply.status > 599) fail(std::string(what) + ": status " + std::to_string(reply.status));
    const auto body = nlohmann::json::parse(text, nullptr, false);
    if (body.is_discarded()) fail(std::string(what) + ": the reply is not valid JSON: " + text.substr(0, 300));
    if (!body.is_object()) fail(std::string(what) + ": the reply is not a JSON object");
    if (reply.status >= 400) {
        const auto it = body.find("error");
        if (it == body.end() || !it->is_object() || !it->contains("code") || !(*it)["code"].is_string() ||
            !it->contains("message") || !(*it)["message"].is_string())
            fail(std::string(what) + ": an error reply without the error envelope: " + text);
    }
    return body;
}

// FNV-1a, to pick a harness variant from the input deterministically.
inline std::uint64_t fnv1a(const std::uint8_t* data, size_t size) {
    std::uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < size; ++i) h = (h ^ data[i]) * 1099511628211ull;
    return h;
}

}  // namespace tandem::fuzz
