// What the sync bar shows and does: state, a sentence for the status line, progress, pending
// changes; sync now, cancel, and automatic syncs (every few minutes, and as soon as a cheap
// health probe finds the server again, probing with backoff while offline). The engine runs on
// a worker thread; this object lives on the UI thread and hears from it by queued signals.
#pragma once

#include "ListSnapshot.h"
#include "SyncEngine.h"

#include <QDateTime>
#include <QObject>
#include <QThread>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

#include <memory>
#include <stop_token>
#include <utility>

namespace tandem::app {

class SyncWorker;

class SyncController : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Session.sync is the sync controller")
    Q_PROPERTY(State state READ state NOTIFY changed)
    Q_PROPERTY(QString statusText READ statusText NOTIFY changed)
    Q_PROPERTY(double progress READ progress NOTIFY progressChanged)
    Q_PROPERTY(int pendingCount READ pendingCount NOTIFY changed)
    Q_PROPERTY(QDateTime lastSyncedAt READ lastSyncedAt NOTIFY changed)
    Q_PROPERTY(bool permanentProblem READ permanentProblem NOTIFY changed)
    Q_PROPERTY(QString problemText READ problemText NOTIFY changed)
    Q_PROPERTY(bool syncing READ syncing NOTIFY changed)

public:
    enum State { Offline, Idle, Syncing, Synced, Problem };
    Q_ENUM(State)

    explicit SyncController(QObject* parent = nullptr);
    ~SyncController() override;

    // Starts the worker for a replica file (opened with `key`) and server; stop() ends it (waits
    // for a running sync to see its cancellation) and drops the worker's copy of the key.
    void start(const QString& replicaPath, const sync::ReplicaKey& key, const QString& serverUrl, const QDateTime& lastSynced);
    void stop();
    // The home lists the worker read after the last sync that changed something (null when it
    // could not); the caller takes them, so they are merged once.
    std::shared_ptr<ListSnapshot> takeLists() { return std::exchange(lists_, nullptr); }
    void setPendingCount(int n);
    // Intervals, for tests; the defaults are 3 minutes, 20 seconds and 5 minutes.
    void setIntervals(int autoMs, int probeMs, int maxProbeMs);
    void setRetryPolicy(sync::RetryPolicy retry) { retry_ = retry; }

    State state() const { return state_; }
    QString statusText() const;
    double progress() const { return progress_; }
    int pendingCount() const { return pending_; }
    QDateTime lastSyncedAt() const { return lastSynced_; }
    bool permanentProblem() const { return state_ == Problem; }
    QString problemText() const { return problem_; }
    bool syncing() const { return state_ == Syncing; }

    Q_INVOKABLE void syncNow();
    Q_INVOKABLE void cancel();

signals:
    void changed();
    void progressChanged();
    // A sync ended; `changed`: the replica holds something new (models should refresh).
    void finished(int status, bool changed);
    // The device was revoked or the account disabled (its replica is wiped), or the password
    // changed: sign in again.
    void signInNeeded(const QString& why);

private:
    void onProgress(int phase, qint64 done, qint64 total);
    void onFinished(int status, const QString& message, bool changed, int rejected, std::shared_ptr<ListSnapshot> lists);
    void onProbed(bool reachable);
    void setState(State s);
    void scheduleProbe();

    QThread thread_;
    SyncWorker* worker_ = nullptr;
    std::shared_ptr<std::stop_source> stop_;
    std::shared_ptr<ListSnapshot> lists_;  // from the last sync, until Session takes it
    sync::RetryPolicy retry_{3, std::chrono::milliseconds(300), std::chrono::milliseconds(3000)};
    QTimer autoTimer_, probeTimer_;
    int probeMs_ = 20000, maxProbeMs_ = 300000, nextProbeMs_ = 20000;
    State state_ = Idle;
    double progress_ = -1;
    int pending_ = 0;
    QDateTime lastSynced_;
    QString problem_;
};

}  // namespace tandem::app
