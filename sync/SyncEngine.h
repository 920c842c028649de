// The push-then-pull sync of one replica. Built for a GUI as much as a CLI: it reports
// progress through a callback, stops when its stop_token is triggered, retries network
// failures with backoff, and tells a permanent problem (revoked device, changed password)
// apart from a passing one (no network).
#pragma once

#include "Outbox.h"
#include "PageFetcher.h"
#include "Replica.h"
#include "Transport.h"

#include <atomic>
#include <chrono>
#include <functional>
#include <optional>
#include <stop_token>
#include <string>

namespace tandem::sync {

enum class SyncPhase { Pushing, Pulling, Done };

struct SyncProgress {
    SyncPhase phase = SyncPhase::Pushing;
    std::int64_t done = 0;   // changes pushed, or records pulled
    std::int64_t total = 0;  // 0 when not known yet
};
using ProgressFn = std::function<void(const SyncProgress&)>;

enum class SyncStatus {
    Ok,
    Cancelled,
    Offline,         // the server could not be reached after the retries; try again later
    SignInRequired,  // the token is not known: the user must sign in again (password changed)
    Revoked,         // the device was revoked: the replica has been wiped
    AccountDisabled, // the account was disabled: the replica has been wiped
    Failed,          // the server refused the request for a reason retrying will not fix
};
std::string_view toString(SyncStatus s);
// True when retrying later cannot help without the user doing something.
bool isPermanent(SyncStatus s);

struct SyncReport {
    SyncStatus status = SyncStatus::Ok;
    std::string code;     // the server's error code, if any
    std::string message;  // a sentence for the user
    int pushed = 0, applied = 0, superseded = 0, rejected = 0;
    int pulled = 0, removed = 0, pages = 0, retries = 0;
    bool refetched = false;
    std::chrono::milliseconds elapsed{0};
};

// Named points inside a sync where a test harness may make the device process "die" by
// throwing from SyncEngine::faultHook. Whatever the hook throws leaves sync() as it is; the
// replica's transactions roll back exactly as they would if the process were killed there.
enum class FaultPoint {
    BeforePush,          // the outbox batch is read, the request not yet sent
    PushAnswered,        // the server answered; the outbox not yet acknowledged
    PageReceived,        // a pull page arrived; nothing applied
    PageApplied,         // the page is applied inside its transaction; cursor stored, not committed
};
std::string_view toString(FaultPoint p);

struct RetryPolicy {
    int maxAttempts = 5;
    std::chrono::milliseconds initialDelay{200};
    std::chrono::milliseconds maxDelay{5000};
};

class SyncEngine {
public:
    SyncEngine(Replica& replica, Transport& transport, RetryPolicy retry = {});

    SyncReport sync(const ProgressFn& progress = {}, std::stop_token stop = {});
    SyncReport push(const ProgressFn& progress = {}, std::stop_token stop = {});
    SyncReport pull(const ProgressFn& progress = {}, std::stop_token stop = {});

    size_t pushBatchSize = 1000;  // the most the server takes in one push
    // Records per pull page, the server's maximum. An incremental pull commits each page; a
    // full download commits through a PageBatch (Replica.h) every 50 000 records or 2 s.
    int pullPageSize = 5000;
    std::function<void(FaultPoint)> faultHook;  // for fault-injection harnesses only

private:
    // `committed`: the request was decided on before a cancel came, so its first attempt goes
    // out regardless; retries still stop on a cancel.
    HttpResponse call(const std::function<HttpResponse()>& request, SyncReport& report, std::stop_token stop,
                      bool committed = false);
    // The push's last batch and the answer to it, which carried the pull's first page: both are
    // written down in one commit by runPull.
    struct PushTail {
        std::vector<protocol::Change> batch;
        std::vector<protocol::ChangeResult> results;
        FetchedPage firstPage;
    };
    // With `tail`, the push's last request asks for the pull's first page too, and the page comes
    // back in it: a sync with edits to send is one round trip when nothing more is to pull.
    void runPush(SyncReport& report, const ProgressFn& progress, std::stop_token stop,
                 std::optional<PushTail>* tail = nullptr);
    void runPull(SyncReport& report, const ProgressFn& progress, std::stop_token stop,
                 std::optional<PushTail> tail = std::nullopt);
    // Marks a download into an empty replica (see runPull); says whether this pull is one.
    bool beginPull();
    SyncReport run(const std::function<void(SyncReport&)>& body);
    // Replaces the device token with a new one from the server (it said the old one nears its
    // end); keeps the old one if that fails.
    void rotateToken();

    Replica& replica_;
    Transport& transport_;
    Outbox outbox_;
    RetryPolicy retry_;
    bool stamped_ = false;  // this sync's last_sync is written (with its last page)
    // Set by any answer of this sync that carried Tandem-Token-Expires (from the page fetcher's
    // threads too).
    std::atomic<bool> rotationDue_{false};
};

}  // namespace tandem::sync
