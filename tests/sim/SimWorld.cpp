#include "SimWorld.h"

#include "Account.h"
#include "Admin.h"
#include "Checks.h"
#include "Demo.h"
#include "TestKey.h"

#include <filesystem>
#include <iostream>
#include <set>

namespace tandem::sim {
namespace fs = std::filesystem;

namespace {

const char* kServerUrl = "sim://server";

void copyFiles(const fs::path& from, const fs::path& to) {
    fs::create_directories(to);
    for (const auto& e : fs::directory_iterator(from))
        if (e.is_regular_file()) fs::copy_file(e.path(), to / e.path().filename(), fs::copy_options::overwrite_existing);
}

std::string replicaFile(const std::string& dir, const std::string& user) { return dir + "/devices/" + user + ".replica.db"; }

// Retries never sleep: a seed decides the run, not the clock.
const sync::RetryPolicy kRetry{4, std::chrono::milliseconds(0), std::chrono::milliseconds(0)};

}  // namespace

const std::vector<std::string>& fleetUsers() {
    static const std::vector<std::string> users{"bo.sthelens", "board.sthelens", "lead.merpol", "pc.merpol",
                                                "lead.sthcsc", "sw.sthcsc",      "lead.sthk",   "nurse.sthk",
                                                "lead.schools", "dsl.schools"};
    return users;
}

std::string Base::prepare(const std::string& dataDir) {
    fs::create_directories(dir() + "/server");
    fs::create_directories(dir() + "/devices");
    auto store = server::openDataDir(dir() + "/server");
    // Sign-ins happen thousands of times: cheap hashing, set before any user exists.
    store->write([](server::StoreSession& s) { s.setMeta("kdf_cost", "minimum"); });
    std::string error;
    if (!server::setUpDemo(*store, dataDir, error)) return "cannot set up the demo: " + error;
    server::Api api(*store);
    InProcessTransport wire(api);
    for (const auto& user : fleetUsers()) {
        const std::string file = replicaFile(dir(), user);
        sync::Replica replica(file, test::testKey(file));
        auto in = sync::signIn(replica, wire, kServerUrl, user, server::kDemoPassword, "sim device of " + user);
        if (!in.ok) return user + " cannot sign in: " + in.message;
        sync::SyncEngine engine(replica, wire, kRetry);
        if (auto r = engine.sync(); r.status != sync::SyncStatus::Ok) return user + " cannot sync: " + r.message;
    }
    return {};
}

void Device::open() {
    replica = std::make_unique<sync::Replica>(path, test::testKey(path));
    ws = std::make_unique<sync::Workspace>(*replica);
}

void Device::crash() {
    ws.reset();
    replica.reset();
}

std::vector<std::string> Device::outboxIds() {
    std::vector<std::string> out;
    auto s = replica->db().prepare("SELECT change_id FROM outbox ORDER BY seq");
    while (s.step()) out.push_back(s.text(0));
    return out;
}

World::World(const Base& base, std::uint64_t seed, bool verbose)
    : base_(base), seed_(seed), verbose_(verbose), rng_(seed), dir_(base.root + "/run") {
    fs::remove_all(dir_);
    copyFiles(base.dir() + "/server", dir_ + "/server");
    copyFiles(base.dir() + "/devices", dir_ + "/devices");
    store_ = server::openDataDir(dir_ + "/server");
    api_ = std::make_unique<server::Api>(*store_);
    wire_ = std::make_unique<InProcessTransport>(*api_);
    oracle_ = std::make_unique<Oracle>(*store_, *wire_);
    for (const auto& user : fleetUsers()) {
        auto d = std::make_unique<Device>();
        d->user = user;
        d->path = replicaFile(dir_, user);
        d->open();
        const auto me = d->replica->identity();
        d->role = me ? me->role : "";
        d->agency = me ? me->agency : "";
        d->clean = std::make_unique<JudgedTransport>(*oracle_, user);
        d->faulty = std::make_unique<FaultyTransport>(*d->clean, rng_, stats);
        devices_.push_back(std::move(d));
    }
    // A few actions with supporting agencies take most action edits: owners and supporters
    // then edit the same fields concurrently, which is where precedence matters.
    std::set<std::string> fleet;
    for (const auto& d : devices_) fleet.insert(d->agency);
    auto inFleet = [&](const nlohmann::json& v) { return v.is_string() && fleet.count(v.get<std::string>()); };
    std::vector<std::string> shared;
    for (const auto& a : devices_.front()->replica->records("action")) {
        auto it = a.fields.find("supporting_agencies");
        const std::string status = a.text("status");
        if (a.partnership == "st-helens" && fleet.count(a.owner) && status != "closed" && status != "superseded" &&
            it != a.fields.end() && it->second.is_array() &&
            std::any_of(it->second.begin(), it->second.end(), inFleet))
            shared.push_back(a.id);
    }
    std::sort(shared.begin(), shared.end());
    for (int i = 0; i < 4 && !shared.empty(); ++i) {
        const auto at = shared.begin() + below(static_cast<int>(shared.size()));
        hotActions_.push_back(*at);
        shared.erase(at);
    }
}

World::~World() {
    devices_.clear();
    oracle_.reset();
    wire_.reset();
    api_.reset();
    store_.reset();
    std::error_code ec;
    if (!keep.empty()) fs::copy(dir_, keep, fs::copy_options::recursive | fs::copy_options::overwrite_existing, ec);
    fs::remove_all(dir_, ec);
}

void World::log(const std::string& line) {
    if (verbose_) std::cout << "  [" << step_ << "] " << line << "\n";
}

bool World::chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }
int World::below(int n) { return n <= 0 ? 0 : std::uniform_int_distribution<int>(0, n - 1)(rng_); }

sync::SyncReport World::syncDevice(Device& d, bool faults, const std::string& why) {
    static const sync::FaultPoint kPoints[] = {sync::FaultPoint::BeforePush, sync::FaultPoint::PushAnswered,
                                               sync::FaultPoint::PageReceived, sync::FaultPoint::PageApplied};
    std::optional<sync::FaultPoint> crashAt;
    if (why == "crash") crashAt = kPoints[below(4)];
    d.faulty->rate = faults ? 0.1 + 0.3 * std::uniform_real_distribution<double>(0, 1)(rng_) : 0;
    static const int kPages[] = {3, 20, 1000};
    static const size_t kBatches[] = {2, 7, 500};
    std::optional<sync::FaultPoint> crashed;
    sync::SyncReport report;
    {
        sync::SyncEngine engine(*d.replica, faults ? static_cast<sync::Transport&>(*d.faulty) : *d.clean, kRetry);
        engine.pullPageSize = kPages[below(3)];
        engine.pushBatchSize = kBatches[below(3)];
        if (crashAt) {
            int skip = below(2);  // the first or the second time the point is reached
            engine.faultHook = [&, skip](sync::FaultPoint p) mutable {
                if (p == *crashAt && skip-- == 0) throw DeviceCrash{p};
            };
        }
        try {
            report = engine.sync();
        } catch (const DeviceCrash& c) {
            crashed = c.point;
        }
    }
    d.faulty->rate = 0;
    ++stats["syncs"];
    if (crashed) {
        d.crash();
        d.open();
        ++stats["crash." + std::string(sync::toString(*crashed))];
        log(d.user + " sync: the device dies at " + std::string(sync::toString(*crashed)));
        return report;
    }
    log(d.user + " " + why + (faults ? " (faulty network)" : "") + ": " + std::string(sync::toString(report.status)) +
        " pushed " + std::to_string(report.pushed) + " pulled " + std::to_string(report.pulled) +
        (report.refetched ? " refetched" : "") + (report.message.empty() ? "" : " - " + report.message));
    if (report.status == sync::SyncStatus::Offline) ++stats["syncs_offline"];
    else if (report.status != sync::SyncStatus::Ok)
        oracle_->violations.push_back(d.user + ": sync ended " + std::string(sync::toString(report.status)) + " (" +
                                      report.code + "): " + report.message);
    if (report.refetched) ++stats["refetches"];
    return report;
}

void World::signIn(Device& d) {
    auto r = sync::signIn(*d.replica, *d.clean, kServerUrl, d.user, server::kDemoPassword, "sim device of " + d.user);
    ++stats["sign_ins"];
    log(d.user + " signs in again" + (r.ok ? "" : ": " + r.message));
    if (!r.ok) oracle_->violations.push_back(d.user + ": sign-in failed: " + r.message);
}

void World::step(int index) {
    step_ = index;
    ++stats["steps"];
    Device& d = *devices_[static_cast<size_t>(below(static_cast<int>(devices_.size())))];
    const bool online = index >= d.offlineUntil;
    const int roll = below(100);
    if (roll < 50) {
        edit(d);
        if (chance(0.3)) edit(d);
    } else if (roll < 78) {
        if (online) syncDevice(d, chance(0.6), "sync");
        else edit(d);
    } else if (roll < 84) {
        d.offlineUntil = index + 10 + below(60);
        ++stats["offline_stretches"];
        log(d.user + " goes offline until step " + std::to_string(d.offlineUntil));
    } else if (roll < 88) {
        if (online) signIn(d);
    } else if (roll < 93) {
        edit(d);
        d.crash();
        d.open();
        ++stats["crash.after_local_commit"];
        log(d.user + " dies right after its local commit");
    } else if (roll < 99) {
        if (online) syncDevice(d, chance(0.5), "crash");
    } else if (chance(0.3)) {
        // The server forgets its removal history: older cursors must download afresh.
        store_->write([](server::StoreSession& s) { s.pruneRemovals(s.currentSeq()); });
        ++stats["removal_prunes"];
        log("server prunes its removal history");
    }
}

std::string World::run() {
    const int steps = 40 + below(120);
    for (int i = 0; i < steps; ++i) step(i);
    step_ = steps;
    return finish();
}

std::string World::finish() {
    // Everyone back online, the network healthy: two rounds of syncs, then the properties.
    for (int round = 0; round < 2; ++round)
        for (auto& d : devices_) syncDevice(*d, false, "final sync");
    Checks checks{*store_, dir_ + "/server", *oracle_, devices_, edits_, *wire_, stats};
    const auto failures = checks.all();
    if (failures.empty()) return {};
    std::string out = failures.front();
    for (size_t i = 1; i < failures.size() && i < 12; ++i) out += "\n  " + failures[i];
    if (failures.size() > 12) out += "\n  ... and " + std::to_string(failures.size() - 12) + " more";
    return out;
}

}  // namespace tandem::sim
