// Retention of records, set per partnership and record kind: once a record's period has run out
// it is deleted (every value cleared, the record removed from every device on its next sync
// through the scope-exit log) or anonymised (its free text cleared, its counts kept for the
// figures; every device receives the cleared values on its next sync).
//
// What expires, and from when:
//   action        closed or superseded, counted from its closure_date (an action without one is
//                 kept). Anonymise clears progress, lead officer and the reasons given, and
//                 deletes its progress updates (people's narratives); status, dates, agencies and
//                 the evidence of impact stay, so the action plan figures do not change.
//   audit_return  closed, counted from its closed_date (written by the server when it closes;
//                 for returns closed before that existed, its due date). Anonymise clears every
//                 text answer (case codes, evidence narratives), the lead's comment and the
//                 moderator's note; ratings, scores, numbers and dates stay, so return rates,
//                 grade distributions and the heat map stand.
// Delete is the choice when a partnership keeps no figures beyond the period.
#pragma once

#include "AuditLog.h"
#include "Store.h"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace tandem::server {

enum class RetentionMode { Delete, Anonymise };

struct RetentionRule {
    std::string partnership, kind;
    int days = 0;
    RetentionMode mode = RetentionMode::Anonymise;
};

// The kinds a period can be set for.
bool retainableKind(const std::string& kind);

// Sets (days > 0) or clears (days == 0) a partnership's period for a kind. Errors as CLI lines.
std::vector<std::string> setRetention(Store& store, const RetentionRule& rule, const AuditWho& who = commandLineOperator());
std::vector<RetentionRule> retentionRules(Store& store);

struct RetentionRun {
    int deleted = 0, anonymised = 0;
    std::vector<std::string> records;  // ids, in the order handled
};
// Applies every partnership's periods as of `today` (YYYY-MM-DD), in one unit of writes with its
// audit entry: a failure leaves everything as it was.
RetentionRun applyRetention(Store& store, const std::string& today, const AuditWho& who);

// Runs applyRetention once at once and then every `every` on a thread of its own, until
// destroyed; what it did, or why it failed, goes to the server's log (stderr).
class RetentionJob {
public:
    explicit RetentionJob(Store& store, std::chrono::hours every = std::chrono::hours(24));
    ~RetentionJob();
    RetentionJob(const RetentionJob&) = delete;
    RetentionJob& operator=(const RetentionJob&) = delete;

private:
    void loop();
    Store& store_;
    std::chrono::hours every_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace tandem::server
