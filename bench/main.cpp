// tandem-bench: the Tandem side of the benchmark against PouchDB (bench/run.sh runs both).
//   tandem-bench run --work DIR --out FILE [--big N] [--devices N] [--only big,ten,many,merge]
//                                                     every workload (or some), figures as JSON
//   tandem-bench docs FILE --records N [--seed S]    the same generated records as JSON lines (PouchDB)
//   tandem-bench seed DIR --records N [--seed S]     a data directory with users and generated records
//   tandem-bench device-pull --server URL --user U --replica PATH    (child of run)
#include "Generator.h"
#include "Workloads.h"

#include <algorithm>
#include <sys/resource.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>

namespace {

using namespace tandem::bench;

std::map<std::string, std::string> options(int argc, char** argv, int from, std::vector<std::string>& positional) {
    std::map<std::string, std::string> o;
    for (int i = from; i < argc; ++i) {
        std::string a = argv[i];
        if (a.rfind("--", 0) == 0) {
            if (i + 1 >= argc) throw std::invalid_argument(a + " needs a value");
            o[a.substr(2)] = argv[++i];
        } else {
            positional.push_back(a);
        }
    }
    return o;
}

std::string need(const std::map<std::string, std::string>& o, const std::string& k) {
    auto it = o.find(k);
    if (it == o.end()) throw std::invalid_argument("--" + k + " is required");
    return it->second;
}

int number(const std::map<std::string, std::string>& o, const std::string& k, int fallback) {
    auto it = o.find(k);
    if (it == o.end()) return fallback;
    const int v = std::stoi(it->second);
    if (v <= 0) throw std::invalid_argument("--" + k + " must be positive");
    return v;
}

// 500 devices each hold a socket and three SQLite files open in this one process.
void raiseFileLimit() {
    rlimit l{};
    if (::getrlimit(RLIMIT_NOFILE, &l) == 0 && l.rlim_cur < l.rlim_max) {
        l.rlim_cur = l.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &l);
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: tandem-bench run|docs|seed|device-pull ... (see bench/main.cpp)\n";
        return 2;
    }
    const std::string cmd = argv[1];
    std::vector<std::string> pos;
    try {
        const auto o = options(argc, argv, 2, pos);
        if (cmd == "device-pull") return devicePullChild(need(o, "server"), need(o, "user"), need(o, "replica"));
        if (cmd == "docs") {
            if (pos.empty()) throw std::invalid_argument("docs needs an output file");
            std::ofstream out(pos[0]);
            if (!out) throw std::runtime_error("cannot write " + pos[0]);
            for (const auto& r : generateRecords(number(o, "records", 10000), std::uint64_t(number(o, "seed", 10))))
                out << asDocument(r).dump() << "\n";
            return out ? 0 : 1;
        }
        if (cmd == "seed") {
            if (pos.empty()) throw std::invalid_argument("seed needs a data directory");
            seedDataDir(pos[0], o.count("agencies") ? o.at("agencies") : TANDEM_BENCH_AGENCIES,
                        number(o, "records", 10000), std::uint64_t(number(o, "seed", 10)));
            return 0;
        }
        if (cmd == "run") {
            raiseFileLimit();
            RunOptions opt;
            opt.workDir = std::filesystem::absolute(need(o, "work")).string();
            opt.serverBinary = o.count("server-bin") ? o.at("server-bin") : TANDEM_BENCH_SERVER;
            opt.selfBinary = std::filesystem::canonical("/proc/self/exe").string();
            opt.agenciesCsv = o.count("agencies") ? o.at("agencies") : TANDEM_BENCH_AGENCIES;
            opt.bigPull = number(o, "big", 100000);
            opt.concurrentDevices = number(o, "devices", 500);
            if (o.count("only"))
                for (size_t at = 0, end; at <= o.at("only").size(); at = end + 1) {
                    end = std::min(o.at("only").find(',', at), o.at("only").size());
                    opt.only.push_back(o.at("only").substr(at, end - at));
                }
            const auto results = runTandem(opt);
            std::ofstream out(need(o, "out"));
            out << results.dump(2) << "\n";
            if (!out) throw std::runtime_error("cannot write " + need(o, "out"));
            return 0;
        }
        std::cerr << "unknown command " << cmd << "\n";
        return 2;
    } catch (const std::invalid_argument& e) {
        std::cerr << "tandem-bench: " << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "tandem-bench: " << e.what() << "\n";
        return 1;
    }
}
