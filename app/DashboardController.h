// What the Dashboards tab shows and does (business office and board): the partnership's
// consolidated figures for a round, fetched from the server on a worker thread and kept in the
// replica (sync::FiguresCache) so the last figures show offline with the time they are from;
// one table model per figure table; drill-down into the records behind a row; CSV export (the
// server's bytes) and the PDF board report.
#pragma once

#include "FigureTableModel.h"
#include "FiguresCache.h"

#include <QDate>
#include <QObject>
#include <QStringList>
#include <QUrl>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

#include <nlohmann/json.hpp>

#include <map>
#include <memory>

namespace tandem::app {

class Session;

class DashboardController : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
    Q_PROPERTY(QString lastError READ lastError NOTIFY lastErrorChanged)
    Q_PROPERTY(bool hasFigures READ hasFigures NOTIFY figuresChanged)
    Q_PROPERTY(QString asOf READ asOf NOTIFY figuresChanged)              // "Figures as of 2 Dec 2026 03:10"
    Q_PROPERTY(QString periodText READ periodText NOTIFY figuresChanged)  // "Period: 3 Sep 2026 to 2 Dec 2026"
    Q_PROPERTY(QString partnership READ partnership NOTIFY figuresChanged)
    Q_PROPERTY(QString roundId READ roundId WRITE setRoundId NOTIFY figuresChanged)
    Q_PROPERTY(QString roundTitle READ roundTitle NOTIFY figuresChanged)
    Q_PROPERTY(int roundIndex READ roundIndex NOTIFY figuresChanged)  // roundId's place in rounds
    Q_PROPERTY(bool isSection11 READ isSection11 NOTIFY figuresChanged)
    // [{id, title, text}]: the partnership's rounds, newest first as the server lists them.
    Q_PROPERTY(QVariantList rounds READ rounds NOTIFY figuresChanged)
    Q_PROPERTY(QStringList roundNames READ roundNames NOTIFY figuresChanged)  // rounds' texts, for a picker
    // The reporting period ("actions closed this period"): last 90 days (the server's default),
    // this quarter, last quarter, this financial year (from 1 April), last 12 months.
    Q_PROPERTY(QStringList periodNames READ periodNames CONSTANT)
    Q_PROPERTY(int periodIndex READ periodIndex WRITE setPeriodIndex NOTIFY periodChanged)
    // One sentence per theme: "Neglect: 58% good or better (7 of 12 graded case audits)".
    Q_PROPERTY(QStringList gradeSummary READ gradeSummary NOTIFY figuresChanged)
    // Changes in this device's outbox: the server's figures cannot include them yet.
    Q_PROPERTY(int unsyncedCount READ unsyncedCount NOTIFY unsyncedChanged)
    Q_PROPERTY(bool stale READ stale NOTIFY unsyncedChanged)
    Q_PROPERTY(QString unsyncedText READ unsyncedText NOTIFY unsyncedChanged)
    // Where exports go (a folder path); the last file written, for the page to say so.
    Q_PROPERTY(QString exportFolder READ exportFolder WRITE setExportFolder NOTIFY exportFolderChanged)
    Q_PROPERTY(QString lastExport READ lastExport NOTIFY lastExportChanged)

public:
    explicit DashboardController(QObject* parent = nullptr);
    ~DashboardController() override;

    // The names of the tables every reply holds, in the order the page shows them.
    static const QStringList& tableNames();

    bool busy() const { return busy_; }
    QString lastError() const { return lastError_; }
    bool hasFigures() const { return figures_.is_object(); }
    QString asOf() const;
    QString periodText() const;
    QString partnership() const { return partnership_; }
    QString roundId() const;
    void setRoundId(const QString& id);
    QString roundTitle() const;
    int roundIndex() const;
    bool isSection11() const;
    QVariantList rounds() const;
    QStringList roundNames() const;
    QStringList periodNames() const;
    int periodIndex() const { return periodIndex_; }
    void setPeriodIndex(int index);
    // The dates of a period choice on `today` (index 0: the default, no dates).
    static sync::FiguresPeriod periodOf(int index, const QDate& today);
    QStringList gradeSummary() const;
    int unsyncedCount() const { return unsynced_; }
    bool stale() const { return unsynced_ > 0; }
    QString unsyncedText() const;
    QString exportFolder() const { return exportFolder_; }
    void setExportFolder(const QString& folder);
    QString lastExport() const { return lastExport_; }
    const nlohmann::json& figures() const { return figures_; }

    // Fetches the figures of the chosen round (the server's default round before one is
    // chosen) on a worker thread; offline, the cached ones stay and lastError says why.
    Q_INVOKABLE void refresh();
    // Shows the cached figures of the chosen round, if the device has them.
    Q_INVOKABLE bool loadCached();
    Q_INVOKABLE tandem::app::FigureTableModel* table(const QString& name) const;
    // Writes one table as CSV (byte for byte the server's GET /v1/reports/<table>.csv) into
    // `folder` (a path or file URL; exportFolder when empty). Returns the file's path, "" on failure.
    Q_INVOKABLE QString exportCsv(const QString& table, const QString& folder = {});
    // Writes the PDF board report of the figures shown to `path` (a path or file URL; a file in
    // exportFolder when empty). Returns the file's path, "" on failure.
    Q_INVOKABLE QString exportBoardReport(const QString& path = {});
    // The records behind a row: [{id, kind, title, detail, openable}], from the replica
    // ("Not on this device" for records outside this user's scope).
    Q_INVOKABLE QVariantList records(const QString& table, int row) const;

signals:
    void busyChanged();
    void lastErrorChanged();
    void figuresChanged();
    void periodChanged();
    void unsyncedChanged();
    void exportFolderChanged();
    void lastExportChanged();
    // A refresh ended (ok: new figures arrived).
    void refreshed(bool ok);

private:
    void onSignedInChanged();
    void updateUnsynced();
    void apply(nlohmann::json figures);
    void clear();
    void setBusy(bool b);
    void setError(const QString& e);
    void setLastExport(const QString& path);
    QString fileName(const QString& base, const QString& ext) const;

    Session* session_;
    std::map<QString, FigureTableModel*> tables_;
    nlohmann::json figures_;  // null until figures arrive or load
    QString user_, partnership_, requestedRound_, lastError_, exportFolder_, lastExport_;
    bool busy_ = false;
    int unsynced_ = 0;
    int generation_ = 0;  // bumped on sign-in changes: a refresh started before is dropped
    int periodIndex_ = 0;
};

}  // namespace tandem::app
