#include "SyncController.h"

#include "SyncWorker.h"

#include <QLocale>

namespace tandem::app {

SyncController::SyncController(QObject* parent) : QObject(parent) {
    autoTimer_.setInterval(180000);
    connect(&autoTimer_, &QTimer::timeout, this, &SyncController::syncNow);
    probeTimer_.setSingleShot(true);
    connect(&probeTimer_, &QTimer::timeout, this, [this] {
        if (worker_ && state_ == Offline) QMetaObject::invokeMethod(worker_, &SyncWorker::probe, Qt::QueuedConnection);
    });
}

SyncController::~SyncController() { stop(); }

void SyncController::setIntervals(int autoMs, int probeMs, int maxProbeMs) {
    autoTimer_.setInterval(autoMs);
    probeMs_ = nextProbeMs_ = probeMs;
    maxProbeMs_ = maxProbeMs;
}

void SyncController::start(const QString& replicaPath, const sync::ReplicaKey& key, const QString& serverUrl,
                           const QDateTime& lastSynced) {
    stop();
    qRegisterMetaType<std::shared_ptr<ListSnapshot>>();
    worker_ = new SyncWorker(replicaPath, key, serverUrl, retry_);
    worker_->moveToThread(&thread_);
    connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
    connect(worker_, &SyncWorker::progress, this, &SyncController::onProgress);
    connect(worker_, &SyncWorker::finished, this, &SyncController::onFinished);
    connect(worker_, &SyncWorker::probed, this, &SyncController::onProbed);
    thread_.start();
    lastSynced_ = lastSynced;
    problem_.clear();
    nextProbeMs_ = probeMs_;
    setState(Idle);
    autoTimer_.start();
}

void SyncController::stop() {
    autoTimer_.stop();
    probeTimer_.stop();
    if (stop_) stop_->request_stop();
    if (thread_.isRunning()) {
        thread_.quit();
        thread_.wait();
    }
    worker_ = nullptr;  // deleted by the thread's finished signal
    stop_.reset();
    progress_ = -1;
}

void SyncController::setPendingCount(int n) {
    if (n == pending_) return;
    pending_ = n;
    emit changed();
}

QString SyncController::statusText() const {
    const QString waiting = pending_ == 0 ? QString()
                            : pending_ == 1 ? QStringLiteral(" · 1 change waiting")
                                            : QString(" · %1 changes waiting").arg(pending_);
    switch (state_) {
        case Offline: return "Offline" + waiting;
        case Syncing: return QStringLiteral("Syncing…");
        case Synced: return "Synced at " + QLocale::c().toString(lastSynced_.toLocalTime().time(), "HH:mm") + waiting;
        case Problem: return problem_;
        case Idle:
            if (lastSynced_.isValid())
                return "Last synced " + QLocale::c().toString(lastSynced_.toLocalTime(), "d MMM HH:mm") + waiting;
            return "Not synced yet" + waiting;
    }
    return {};
}

void SyncController::setState(State s) {
    state_ = s;
    emit changed();
}

void SyncController::syncNow() {
    if (!worker_ || state_ == Syncing || state_ == Problem) return;
    probeTimer_.stop();
    stop_ = std::make_shared<std::stop_source>();
    progress_ = -1;
    emit progressChanged();
    setState(Syncing);
    QMetaObject::invokeMethod(worker_, [w = worker_, token = stop_->get_token()] { w->runSync(token); }, Qt::QueuedConnection);
}

void SyncController::cancel() {
    if (stop_) stop_->request_stop();
}

void SyncController::onProgress(int phase, qint64 done, qint64 total) {
    // Pushing is quick; pulling a first download is the long part worth a bar.
    progress_ = phase == int(sync::SyncPhase::Done) ? 1.0 : total > 0 ? double(done) / double(total) : -1;
    emit progressChanged();
}

void SyncController::onFinished(int status, const QString& message, bool changedData, int rejected,
                                std::shared_ptr<ListSnapshot> lists) {
    Q_UNUSED(rejected);
    lists_ = std::move(lists);
    stop_.reset();
    progress_ = -1;
    emit progressChanged();
    switch (sync::SyncStatus(status)) {
        case sync::SyncStatus::Ok:
            lastSynced_ = QDateTime::currentDateTimeUtc();
            nextProbeMs_ = probeMs_;
            setState(Synced);
            break;
        case sync::SyncStatus::Cancelled: setState(lastSynced_.isValid() ? Synced : Idle); break;
        case sync::SyncStatus::Offline:
            setState(Offline);
            scheduleProbe();
            break;
        case sync::SyncStatus::Revoked:
            problem_ = "This device was revoked: its copy has been erased. Sign in again.";
            setState(Problem);
            emit signInNeeded(problem_);
            break;
        case sync::SyncStatus::SignInRequired:
            problem_ = "Your password was changed or this device was signed out: sign in again.";
            setState(Problem);
            emit signInNeeded(problem_);
            break;
        case sync::SyncStatus::AccountDisabled:
            problem_ = "Your account is disabled: this device's copy of your work has been erased. Ask your business office.";
            setState(Problem);
            emit signInNeeded(problem_);
            break;
        case sync::SyncStatus::Failed:
            // Not a network problem, but maybe a passing one on the server: say so, try later.
            problem_ = message.isEmpty() ? QStringLiteral("Sync failed.") : message;
            setState(Offline);
            scheduleProbe();
            break;
    }
    emit finished(status, changedData);
}

void SyncController::onProbed(bool reachable) {
    if (state_ != Offline) return;
    if (reachable) {
        nextProbeMs_ = probeMs_;
        syncNow();
    } else {
        nextProbeMs_ = std::min(nextProbeMs_ * 2, maxProbeMs_);
        scheduleProbe();
    }
}

void SyncController::scheduleProbe() {
    probeTimer_.start(nextProbeMs_);
}

}  // namespace tandem::app
