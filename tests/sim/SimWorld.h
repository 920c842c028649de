// One schedule of the simulation: the real server (SqliteStore + Api, in-process) on a fresh
// copy of a prepared data directory, and a fleet of devices of the St Helens partnership, each
// with its own replica file, Workspace and SyncEngine, driven by one seeded random stream.
#pragma once

#include "Faults.h"
#include "Oracle.h"
#include "Replica.h"
#include "Store.h"
#include "SyncEngine.h"
#include "Workspace.h"

#include <functional>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace tandem::sim {

// The users with a device: the business office, a board member, and a lead and a practitioner
// of four agencies.
const std::vector<std::string>& fleetUsers();

// The prepared starting point, made once per process: the demo partnership with cheap password
// hashing, and every device signed in and synced once. Each schedule starts from a copy.
struct Base {
    std::string root;  // a scratch folder (on tmpfs when there is one)
    std::string dir() const { return root + "/base"; }
    // Returns an error sentence, or empty when ready.
    std::string prepare(const std::string& dataDir);
};

// Thrown from SyncEngine::faultHook: the device process dies at that point.
struct DeviceCrash {
    sync::FaultPoint point;
};

// One field change a device queued, as it sat in the outbox.
struct Edit {
    std::string changeId, user, record, field;
    nlohmann::json value;
    std::int64_t base = 0;
};

struct Device {
    std::string user, role, agency, path;
    std::unique_ptr<sync::Replica> replica;
    std::unique_ptr<sync::Workspace> ws;
    std::unique_ptr<JudgedTransport> clean;   // through the oracle, never broken
    std::unique_ptr<FaultyTransport> faulty;  // in front of `clean`
    int offlineUntil = -1;                    // no syncs before this step

    void open();
    // The process dies: every object goes, the file stays with its last commit.
    void crash();
    std::vector<std::string> outboxIds();
};

class World {
public:
    World(const Base& base, std::uint64_t seed, bool verbose);
    ~World();

    // Runs the schedule, lets everyone sync twice and checks the properties. Returns what was
    // violated, or empty.
    std::string run();
    Stats stats;
    std::string keep;  // where to move the schedule's files when it ends, if anywhere

private:
    // Steps (SimWorld.cpp).
    void step(int index);
    sync::SyncReport syncDevice(Device& d, bool faults, const std::string& why);
    void signIn(Device& d);
    std::string finish();

    // Edits (Edits.cpp): each picks a record the device holds and changes it as its user would,
    // or, when the device refuses, sometimes queues it anyway as an old client would.
    void edit(Device& d);
    void editAction(Device& d, const sync::LocalRecord& a);
    void editUpdate(Device& d, const std::vector<sync::LocalRecord>& actions);
    void editReturn(Device& d, const sync::LocalRecord& r);
    void editCaseAudit(Device& d, const sync::LocalRecord& c);
    void editAnyField(Device& d);
    void attempt(Device& d, const std::string& what, const std::function<sync::EditResult()>& viaWorkspace,
                 const std::function<void()>& direct = {});
    nlohmann::json text(Device& d);
    bool chance(double p);
    int below(int n);
    template <typename T>
    const T& pickOf(const std::vector<T>& v) { return v[static_cast<size_t>(below(static_cast<int>(v.size())))]; }
    void log(const std::string& line);
    const sync::LocalRecord& pickAction(const std::vector<sync::LocalRecord>& actions);

    const Base& base_;
    std::uint64_t seed_;
    bool verbose_;
    std::mt19937_64 rng_;
    std::string dir_;
    std::unique_ptr<server::Store> store_;
    std::unique_ptr<server::Api> api_;
    std::unique_ptr<InProcessTransport> wire_;
    std::unique_ptr<Oracle> oracle_;
    std::vector<std::unique_ptr<Device>> devices_;
    std::vector<Edit> edits_;
    std::map<std::string, int> updateOrdinal_;
    std::vector<std::string> hotActions_;  // where most action edits go, so that edits collide  // progress updates this run made, in order
    int step_ = 0;
    int counter_ = 0;
};

}  // namespace tandem::sim
