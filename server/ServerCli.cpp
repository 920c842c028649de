#include "ServerCli.h"

#include "Admin.h"
#include "Auth.h"
#include "Demo.h"
#include "HttpApi.h"
#include "Retention.h"
#include "SecurityCli.h"
#include "SqliteStore.h"

#include <malloc.h>

#include <csignal>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <thread>

#ifndef TANDEM_DEFAULT_DATA
#define TANDEM_DEFAULT_DATA "data"
#endif

namespace tandem::server {
namespace {

constexpr const char* kUsage = R"(usage: tandem-server COMMAND [options]

  init DIR [--kdf-cost interactive|minimum] create an empty data directory; minimum password
                                            hashing is for simulations only
  import-agencies DIR FILE.csv              import agencies (nothing is imported if a row is bad)
  import-plans DIR FILE.csv                 import review action plans (action-plans.csv format)
  import-template DIR FILE.json             publish a template version
  add-user DIR --user NAME --role ROLE --agency CODE [--password PW]
                                            roles: practitioner, agency_lead, business_office, board;
                                            the password may also come from TANDEM_PASSWORD
  disable-user DIR NAME | enable-user DIR NAME
                                            stop (or allow again) an account's sign-in and sync
  set-password DIR NAME [--password PW]     reset a password (or from TANDEM_PASSWORD); every
                                            device of the user is revoked
  unlock-user DIR NAME                      lift a lock from too many wrong passwords
  list-devices DIR                          list signed-in devices
  revoke-device DIR DEVICE_ID               revoke a device; it wipes its replica at next sync
  open-round DIR --partnership P --template KEY --title T --agencies A,B --due YYYY-MM-DD
             [--version N] [--theme T] [--moderation YYYY-MM-DD] [--cases C1,C2] [--assign AGENCY=USER,...]
             [--case-agencies CASE=A;B,...]
  compact DIR                               forget removal history; older device cursors refetch
  serve DIR [--host 127.0.0.1] [--port 8470] [--cert FILE.pem --key FILE.pem | --insecure]
  demo [DIR] [--host 127.0.0.1] [--port 8470] [--data SOURCE_DATA_DIR] [--cert ... --key ... | --insecure]
                                            set up the demo partnership once, then serve
  With --cert and --key (PEM) the server speaks HTTPS. Plain HTTP is served on loopback
  (127.0.0.1, ::1, localhost) only, unless --insecure says so for a host behind a TLS proxy.
)";

// Options that take no value.
bool isFlag(const std::string& option) { return option == "--insecure"; }

struct Args {
    std::vector<std::string> positional;
    std::map<std::string, std::string> options;
};

Args parse(int argc, char** argv, int from) {
    Args a;
    for (int i = from; i < argc; ++i) {
        std::string s = argv[i];
        if (isFlag(s)) {
            a.options[s.substr(2)] = "1";
        } else if (s.rfind("--", 0) == 0) {
            if (i + 1 >= argc) throw std::invalid_argument("option " + s + " needs a value");
            a.options[s.substr(2)] = argv[++i];
        } else {
            a.positional.push_back(s);
        }
    }
    return a;
}

std::string need(const Args& a, const std::string& key) {
    auto it = a.options.find(key);
    if (it == a.options.end() || it->second.empty()) throw std::invalid_argument("missing --" + key);
    return it->second;
}

std::string opt(const Args& a, const std::string& key, const std::string& fallback = {}) {
    auto it = a.options.find(key);
    return it == a.options.end() ? fallback : it->second;
}

std::string pos(const Args& a, size_t i, const char* what) {
    if (i >= a.positional.size()) throw std::invalid_argument(std::string("missing ") + what);
    return a.positional[i];
}

std::vector<std::string> splitList(const std::string& s) {
    std::vector<std::string> out;
    std::stringstream ss(s);
    std::string item;
    while (std::getline(ss, item, ','))
        if (!item.empty()) out.push_back(item);
    return out;
}

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::invalid_argument("cannot read " + path);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

int report(const AdminResult& r) {
    for (const auto& e : r.errors) std::cerr << e << "\n";
    if (!r.ok()) {
        std::cerr << "nothing was changed\n";
        return 1;
    }
    std::cout << r.summary << "\n";
    return 0;
}

// A password from --password or else TANDEM_PASSWORD.
std::string passwordOption(const Args& a) {
    std::string password = opt(a, "password");
    if (password.empty()) {
        const char* env = std::getenv("TANDEM_PASSWORD");
        password = env ? env : "";
    }
    return password;
}

bool isLoopback(const std::string& host) { return host == "127.0.0.1" || host == "localhost" || host == "::1"; }

// What `serve` and `demo` listen with: HTTPS with --cert and --key; plain HTTP on loopback, or
// beyond it only when --insecure says so (a TLS proxy in front). Throws invalid_argument (exit 2).
std::optional<TlsFiles> transportSecurity(const Args& a, const std::string& host) {
    const std::string cert = opt(a, "cert"), key = opt(a, "key");
    if (cert.empty() != key.empty()) throw std::invalid_argument("--cert and --key go together: give both PEM files");
    if (!cert.empty()) return TlsFiles{cert, key};
    if (!isLoopback(host) && !a.options.count("insecure"))
        throw std::invalid_argument("refusing to serve plain HTTP on " + host +
                                    ": give --cert FILE --key FILE for HTTPS, or --insecure if a TLS proxy stands in front");
    return std::nullopt;
}

int serve(Store& store, const std::string& host, int port, const std::optional<TlsFiles>& tls) {
    // Memory freed by one request is kept for the next instead of going back to the kernel at
    // once: a push allocates and frees megabytes, and glibc's default trimming handed them back
    // after each, to be faulted in again by the next (8% of a push's server CPU). The peak is
    // unchanged; it is only held.
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
    mallopt(M_TOP_PAD, 16 << 20);
    if (!tls && !isLoopback(host)) std::cerr << "warning: serving plain HTTP beyond loopback (--insecure)\n";
    // Block the stop signals in every thread; one thread waits for them and stops the server.
    sigset_t stopSignals;
    sigemptyset(&stopSignals);
    sigaddset(&stopSignals, SIGINT);
    sigaddset(&stopSignals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);
    // Expired records go at start and then daily, on a thread of its own.
    RetentionJob retention(store);
    HttpApi api(store, tls);
    const int bound = api.bind(host, port);
    std::cout << "tandem-server listening on " << (tls ? "https://" : "http://") << host << ":" << bound << std::endl;
    std::thread waiter([&] {
        int sig = 0;
        sigwait(&stopSignals, &sig);
        api.stop();
    });
    api.listen();
    pthread_kill(waiter.native_handle(), SIGTERM);
    waiter.join();
    std::cout << "tandem-server stopped" << std::endl;
    return 0;
}

int run(int argc, char** argv) {
    if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "help") {
        std::cout << kUsage << kSecurityUsage;
        return argc < 2 ? 2 : 0;
    }
    const std::string cmd = argv[1];
    const Args a = parse(argc, argv, 2);
    if (cmd == "demo") {
        const std::string dir = a.positional.empty() ? "tandem-demo-data" : a.positional[0];
        const std::string host = opt(a, "host", "127.0.0.1");
        // Refused before the set-up, which takes a while.
        const auto tls = transportSecurity(a, host);
        auto store = openDataDir(dir);
        std::cout << "setting up the demo partnership in " << dir << " (first run only)..." << std::endl;
        std::string error;
        if (!setUpDemo(*store, opt(a, "data", TANDEM_DEFAULT_DATA), error)) {
            std::cerr << "demo set-up failed: " << error << "\n";
            return 1;
        }
        std::cout << "demo users (password " << kDemoPassword << "):\n";
        for (const auto& u : demoUsers())
            std::cout << "  " << u.name << "  (" << u.role << ", " << u.agency << ", " << u.partnership << ")\n";
        const std::string port = opt(a, "port", "8470");
        std::cout << "sign in with: TANDEM_PASSWORD=" << kDemoPassword << " tandem-cli sign-in --server "
                  << (tls ? "https://" : "http://") << host << ":" << port << " --user pc.merpol"
                  << (tls ? " --ca-file CA.pem" : "") << " && tandem-cli sync\n";
        return serve(*store, host, std::stoi(port), tls);
    }
    const std::string dir = pos(a, 0, "data directory");
    // A refused `serve` leaves no data directory behind.
    const std::string host = opt(a, "host", "127.0.0.1");
    const auto tls = cmd == "serve" ? transportSecurity(a, host) : std::nullopt;
    auto store = openDataDir(dir);
    if (cmd == "init") {
        if (const auto cost = opt(a, "kdf-cost"); !cost.empty()) {
            if (!kdfCostFromString(cost)) throw std::invalid_argument("--kdf-cost must be interactive or minimum");
            store->write([&](StoreSession& s) { s.setMeta("kdf_cost", cost); });
        }
        std::cout << "data directory ready: " << databasePath(dir) << "\n";
        return 0;
    }
    if (cmd == "import-agencies") {
        const auto file = pos(a, 1, "agencies CSV file");
        return report(importAgencies(*store, readFile(file), file));
    }
    if (cmd == "import-plans") {
        const auto file = pos(a, 1, "action plan CSV file");
        return report(importActionPlans(*store, readFile(file), file));
    }
    if (cmd == "import-template") {
        const auto file = pos(a, 1, "template JSON file");
        return report(importTemplate(*store, readFile(file), file));
    }
    if (cmd == "add-user")
        return report(addUser(*store, need(a, "user"), passwordOption(a), need(a, "role"), need(a, "agency")));
    if (cmd == "set-password") return report(setPassword(*store, pos(a, 1, "user name"), passwordOption(a)));
    if (cmd == "unlock-user") return report(unlockUser(*store, pos(a, 1, "user name")));
    if (cmd == "list-devices") {
        store->read([](StoreSession& s) {
            for (const auto& d : s.devices()) {
                auto u = s.userById(d.userId);
                std::cout << d.id << "\t" << (u ? u->username : "?") << "\t" << d.name << "\t" << d.createdAt
                          << (d.revoked ? "\trevoked" : "") << "\n";
            }
        });
        return 0;
    }
    if (cmd == "disable-user" || cmd == "enable-user")
        return report(setUserDisabled(*store, pos(a, 1, "user name"), cmd == "disable-user"));
    if (cmd == "revoke-device") return report(revokeDevice(*store, std::stoll(pos(a, 1, "device id"))));
    if (cmd == "open-round") {
        RoundSpec spec;
        spec.partnership = need(a, "partnership");
        spec.templateKey = need(a, "template");
        spec.templateVersion = std::stoi(opt(a, "version", "0"));
        spec.title = need(a, "title");
        spec.theme = opt(a, "theme");
        spec.dueDate = need(a, "due");
        spec.moderationDate = opt(a, "moderation");
        spec.agencies = splitList(need(a, "agencies"));
        spec.cases = splitList(opt(a, "cases"));
        for (const auto& pair : splitList(opt(a, "assign"))) {
            const auto eq = pair.find('=');
            if (eq == std::string::npos) throw std::invalid_argument("--assign takes AGENCY=USER pairs");
            spec.assignees[pair.substr(0, eq)] = pair.substr(eq + 1);
        }
        for (const auto& pair : splitList(opt(a, "case-agencies"))) {
            const auto eq = pair.find('=');
            if (eq == std::string::npos) throw std::invalid_argument("--case-agencies takes CASE=AGENCY;AGENCY pairs");
            std::vector<std::string> agencies;
            std::stringstream list(pair.substr(eq + 1));
            for (std::string agency; std::getline(list, agency, ';');)
                if (!agency.empty()) agencies.push_back(agency);
            spec.caseAgencies[pair.substr(0, eq)] = agencies;
        }
        return report(openRound(*store, spec));
    }
    if (cmd == "compact") {
        std::int64_t seq = 0;
        store->write([&](StoreSession& s) {
            seq = s.currentSeq();
            s.pruneRemovals(seq);
            appendAudit(s, commandLineOperator(), "write", "compact", nlohmann::json::array());
        });
        std::cout << "removal history forgotten up to sequence " << seq << "\n";
        return 0;
    }
    if (cmd == "serve") return serve(*store, host, std::stoi(opt(a, "port", "8470")), tls);
    if (auto code = runSecurityCommand(cmd, *store, {a.positional.begin() + 1, a.positional.end()}, a.options)) return *code;
    std::cerr << "unknown command " << cmd << "\n" << kUsage << kSecurityUsage;
    return 2;
}

}  // namespace

int runServerCli(int argc, char** argv) {
    try {
        return run(argc, argv);
    } catch (const std::invalid_argument& e) {
        std::cerr << "tandem-server: " << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "tandem-server: " << e.what() << "\n";
        return 1;
    }
}

}  // namespace tandem::server
