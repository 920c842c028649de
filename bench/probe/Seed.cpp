#include "Seed.h"

#include "Admin.h"
#include "Demo.h"
#include "RecordWrites.h"
#include "Schema.h"

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <random>

namespace tandem::probe {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const char* const kOwners[] = {"MERPOL", "STH-CSC", "STHK", "STH-SCHOOLS"};
const char* const kWords[] = {"multi-agency", "referral", "pathway", "training", "supervision", "audit",
                              "threshold", "neglect", "escalation", "strategy", "meeting", "assessment",
                              "voice of the child", "information sharing", "early help", "review"};

std::string sentence(std::mt19937& rng, int words) {
    std::string s;
    for (int i = 0; i < words; ++i) {
        if (i) s += ' ';
        s += kWords[rng() % std::size(kWords)];
    }
    return s;
}

void seed(const std::string& dir, int records) {
    auto store = server::openDataDir(dir);
    store->write([](server::StoreSession& s) { s.setMeta("kdf_cost", "minimum"); });
    std::string error;
    if (!server::setUpDemo(*store, TANDEM_DATA_DIR, error)) throw std::runtime_error("demo: " + error);
    std::mt19937 rng(4);
    const int perTx = 10000;
    for (int first = 0; first < records; first += perTx) {
        store->write([&](server::StoreSession& s) {
            for (int i = first; i < std::min(records, first + perTx); ++i) {
                server::RecordRow row;
                row.id = actionId(i);
                row.kind = "action";
                row.partnership = "st-helens";
                row.owner = ownerOf(i);
                // About 300 bytes as one JSON document: the size PouchDB gets in the harness.
                const std::map<std::string, json> fields{
                    {"no", std::to_string(i / 10) + "." + std::to_string(i % 10)},
                    {"title", sentence(rng, 5)},
                    {"description", sentence(rng, 9)},
                    {"target_date", "2027-0" + std::to_string(1 + i % 9) + "-15"},
                    {"priority", i % 3 ? "medium" : "high"},
                    {"lead_agency", row.owner},
                    {"supporting_agencies", json::array({kOwners[(i + 1) % 4]})},
                    {"status", "open"},
                    {"progress", sentence(rng, 4)},
                    {"lead_officer", "Officer " + std::to_string(i % 97)},
                };
                server::createRecord(s, row, fields);
            }
        });
    }
}

}  // namespace

std::string actionId(int i) {
    // Random-looking like the UUIDs devices and importers make (ordered ids would make every
    // B-tree insert an append and flatter both stores), but the same for the same i.
    auto mix = [](std::uint64_t z) {
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    };
    const std::uint64_t a = mix(static_cast<std::uint64_t>(i) * 2 + 1), b = mix(static_cast<std::uint64_t>(i) * 2 + 2);
    char buf[40];
    std::snprintf(buf, sizeof buf, "%08x-%04x-4%03x-8%03x-%012llx", static_cast<unsigned>(a >> 32),
                  static_cast<unsigned>((a >> 16) & 0xffff), static_cast<unsigned>(a & 0xfff),
                  static_cast<unsigned>(b >> 52), static_cast<unsigned long long>(b & 0xffffffffffffULL));
    return buf;
}

std::string ownerOf(int i) { return kOwners[i % 4]; }

std::string seededDataDir(int records, const std::string& workDir) {
    // Keyed by the schema too: a schema change means a fresh seed.
    const auto key = std::hash<std::string>{}(server::kServerSchema);
    const fs::path cache = fs::temp_directory_path() / "tandem-probe-cache" /
                           (std::to_string(records) + "-" + std::to_string(key));
    if (!fs::exists(cache / "done")) {
        fs::remove_all(cache);
        fs::create_directories(cache);
        seed(cache.string(), records);
        std::FILE* f = std::fopen((cache / "done").c_str(), "w");
        if (f) std::fclose(f);
    }
    const fs::path out = fs::path(workDir) / "server";
    fs::remove_all(out);
    fs::copy(cache, out, fs::copy_options::recursive);
    fs::remove(out / "done");
    return out.string();
}

}  // namespace tandem::probe
