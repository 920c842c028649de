// tandem-probe: measures Tandem's sync against a real server in a child process on 127.0.0.1.
//   tandem-probe [--records N] [--edits M] [--round K] [--page P] [--devices D]
// Workloads (one JSON line each): initial pull of N records into an empty replica file, push
// of M offline edits, an incremental round of K edits, an empty round, and (with --devices)
// D devices doing a one-edit sync at the same moment. Bytes are counted by a relay on the wire.
#include "ByteRelay.h"
#include "Seed.h"

#include "Account.h"
#include "Demo.h"
#include "HttpApi.h"
#include "Outbox.h"
#include "Replica.h"
#include "ReplicaKey.h"
#include "SyncEngine.h"
#include "Transport.h"
#include "Admin.h"

#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <barrier>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

using namespace tandem;
using nlohmann::json;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

namespace {

double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

long peakRssKb() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss;
}

double cpuSeconds() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_utime.tv_sec + u.ru_stime.tv_sec + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// User + system CPU seconds of another process (the server), from /proc.
double processCpuSeconds(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::istringstream rest(text.substr(text.rfind(')') + 2));
    std::string field;
    double ticks = 0;
    for (int i = 3; rest >> field; ++i)
        if (i == 14 || i == 15) ticks += std::stod(field);
    return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

long processHwmKb(pid_t pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
    return -1;
}

// Starts the server in a child process (so the device's memory is measured alone) and
// returns its port once it listens.
int startServer(const std::string& dataDir, pid_t& child) {
    int fds[2];
    if (pipe(fds) != 0) throw std::runtime_error("pipe");
    child = fork();
    if (child == 0) {
        close(fds[0]);
        auto store = server::openDataDir(dataDir);
        server::HttpApi api(*store);
        const int port = api.bind("127.0.0.1", 0);
        if (write(fds[1], &port, sizeof port) != sizeof port) _exit(2);
        close(fds[1]);
        api.listen();
        _exit(0);
    }
    close(fds[1]);
    int port = 0;
    if (read(fds[0], &port, sizeof port) != sizeof port) throw std::runtime_error("server did not start");
    close(fds[0]);
    return port;
}

struct Device {
    Device(const std::string& url, const std::string& file)
        : transport(url), replica(file, sync::keyOf(file, "probe replica", sync::KdfCost::Minimum)), engine(replica, transport) {}
    sync::HttpTransport transport;
    sync::Replica replica;
    sync::SyncEngine engine;
};

void signIn(Device& d, const std::string& url, const std::string& user) {
    auto r = sync::signIn(d.replica, d.transport, url, user, server::kDemoPassword, "probe");
    if (!r.ok) throw std::runtime_error("sign-in of " + user + ": " + r.message);
}

void check(const sync::SyncReport& r, const char* what) {
    if (r.status != sync::SyncStatus::Ok) throw std::runtime_error(std::string(what) + ": " + r.message);
}

void line(const json& j) { std::cout << j.dump() << std::endl; }

// One device through the single-device workloads, its bytes counted by a relay.
void singleDevice(int serverPort, pid_t serverPid, const std::string& work, int records, int edits, int round, int page) {
    probe::ByteRelay relay(serverPort);
    const std::string url = "http://127.0.0.1:" + std::to_string(relay.port());
    Device d(url, work + "/device.replica.db");
    d.engine.pullPageSize = page;
    signIn(d, url, "bo.sthelens");
    const long rssBefore = peakRssKb();

    if (std::getenv("PROBE_BREAKDOWN")) {
        // The pull loop by hand, timing each step of each page (no prefetch, no retries).
        double get = 0, decode = 0, apply = 0;
        const std::string token = *d.replica.token();
        std::int64_t cursor = 0;
        for (bool more = true; more;) {
            auto t0 = Clock::now();
            auto resp = d.transport.get("/v1/pull?cursor=" + std::to_string(cursor) + "&limit=" + std::to_string(page) + "&full=1", token);
            get += since(t0);
            t0 = Clock::now();
            auto pg = protocol::pullPageFromText(resp.text);
            decode += since(t0);
            t0 = Clock::now();
            d.replica.applyPage(pg);
            apply += since(t0);
            cursor = pg.cursor;
            more = pg.more;
        }
        line({{"workload", "pull_breakdown"}, {"get_seconds", get}, {"decode_seconds", decode}, {"apply_seconds", apply}});
        return;
    }
    relay.resetCounts();
    const double cpu0 = cpuSeconds(), serverCpu0 = processCpuSeconds(serverPid);
    auto t = Clock::now();
    auto r = d.engine.pull();
    const double pullSeconds = since(t);
    const double deviceCpu = cpuSeconds() - cpu0, serverCpu = processCpuSeconds(serverPid) - serverCpu0;
    check(r, "pull");
    line({{"workload", "initial_pull"}, {"records", r.pulled}, {"seconds", pullSeconds},
          {"records_per_s", r.pulled / pullSeconds}, {"device_cpu_seconds", deviceCpu},
          {"server_cpu_seconds", serverCpu}, {"pages", r.pages}, {"retries", r.retries}, {"bytes_up", relay.up()},
          {"bytes_down", relay.down()}, {"device_peak_rss_mb", peakRssKb() / 1024.0},
          {"device_rss_before_mb", rssBefore / 1024.0}, {"server_peak_rss_mb", processHwmKb(serverPid) / 1024.0}});

    if (edits > 0) {
        sync::Outbox outbox(d.replica);
        t = Clock::now();
        for (int i = 0; i < edits; ++i) outbox.enqueue(probe::actionId(i % records), "title", "Edited title " + std::to_string(i));
        const double enqueueSeconds = since(t);
        relay.resetCounts();
        const double pushCpu0 = cpuSeconds(), pushServerCpu0 = processCpuSeconds(serverPid);
        // What the device's connection did with its pages (each read from the file is decrypted,
        // each written encrypted).
        auto st = [&](int op, bool reset = false) {
            int c = 0, h = 0;
            sqlite3_db_status(d.replica.db().handle(), op, &c, &h, reset);
            return c;
        };
        for (int op : {SQLITE_DBSTATUS_CACHE_HIT, SQLITE_DBSTATUS_CACHE_MISS, SQLITE_DBSTATUS_CACHE_WRITE, SQLITE_DBSTATUS_CACHE_SPILL}) st(op, true);
        t = Clock::now();
        r = d.engine.push();
        const double s = since(t);
        const json pages = {{"from_cache", st(SQLITE_DBSTATUS_CACHE_HIT)}, {"read_from_file", st(SQLITE_DBSTATUS_CACHE_MISS)},
                            {"written", st(SQLITE_DBSTATUS_CACHE_WRITE)}, {"spilled", st(SQLITE_DBSTATUS_CACHE_SPILL)}};
        const double pushCpu = cpuSeconds() - pushCpu0, pushServerCpu = processCpuSeconds(serverPid) - pushServerCpu0;
        check(r, "push");
        line({{"workload", "push"}, {"edits", r.pushed}, {"applied", r.applied}, {"seconds", s},
              {"edits_per_s", r.pushed / s}, {"device_cpu_seconds", pushCpu},
              {"server_cpu_seconds", pushServerCpu}, {"bytes_up", relay.up()}, {"bytes_down", relay.down()},
              {"enqueue_seconds", enqueueSeconds}, {"device_pages", pages}});
        d.engine.pull();  // take the pushed edits' own echoes so the next rounds start level
    }
    if (round > 0) {
        std::vector<double> times;
        std::uint64_t up = 0, down = 0;
        const int repeats = 5;
        for (int k = 0; k < repeats; ++k) {
            sync::Outbox outbox(d.replica);
            for (int i = 0; i < round; ++i)
                outbox.enqueue(probe::actionId((k * round + i) % records), "description", "Round " + std::to_string(k) + " edit " + std::to_string(i));
            relay.resetCounts();
            t = Clock::now();
            check(d.engine.sync(), "round");
            times.push_back(since(t));
            up += relay.up();
            down += relay.down();
        }
        std::sort(times.begin(), times.end());
        line({{"workload", "incremental_round"}, {"edits", round}, {"median_seconds", times[times.size() / 2]},
              {"min_seconds", times.front()}, {"bytes_up", up / repeats}, {"bytes_down", down / repeats}});
    }
    std::vector<double> times;
    relay.resetCounts();
    const int repeats = 21;
    for (int k = 0; k < repeats; ++k) {
        t = Clock::now();
        check(d.engine.sync(), "empty round");
        times.push_back(since(t));
    }
    std::sort(times.begin(), times.end());
    line({{"workload", "empty_round"}, {"median_seconds", times[times.size() / 2]}, {"min_seconds", times.front()},
          {"bytes_up", relay.up() / repeats}, {"bytes_down", relay.down() / repeats}});
}

// D devices, practitioners of the four agencies, each making one edit and syncing at once.
void concurrentDevices(int serverPort, const std::string& work, int devices, int records) {
    const std::string url = "http://127.0.0.1:" + std::to_string(serverPort);
    const char* users[] = {"pc.merpol", "sw.sthcsc", "nurse.sthk", "dsl.schools"};  // owners 0..3 in Seed order
    std::vector<std::unique_ptr<Device>> fleet(static_cast<size_t>(devices));
    auto t = Clock::now();
    {
        std::vector<std::thread> setup;
        for (int w = 0; w < 4; ++w)
            setup.emplace_back([&, w] {
                for (int i = w; i < devices; i += 4) {
                    auto d = std::make_unique<Device>(url, work + "/dev" + std::to_string(i) + ".replica.db");
                    signIn(*d, url, users[i % 4]);
                    check(d->engine.pull(), "first pull");
                    fleet[static_cast<size_t>(i)] = std::move(d);
                }
            });
        for (auto& s : setup) s.join();
    }
    const double setupSeconds = since(t);
    const int rounds = 3;
    std::vector<double> latencies, pushTimes;
    std::mutex m;
    int errors = 0, retries = 0;
    t = Clock::now();
    for (int k = 0; k < rounds; ++k) {
        std::barrier start(devices);
        std::vector<std::thread> threads;
        for (int i = 0; i < devices; ++i)
            threads.emplace_back([&, i] {
                Device& d = *fleet[static_cast<size_t>(i)];
                // An action led by this device's agency: record index = agency + 4 * n.
                const int rec = (i % 4 + 4 * ((i / 4 + k * 37) % std::max(1, records / 4))) % records;
                sync::Outbox(d.replica).enqueue(probe::actionId(rec), "progress", "Device " + std::to_string(i) + " round " + std::to_string(k));
                start.arrive_and_wait();
                const auto t0 = Clock::now();
                auto r = d.engine.push();
                const double pushS = since(t0);
                if (r.status == sync::SyncStatus::Ok) {
                    const int retried = r.retries;
                    r = d.engine.pull();
                    r.retries += retried;
                }
                const double s = since(t0);
                std::lock_guard lock(m);
                latencies.push_back(s);
                pushTimes.push_back(pushS);
                retries += r.retries;
                if (r.status != sync::SyncStatus::Ok || r.rejected > 0) {
                    if (errors < 5) std::cerr << "device " << i << ": " << sync::toString(r.status) << " " << r.message << "\n";
                    ++errors;
                }
            });
        for (auto& th : threads) th.join();
    }
    const double total = since(t);
    std::sort(latencies.begin(), latencies.end());
    auto pct = [&](double p) { return latencies[std::min(latencies.size() - 1, static_cast<size_t>(p * latencies.size()))]; };
    line({{"workload", "concurrent_devices"}, {"devices", devices}, {"rounds", rounds}, {"syncs", latencies.size()},
          {"errors", errors}, {"p50_seconds", pct(0.50)}, {"p99_seconds", pct(0.99)}, {"max_seconds", latencies.back()},
          {"syncs_per_s", latencies.size() / total}, {"setup_seconds", setupSeconds}, {"retries", retries},
          {"push_p50_seconds", (std::sort(pushTimes.begin(), pushTimes.end()), pushTimes[pushTimes.size() / 2])},
          {"push_p99_seconds", pushTimes[pushTimes.size() * 99 / 100]}});
}

}  // namespace

int main(int argc, char** argv) {
    int records = 100000, edits = 10000, round = 100, page = 5000, devices = 0;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string k = argv[i];
        const int v = std::stoi(argv[i + 1]);
        if (k == "--records") records = v;
        else if (k == "--edits") edits = v;
        else if (k == "--round") round = v;
        else if (k == "--page") page = v;
        else if (k == "--devices") devices = v;
        else { std::cerr << "unknown option " << k << "\n"; return 2; }
    }
    const fs::path work = fs::temp_directory_path() / ("tandem-probe-" + std::to_string(getpid()));
    fs::create_directories(work);
    pid_t child = -1;
    int rc = 0;
    try {
        const auto t = Clock::now();
        const std::string dataDir = probe::seededDataDir(records, work.string());
        std::cerr << "seeded in " << since(t) << " s\n";
        const int port = startServer(dataDir, child);
        if (devices > 0) concurrentDevices(port, work.string(), devices, records);
        else singleDevice(port, child, work.string(), records, edits, round, page);
    } catch (const std::exception& e) {
        std::cerr << "tandem-probe: " << e.what() << "\n";
        rc = 1;
    }
    if (child > 0) {
        kill(child, SIGKILL);
        waitpid(child, nullptr, 0);
    }
    fs::remove_all(work);
    return rc;
}
