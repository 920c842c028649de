// Who is using the app and their replica: online sign-in, offline unlock, the idle lock,
// sign-out, and the models and sync controller the screens read. One per process (a QML
// singleton); several users may share a laptop, each with their own encrypted replica file in
// the data folder. The replica's key exists only while the session is unlocked.
#pragma once

#include "ActionFilterModel.h"
#include "ActionListModel.h"
#include "ConflictListModel.h"
#include "IdleWatch.h"
#include "Labels.h"
#include "RejectionListModel.h"
#include "ReturnFilterModel.h"
#include "ReturnListModel.h"
#include "SyncController.h"
#include "Workspace.h"

#include <QObject>
#include <QtQml/qqmlregistration.h>

#include <memory>

class QQmlEngine;
class QJSEngine;

namespace tandem::app {

class Session : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(QString dataDir READ dataDir WRITE setDataDir NOTIFY dataDirChanged)
    Q_PROPERTY(QString serverUrl READ serverUrl WRITE setServerUrl NOTIFY serverUrlChanged)
    // A PEM file of the CA that signed an https:// server's certificate (a self-signed
    // deployment); empty: the system's CAs. Kept in the settings and the replica with the server.
    Q_PROPERTY(QString caFile READ caFile WRITE setCaFile NOTIFY caFileChanged)
    Q_PROPERTY(bool signedIn READ signedIn NOTIFY signedInChanged)
    // Locked: the user is known (user, role) but the replica is closed and its key forgotten
    // until the password is given again (unlock); signedIn is false meanwhile.
    Q_PROPERTY(bool locked READ locked NOTIFY lockedChanged)
    // Minutes without input before the app locks (a setting, 5 by default).
    Q_PROPERTY(int idleLockMinutes READ idleLockMinutes WRITE setIdleLockMinutes NOTIFY idleLockMinutesChanged)
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
    Q_PROPERTY(QString lastError READ lastError NOTIFY lastErrorChanged)
    Q_PROPERTY(QString user READ user NOTIFY signedInChanged)
    Q_PROPERTY(QString role READ role NOTIFY signedInChanged)
    Q_PROPERTY(QString agency READ agency NOTIFY signedInChanged)
    Q_PROPERTY(QString agencyName READ agencyName NOTIFY signedInChanged)
    Q_PROPERTY(QString roleLabel READ roleLabel NOTIFY signedInChanged)
    Q_PROPERTY(bool isAgencyLead READ isAgencyLead NOTIFY signedInChanged)
    Q_PROPERTY(bool isBusinessOffice READ isBusinessOffice NOTIFY signedInChanged)
    Q_PROPERTY(bool isBoard READ isBoard NOTIFY signedInChanged)
    Q_PROPERTY(QStringList knownUsers READ knownUsers NOTIFY knownUsersChanged)
    Q_PROPERTY(tandem::app::SyncController* sync READ sync CONSTANT)
    Q_PROPERTY(tandem::app::ActionListModel* actions READ actions CONSTANT)
    Q_PROPERTY(tandem::app::ActionFilterModel* actionFilter READ actionFilter CONSTANT)
    Q_PROPERTY(tandem::app::ReturnListModel* returns READ returns CONSTANT)
    Q_PROPERTY(tandem::app::ReturnFilterModel* myReturns READ myReturns CONSTANT)
    Q_PROPERTY(tandem::app::ReturnFilterModel* approvals READ approvals CONSTANT)
    Q_PROPERTY(tandem::app::ConflictListModel* conflicts READ conflicts CONSTANT)
    Q_PROPERTY(tandem::app::RejectionListModel* rejections READ rejections CONSTANT)
    Q_PROPERTY(int attentionCount READ attentionCount NOTIFY attentionCountChanged)

public:
    explicit Session(QObject* parent = nullptr);
    ~Session() override;
    // The process's session: QML's singleton and C++ (main, tests) share it.
    static Session* instance();
    static Session* create(QQmlEngine*, QJSEngine*);

    QString dataDir() const { return dataDir_; }
    void setDataDir(const QString& dir);
    QString serverUrl() const { return serverUrl_; }
    void setServerUrl(const QString& url);
    QString caFile() const { return caFile_; }
    void setCaFile(const QString& file);
    bool signedIn() const { return replica_ != nullptr; }
    bool locked() const { return locked_; }
    int idleLockMinutes() const;
    void setIdleLockMinutes(int minutes);
    // The idle time itself, finer than minutes (tests); not stored in the settings.
    void setIdleLockAfter(std::chrono::milliseconds idle);
    bool busy() const { return busy_; }
    QString lastError() const { return lastError_; }
    QString user() const;
    QString role() const;
    QString agency() const;
    QString agencyName() const;
    QString roleLabel() const;
    bool isAgencyLead() const { return role() == "agency_lead"; }
    bool isBusinessOffice() const { return role() == "business_office"; }
    bool isBoard() const { return role() == "board"; }
    QStringList knownUsers() const;
    SyncController* sync() { return &sync_; }
    ActionListModel* actions() { return &actions_; }
    ActionFilterModel* actionFilter() { return &actionFilter_; }
    ReturnListModel* returns() { return &returns_; }
    ReturnFilterModel* myReturns() { return &myReturns_; }
    ReturnFilterModel* approvals() { return &approvals_; }
    ConflictListModel* conflicts() { return &conflicts_; }
    RejectionListModel* rejections() { return &rejections_; }
    int attentionCount() const { return conflicts_.count() + rejections_.count(); }

    Q_INVOKABLE void signIn(const QString& serverUrl, const QString& user, const QString& password);
    // Offline: the password's key opens the replica or nothing. While locked, unlocks the
    // locked user.
    Q_INVOKABLE void unlock(const QString& user, const QString& password);
    // Closes the replica and forgets its key, keeping who was signed in (the idle lock).
    Q_INVOKABLE void lock();
    Q_INVOKABLE void signOut();

    // For the controllers (C++ only): the UI thread's replica connection and workspace, null
    // when signed out; the identity; the names lists show.
    sync::Replica* replica() { return replica_.get(); }
    sync::Workspace* workspace() { return workspace_.get(); }
    const sync::Identity& identity() const { return identity_; }
    const Lookups& lookups() const { return lookups_; }
    // After a local edit of a record: refresh its rows, the pending count and the badges.
    void recordEdited(const std::string& recordId);
    // Reloads everything from the replica (after a sync with changes).
    void reloadAll();
    void applyLists(ListSnapshot& lists);
    // Opens a replica that is already signed in with its key (after an unlock; tests, benchmarks).
    bool openReplica(const QString& path, const sync::ReplicaKey& key);

signals:
    void dataDirChanged();
    void serverUrlChanged();
    void caFileChanged();
    void signedInChanged();
    void lockedChanged();
    void idleLockMinutesChanged();
    void busyChanged();
    void lastErrorChanged();
    void knownUsersChanged();
    void attentionCountChanged();
    void signInFailed(const QString& message);
    // The replica changed under the controllers (a sync, a conflict resolved): re-read.
    void dataRefreshed();
    // A local edit of one record.
    void recordChanged(const QString& recordId);

private:
    void setBusy(bool b);
    void setError(const QString& e);
    void refreshPending();
    void onSyncFinished(int status, bool changed);
    void onSignInNeeded(const QString& why);
    QString pathOf(const QString& user) const;
    void closeReplica();
    void setLocked(bool locked);

    QString dataDir_, serverUrl_, caFile_, lastError_;
    bool busy_ = false;
    bool locked_ = false;
    sync::ReplicaKey key_;  // while unlocked: for the sync thread's connection
    IdleWatch idle_;
    std::unique_ptr<sync::Replica> replica_;
    std::unique_ptr<sync::Workspace> workspace_;
    sync::Identity identity_;
    Lookups lookups_;
    SyncController sync_;
    ActionListModel actions_;
    ActionFilterModel actionFilter_;
    ReturnListModel returns_;
    ReturnFilterModel myReturns_, approvals_;
    ConflictListModel conflicts_;
    RejectionListModel rejections_;
};

}  // namespace tandem::app
