#include "SyncEngine.h"

#include "Ids.h"
#include "PageFetcher.h"

#include <condition_variable>
#include <future>
#include <mutex>
#include <optional>
#include <thread>

namespace tandem::sync {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

// Thrown to end a sync with a status; caught in run().
struct Ended {
    SyncStatus status;
    std::string code;
    std::string message;
};

std::string errorCode(const json& body) {
    if (body.is_object() && body.contains("error") && body["error"].is_object())
        return body["error"].value("code", "");
    return {};
}

std::string errorMessage(const json& body) {
    if (body.is_object() && body.contains("error") && body["error"].is_object())
        return body["error"].value("message", "");
    return {};
}

// Sleeps for `d` unless the stop token fires first; returns false if stopped.
bool sleepFor(std::chrono::milliseconds d, std::stop_token stop) {
    std::mutex m;
    std::condition_variable_any cv;
    std::unique_lock lock(m);
    return !cv.wait_for(lock, stop, d, [] { return false; });
}

// The replica commits with synchronous=NORMAL (see Replica.cpp), so its last commits may sit
// in the WAL unsynced. Before the server sees an outbox entry it must be on disk: were a power
// cut to lose an entry the server has taken, the device would hand its sequence number to a
// new edit and the server would refuse every later push ("sequence_reused"). One fdatasync of
// the log makes every commit in it durable: one per push, not per edit, and no commit (of pages
// to encrypt) only to carry it.
void makeOutboxDurable(Replica& replica) {
    if (replica.path() != ":memory:") sql::syncWal(replica.path());
}

}  // namespace

std::string_view toString(SyncStatus s) {
    switch (s) {
        case SyncStatus::Ok: return "ok";
        case SyncStatus::Cancelled: return "cancelled";
        case SyncStatus::Offline: return "offline";
        case SyncStatus::SignInRequired: return "sign_in_required";
        case SyncStatus::Revoked: return "revoked";
        case SyncStatus::AccountDisabled: return "account_disabled";
        case SyncStatus::Failed: return "failed";
    }
    return "?";
}

std::string_view toString(FaultPoint p) {
    switch (p) {
        case FaultPoint::BeforePush: return "before_push";
        case FaultPoint::PushAnswered: return "push_answered";
        case FaultPoint::PageReceived: return "page_received";
        case FaultPoint::PageApplied: return "page_applied";
    }
    return "?";
}

bool isPermanent(SyncStatus s) {
    return s == SyncStatus::SignInRequired || s == SyncStatus::Revoked || s == SyncStatus::AccountDisabled ||
           s == SyncStatus::Failed;
}

SyncEngine::SyncEngine(Replica& replica, Transport& transport, RetryPolicy retry)
    : replica_(replica), transport_(transport), outbox_(replica), retry_(retry) {}

HttpResponse SyncEngine::call(const std::function<HttpResponse()>& request, SyncReport& report, std::stop_token stop,
                              bool committed) {
    auto delay = retry_.initialDelay;
    for (int attempt = 1;; ++attempt) {
        if (stop.stop_requested() && !(committed && attempt == 1)) throw Ended{SyncStatus::Cancelled, "", "Sync cancelled."};
        std::string why;
        try {
            HttpResponse r = request();
            if (r.tokenExpiring) rotationDue_ = true;
            if (r.status < 500 && r.status != 429) return r;
            why = "the server answered " + std::to_string(r.status);
        } catch (const CertificateError& e) {
            // Not this network's passing trouble: the same certificate fails the same way again.
            throw Ended{SyncStatus::Failed, "certificate_unverified", e.what()};
        } catch (const NetworkError& e) {
            why = e.what();
        }
        if (attempt >= retry_.maxAttempts)
            throw Ended{SyncStatus::Offline, "offline", "Could not reach the server (" + why + "); will try again later."};
        ++report.retries;
        if (!sleepFor(delay, stop)) throw Ended{SyncStatus::Cancelled, "", "Sync cancelled."};
        delay = std::min(delay * 2, retry_.maxDelay);
    }
}

// Maps an error answer to how the sync ends. A revoked device, or a disabled account's, wipes its
// replica here: the server will never again take what is in it, and the device may be lost.
static void failOn(const HttpResponse& r, Replica& replica) {
    json body;
    try {
        body = r.body();
    } catch (const NetworkError&) {
        // An error without our envelope: say what HTTP said.
    }
    const std::string code = errorCode(body);
    const std::string message = errorMessage(body);
    if (code == "device_revoked") {
        replica.wipe();
        throw Ended{SyncStatus::Revoked, code, "This device was revoked; its local data has been wiped."};
    }
    if (code == "account_disabled") {
        replica.wipe();
        throw Ended{SyncStatus::AccountDisabled, code, "This account has been disabled; its local data has been wiped."};
    }
    if (code == "token_expired")
        throw Ended{SyncStatus::SignInRequired, code, "This device's sign-in has expired: please sign in again."};
    if (r.status == 401) throw Ended{SyncStatus::SignInRequired, code, "Please sign in again (" + message + ")."};
    throw Ended{SyncStatus::Failed, code, message.empty() ? "The server refused the sync." : message};
}

void SyncEngine::runPush(SyncReport& report, const ProgressFn& progress, std::stop_token stop,
                         std::optional<PushTail>* tail) {
    const std::string token = replica_.token().value_or("");
    const std::int64_t total = replica_.pendingCount();
    std::int64_t done = 0;
    if (progress) progress({SyncPhase::Pushing, 0, total});
    if (total == 0) return;
    // Only what is on disk goes out: edits made while this push runs wait for the next one.
    makeOutboxDurable(replica_);
    const std::int64_t upTo = outbox_.lastSeq();
    // While the server applies one batch, the device writes down the answer to the one before
    // and prepares the one after, over the real transport. Otherwise (fault injectors, the
    // simulation, a fault hook) each batch is sent when the one before has been acknowledged.
    // A cancel takes effect at a batch boundary: a batch already on its way (sent before the
    // last answer was written down) is answered and written down too, in both modes, so what a
    // cancel leaves behind does not depend on timing.
    // A push of one batch has nothing to overlap, and costs no thread.
    const bool pipelined = transport_.allowsPrefetch() && !faultHook && total > static_cast<std::int64_t>(pushBatchSize);
    const auto policy = pipelined ? std::launch::async : std::launch::deferred;
    // The last batch asks for the pull's first page, counted for the progress bar as a pull's
    // first page is. It is read after the push is applied, so it holds the push's own writes.
    json pull;
    if (tail) {
        const bool full = beginPull();
        pull = {{"cursor", replica_.cursor()}, {"limit", pullPageSize}, {"count", true}, {"full", full}};
    }
    auto asksPull = [&](const std::vector<protocol::Change>& batch) { return tail && batch.back().seq >= upTo; };
    auto sendLater = [&](const std::vector<protocol::Change>& batch) {
        json changes = json::array();
        for (const auto& c : batch) changes.push_back(protocol::toJson(c));
        json body{{"changes", std::move(changes)}};
        if (asksPull(batch)) body["pull"] = pull;
        return std::async(policy, [this, &report, stop, token, body = std::move(body)] {
            if (faultHook) faultHook(FaultPoint::BeforePush);
            return call([&] { return transport_.post("/v1/push", body, token); }, report, stop, true);
        });
    };
    auto batch = outbox_.batch(pushBatchSize, 0, upTo);
    if (batch.empty()) return;
    if (stop.stop_requested()) throw Ended{SyncStatus::Cancelled, "", "Sync cancelled."};
    auto answer = sendLater(batch);
    while (!batch.empty()) {
        auto next = outbox_.batch(pushBatchSize, batch.back().seq, upTo);
        const HttpResponse r = answer.get();
        if (r.status != 200) failOn(r, replica_);
        std::vector<protocol::ChangeResult> results;
        std::optional<FetchedPage> page;
        try {
            if (asksPull(batch)) {
                // The answer is the pull's first page, with the results in it.
                page.emplace(FetchedPage{r, protocol::pullPageFromText(r.text), {}});
                page->response.text = std::string();
                if (!page->page->results) throw protocol::ProtocolError("the page holds no \"results\"");
                results = std::move(*page->page->results);
            } else {
                const json body = r.body();
                for (const auto& j : body.at("results")) results.push_back(protocol::changeResultFromJson(j));
            }
        } catch (const std::exception& e) {
            throw Ended{SyncStatus::Failed, "bad_answer", std::string("The server's push answer was unreadable: ") + e.what()};
        }
        if (faultHook) faultHook(FaultPoint::PushAnswered);
        if (results.size() < batch.size())
            throw Ended{SyncStatus::Failed, "bad_answer", "The server answered only part of the push."};
        const bool more = !next.empty() && !stop.stop_requested();
        if (more) answer = sendLater(next);
        for (const auto& res : results) {
            ++report.pushed;
            if (res.outcome == protocol::Outcome::Applied) ++report.applied;
            if (res.outcome == protocol::Outcome::Superseded) ++report.superseded;
            if (res.outcome == protocol::Outcome::Rejected) ++report.rejected;
        }
        done += static_cast<std::int64_t>(results.size());
        // The answer that carried a page is written down with it (runPull): one commit, not two.
        if (page) tail->emplace(PushTail{std::move(batch), std::move(results), std::move(*page)});
        else outbox_.acknowledge(batch, results);
        if (progress) progress({SyncPhase::Pushing, done, total});
        if (!next.empty() && !more) throw Ended{SyncStatus::Cancelled, "", "Sync cancelled."};
        batch = std::move(next);
    }
}

bool SyncEngine::beginPull() {
    // A download from nothing is marked until its last page is in, so that the server does not
    // send its later pages back to "refetch" when their cursors are older than its removal
    // history: a replica that held nothing before the download has nothing to remove.
    if (replica_.cursor() == 0) replica_.setMeta("full_download", "1");
    return replica_.meta("full_download").value_or("0") == "1";
}

void SyncEngine::runPull(SyncReport& report, const ProgressFn& progress, std::stop_token stop,
                         std::optional<PushTail> tail) {
    const std::string token = replica_.token().value_or("");
    std::int64_t total = 0;
    beginPull();
    auto fullDownload = [&] { return replica_.meta("full_download").value_or("0") == "1"; };
    // `full` is read here: the replica's connection is not for the fetcher's threads.
    auto fetcherFrom = [&](std::int64_t cursor, std::optional<FetchedPage> first) {
        const bool full = fullDownload();
        auto get = [this, &report, stop, token, full](std::int64_t from, bool first) {
            const std::string path = "/v1/pull?cursor=" + std::to_string(from) + "&limit=" + std::to_string(pullPageSize) +
                                     (first ? "&count=1" : "") + (full ? "&full=1" : "");
            return call([&] { return transport_.get(path, token); }, report, stop);
        };
        return std::make_unique<PageFetcher>(get, cursor, transport_.allowsPrefetch(), std::move(first));
    };
    // A full download commits every PageBatch::kRecordsPerCommit records rather than every page;
    // an incremental pull keeps a commit per page. Pages applied but not yet committed are kept
    // when the sync ends for a reason of its own (offline, cancelled, refused), and rolled back
    // when anything else is thrown: a fault hook's simulated crash, a local write error.
    std::optional<PageBatch> batch;
    if (fullDownload()) batch.emplace(replica_);
    // The push's last answer is written down in the commit of the page that came with it, or at
    // once before a full download (whose pages PageBatch commits in transactions of its own).
    std::optional<sql::Transaction> joint;
    std::optional<FetchedPage> given;
    if (tail) {
        if (!batch) joint.emplace(replica_.db());
        outbox_.acknowledge(tail->batch, tail->results);
        given = std::move(tail->firstPage);
    }
    auto commitJoint = [&] {
        if (joint) joint->commit();
        joint.reset();
    };
    auto keepApplied = [&] {
        commitJoint();
        if (batch) batch->commit();
    };
    auto fetcher = fetcherFrom(replica_.cursor(), std::move(given));
    bool first = true;
    for (;;) {
        FetchedPage r;
        try {
            r = fetcher->next();
        } catch (const Ended&) {
            keepApplied();
            throw;
        }
        if (r.response.status != 200) {
            keepApplied();
            failOn(r.response, replica_);
        }
        if (!r.page) {
            keepApplied();
            throw Ended{SyncStatus::Failed, "bad_answer", "The server's pull answer was unreadable: " + r.unreadable};
        }
        protocol::PullPage& page = *r.page;
        if (first && page.total >= 0) total = page.total;
        if (page.refetch) {
            keepApplied();
            if (report.refetched) throw Ended{SyncStatus::Failed, "refetch_loop", "The server asked for a full download twice."};
            fetcher.reset();
            batch.reset();
            replica_.resetForRefetch();
            batch.emplace(replica_);
            report.refetched = true;
            first = true;
            fetcher = fetcherFrom(0, std::nullopt);
            continue;
        }
        first = false;
        if (faultHook) faultHook(FaultPoint::PageReceived);
        // The sync's time goes in with its last page: a commit of its own cost a fifth of a small
        // sync's device time.
        auto applied = [this, last = !page.more] {
            if (last) {
                replica_.setMeta("last_sync", nowIso());
                stamped_ = true;
            }
            if (faultHook) faultHook(FaultPoint::PageApplied);
        };
        if (batch) batch->apply(page, applied);
        else replica_.applyPage(page, applied);
        commitJoint();
        ++report.pages;
        report.pulled += static_cast<int>(page.records.size());
        report.removed += static_cast<int>(page.removals.size());
        if (progress) progress({SyncPhase::Pulling, report.pulled, std::max<std::int64_t>(total, report.pulled)});
        if (!page.more) break;
        if (stop.stop_requested()) {
            keepApplied();
            throw Ended{SyncStatus::Cancelled, "", "Sync cancelled."};
        }
    }
}

SyncReport SyncEngine::run(const std::function<void(SyncReport&)>& body) {
    SyncReport report;
    const auto start = Clock::now();
    try {
        if (!replica_.token()) throw Ended{SyncStatus::SignInRequired, "not_signed_in", "Sign in first."};
        stamped_ = false;
        body(report);
        if (!stamped_) replica_.setMeta("last_sync", nowIso());
        if (rotationDue_.exchange(false)) rotateToken();
        replica_.checkpointInBackground();
    } catch (const Ended& e) {
        report.status = e.status;
        report.code = e.code;
        report.message = e.message;
    } catch (const sql::Error& e) {
        report.status = SyncStatus::Failed;
        report.code = "local_storage";
        report.message = std::string("The local replica could not be written: ") + e.what();
    }
    transport_.release();
    report.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
    return report;
}

void SyncEngine::rotateToken() {
    // One try, outside the retries: a token that is not rotated now is rotated at a later sync,
    // as every answer until then asks again. Were the answer lost after the server took it, the
    // old token would be gone and the next sync would ask the user to sign in again.
    try {
        const HttpResponse r = transport_.post("/v1/token/rotate", json::object(), replica_.token().value_or(""));
        if (r.status != 200) return;
        const std::string token = r.body().value("token", "");
        if (!token.empty()) replica_.setMeta("token", token);
    } catch (const NetworkError&) {
    }
}

SyncReport SyncEngine::sync(const ProgressFn& progress, std::stop_token stop) {
    return run([&](SyncReport& r) {
        std::optional<PushTail> tail;
        runPush(r, progress, stop, &tail);
        runPull(r, progress, stop, std::move(tail));
        if (progress) progress({SyncPhase::Done, r.pulled, r.pulled});
    });
}

SyncReport SyncEngine::push(const ProgressFn& progress, std::stop_token stop) {
    return run([&](SyncReport& r) { runPush(r, progress, stop); });
}

SyncReport SyncEngine::pull(const ProgressFn& progress, std::stop_token stop) {
    return run([&](SyncReport& r) { runPull(r, progress, stop); });
}

}  // namespace tandem::sync
