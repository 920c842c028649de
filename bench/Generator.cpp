#include "Generator.h"

#include "Admin.h"
#include "RecordWrites.h"

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

namespace tandem::bench {
namespace {

using nlohmann::json;

const std::vector<std::string> kVerbs = {"Review", "Audit", "Strengthen", "Embed", "Agree", "Publish", "Train",
                                         "Update", "Test", "Share", "Monitor", "Improve"};
const std::vector<std::string> kObjects = {
    "the referral pathway for adolescents", "information sharing with health visitors",
    "the escalation policy", "strategy discussion attendance", "the neglect toolkit in supervision",
    "training for designated leads", "out-of-hours domestic abuse notifications",
    "record keeping on home visits", "the voice of the child in plans", "return home interviews"};
const std::vector<std::string> kNarratives = {
    "Audit of 20 case files done; findings shared with managers.", "Training delivered to 84 staff; confidence improved.",
    "Policy redrafted; sign-off at the next subgroup meeting.", "Dip sample: pathway used in most referrals.",
    "Joint visits started with health; early feedback positive.", "Data now reported monthly; trend improving."};
const std::vector<std::string> kStatuses = {"not_started", "in_progress", "in_progress", "submitted_for_closure", "closed"};
const std::vector<std::string> kRags = {"red", "amber", "green"};
const std::vector<std::string> kReturnStatuses = {"assigned", "in_progress", "in_progress", "submitted", "approved"};

std::string uuidFrom(std::mt19937_64& rng) {
    const std::uint64_t a = rng(), b = rng();
    char buf[40];
    std::snprintf(buf, sizeof buf, "%08x-%04x-4%03x-%04x-%012llx", unsigned(a >> 32), unsigned((a >> 16) & 0xffff),
                  unsigned(a & 0xfff), unsigned(0x8000 | ((b >> 48) & 0x3fff)),
                  static_cast<unsigned long long>(b & 0xffffffffffffULL));
    return buf;
}

template <class T>
const T& pick(std::mt19937_64& rng, const std::vector<T>& v) {
    return v[rng() % v.size()];
}

std::string date(std::mt19937_64& rng) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "20%02d-%02d-%02d", 26 + int(rng() % 2), 1 + int(rng() % 12), 1 + int(rng() % 28));
    return buf;
}

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void check(const server::AdminResult& r) {
    if (r.ok()) return;
    std::string all;
    for (const auto& e : r.errors) all += e + "\n";
    throw std::runtime_error(all);
}

}  // namespace

const std::vector<std::string>& benchAgencies() {
    static const std::vector<std::string> agencies = {"MERPOL", "STH-CSC", "STH-PH",  "STH-YOS",    "STH-CCG",
                                                      "STHK",   "NWBH",    "BRIDGEWATER", "NPS-NW", "CAFCASS",
                                                      "NSPCC",  "STH-SCHOOLS", "STH-COLLEGE", "CATCH22"};
    return agencies;
}

std::string leadOf(const std::string& agency) { return "lead." + agency; }
std::string practitionerOf(const std::string& agency, int i) { return "prac" + std::to_string(i) + "." + agency; }

std::vector<GeneratedRecord> generateRecords(int count, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    const auto& agencies = benchAgencies();
    std::vector<GeneratedRecord> out;
    out.reserve(count);
    std::vector<size_t> actions;  // indexes of actions made so far, parents for updates
    for (int i = 0; i < count; ++i) {
        GeneratedRecord r;
        r.id = uuidFrom(rng);
        const unsigned roll = rng() % 10;
        if (roll < 4 || actions.empty()) {
            r.kind = "action";
            r.owner = pick(rng, agencies);
            for (int k = int(rng() % 3); k > 0; --k) {
                const auto& s = pick(rng, agencies);
                if (s != r.owner && std::find(r.supporting.begin(), r.supporting.end(), s) == r.supporting.end())
                    r.supporting.push_back(s);
            }
            const int review = int(rng() % 40);
            const std::string rid = "review:st-helens:CSPR-" + std::to_string(review);
            r.fields = {{"review", rid},
                        {"title", pick(rng, kVerbs) + " " + pick(rng, kObjects)},
                        {"supporting_agencies", r.supporting},
                        {"target_date", date(rng)},
                        {"status", pick(rng, kStatuses)},
                        {"progress", pick(rng, kNarratives)}};
            actions.push_back(out.size());
        } else if (roll < 7) {
            const GeneratedRecord& action = out[actions[rng() % actions.size()]];
            r.kind = "action_update";
            r.owner = action.owner;
            r.parent = action.id;
            r.fields = {{"action", action.id},
                        {"author", leadOf(action.owner)},
                        {"created_at", date(rng) + "T10:15:00Z"},
                        {"narrative", pick(rng, kNarratives)},
                        {"proposed_rag", pick(rng, kRags)},
                        {"approved", rng() % 2 == 0}};
        } else {
            r.kind = "audit_return";
            r.owner = pick(rng, agencies);
            r.assignee = practitionerOf(r.owner, int(rng() % kPractitionersPerAgency));
            r.fields = {{"template", "template:s11-self-assessment:1"},
                        {"round", "round:s11-2026"},
                        {"status", pick(rng, kReturnStatuses)},
                        {"due_date", date(rng)},
                        {"assignee", r.assignee},
                        {"a.S1.rating", pick(rng, kRags)},
                        {"a.S1.evidence", pick(rng, kNarratives)},
                        {"a.S2.rating", pick(rng, kRags)},
                        {"a.S3.rating", pick(rng, kRags)}};
        }
        out.push_back(std::move(r));
    }
    return out;
}

nlohmann::json asDocument(const GeneratedRecord& r) {
    return {{"_id", r.id}, {"kind", r.kind}, {"partnership", kPartnership}, {"owner", r.owner}, {"fields", r.fields}};
}

void seedDataDir(const std::string& dir, const std::string& agenciesCsv, int count, std::uint64_t seed) {
    if (std::filesystem::exists(server::databasePath(dir)))
        throw std::runtime_error(dir + " already holds a database; remove it first");
    auto store = server::openDataDir(dir);
    store->write([](server::StoreSession& s) { s.setMeta("kdf_cost", "minimum"); });
    check(server::importAgencies(*store, readFile(agenciesCsv), agenciesCsv));
    check(server::addUser(*store, kBusinessOffice, kPassword, "business_office", "SHC-BO"));
    for (const auto& a : benchAgencies()) {
        check(server::addUser(*store, leadOf(a), kPassword, "agency_lead", a));
        for (int i = 0; i < kPractitionersPerAgency; ++i)
            check(server::addUser(*store, practitionerOf(a, i), kPassword, "practitioner", a));
    }
    const auto records = generateRecords(count, seed);
    store->write([&](server::StoreSession& s) {
        for (const auto& g : records) {
            server::RecordRow row;
            row.id = g.id;
            row.kind = g.kind;
            row.partnership = kPartnership;
            row.owner = g.owner;
            row.parent = g.parent;
            row.assignee = g.assignee;
            row.supporting = g.supporting;
            if (g.kind == "action") row.review = g.fields["review"].get<std::string>();
            std::map<std::string, nlohmann::json> fields;
            for (const auto& [k, v] : g.fields.items()) fields[k] = v;
            server::createRecord(s, row, fields);
        }
    });
}

}  // namespace tandem::bench
