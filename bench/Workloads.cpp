#include "Workloads.h"

#include "Device.h"
#include "Generator.h"
#include "Merge.h"
#include "Process.h"
#include "Proxy.h"
#include "Workspace.h"

#include <algorithm>
#include <barrier>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <mutex>
#include <random>
#include <thread>

#include <sqlite3.h>
#include <unistd.h>

namespace tandem::bench {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

void say(const std::string& line) { std::cout << "[tandem] " << line << std::endl; }

std::string fmt(double v, int decimals = 1) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const size_t i = std::min(v.size() - 1, size_t(p / 100.0 * double(v.size() - 1) + 0.5));
    return v[i];
}

std::string seed(const RunOptions& opt, const std::string& name, int records, std::uint64_t s) {
    const std::string dir = opt.workDir + "/" + name;
    fs::remove_all(dir);
    const auto t0 = Clock::now();
    seedDataDir(dir, opt.agenciesCsv, records, s);
    say("seeded " + std::to_string(records) + " records into " + name + " in " + fmt(secondsSince(t0), 2) + " s");
    return dir;
}

// A replica file and its log, before a device opens it afresh (removing them under an open
// connection leaves it writing to an unlinked file).
void removeReplica(const std::string& path) {
    for (const char* suffix : {"", "-wal", "-shm", "-salt"}) fs::remove(path + suffix);
}

// One measured pull in a child process, through the counting proxy.
json childPull(const RunOptions& opt, const std::string& url, CountingProxy& proxy, pid_t serverPid,
               const std::string& user, const std::string& replica) {
    removeReplica(replica);
    Child child({opt.selfBinary, "device-pull", "--server", url, "--user", user, "--replica", replica});
    if (child.readLine() != "ready") throw std::runtime_error("device child did not sign in");
    const auto before = proxy.bytes();
    const double serverCpu = cpuSeconds(serverPid);
    child.writeLine("go");
    json r = json::parse(child.readLine());
    const auto after = proxy.bytes();
    // CPU seconds hold still when other work on the machine stretches the wall-clock time.
    r["server_cpu_s"] = cpuSeconds(serverPid) - serverCpu;
    if (child.wait() != 0) throw std::runtime_error("device child failed");
    if (r.value("status", "") != "ok") throw std::runtime_error("device pull failed: " + r.dump());
    r["bytes_up"] = after.up - before.up;
    r["bytes_down"] = after.down - before.down;
    r["records_per_s"] = double(r["records"].get<int>()) / r["seconds"].get<double>();
    return r;
}

void check(const sync::SyncReport& r, const std::string& what) {
    if (r.status != sync::SyncStatus::Ok)
        throw std::runtime_error(what + " failed: " + std::string(sync::toString(r.status)) + " " + r.code + " " + r.message);
}

// Offline edits through the user's workspace (checked like a user's edits). Durability is off
// while they are made: making them is not what is measured, and 10,000 fsyncs would take
// minutes. The replica's own setting is put back, and the edits brought to disk, before anything
// is measured.
int makeEdits(Device& d, int count, int round) {
    std::int64_t synchronous = 2;
    {
        auto current = d.replica.db().prepare("PRAGMA synchronous");
        if (current.step()) synchronous = current.integer(0);
    }
    d.replica.db().exec("PRAGMA synchronous = OFF");
    sync::Workspace ws(d.replica);
    const auto actions = ws.actions();
    const auto identity = d.replica.identity();
    std::vector<std::string> own;
    for (const auto& a : actions)
        if (a.owner == identity->agency && (a.text("status") == "in_progress" || a.text("status") == "not_started"))
            own.push_back(a.id);
    if (own.empty()) throw std::runtime_error("no action owned by " + identity->agency + " to edit");
    static const char* fields[] = {"progress", "lead_officer", "rag_override_reason"};
    int made = 0;
    for (int i = 0; i < count; ++i) {
        const std::string& id = own[size_t(i) % own.size()];
        const char* field = fields[(size_t(i) / own.size()) % 3];
        const auto r = ws.setField(id, field,
                                   "Round " + std::to_string(round) + ", edit " + std::to_string(i) +
                                       ": joint visits started with health; the audit of case files is booked.");
        if (!r.ok) throw std::runtime_error("edit refused: " + r.message);
        ++made;
    }
    d.replica.db().exec("PRAGMA synchronous = " + std::to_string(synchronous));
    // Offline edits are made over hours, and are on disk by the time the device syncs: the log
    // they wrote is checkpointed (and so synced) before any push is timed.
    d.replica.waitForCheckpoint();
    d.replica.checkpointInBackground();
    d.replica.waitForCheckpoint();
    return made;
}

json bigPull(const RunOptions& opt) {
    const std::string dir = seed(opt, "data-big", opt.bigPull, 100);
    ServerProcess server(opt.serverBinary, dir, opt.workDir + "/server-big.log");
    const auto serverBefore = peakRssKib(server.pid());
    CountingProxy proxy(server.port());
    const std::string url = "http://127.0.0.1:" + std::to_string(proxy.port());
    say("pulling " + std::to_string(opt.bigPull) + " records into an empty replica (device in a child process)...");
    json r = childPull(opt, url, proxy, server.pid(), kBusinessOffice, opt.workDir + "/replica-big.db");
    r["server_peak_kib"] = peakRssKib(server.pid());
    r["server_peak_before_kib"] = serverBefore;
    say("pull " + std::to_string(r["records"].get<int>()) + ": " + fmt(r["seconds"].get<double>(), 3) + " s, " +
        fmt(r["records_per_s"].get<double>(), 0) + " records/s, " + std::to_string(r["requests"].get<int>()) +
        " requests, down " + fmt(r["bytes_down"].get<double>() / 1e6, 2) + " MB, device peak " +
        fmt(r["device_peak_kib"].get<double>() / 1024, 1) + " MiB, server peak " +
        fmt(r["server_peak_kib"].get<double>() / 1024, 1) + " MiB" + ", CPU device " +
        fmt(r["device_cpu_s"].get<double>(), 2) + " s, server " + fmt(r["server_cpu_s"].get<double>(), 2) + " s");
    return r;
}

json sixteenDevices(const std::string& url, const std::string& workDir) {
    constexpr int n = 16;
    std::vector<std::unique_ptr<Device>> devices;
    for (int i = 0; i < n; ++i) {
        const std::string path = workDir + "/replica-16-" + std::to_string(i) + ".db";
        removeReplica(path);
        devices.push_back(std::make_unique<Device>(url, path));
        devices.back()->signIn(url, kBusinessOffice, kPassword, "bench-16-" + std::to_string(i));
    }
    std::barrier start(n + 1);
    std::vector<sync::SyncReport> reports(n);
    std::vector<std::jthread> threads;
    for (int i = 0; i < n; ++i)
        threads.emplace_back([&, i] {
            start.arrive_and_wait();
            reports[i] = devices[i]->engine.pull();
        });
    start.arrive_and_wait();
    const auto t0 = Clock::now();
    threads.clear();
    const double s = secondsSince(t0);
    int errors = 0;
    std::int64_t records = 0;
    for (const auto& r : reports) {
        if (r.status != sync::SyncStatus::Ok) ++errors;
        records += r.pulled;
    }
    json out = {{"devices", n}, {"seconds", s}, {"records", records}, {"records_per_s", double(records) / s},
                {"errors", errors}};
    say("16 fresh devices pulling at once: " + fmt(s, 3) + " s for " + std::to_string(records) + " records (" +
        fmt(double(records) / s, 0) + " records/s), errors " + std::to_string(errors));
    return out;
}

json tenThousand(const RunOptions& opt) {
    const std::string dir = seed(opt, "data-10000", 10000, 10);
    ServerProcess server(opt.serverBinary, dir, opt.workDir + "/server-10k.log");
    CountingProxy proxy(server.port());
    const std::string url = "http://127.0.0.1:" + std::to_string(proxy.port());
    json out;

    std::vector<json> pulls;
    for (int i = 0; i < 3; ++i) pulls.push_back(childPull(opt, url, proxy, server.pid(), kBusinessOffice, opt.workDir + "/replica-10k.db"));
    std::sort(pulls.begin(), pulls.end(), [](const json& a, const json& b) { return a["seconds"] < b["seconds"]; });
    json p = pulls[1];
    p["runs_seconds"] = json::array({pulls[0]["seconds"], pulls[1]["seconds"], pulls[2]["seconds"]});
    out["pull_10k"] = p;
    say("pull 10k (median of 3): " + fmt(p["seconds"].get<double>(), 3) + " s, " + fmt(p["records_per_s"].get<double>(), 0) +
        " records/s, " + std::to_string(p["requests"].get<int>()) + " requests, up " +
        std::to_string(p["bytes_up"].get<std::uint64_t>()) + " B, down " + std::to_string(p["bytes_down"].get<std::uint64_t>()) + " B" +
        ", CPU device " + fmt(p["device_cpu_s"].get<double>(), 2) + " s, server " + fmt(p["server_cpu_s"].get<double>(), 2) + " s");

    out["devices_16"] = sixteenDevices("http://127.0.0.1:" + std::to_string(server.port()), opt.workDir);

    // Workload 2: 10,000 offline edits by an agency lead, pushed.
    removeReplica(opt.workDir + "/replica-lead.db");
    Device a(url, opt.workDir + "/replica-lead.db");
    const std::string lead = leadOf("MERPOL");
    a.signIn(url, lead, kPassword, "bench-lead");
    check(a.engine.pull(), "initial pull of " + lead);
    makeEdits(a, 10000, 0);
    a.transport.requests = 0;
    auto before = proxy.bytes();
    auto t0 = Clock::now();
    const auto pushed = a.engine.push();
    const double pushS = secondsSince(t0);
    auto after = proxy.bytes();
    check(pushed, "push of 10,000 edits");
    out["push_10k"] = {{"changes", pushed.pushed}, {"applied", pushed.applied}, {"superseded", pushed.superseded},
                       {"rejected", pushed.rejected}, {"seconds", pushS}, {"changes_per_s", pushed.pushed / pushS},
                       {"requests", a.transport.requests.load()}, {"bytes_up", after.up - before.up},
                       {"bytes_down", after.down - before.down}};
    say("push 10k edits: " + fmt(pushS, 3) + " s, " + fmt(pushed.pushed / pushS, 0) + " changes/s, applied " +
        std::to_string(pushed.applied) + ", " + std::to_string(a.transport.requests.load()) + " requests, up " +
        std::to_string(after.up - before.up) + " B, down " + std::to_string(after.down - before.down) + " B");
    check(a.engine.pull(), "catch-up pull");

    // Workload 3: 100 edits pushed by one device and pulled by another of the same agency.
    removeReplica(opt.workDir + "/replica-prac.db");
    Device b(url, opt.workDir + "/replica-prac.db");
    b.signIn(url, practitionerOf("MERPOL", 0), kPassword, "bench-prac");
    check(b.engine.sync(), "initial sync of the second device");
    std::vector<double> rounds;
    std::uint64_t incUp = 0, incDown = 0;
    std::int64_t incRequests = 0;
    for (int round = 1; round <= 5; ++round) {
        makeEdits(a, 100, round);
        a.transport.requests = 0;
        b.transport.requests = 0;
        before = proxy.bytes();
        t0 = Clock::now();
        const auto ra = a.engine.sync();
        const auto rb = b.engine.sync();
        rounds.push_back(secondsSince(t0) * 1000);
        after = proxy.bytes();
        check(ra, "incremental round (pushing device)");
        check(rb, "incremental round (pulling device)");
        if (ra.pushed != 100 || rb.pulled < 1) throw std::runtime_error("incremental round moved nothing");
        incUp += after.up - before.up;
        incDown += after.down - before.down;
        incRequests += a.transport.requests + b.transport.requests;
    }
    out["incremental_100"] = {{"ms_median", percentile(rounds, 50)}, {"ms_runs", rounds}, {"bytes_up", incUp / 5},
                              {"bytes_down", incDown / 5}, {"requests", incRequests / 5}};
    say("incremental round (100 edits pushed by one device, pulled by another), median of 5: " +
        fmt(percentile(rounds, 50), 1) + " ms");

    // Workload 4: a round with nothing changed.
    std::vector<double> empty;
    a.transport.requests = 0;
    before = proxy.bytes();
    for (int i = 0; i < 20; ++i) {
        t0 = Clock::now();
        const auto r = a.engine.sync();
        empty.push_back(secondsSince(t0) * 1000);
        check(r, "empty round");
        if (r.pushed != 0 || r.pulled != 0) throw std::runtime_error("empty round moved records");
    }
    after = proxy.bytes();
    out["empty_round"] = {{"ms_median", percentile(empty, 50)}, {"ms_p90", percentile(empty, 90)},
                          {"requests", double(a.transport.requests) / 20}, {"bytes_up", (after.up - before.up) / 20},
                          {"bytes_down", (after.down - before.down) / 20}};
    say("empty round, median of 20: " + fmt(percentile(empty, 50), 2) + " ms, " +
        fmt(double(a.transport.requests) / 20, 1) + " requests");
    return out;
}

json manyDevices(const RunOptions& opt) {
    const std::string dir = seed(opt, "data-many", 2000, 500);
    ServerProcess server(opt.serverBinary, dir, opt.workDir + "/server-many.log");
    const std::string url = server.url();
    const int n = opt.concurrentDevices;
    // 500 real devices have 500 disks; here they would queue on one, so their replicas live in
    // memory (/dev/shm) and the figures measure the server.
    const std::string replicas = fs::exists("/dev/shm") ? "/dev/shm/tandem-bench-" + std::to_string(::getpid())
                                                        : opt.workDir + "/replicas-many";
    fs::remove_all(replicas);
    fs::create_directories(replicas);
    say("signing in " + std::to_string(n) + " devices, pulling their scopes and syncing one edit (set-up, not measured)...");
    std::vector<std::unique_ptr<Device>> devices(n);
    std::atomic<int> next{0};
    std::mutex failMutex;
    std::string failure;
    {
        std::vector<std::jthread> setup;
        for (int w = 0; w < 4; ++w)
            setup.emplace_back([&] {
                for (int i = next++; i < n; i = next++) {
                    try {
                        const auto& agency = benchAgencies()[size_t(i) % benchAgencies().size()];
                        const std::string user = practitionerOf(agency, (i / int(benchAgencies().size())) % kPractitionersPerAgency);
                        auto d = std::make_unique<Device>(url, replicas + "/" + std::to_string(i) + ".db");
                        d->signIn(url, user, kPassword, "bench-many-" + std::to_string(i));
                        check(d->engine.pull(), "initial pull");
                        // One sync with an edit, as a device that has been in use since it was
                        // opened: what is measured is its next syncs, not its first.
                        makeEdits(*d, 1, 0);
                        check(d->engine.sync(), "first sync");
                        devices[size_t(i)] = std::move(d);
                    } catch (const std::exception& e) {
                        std::lock_guard lock(failMutex);
                        failure = e.what();
                    }
                }
            });
    }
    if (!failure.empty()) {
        devices.clear();
        fs::remove_all(replicas);
        throw std::runtime_error(std::to_string(n) + "-device set-up: " + failure);
    }

    // Each round, every device makes one edit (not measured), then all sync: at the same instant,
    // or with `spread` > 0 each at a random moment within that many seconds. Only the syncs are
    // timed and their CPU counted (the edits are made between two barriers).
    struct Run {
        std::vector<double> latencies;  // ms
        double seconds = 0, serverCpu = 0, deviceCpu = 0;
        int errors = 0, retries = 0;
        PageCounts pages;
    };
    auto syncAll = [&](int rounds, double spread, int firstRound) {
        std::vector<std::vector<double>> latencies(static_cast<size_t>(n));
        std::atomic<int> errors{0}, retries{0};
        Run run;
        Clock::time_point roundStart;
        double server0 = 0, device0 = 0;
        auto edited = [&]() noexcept {
            for (auto& d : devices) d->resetPageCounts();
            server0 = cpuSeconds(server.pid());
            device0 = cpuSeconds(::getpid());
            roundStart = Clock::now();
        };
        auto synced = [&]() noexcept {
            run.seconds += secondsSince(roundStart);
            run.serverCpu += cpuSeconds(server.pid()) - server0;
            run.deviceCpu += cpuSeconds(::getpid()) - device0;
            for (auto& d : devices) run.pages += d->pageCounts();
        };
        std::barrier editsMade(n, edited);
        std::barrier syncsDone(n, synced);
        {
            std::vector<std::jthread> threads;
            for (int i = 0; i < n; ++i)
                threads.emplace_back([&, i] {
                    Device& d = *devices[size_t(i)];
                    std::mt19937 rng(static_cast<unsigned>(i));
                    for (int r = 0; r < rounds; ++r) {
                        bool madeEdit = false;
                        try {
                            madeEdit = makeEdits(d, 1, firstRound + r) == 1;
                        } catch (const std::exception&) {
                        }
                        editsMade.arrive_and_wait();
                        if (spread > 0)
                            std::this_thread::sleep_until(
                                roundStart + std::chrono::duration<double>(spread * std::uniform_real_distribution<>(0, 1)(rng)));
                        try {
                            const auto t = Clock::now();
                            const auto rep = d.engine.sync();
                            latencies[size_t(i)].push_back(secondsSince(t) * 1000);
                            retries += rep.retries;
                            if (!madeEdit || rep.status != sync::SyncStatus::Ok || rep.pushed != 1) ++errors;
                        } catch (const std::exception&) {
                            ++errors;
                        }
                        syncsDone.arrive_and_wait();
                    }
                });
        }
        run.errors = errors.load();
        run.retries = retries.load();
        for (const auto& l : latencies) run.latencies.insert(run.latencies.end(), l.begin(), l.end());
        return run;
    };
    constexpr int rounds = 3;
    say(std::to_string(n) + " devices each making an edit and syncing, " + std::to_string(rounds) + " rounds, all at once...");
    Run burst = syncAll(rounds, 0, 1);
    auto& all = burst.latencies;
    const double s = burst.seconds;
    const double perSync = 1000.0 / double(all.size());
    json out = {{"devices", n}, {"syncs", all.size()}, {"seconds", s}, {"syncs_per_s", double(all.size()) / s},
                {"p50_ms", percentile(all, 50)}, {"p99_ms", percentile(all, 99)}, {"max_ms", percentile(all, 100)},
                {"errors", burst.errors}, {"retries", burst.retries}, {"server_cpu_ms_per_sync", burst.serverCpu * perSync},
                {"device_cpu_ms_per_sync", burst.deviceCpu * perSync},
                {"device_pages_per_sync", {{"cache_hits", double(burst.pages.hits) / double(all.size())},
                                           {"read_from_file", double(burst.pages.misses) / double(all.size())},
                                           {"written", double(burst.pages.writes) / double(all.size())}}}};
    say(std::to_string(n) + " devices: " + std::to_string(all.size()) + " syncs in " + fmt(s, 2) + " s (" +
        fmt(double(all.size()) / s, 0) + " syncs/s), p50 " + fmt(percentile(all, 50), 1) + " ms, p99 " +
        fmt(percentile(all, 99), 1) + " ms, errors " + std::to_string(burst.errors) + ", retries " +
        std::to_string(burst.retries) + "; CPU per sync: server " +
        fmt(burst.serverCpu * perSync, 2) + " ms, devices " + fmt(burst.deviceCpu * perSync, 2) + " ms; device pages per sync: " +
        fmt(double(burst.pages.misses) / double(all.size()), 1) + " read from the file (decrypted), " +
        fmt(double(burst.pages.writes) / double(all.size()), 1) + " written (encrypted), " +
        fmt(double(burst.pages.hits) / double(all.size()), 1) + " from the cache");
    // The same devices at half the rate the burst reached, arriving at random: what a device
    // waits when the server is not behind a queue of syncs started at the same instant.
    const double spread = 2.0 * n / (double(all.size()) / s);
    say(std::to_string(n) + " devices syncing at random moments within " + fmt(spread, 2) + " s, 3 rounds...");
    Run paced = syncAll(rounds, spread, 1 + rounds);
    out["paced"] = {{"syncs", paced.latencies.size()}, {"seconds", paced.seconds},
                    {"syncs_per_s", double(paced.latencies.size()) / paced.seconds},
                    {"p50_ms", percentile(paced.latencies, 50)}, {"p99_ms", percentile(paced.latencies, 99)},
                    {"max_ms", percentile(paced.latencies, 100)}, {"errors", paced.errors}, {"retries", paced.retries}};
    say("paced: " + std::to_string(paced.latencies.size()) + " syncs at " +
        fmt(double(paced.latencies.size()) / paced.seconds, 0) + " syncs/s, p50 " + fmt(percentile(paced.latencies, 50), 1) +
        " ms, p99 " + fmt(percentile(paced.latencies, 99), 1) + " ms, errors " + std::to_string(paced.errors) +
        ", retries " + std::to_string(paced.retries));
    devices.clear();
    fs::remove_all(replicas);
    return out;
}

// Workload 8: decide() alone over a mix of sequential, concurrent and same-value edits.
json mergeAlone() {
    std::vector<std::pair<std::optional<FieldState>, IncomingEdit>> cases;
    for (int i = 0; i < 1024; ++i) {
        FieldState cur{nlohmann::json("value " + std::to_string(i % 7)), 100 + i, i % 3, i % 5};
        IncomingEdit e{nlohmann::json("value " + std::to_string(i % 5)), (i % 4 == 0) ? 50 : 100 + i, (i / 3) % 3, 1 + i % 4};
        cases.emplace_back(i % 16 == 0 ? std::nullopt : std::optional<FieldState>(cur), e);
    }
    const int n = 5'000'000;
    int applied = 0;
    const auto t0 = Clock::now();
    for (int i = 0; i < n; ++i) {
        const auto& [cur, e] = cases[size_t(i) & 1023];
        applied += decide(cur, e).outcome == MergeOutcome::Applied;
    }
    const double s = secondsSince(t0);
    say("merge decide() alone: " + fmt(n / s / 1e6, 2) + " million changes/s (" + std::to_string(applied) + " applied)");
    return {{"changes", n}, {"seconds", s}, {"changes_per_s", n / s}};
}

}  // namespace

json runTandem(const RunOptions& opt) {
    fs::create_directories(opt.workDir);
    auto wanted = [&](const char* group) {
        return opt.only.empty() || std::find(opt.only.begin(), opt.only.end(), group) != opt.only.end();
    };
    json out;
    if (wanted("big")) {
        const auto big = bigPull(opt);
        out["pull_big"] = big;
        out["memory"] = {{"device_peak_kib", big["device_peak_kib"]}, {"server_peak_kib", big["server_peak_kib"]},
                         {"records", big["records"]}};
    }
    if (wanted("ten")) {
        const auto ten = tenThousand(opt);
        for (const auto& [k, v] : ten.items()) out[k] = v;
    }
    if (wanted("many")) out["devices_500"] = manyDevices(opt);
    if (wanted("merge")) out["merge"] = mergeAlone();
    return out;
}

int devicePullChild(const std::string& url, const std::string& user, const std::string& replicaPath) {
    Device d(url, replicaPath);
    d.signIn(url, user, kPassword, "bench-pull");
    std::cout << "ready" << std::endl;
    std::string go;
    if (!std::getline(std::cin, go) || go != "go") return 2;
    const double cpu0 = cpuSeconds(::getpid());
    const auto t0 = Clock::now();
    const auto r = d.engine.pull();
    const double s = secondsSince(t0);
    const double cpu = cpuSeconds(::getpid()) - cpu0;
    json out = {{"status", r.status == sync::SyncStatus::Ok ? "ok" : std::string(sync::toString(r.status))},
                {"message", r.message},
                {"records", r.pulled},
                {"replica_records", d.replica.recordCount()},
                {"pages", r.pages},
                {"seconds", s},
                {"device_cpu_s", cpu},
                {"requests", d.transport.requests.load()},
                {"device_peak_kib", peakRssKib(::getpid())}};
    std::cout << out.dump() << std::endl;
    return 0;
}

}  // namespace tandem::bench
