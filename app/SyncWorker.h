// The sync engine's home on a worker thread: its own connection to the replica file (SQLite in
// WAL mode lets the UI read meanwhile), the HTTP transport and the engine. Everything it says
// goes back to the UI thread by queued signals; it never touches UI objects.
#pragma once

#include "ListSnapshot.h"
#include "Replica.h"
#include "SyncEngine.h"
#include "Transport.h"

#include <QObject>
#include <QString>

#include <memory>
#include <stop_token>

namespace tandem::app {

class SyncWorker : public QObject {
    Q_OBJECT

public:
    // `key` opens the replica file; the worker's copy goes with the worker (the app's lock).
    SyncWorker(QString replicaPath, sync::ReplicaKey key, QString serverUrl, sync::RetryPolicy retry);
    ~SyncWorker() override;

    // Run in the worker thread (queued from the controller).
    void runSync(std::stop_token stop);
    void probe();

signals:
    void progress(int phase, qint64 done, qint64 total);
    // status is a sync::SyncStatus; `changed`: the replica holds something new, and then `lists`
    // holds the home lists read after the sync (null if reading them failed).
    void finished(int status, const QString& message, bool changed, int rejected, std::shared_ptr<tandem::app::ListSnapshot> lists);
    void probed(bool reachable);

private:
    void open();

    QString path_, url_;
    sync::ReplicaKey key_;
    sync::RetryPolicy retry_;
    std::unique_ptr<sync::Replica> replica_;
    std::unique_ptr<sync::HttpTransport> transport_, probeTransport_;
};

}  // namespace tandem::app
