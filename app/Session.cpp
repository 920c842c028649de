#include "Session.h"

#include "Account.h"
#include "ReplicaQueries.h"
#include "ReplicaUnlock.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QPointer>
#include <QSettings>
#include <QStandardPaths>
#include <QSysInfo>
#include <QtConcurrent/QtConcurrentRun>
#include <QQmlEngine>

#include <algorithm>

namespace tandem::app {
namespace {

Session* theSession = nullptr;

struct AccessResult {
    bool ok = false;
    QString message;
    sync::ReplicaKey key;  // derived once, on the worker thread; opens the UI's and the sync's connections
};

constexpr int kDefaultIdleLockMinutes = 5;

AccessResult attemptSignIn(const std::string& path, const std::string& url, const std::string& name,
                           const std::string& pw, const std::string& device, const std::string& caFile);

}  // namespace

Session::Session(QObject* parent) : QObject(parent) {
    if (!theSession) theSession = this;
    const QByteArray env = qgetenv("TANDEM_DATA_DIR");
    dataDir_ = !env.isEmpty() ? QString::fromLocal8Bit(env) : QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    serverUrl_ = QSettings(dataDir_ + "/app.ini", QSettings::IniFormat).value("server").toString();
    caFile_ = QSettings(dataDir_ + "/app.ini", QSettings::IniFormat).value("ca_file").toString();
    actionFilter_.setActions(&actions_);
    myReturns_.setReturns(&returns_);
    myReturns_.setView("mine");
    approvals_.setReturns(&returns_);
    approvals_.setView("approval");
    // The sync thread must end before the application object goes.
    if (QCoreApplication::instance())
        connect(QCoreApplication::instance(), &QCoreApplication::aboutToQuit, this, [this] { sync_.stop(); });
    conflicts_.setSession(this);
    rejections_.setSession(this);
    connect(&sync_, &SyncController::finished, this, &Session::onSyncFinished);
    connect(&sync_, &SyncController::signInNeeded, this, &Session::onSignInNeeded);
    for (RecordListModel* m : {static_cast<RecordListModel*>(&conflicts_), static_cast<RecordListModel*>(&rejections_)})
        connect(m, &RecordListModel::countChanged, this, &Session::attentionCountChanged);
    idle_.setLimit(std::chrono::minutes(idleLockMinutes()));
    connect(&idle_, &IdleWatch::idle, this, &Session::lock);
}

Session::~Session() {
    sync_.stop();
    if (theSession == this) theSession = nullptr;
}

Session* Session::instance() {
    if (!theSession) theSession = new Session();
    return theSession;
}

Session* Session::create(QQmlEngine*, QJSEngine*) {
    Session* s = instance();
    QQmlEngine::setObjectOwnership(s, QQmlEngine::CppOwnership);
    return s;
}

void Session::setDataDir(const QString& dir) {
    if (dir == dataDir_) return;
    dataDir_ = dir;
    emit dataDirChanged();
    emit knownUsersChanged();
}

void Session::setServerUrl(const QString& url) {
    if (url == serverUrl_) return;
    serverUrl_ = url;
    emit serverUrlChanged();
}

void Session::setCaFile(const QString& file) {
    if (file == caFile_) return;
    caFile_ = file;
    emit caFileChanged();
}

QString Session::user() const { return qs(identity_.user); }
QString Session::role() const { return qs(identity_.role); }
QString Session::agency() const { return qs(identity_.agency); }
QString Session::agencyName() const { return qs(lookups_.agencyName(identity_.agency)); }
QString Session::roleLabel() const {
    if (!signedIn()) return {};
    return app::roleLabel(identity_.role) + ", " + agencyName();
}

QStringList Session::knownUsers() const {
    // Only replicas a password can still open: a wiped one has lost its salt.
    QStringList users;
    for (const QString& f : QDir(dataDir_).entryList({"*.replica.db"}, QDir::Files, QDir::Name))
        if (sync::replicaCanBeUnlocked(QDir(dataDir_).filePath(f).toStdString())) users << f.chopped(int(qstrlen(".replica.db")));
    return users;
}

int Session::idleLockMinutes() const {
    return QSettings(dataDir_ + "/app.ini", QSettings::IniFormat).value("idle_lock_minutes", kDefaultIdleLockMinutes).toInt();
}

void Session::setIdleLockMinutes(int minutes) {
    minutes = std::max(minutes, 1);
    if (minutes == idleLockMinutes()) return;
    QSettings(dataDir_ + "/app.ini", QSettings::IniFormat).setValue("idle_lock_minutes", minutes);
    idle_.setLimit(std::chrono::minutes(minutes));
    emit idleLockMinutesChanged();
}

void Session::setIdleLockAfter(std::chrono::milliseconds idle) { idle_.setLimit(idle); }

QString Session::pathOf(const QString& user) const {
    return QString::fromStdString(sync::replicaPath(dataDir_.toStdString(), user.toStdString()));
}

void Session::setBusy(bool b) {
    if (b == busy_) return;
    busy_ = b;
    emit busyChanged();
}

void Session::setError(const QString& e) {
    if (e == lastError_) return;
    lastError_ = e;
    emit lastErrorChanged();
}

void Session::setLocked(bool locked) {
    if (locked == locked_) return;
    locked_ = locked;
    emit lockedChanged();
}

void Session::signIn(const QString& serverUrl, const QString& user, const QString& password) {
    if (busy_) return;
    if (serverUrl.trimmed().isEmpty() || user.trimmed().isEmpty() || password.isEmpty()) {
        setError("Enter the server address, your user name and your password.");
        emit signInFailed(lastError_);
        return;
    }
    signOut();
    setBusy(true);
    setError({});
    setServerUrl(serverUrl.trimmed());
    const std::string path = pathOf(user.trimmed()).toStdString(), url = serverUrl_.toStdString(),
                      name = user.trimmed().toStdString(), pw = password.toStdString(),
                      device = (QSysInfo::machineHostName() + " (Tandem app)").toStdString(),
                      caFile = caFile_.isEmpty() ? std::string() : QFileInfo(caFile_).absoluteFilePath().toStdString();
    // The server's password check and the replica's key both cost an Argon2 hash: off the UI thread.
    auto* watcher = new QFutureWatcher<AccessResult>(this);
    connect(watcher, &QFutureWatcher<AccessResult>::finished, this, [this, watcher, path] {
        const AccessResult r = watcher->result();
        watcher->deleteLater();
        setBusy(false);
        if (!r.ok || !openReplica(QString::fromStdString(path), r.key)) {
            setError(r.ok ? lastError_ : r.message);
            emit signInFailed(lastError_);
            emit knownUsersChanged();  // a disabled account's copy may have gone
            return;
        }
        QSettings settings(dataDir_ + "/app.ini", QSettings::IniFormat);
        settings.setValue("server", serverUrl_);
        settings.setValue("ca_file", caFile_);
        emit knownUsersChanged();
        sync_.syncNow();
    });
    watcher->setFuture(QtConcurrent::run([=]() { return attemptSignIn(path, url, name, pw, device, caFile); }));
}

namespace {
AccessResult attemptSignIn(const std::string& path, const std::string& url, const std::string& name,
                           const std::string& pw, const std::string& device, const std::string& caFile) {
    try {
        auto opened = sync::unlockReplica(path, pw, sync::IfNoReplica::Create);
        if (!opened) return {false, QString::fromStdString(opened.message), {}};
        sync::HttpTransport transport(url, std::chrono::seconds(20), caFile);
        const auto r = sync::signIn(*opened.replica, transport, url, name, pw, device, caFile);
        if (!r.ok) {
            // A first sign-in that fails leaves no replica behind (otherwise a mistyped user name
            // would be offered for offline unlock from then on), nor does a disabled account.
            opened.replica.reset();
            if (opened.created || r.code == "account_disabled") sync::removeReplicaFiles(path);
            if (r.code == "offline") return {false, "The server cannot be reached. If you have signed in on this device before, unlock offline.", {}};
            return {false, QString::fromStdString(r.message), {}};
        }
        return {true, {}, opened.key};
    } catch (const std::exception& e) {
        return {false, QString("Could not open this device's copy: %1").arg(e.what()), {}};
    }
}
}  // namespace

void Session::unlock(const QString& user, const QString& password) {
    if (busy_) return;
    // The lock screen unlocks the locked user; anyone else signs that one out first.
    if (locked_ && user.trimmed() != this->user()) signOut();
    const QString path = pathOf(user.trimmed());
    if (user.trimmed().isEmpty() || !sync::replicaCanBeUnlocked(path.toStdString())) {
        setError(QString("There is no copy of %1's work on this device: sign in online first.").arg(user));
        emit signInFailed(lastError_);
        return;
    }
    if (!locked_) signOut();
    setBusy(true);
    setError({});
    auto* watcher = new QFutureWatcher<AccessResult>(this);
    connect(watcher, &QFutureWatcher<AccessResult>::finished, this, [this, watcher, path] {
        const AccessResult r = watcher->result();
        watcher->deleteLater();
        setBusy(false);
        if (!r.ok || !openReplica(path, r.key)) {
            setError(r.ok ? lastError_ : r.message);
            emit signInFailed(lastError_);
            return;
        }
        sync_.syncNow();
    });
    watcher->setFuture(QtConcurrent::run([p = path.toStdString(), u = user.trimmed().toStdString(), pw = password.toStdString()]() -> AccessResult {
        try {
            auto opened = sync::unlockReplica(p, pw, sync::IfNoReplica::Refuse);
            if (!opened) return {false, QString::fromStdString(opened.message), {}};
            const auto me = opened.replica->identity();
            if (!me || me->user != u)
                return {false, QString("There is no copy of %1's work on this device: sign in online first.").arg(QString::fromStdString(u)), {}};
            return {true, {}, opened.key};
        } catch (const std::exception& e) {
            return {false, QString("Could not open this device's copy: %1").arg(e.what()), {}};
        }
    }));
}

bool Session::openReplica(const QString& path, const sync::ReplicaKey& key) {
    try {
        auto replica = std::make_unique<sync::Replica>(path.toStdString(), key);
        auto me = replica->identity();
        if (!me) {
            setError("This copy has no signed-in user: sign in online.");
            return false;
        }
        sync_.stop();
        identity_ = *me;
        key_ = key;
        replica_ = std::move(replica);
        workspace_ = std::make_unique<sync::Workspace>(*replica_);
        if (serverUrl_ != qs(me->server)) {
            serverUrl_ = qs(me->server);
            emit serverUrlChanged();
        }
        const auto last = replica_->meta("last_synced_at");
        sync_.start(path, key_, serverUrl_, last ? QDateTime::fromString(qs(*last), Qt::ISODate) : QDateTime());
        reloadAll();
        myReturns_.setViewer(user(), agency(), isAgencyLead());
        approvals_.setViewer(user(), agency(), isAgencyLead());
        setLocked(false);
        idle_.start();
        emit signedInChanged();
        return true;
    } catch (const std::exception& e) {
        setError(QString("Could not open this device's copy: %1").arg(e.what()));
        return false;
    }
}

void Session::closeReplica() {
    idle_.stop();
    sync_.stop();  // the worker, its connection and its copy of the key go with it
    workspace_.reset();
    replica_.reset();
    key_ = {};
    lookups_ = {};
    actions_.clearRows();
    returns_.clearRows();
    conflicts_.clearRows();
    rejections_.clearRows();
}

void Session::lock() {
    if (!replica_) return;
    closeReplica();
    setLocked(true);  // before signedInChanged: the window shows the lock screen, not sign-in
    emit signedInChanged();
}

void Session::signOut() {
    if (locked_) {
        identity_ = {};
        setLocked(false);
        emit signedInChanged();
        return;
    }
    sync_.stop();
    if (!replica_) return;
    closeReplica();
    identity_ = {};
    emit signedInChanged();
}

void Session::reloadAll() {
    if (!replica_) return;
    applyLists(*ListSnapshot::read(*replica_));
}

void Session::applyLists(ListSnapshot& lists) {
    if (!replica_) return;
    actions_.apply(std::move(*lists.actions));
    returns_.apply(std::move(*lists.returns));
    lookups_ = std::move(lists.lookups);  // the builders, done with it, are moved out already
    conflicts_.reload(*replica_, lookups_, identity_);
    rejections_.reload(*replica_, lookups_);
    refreshPending();
    emit dataRefreshed();
}

void Session::recordEdited(const std::string& recordId) {
    if (!replica_) return;
    const auto rec = replica_->record(recordId);
    if (rec && rec->kind == "action") actions_.refreshRecord(*replica_, lookups_, recordId);
    if (rec && rec->kind == "audit_return") returns_.refreshRecord(*replica_, lookups_, recordId);
    conflicts_.reload(*replica_, lookups_, identity_);
    refreshPending();
    emit recordChanged(qs(recordId));
}

void Session::refreshPending() {
    if (replica_) sync_.setPendingCount(int(replica_->pendingCount()));
}

void Session::onSyncFinished(int status, bool changed) {
    if (!replica_) return;
    if (sync::SyncStatus(status) == sync::SyncStatus::Ok)
        replica_->setMeta("last_synced_at", sync_.lastSyncedAt().toString(Qt::ISODate).toStdString());
    if (!changed) return refreshPending();
    // Read on the sync thread when it could; the UI thread only merges the rows.
    if (auto lists = sync_.takeLists()) applyLists(*lists);
    else reloadAll();
}

void Session::onSignInNeeded(const QString& why) {
    setError(why);
    // A revoked device's or disabled account's replica is wiped: there is nothing left to show,
    // and the emptied file (its salt gone) is removed.
    if (replica_ && !replica_->identity()) {
        const std::string path = replica_->path();
        signOut();
        sync::removeReplicaFiles(path);
        emit knownUsersChanged();
    }
}

}  // namespace tandem::app
