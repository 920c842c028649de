// The properties of sync-design.md, checked after every schedule once all devices have synced
// twice on a healthy network. Each check returns sentences naming what is wrong; counts go to
// the schedule's stats so the totals show what was actually exercised.
#pragma once

#include "Oracle.h"
#include "SimWorld.h"

#include <string>
#include <vector>

namespace tandem::sim {

struct Checks {
    server::Store& store;
    std::string serverDir;
    Oracle& oracle;
    std::vector<std::unique_ptr<Device>>& devices;
    const std::vector<Edit>& edits;
    sync::Transport& wire;  // the server, without faults and without the oracle
    Stats& stats;

    std::vector<std::string> all();

    // 1. Every replica equals what a fresh download for its user gets; every outbox is empty.
    void convergence(std::vector<std::string>& out);
    // 2. Every edit was answered applied, superseded or rejected, the server keeps that answer,
    //    and its author's replica shows the outcome; every conflict is where the design says.
    void nothingLost(std::vector<std::string>& out);
    // 3 and 5, judged during the run by the oracle: no lower-precedence overwrite, no change by a
    //    non-writer, replays answered alike, the server sequence accounted for by the answers.
    void duringRun(std::vector<std::string>& out);
    // 5. One outcome per change id in the server's push results, and no change nobody made.
    void appliedOnce(std::vector<std::string>& out);
    // 6. No device holds a record outside its user's scope; stored audiences are current.
    void scope(std::vector<std::string>& out);

    Device* deviceOf(const std::string& user);
};

}  // namespace tandem::sim
