// The Tandem side of the benchmark (issue 4, workloads 1-9), each against a real tandem-server
// process on 127.0.0.1, and the device-pull child process that measures one device's pull.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace tandem::bench {

struct RunOptions {
    std::string workDir;      // data directories, replicas and logs of this run
    std::string serverBinary; // tandem-server
    std::string selfBinary;   // tandem-bench, for device child processes
    std::string agenciesCsv;  // data/agencies.csv
    int bigPull = 100000;     // records of the big pull (workloads 1 and 9)
    int concurrentDevices = 500;
    // Workload groups to run ("big", "ten", "many", "merge"); empty runs them all. For working on
    // one figure; RESULTS.md is written from a run of all of them.
    std::vector<std::string> only;
};

// Runs every workload, printing figures as it goes; returns them as JSON.
nlohmann::json runTandem(const RunOptions& opt);

// The child side of a measured pull: signs in, prints "ready", waits for "go" on stdin, pulls
// into the empty replica and prints one JSON line with the time, records, requests and peak RSS.
int devicePullChild(const std::string& url, const std::string& user, const std::string& replicaPath);

}  // namespace tandem::bench
