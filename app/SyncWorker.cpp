#include "SyncWorker.h"

#include "Account.h"

#include <chrono>

namespace tandem::app {

SyncWorker::SyncWorker(QString replicaPath, sync::ReplicaKey key, QString serverUrl, sync::RetryPolicy retry)
    : path_(std::move(replicaPath)), url_(std::move(serverUrl)), key_(std::move(key)), retry_(retry) {}

SyncWorker::~SyncWorker() = default;

void SyncWorker::open() {
    if (!replica_) replica_ = std::make_unique<sync::Replica>(path_.toStdString(), key_);
    if (!transport_)
        transport_ = std::make_unique<sync::HttpTransport>(url_.toStdString(), std::chrono::seconds(30), sync::caFileOf(*replica_));
}

void SyncWorker::runSync(std::stop_token stop) {
    try {
        open();
        sync::SyncEngine engine(*replica_, *transport_, retry_);
        const auto report = engine.sync(
            [this](const sync::SyncProgress& p) { emit progress(int(p.phase), p.done, p.total); }, stop);
        const bool changed = report.pushed > 0 || report.pulled > 0 || report.removed > 0 || report.refetched ||
                             report.status == sync::SyncStatus::Revoked;
        std::shared_ptr<ListSnapshot> lists;
        if (changed && report.status != sync::SyncStatus::Revoked) {
            try {
                lists = ListSnapshot::read(*replica_);
            } catch (const std::exception&) {
                // The UI thread reads them itself then.
            }
        }
        emit finished(int(report.status), QString::fromStdString(report.message), changed, report.rejected, std::move(lists));
    } catch (const std::exception& e) {
        // A local failure (disk full, corrupt file): report it, keep the thread alive.
        emit finished(int(sync::SyncStatus::Failed), QString("Sync failed on this device: %1").arg(e.what()), false, 0, nullptr);
    }
}

void SyncWorker::probe() {
    try {
        open();
        if (!probeTransport_)
            probeTransport_ = std::make_unique<sync::HttpTransport>(url_.toStdString(), std::chrono::seconds(5), sync::caFileOf(*replica_));
        const auto r = probeTransport_->get("/v1/health", "");
        emit probed(r.status == 200);
    } catch (const std::exception&) {
        emit probed(false);
    }
}

}  // namespace tandem::app
