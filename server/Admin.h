// Administration of a data directory: set-up, imports, users, devices, audit rounds. Each
// operation validates everything first and writes in one transaction, with its audit log
// entry (AuditLog.h), so a bad file or argument changes nothing. Errors come back as precise
// lines for the command line.
#pragma once

#include "AuditLog.h"
#include "ImportError.h"
#include "Store.h"

#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <vector>

namespace tandem::server {

// The database file inside a data directory; the directory is created if missing.
std::string databasePath(const std::string& dataDir);
std::unique_ptr<Store> openDataDir(const std::string& dataDir);

struct AdminResult {
    std::vector<std::string> errors;  // empty: done
    std::string summary;              // what was done, for the operator
    bool ok() const { return errors.empty(); }
};

AdminResult importAgencies(Store& store, std::string_view csvText, std::string_view fileName = "agencies.csv");
AdminResult importActionPlans(Store& store, std::string_view csvText, std::string_view fileName = "action-plans.csv");
AdminResult importTemplate(Store& store, const std::string& jsonText, std::string_view fileName = "template.json");
AdminResult addUser(Store& store, const std::string& username, const std::string& password, const std::string& role,
                    const std::string& agency);
AdminResult revokeDevice(Store& store, std::int64_t deviceId);
// A disabled account can neither sign in nor sync; its devices are told so.
AdminResult setUserDisabled(Store& store, const std::string& username, bool disabled);
// Sets a user's password (an administrator's reset: the old one need not be known) and revokes
// every device of the user, which wipe their replicas at their next sync. (AccountAdmin.cpp)
AdminResult setPassword(Store& store, const std::string& username, const std::string& password);
// Lifts a lock from too many wrong passwords and forgets the account's failed attempts.
AdminResult unlockUser(Store& store, const std::string& username);

struct RoundSpec {
    std::string partnership;
    std::string templateKey;
    int templateVersion = 0;  // 0: the latest published version
    std::string title;
    std::string theme;
    std::string dueDate;
    std::string moderationDate;
    std::vector<std::string> agencies;
    std::vector<std::string> cases;  // case codes, for multi-agency case-file audits
    std::map<std::string, std::string> assignees;  // agency -> username
    // Which agencies audit each case (case code -> agencies); a case not named here: all of
    // `agencies`. The first agency of a case leads its case audit.
    std::map<std::string, std::vector<std::string>> caseAgencies;
};

struct RoundOpened : AdminResult {
    std::string roundId;
    int returns = 0;
};

// Opens a round: creates the round and one return per agency (per case and agency for case
// audits), which reach the right devices on their next sync. A round with cases also gets an
// audit review ("Learning: <title>", review_type audit) that actions from its learning hang
// under; the round's `review` field names it. Every problem is reported; on any, nothing is written.
// `who` is named in the audit log: the business office user of POST /v1/rounds, or the operator.
RoundOpened openRound(Store& store, const RoundSpec& spec, const AuditWho& who = commandLineOperator());

// Reads a round as POST /v1/rounds carries it (docs/business-office.md) for `partnership`;
// every problem with its shape goes into `errors`.
RoundSpec roundSpecFromJson(const nlohmann::json& body, const std::string& partnership, std::vector<std::string>& errors);

}  // namespace tandem::server
