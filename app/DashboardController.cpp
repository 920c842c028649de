#include "DashboardController.h"

#include "BoardReport.h"
#include "FiguresCache.h"
#include "Figures.h"
#include "FiguresCsv.h"
#include "Session.h"

#include <QDate>
#include <QDateTime>
#include <QDir>
#include <QFutureWatcher>
#include <QSaveFile>
#include <QStandardPaths>
#include <QtConcurrent/QtConcurrentRun>

namespace tandem::app {
namespace {

QString localPath(const QString& pathOrUrl) {
    const QUrl url(pathOrUrl);
    return url.isLocalFile() ? url.toLocalFile() : pathOrUrl;
}

QString dateText(const std::string& iso) {
    const QDate d = QDate::fromString(qs(iso), Qt::ISODate);
    return d.isValid() ? d.toString("d MMM yyyy") : qs(iso);
}

// A member of a JSON object, null when it is not an object or has no such member. Every read of
// the figures goes through here or textOf: they run inside QML bindings, where an exception
// (nlohmann's value() on a null document) would tear through the QML engine.
const nlohmann::json& member(const nlohmann::json& object, const char* key) {
    static const nlohmann::json none;
    if (!object.is_object()) return none;
    const auto it = object.find(key);
    return it != object.end() ? *it : none;
}

std::string textOf(const nlohmann::json& object, const char* key) {
    if (!object.is_object()) return {};
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

const QStringList& DashboardController::tableNames() {
    static const QStringList names = [] {
        QStringList out;
        for (const std::string& name : figures::tableNames()) out << qs(name);
        return out;
    }();
    return names;
}

DashboardController::DashboardController(QObject* parent) : QObject(parent), session_(Session::instance()) {
    for (const QString& name : tableNames()) tables_[name] = new FigureTableModel(name, this);
    exportFolder_ = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation) + "/Tandem";
    connect(session_, &Session::signedInChanged, this, &DashboardController::onSignedInChanged);
    connect(session_->sync(), &SyncController::changed, this, &DashboardController::updateUnsynced);
    connect(session_, &Session::recordChanged, this, &DashboardController::updateUnsynced);
    // A sync that changed the replica (edits pushed, others' pulled) changed the server's
    // figures too: fetch them again while the tab is open.
    connect(session_, &Session::dataRefreshed, this, [this] {
        if (hasFigures()) refresh();
    });
    onSignedInChanged();
}

DashboardController::~DashboardController() = default;

void DashboardController::onSignedInChanged() {
    // The page is built while Session announces a sign-in, and may hear that same announcement:
    // only a change of user starts over.
    const QString user = session_->signedIn() ? session_->user() : QString();
    if (generation_ > 0 && user == user_) return;
    user_ = user;
    ++generation_;
    clear();
    requestedRound_.clear();
    const auto& me = session_->identity();
    partnership_ = session_->signedIn() && !me.partnerships.empty() ? qs(me.partnerships.front()) : QString();
    setBusy(false);
    setError({});
    if (session_->signedIn()) loadCached();
    updateUnsynced();
}

void DashboardController::updateUnsynced() {
    const int n = session_->signedIn() ? session_->sync()->pendingCount() : 0;
    if (n == unsynced_) return;
    unsynced_ = n;
    emit unsyncedChanged();
}

QString DashboardController::unsyncedText() const {
    if (unsynced_ == 0) return {};
    return unsynced_ == 1 ? tr("1 change on this device is not in these figures yet")
                          : tr("%1 changes on this device are not in these figures yet").arg(unsynced_);
}

void DashboardController::setBusy(bool b) {
    if (b == busy_) return;
    busy_ = b;
    emit busyChanged();
}

void DashboardController::setError(const QString& e) {
    if (e == lastError_) return;
    lastError_ = e;
    emit lastErrorChanged();
}

void DashboardController::setLastExport(const QString& path) {
    lastExport_ = path;
    emit lastExportChanged();
}

void DashboardController::setExportFolder(const QString& folder) {
    const QString path = localPath(folder);
    if (path == exportFolder_) return;
    exportFolder_ = path;
    emit exportFolderChanged();
}

void DashboardController::refresh() {
    if (busy_ || !session_->signedIn() || !session_->replica()) return;
    setBusy(true);
    const int generation = generation_;
    const std::string token = session_->replica()->token().value_or(""), url = session_->serverUrl().toStdString(),
                      partnership = partnership_.toStdString(), round = requestedRound_.toStdString();
    const sync::FiguresPeriod period = periodOf(periodIndex_, QDate::currentDate());
    using Reply = std::shared_ptr<sync::FiguresReply>;
    auto* watcher = new QFutureWatcher<Reply>(this);
    connect(watcher, &QFutureWatcher<Reply>::finished, this, [this, watcher, generation, partnership, round, period] {
        const Reply reply = watcher->result();
        watcher->deleteLater();
        if (generation != generation_) return;  // signed out or in as someone else meanwhile
        setBusy(false);
        // Another round or period was chosen while this one was on its way: ask for that.
        const bool current = round == requestedRound_.toStdString() &&
                             period.cacheSuffix() == periodOf(periodIndex_, QDate::currentDate()).cacheSuffix();
        if (reply->ok) {
            setError({});
            try {
                sync::FiguresCache(*session_->replica()).storeReply(partnership, round, reply->figures, period);
            } catch (const std::exception& e) {
                // Shown all the same; only the offline copy is missing.
                setError(tr("The figures could not be kept on this device: %1").arg(e.what()));
            }
            if (!current) {
                refresh();
                return;
            }
            apply(std::move(reply->figures));
        } else {
            if (!hasFigures()) loadCached();
            QString why = qs(reply->message);
            if (hasFigures()) why += ' ' + tr("Showing the figures this device has.");
            setError(why);
        }
        emit refreshed(reply->ok);
    });
    // Only the request runs on the worker, with its own HTTP client; the reply is kept in the
    // replica on the UI thread (one row), so no second connection waits on a sync's write lock.
    watcher->setFuture(QtConcurrent::run([=]() -> Reply {
        auto reply = std::make_shared<sync::FiguresReply>();
        try {
            sync::HttpTransport transport(url, std::chrono::seconds(30));
            *reply = sync::FiguresCache::request(transport, token, partnership, round, period);
        } catch (const std::exception& e) {
            reply->code = "local_failure";
            reply->message = std::string("Could not fetch the figures on this device: ") + e.what();
        }
        return reply;
    }));
}

bool DashboardController::loadCached() {
    if (!session_->replica()) return false;
    try {
        auto cached = sync::FiguresCache(*session_->replica())
                          .load(partnership_.toStdString(), requestedRound_.toStdString(),
                                periodOf(periodIndex_, QDate::currentDate()));
        if (!cached) return false;
        apply(std::move(cached->figures));
        return true;
    } catch (const std::exception& e) {
        setError(tr("Could not read the saved figures: %1").arg(e.what()));
        return false;
    }
}

void DashboardController::apply(nlohmann::json figures) {
    figures_ = std::move(figures);
    const auto& tables = member(figures_, "tables");
    for (auto& [name, model] : tables_) model->setTable(member(tables, name.toStdString().c_str()));
    emit figuresChanged();
}

void DashboardController::clear() {
    if (!hasFigures()) return;
    figures_ = nullptr;
    for (auto& [name, model] : tables_) model->setTable(nullptr);
    emit figuresChanged();
}

QString DashboardController::asOf() const {
    const std::string time = textOf(member(figures_, "as_of"), "time");
    if (time.empty()) return {};
    const QDateTime at = QDateTime::fromString(qs(time), Qt::ISODate);
    return tr("Figures as of %1").arg(at.isValid() ? at.toLocalTime().toString("d MMM yyyy HH:mm") : qs(time));
}

QString DashboardController::periodText() const {
    const auto period = member(figures_, "period");
    const std::string from = textOf(period, "from"), to = textOf(period, "to");
    if (from.empty() || to.empty()) return {};
    return tr("Period: %1 to %2").arg(dateText(from), dateText(to));
}

QString DashboardController::roundId() const { return qs(textOf(member(figures_, "round"), "id")); }

void DashboardController::setRoundId(const QString& id) {
    if (id == roundId() && id == requestedRound_) return;
    requestedRound_ = id;
    // The saved figures of that round show at once; the refresh replaces them when it can.
    loadCached();
    refresh();
}

QStringList DashboardController::periodNames() const {
    return {tr("Last 90 days"), tr("This quarter"), tr("Last quarter"), tr("This financial year"), tr("Last 12 months")};
}

sync::FiguresPeriod DashboardController::periodOf(int index, const QDate& today) {
    auto iso = [](const QDate& d) { return d.toString(Qt::ISODate).toStdString(); };
    // Quarters start in January, April, July and October, as the partnership's reporting does.
    const QDate quarter(today.year(), (today.month() - 1) / 3 * 3 + 1, 1);
    switch (index) {
        case 1: return {iso(quarter), iso(today)};
        case 2: return {iso(quarter.addMonths(-3)), iso(quarter.addDays(-1))};
        case 3: return {iso(QDate(today.month() >= 4 ? today.year() : today.year() - 1, 4, 1)), iso(today)};
        case 4: return {iso(today.addYears(-1).addDays(1)), iso(today)};
        default: return {};
    }
}

void DashboardController::setPeriodIndex(int index) {
    if (index == periodIndex_ || index < 0 || index >= periodNames().size()) return;
    periodIndex_ = index;
    emit periodChanged();
    loadCached();
    refresh();
}

QString DashboardController::roundTitle() const { return qs(textOf(member(figures_, "round"), "title")); }

bool DashboardController::isSection11() const {
    return textOf(member(figures_, "round"), "kind") == "section11";
}

QVariantList DashboardController::rounds() const {
    QVariantList out;
    const auto& all = member(figures_, "rounds");
    if (!all.is_array()) return out;
    for (const auto& r : all) {
        const QString title = qs(textOf(r, "title")), due = dateText(textOf(r, "due_date"));
        out << QVariantMap{{"id", qs(textOf(r, "id"))},
                           {"title", title},
                           {"text", due.isEmpty() ? title : tr("%1 (due %2)").arg(title, due)}};
    }
    return out;
}

QStringList DashboardController::roundNames() const {
    QStringList names;
    for (const QVariant& r : rounds()) names << r.toMap()["text"].toString();
    return names;
}

int DashboardController::roundIndex() const {
    const QString id = roundId();
    const QVariantList all = rounds();
    for (int i = 0; i < all.size(); ++i)
        if (all[i].toMap()["id"].toString() == id) return i;
    return -1;
}

QStringList DashboardController::gradeSummary() const {
    // Per theme, in the server's order: graded case audits, and those graded good or better.
    const FigureTableModel* grades = table("grades_by_theme");
    std::vector<std::pair<QString, std::pair<long, long>>> themes;
    for (int row = 0; row < grades->count(); ++row) {
        const QString theme = qs(grades->cell(row, "theme").is_string() ? grades->cell(row, "theme").get<std::string>() : "");
        const std::string grade = grades->cell(row, "grade").is_string() ? grades->cell(row, "grade").get<std::string>() : "";
        const auto n = grades->cell(row, "returns");
        const long count = n.is_number() ? n.get<long>() : 0;
        auto it = std::find_if(themes.begin(), themes.end(), [&](const auto& t) { return t.first == theme; });
        if (it == themes.end()) it = themes.insert(themes.end(), {theme, {0, 0}});
        it->second.second += count;
        if (grade == "outstanding" || grade == "good") it->second.first += count;
    }
    QStringList out;
    for (const auto& [theme, counts] : themes) {
        if (counts.second == 0) continue;
        QString name = theme.isEmpty() ? tr("No theme") : theme;
        name[0] = name[0].toUpper();
        out << tr("%1: %2% good or better (%3 of %4 graded case audits)")
                   .arg(name)
                   .arg(qRound(100.0 * double(counts.first) / double(counts.second)))
                   .arg(counts.first)
                   .arg(counts.second);
    }
    return out;
}

FigureTableModel* DashboardController::table(const QString& name) const {
    const auto it = tables_.find(name);
    return it != tables_.end() ? it->second : nullptr;
}

QString DashboardController::fileName(const QString& base, const QString& ext) const {
    // The name the server gives the same download: <table>-<partnership>-<today>.csv
    const std::string today = textOf(member(figures_, "as_of"), "today");
    return QString("%1-%2-%3.%4").arg(base, qs(textOf(figures_, "partnership")), qs(today), ext);
}

QString DashboardController::exportCsv(const QString& tableName, const QString& folder) {
    if (!hasFigures() || !table(tableName)) {
        setError(hasFigures() ? tr("There is no table %1.").arg(tableName) : tr("There are no figures to export yet."));
        return {};
    }
    const QString dir = folder.isEmpty() ? exportFolder_ : localPath(folder);
    const QString path = QDir(dir).filePath(fileName(tableName, "csv"));
    std::string bytes;
    try {
        bytes = figures::tableCsv(member(member(figures_, "tables"), tableName.toStdString().c_str()));
    } catch (const std::exception& e) {  // a cached reply this version cannot read
        setError(tr("Could not write %1: %2").arg(path, e.what()));
        return {};
    }
    QSaveFile file(path);
    if (!QDir().mkpath(dir) || !file.open(QIODevice::WriteOnly) || file.write(bytes.data(), qint64(bytes.size())) != qint64(bytes.size()) ||
        !file.commit()) {
        setError(tr("Could not write %1: %2").arg(path, file.errorString()));
        return {};
    }
    setError({});
    setLastExport(path);
    return path;
}

QString DashboardController::exportBoardReport(const QString& target) {
    if (!hasFigures()) {
        setError(tr("There are no figures to export yet."));
        return {};
    }
    const QString path = target.isEmpty() ? QDir(exportFolder_).filePath(fileName("board-report", "pdf")) : localPath(target);
    QString error;
    bool written = false;
    try {
        written = QDir().mkpath(QFileInfo(path).absolutePath()) && writeBoardReport(figures_, path, &error);
    } catch (const std::exception& e) {  // called from QML: nothing may escape
        error = e.what();
    }
    if (!written) {
        setError(tr("Could not write the board report %1: %2").arg(path, error));
        return {};
    }
    setError({});
    setLastExport(path);
    return path;
}

QVariantList DashboardController::records(const QString& tableName, int row) const {
    QVariantList out;
    const FigureTableModel* t = table(tableName);
    sync::Replica* replica = session_->replica();
    if (!t || !replica) return out;
    for (const QString& id : t->recordsOf(row)) {
        std::optional<sync::LocalRecord> rec;
        try {
            rec = replica->record(id.toStdString());
        } catch (const std::exception&) {
            // A record the replica cannot read is shown as one it does not have.
        }
        if (!rec) {
            out << QVariantMap{{"id", id}, {"kind", QString()}, {"title", tr("Not on this device")},
                               {"detail", tr("Outside what this account receives")}, {"openable", false}};
            continue;
        }
        const bool openable = rec->kind == "action" || rec->kind == "audit_return";
        QString title = qs(rec->text("title"));
        if (title.isEmpty()) title = qs(rec->text("case_code", rec->id));
        out << QVariantMap{{"id", id}, {"kind", qs(rec->kind)}, {"title", title.section('\n', 0, 0)},
                           {"detail", qs(session_->lookups().agencyName(rec->owner))}, {"openable", openable}};
    }
    return out;
}

}  // namespace tandem::app
