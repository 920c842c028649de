// Realistic benchmark data: actions, progress updates and audit returns with answers, spread
// over the agencies of one partnership, about 300 bytes of JSON each. The same seeded records
// go into a Tandem data directory (through the server's own store API) and, as plain JSON
// documents, into PouchDB, so both sides sync the same data.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace tandem::bench {

inline constexpr const char* kPartnership = "st-helens";
inline constexpr const char* kPassword = "bench-password-2026";

// The agencies of the partnership that own records (the business office owns none here).
const std::vector<std::string>& benchAgencies();

struct GeneratedRecord {
    std::string id;
    std::string kind;  // action, action_update, audit_return
    std::string owner;
    std::string parent;    // the action of a progress update
    std::string assignee;  // the practitioner of a return
    std::vector<std::string> supporting;
    nlohmann::json fields;  // field name -> value
};

// `count` records from `seed`: the same arguments give the same records.
std::vector<GeneratedRecord> generateRecords(int count, std::uint64_t seed);

// The record as one plain JSON document (id, kind, owner, partnership and fields): what a
// PouchDB user would store.
nlohmann::json asDocument(const GeneratedRecord& r);

// Users of a bench data directory, all with kPassword: the business office, one lead per
// agency and `practitionersPerAgency` practitioners per agency.
std::string leadOf(const std::string& agency);
std::string practitionerOf(const std::string& agency, int i);
inline constexpr const char* kBusinessOffice = "bo.sthelens";
inline constexpr int kPractitionersPerAgency = 4;

// Creates a data directory holding the agencies, the users (with the minimum password cost:
// hundreds of sign-ins stay cheap) and `count` generated records, written in one transaction.
// Throws on any failure; refuses a directory that already has a database.
void seedDataDir(const std::string& dir, const std::string& agenciesCsv, int count, std::uint64_t seed);

}  // namespace tandem::bench
