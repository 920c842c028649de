// tandem-sim: the deterministic simulation of many devices under faults. Each seed is one
// schedule: random offline edits, syncs, sign-ins, crashes and network faults by ten devices of
// the St Helens partnership against the real server code, then every property of
// sync-design.md checked. A failure prints its seed and the command that replays it.
//
//   tandem-sim                         300 schedules from seed 1
//   tandem-sim --schedules K [--first-seed S]
//   tandem-sim --long                  3000 schedules
//   tandem-sim --seed N [--verbose]    one schedule, with its steps
//   --keep DIR                         move a failed schedule's server and replica files to DIR
#include "SimWorld.h"

#include <chrono>
#include <filesystem>
#include <iostream>
#include <string>
#include <unistd.h>

using namespace tandem::sim;
namespace fs = std::filesystem;

namespace {

std::string scratchRoot() {
    // tmpfs when there is one: replicas commit with synchronous=FULL, and fsyncs on a disk would
    // dominate the run.
    std::error_code ec;
    fs::path base = fs::is_directory("/dev/shm", ec) && access("/dev/shm", W_OK) == 0 ? fs::path("/dev/shm")
                                                                                       : fs::temp_directory_path();
    return (base / ("tandem-sim-" + std::to_string(getpid()))).string();
}

std::string selfPath(const char* argv0) {
    std::error_code ec;
    auto p = fs::read_symlink("/proc/self/exe", ec);
    return ec ? std::string(argv0) : p.string();
}

std::string summary(const Stats& s) {
    auto n = [&](const char* k) { return std::to_string(s.get(k)); };
    std::string out = n("steps") + " steps, " + n("edits") + " edits (" + n("applied") + " applied, " + n("superseded") +
                      " superseded, " + n("rejected") + " rejected; " + n("refused_on_device") + " refused on the device, " +
                      n("queued_past_device") + " queued anyway), " + n("conflicts") + " conflicts (" + n("self_conflicts") + " with oneself), " + n("syncs") +
                      " syncs (" + n("syncs_offline") + " gave up offline, " + n("refetches") + " refetches), " +
                      n("sign_ins") + " sign-ins, " + n("offline_stretches") + " offline stretches, " +
                      n("removal_prunes") + " removal prunes";
    std::string faults, crashes;
    for (const auto& [k, v] : s.n) {
        if (k.rfind("fault.", 0) == 0) faults += (faults.empty() ? "" : ", ") + k.substr(6) + " " + std::to_string(v);
        if (k.rfind("crash.", 0) == 0) crashes += (crashes.empty() ? "" : ", ") + k.substr(6) + " " + std::to_string(v);
    }
    out += "\n  faults: " + (faults.empty() ? std::string("none") : faults);
    out += "\n  crashes: " + (crashes.empty() ? std::string("none") : crashes);
    out += "\n  checked: " + n("records_compared") + " records compared with fresh downloads, " + n("push_results") +
           " push results, " + n("applied_then_left_scope") + " applied edits whose record then left the author's scope";
    return out;
}

int usage() {
    std::cerr << "usage: tandem-sim [--seed N | --schedules K [--first-seed S] | --long] [--verbose] [--keep DIR] [--data DIR]\n";
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    std::uint64_t first = 1, count = 300;
    bool verbose = false;
    std::string keep;  // --keep DIR: leave a failed schedule's server and replicas there
    std::string dataDir = TANDEM_DATA_DIR;
    try {
        for (int i = 1; i < argc; ++i) {
            const std::string a = argv[i];
            auto next = [&]() -> std::string {
                if (i + 1 >= argc) throw std::invalid_argument(a + " needs a value");
                return argv[++i];
            };
            if (a == "--seed") first = std::stoull(next()), count = 1;
            else if (a == "--schedules") count = std::stoull(next());
            else if (a == "--first-seed") first = std::stoull(next());
            else if (a == "--long") count = 3000;
            else if (a == "--verbose") verbose = true;
            else if (a == "--data") dataDir = next();
            else if (a == "--keep") keep = next();
            else return usage();
        }
    } catch (const std::exception& e) {
        std::cerr << "tandem-sim: " << e.what() << "\n";
        return usage();
    }

    const auto started = std::chrono::steady_clock::now();
    Base base{scratchRoot()};
    struct Cleanup {
        std::string dir;
        ~Cleanup() {
            std::error_code ec;
            fs::remove_all(dir, ec);
        }
    } cleanup{base.root};
    if (auto err = base.prepare(dataDir); !err.empty()) {
        std::cerr << "tandem-sim: " << err << "\n";
        return 1;
    }

    Stats totals;
    for (std::uint64_t seed = first; seed < first + count; ++seed) {
        if (verbose) std::cout << "seed " << seed << ":\n";
        std::string failure;
        Stats stats;
        try {
            World world(base, seed, verbose);
            failure = world.run();
            stats = world.stats;
            if (!failure.empty() && !keep.empty()) world.keep = keep;
        } catch (const std::exception& e) {
            failure = std::string("the harness stopped: ") + e.what();
        }
        totals.add(stats);
        if (verbose) std::cout << "seed " << seed << ": " << summary(stats) << "\n";
        if (!failure.empty()) {
            std::cout << "simulation failed: seed " << seed << ": " << failure << "\n"
                      << "replay: " << selfPath(argv[0]) << " --seed " << seed << " --verbose\n";
            return 1;
        }
        if (!verbose && count > 500 && (seed - first + 1) % 500 == 0)
            std::cout << (seed - first + 1) << " schedules passed...\n" << std::flush;
    }
    const auto secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::cout << count << " schedules (seeds " << first << ".." << first + count - 1 << ") passed in "
              << static_cast<int>(secs + 0.5) << " s: " << summary(totals) << "\n";
    return 0;
}
