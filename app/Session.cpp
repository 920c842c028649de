#include "Session.h"

#include "Account.h"
#include "ReplicaQueries.h"

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

namespace tandem::app {
namespace {

Session* theSession = nullptr;

struct AccessResult {
    bool ok = false;
    QString message;
};

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
    QStringList users;
    for (const QString& f : QDir(dataDir_).entryList({"*.replica.db"}, QDir::Files, QDir::Name))
        users << f.chopped(int(qstrlen(".replica.db")));
    return users;
}

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
    // The server's password check and the local verifier both cost an Argon2 hash: off the UI thread.
    auto* watcher = new QFutureWatcher<AccessResult>(this);
    connect(watcher, &QFutureWatcher<AccessResult>::finished, this, [this, watcher, path] {
        const AccessResult r = watcher->result();
        watcher->deleteLater();
        setBusy(false);
        if (!r.ok || !openReplica(QString::fromStdString(path))) {
            setError(r.ok ? lastError_ : r.message);
            emit signInFailed(lastError_);
            return;
        }
        QSettings settings(dataDir_ + "/app.ini", QSettings::IniFormat);
        settings.setValue("server", serverUrl_);
        settings.setValue("ca_file", caFile_);
        emit knownUsersChanged();
        sync_.syncNow();
    });
    watcher->setFuture(QtConcurrent::run([=]() -> AccessResult {
        // A first sign-in that fails leaves no replica behind: otherwise a mistyped user name
        // would be offered for offline unlock from then on.
        const bool existed = QFile::exists(QString::fromStdString(path));
        AccessResult result = attemptSignIn(path, url, name, pw, device, caFile);
        if (!result.ok && !existed)
            for (const char* suffix : {"", "-wal", "-shm", "-journal"}) QFile::remove(QString::fromStdString(path + suffix));
        return result;
    }));
}

namespace {
AccessResult attemptSignIn(const std::string& path, const std::string& url, const std::string& name,
                           const std::string& pw, const std::string& device, const std::string& caFile) {
    try {
        sync::HttpTransport transport(url, std::chrono::seconds(20), caFile);
        sync::Replica replica(path);
        const auto r = sync::signIn(replica, transport, url, name, pw, device, caFile);
        if (!r.ok) {
            if (r.code == "offline") return {false, "The server cannot be reached. If you have signed in on this device before, unlock offline."};
            return {false, QString::fromStdString(r.message)};
        }
        if (!sync::rememberPassword(replica, pw)) return {false, "Could not store the offline password check on this device."};
        return {true, {}};
    } catch (const std::exception& e) {
        return {false, QString("Could not open this device's copy: %1").arg(e.what())};
    }
}
}  // namespace

void Session::unlock(const QString& user, const QString& password) {
    if (busy_) return;
    const QString path = pathOf(user.trimmed());
    if (user.trimmed().isEmpty() || !QFile::exists(path)) {
        setError(QString("There is no copy of %1's work on this device: sign in online first.").arg(user));
        emit signInFailed(lastError_);
        return;
    }
    signOut();
    setBusy(true);
    setError({});
    auto* watcher = new QFutureWatcher<AccessResult>(this);
    connect(watcher, &QFutureWatcher<AccessResult>::finished, this, [this, watcher, path] {
        const AccessResult r = watcher->result();
        watcher->deleteLater();
        setBusy(false);
        if (!r.ok || !openReplica(path)) {
            setError(r.ok ? lastError_ : r.message);
            emit signInFailed(lastError_);
            return;
        }
        sync_.syncNow();
    });
    watcher->setFuture(QtConcurrent::run([p = path.toStdString(), u = user.trimmed().toStdString(), pw = password.toStdString()]() -> AccessResult {
        try {
            sync::Replica replica(p);
            const auto r = sync::unlockOffline(replica, u, pw);
            return {r.ok, QString::fromStdString(r.message)};
        } catch (const std::exception& e) {
            return {false, QString("Could not open this device's copy: %1").arg(e.what())};
        }
    }));
}

bool Session::openReplica(const QString& path) {
    try {
        auto replica = std::make_unique<sync::Replica>(path.toStdString());
        auto me = replica->identity();
        if (!me) {
            setError("This copy has no signed-in user: sign in online.");
            return false;
        }
        sync_.stop();
        identity_ = *me;
        replica_ = std::move(replica);
        workspace_ = std::make_unique<sync::Workspace>(*replica_);
        if (serverUrl_ != qs(me->server)) {
            serverUrl_ = qs(me->server);
            emit serverUrlChanged();
        }
        const auto last = replica_->meta("last_synced_at");
        sync_.start(path, serverUrl_, last ? QDateTime::fromString(qs(*last), Qt::ISODate) : QDateTime());
        reloadAll();
        myReturns_.setViewer(user(), agency(), isAgencyLead());
        approvals_.setViewer(user(), agency(), isAgencyLead());
        emit signedInChanged();
        return true;
    } catch (const std::exception& e) {
        setError(QString("Could not open this device's copy: %1").arg(e.what()));
        return false;
    }
}

void Session::signOut() {
    sync_.stop();
    if (!replica_) return;
    workspace_.reset();
    replica_.reset();
    identity_ = {};
    lookups_ = {};
    actions_.clearRows();
    returns_.clearRows();
    conflicts_.clearRows();
    rejections_.clearRows();
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
    // A revoked device's replica is wiped: there is nothing left to show.
    if (replica_ && !replica_->identity()) {
        signOut();
        emit knownUsersChanged();
    }
}

}  // namespace tandem::app
