// The Dashboards tab's controller against a real server with the demo partnership: the business
// office refreshes and gets the figures with their time, the table models hold the server's
// rows, a row opens its records from the replica, CSV export writes the server's own bytes, and
// offline the figures kept in the replica still show, with the device's unsynced edits counted.
#include "AppTestKit.h"
#include "DashboardController.h"
#include "FiguresCache.h"

#include <QFile>

#include <httplib.h>

using namespace tandem;
using app::DashboardController;
using app::FigureTableModel;
using app::Session;
using nlohmann::json;

class TestAppDashboard : public QObject {
    Q_OBJECT

private:
    QTemporaryDir serverDir_, deviceDir_, exportDir_;
    std::unique_ptr<test::DemoServer> server_;
    Session* session_ = nullptr;

    // What the server answers this device's token, without the app in between.
    sync::HttpResponse ask(const std::string& path) {
        sync::HttpTransport transport(server_->url());
        return transport.get(path, session_->replica()->token().value_or(""));
    }
    // The server's CSV download as a browser gets it (the device transport reads only JSON).
    QByteArray csvFromServer(const std::string& path) {
        httplib::Client client(server_->url());
        const auto r = client.Get(path, {{"Authorization", "Bearer " + session_->replica()->token().value_or("")}});
        if (!r || r->status != 200) return {};
        return QByteArray::fromStdString(r->body);
    }
    static bool refreshAndWait(DashboardController& dash) {
        QSignalSpy done(&dash, &DashboardController::refreshed);
        dash.refresh();
        if (!done.wait(30000)) return false;
        return done.first().first().toBool();
    }

private slots:
    void initTestCase() {
        QVERIFY(serverDir_.isValid() && deviceDir_.isValid() && exportDir_.isValid());
        server_ = std::make_unique<test::DemoServer>(serverDir_.path().toStdString());
        server_->start();
        session_ = Session::instance();
        session_->setDataDir(deviceDir_.path());
        test::makeQuick(*session_);
        QVERIFY(test::signInAndSync(*session_, server_->qurl(), "bo.sthelens"));
    }
    void cleanupTestCase() {
        session_->signOut();
        server_.reset();
    }

    void refreshBringsTheFigures() {
        DashboardController dash;
        QVERIFY2(!dash.hasFigures(), "nothing is cached before the first refresh");
        QVERIFY2(refreshAndWait(dash), qPrintable(dash.lastError()));
        QVERIFY(!dash.busy());
        QVERIFY(dash.hasFigures());
        QCOMPARE(dash.lastError(), QString());
        QCOMPARE(dash.partnership(), QString("st-helens"));
        QVERIFY2(dash.asOf().startsWith("Figures as of "), qPrintable(dash.asOf()));
        QVERIFY(dash.periodText().startsWith("Period: "));
        QVERIFY(!dash.roundId().isEmpty());
        QVERIFY(!dash.roundTitle().isEmpty());
        QVERIFY(dash.rounds().size() >= 2);  // the demo's Section 11 round and its case-file audit
        QVERIFY(dash.roundIndex() >= 0);
        QVERIFY2(dash.table("actions_by_agency")->count() > 0, "the demo has actions");
        QVERIFY(dash.table("no_such_table") == nullptr);
    }

    // Every table model holds the server's table: titles, columns, cells and records.
    void tablesMatchTheServer() {
        DashboardController dash;
        QVERIFY(refreshAndWait(dash));
        const auto r = ask("/v1/reports/figures" + sync::FiguresCache::query("st-helens", dash.roundId().toStdString()));
        QCOMPARE(r.status, 200);
        const json figures = r.body();
        QCOMPARE(DashboardController::tableNames().size(), int(figures["tables"].size()));
        for (const QString& name : DashboardController::tableNames()) {
            const json& table = figures["tables"][name.toStdString()];
            const FigureTableModel* model = dash.table(name);
            QVERIFY2(model, qPrintable(name));
            QCOMPARE(model->title(), QString::fromStdString(table["title"].get<std::string>()));
            QCOMPARE(model->columnCount(), int(table["columns"].size()));
            QCOMPARE(model->count(), int(table["rows"].size()));
            for (int row = 0; row < model->count(); ++row) {
                const json& want = table["rows"][size_t(row)];
                for (size_t c = 0; c < table["columns"].size(); ++c) {
                    const std::string key = table["columns"][c]["key"];
                    QCOMPARE(model->cell(row, key), want["cells"][c]);
                    const QString shown = model->data(model->index(row, 0), FigureTableModel::CellsRole).toStringList()[int(c)];
                    if (key == "status" && want["cells"][c].is_string()) {
                        // Workflow states in words, as the lists show them.
                        const std::string status = want["cells"][c];
                        QCOMPARE(shown, name.contains("return") ? app::returnStatusLabel(status) : app::actionStatusLabel(status));
                    } else {
                        QCOMPARE(shown, FigureTableModel::cellText(want["cells"][c], table["columns"][c]["type"]));
                    }
                }
                QCOMPARE(model->recordsOf(row).size(), int(want["records"].size()));
            }
        }
        // A number as a chart reads it, and a percent as a person reads it.
        const FigureTableModel* rates = dash.table("return_rates");
        QVERIFY(rates->count() > 0);
        QCOMPARE(rates->numbers("assigned").size(), rates->count());
        QCOMPARE(FigureTableModel::cellText(58.25, "percent"), QString("58.3%"));
        QCOMPARE(FigureTableModel::cellText("2026-12-18", "date"), QString("18 Dec 2026"));
        QCOMPARE(FigureTableModel::cellText("requires_improvement", "rating"), QString("Requires improvement"));
        QCOMPARE(FigureTableModel::cellText(nullptr, "rating"), QString("Not rated"));
    }

    void aRowOpensItsRecords() {
        DashboardController dash;
        QVERIFY(refreshAndWait(dash));
        const QVariantList records = dash.records("actions_by_agency", 0);
        QVERIFY(!records.isEmpty());
        for (const QVariant& v : records) {
            const QVariantMap rec = v.toMap();
            QCOMPARE(rec["kind"].toString(), QString("action"));
            QVERIFY(rec["openable"].toBool());
            QVERIFY2(!rec["title"].toString().isEmpty(), qPrintable(rec["id"].toString()));
        }
        const FigureTableModel* rates = dash.table("return_rates");
        QVERIFY(rates->count() > 0);
        const QVariantList returns = dash.records("return_rates", 0);
        QVERIFY(!returns.isEmpty());
        QCOMPARE(returns.first().toMap()["kind"].toString(), QString("audit_return"));
        QVERIFY(dash.records("actions_by_agency", 9999).isEmpty());
    }

    void csvExportIsTheServersCsv() {
        DashboardController dash;
        QVERIFY(refreshAndWait(dash));
        const std::string query = sync::FiguresCache::query("st-helens", dash.roundId().toStdString());
        for (const char* name : {"actions_by_agency", "return_rates", "overdue_actions"}) {
            const QString path = dash.exportCsv(name, QUrl::fromLocalFile(exportDir_.path()).toString());
            QVERIFY2(!path.isEmpty(), qPrintable(dash.lastError()));
            QCOMPARE(dash.lastExport(), path);
            // The name the server's Content-Disposition gives: <table>-<partnership>-<today>.csv
            QVERIFY2(QFileInfo(path).fileName().startsWith(QString("%1-st-helens-20").arg(name)) && path.endsWith(".csv"),
                     qPrintable(path));
            QFile file(path);
            QVERIFY(file.open(QIODevice::ReadOnly));
            const QByteArray mine = file.readAll();
            QVERIFY(mine.startsWith("\xEF\xBB\xBF"));
            QVERIFY(mine.contains("\r\n"));
            const QByteArray theirs = csvFromServer(std::string("/v1/reports/") + name + ".csv" + query);
            QVERIFY(!theirs.isEmpty());
            QCOMPARE(mine, theirs);
        }
        QVERIFY(dash.exportCsv("no_such_table", exportDir_.path()).isEmpty());
        QVERIFY(!dash.lastError().isEmpty());
    }

    void boardReportIsWritten() {
        DashboardController dash;
        QVERIFY2(dash.hasFigures(), "the figures of the refreshes before, from the replica");
        dash.setExportFolder(exportDir_.path());
        const QString path = dash.exportBoardReport();
        QVERIFY2(!path.isEmpty(), qPrintable(dash.lastError()));
        QVERIFY2(QFileInfo(path).fileName().startsWith("board-report-st-helens-20"), qPrintable(path));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(file.readAll().startsWith("%PDF"));
    }

    // Offline: a new controller shows the cached figures at once; a refresh says why it failed
    // and keeps them; an edit waiting in the outbox is counted as not in the figures.
    // The period picker's dates: quarters from January, April, July and October; the financial
    // year from 1 April.
    void periodDates_data() {
        QTest::addColumn<int>("index");
        QTest::addColumn<QDate>("today");
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("to");
        QTest::newRow("default") << 0 << QDate(2026, 12, 2) << "" << "";
        QTest::newRow("this quarter") << 1 << QDate(2026, 12, 2) << "2026-10-01" << "2026-12-02";
        QTest::newRow("last quarter") << 2 << QDate(2026, 12, 2) << "2026-07-01" << "2026-09-30";
        QTest::newRow("last quarter in January") << 2 << QDate(2027, 1, 15) << "2026-10-01" << "2026-12-31";
        QTest::newRow("financial year") << 3 << QDate(2026, 12, 2) << "2026-04-01" << "2026-12-02";
        QTest::newRow("financial year in March") << 3 << QDate(2027, 3, 31) << "2026-04-01" << "2027-03-31";
        QTest::newRow("12 months") << 4 << QDate(2026, 12, 2) << "2025-12-03" << "2026-12-02";
    }
    void periodDates() {
        QFETCH(int, index);
        QFETCH(QDate, today);
        QFETCH(QString, from);
        QFETCH(QString, to);
        const auto period = DashboardController::periodOf(index, today);
        QCOMPARE(QString::fromStdString(period.from), from);
        QCOMPARE(QString::fromStdString(period.to), to);
    }

    // A chosen period reaches the server and comes back as the figures' period, and its figures
    // are kept apart from the default period's.
    void aChosenPeriodIsAskedFor() {
        DashboardController dash;
        QVERIFY(refreshAndWait(dash));
        QSignalSpy done(&dash, &DashboardController::refreshed);
        dash.setPeriodIndex(4);
        QVERIFY(done.wait(30000));
        QTRY_VERIFY_WITH_TIMEOUT(!dash.busy(), 30000);
        const auto period = DashboardController::periodOf(4, QDate::currentDate());
        const auto r = ask("/v1/reports/figures" +
                           sync::FiguresCache::query("st-helens", dash.roundId().toStdString(), period));
        QCOMPARE(r.status, 200);
        const json figures = r.body();
        QCOMPARE(figures["period"]["from"].get<std::string>(), period.from);
        QCOMPARE(dash.periodText(), QString("Period: %1 to %2")
                                        .arg(QDate::fromString(QString::fromStdString(period.from), Qt::ISODate)
                                                 .toString("d MMM yyyy"),
                                             QDate::currentDate().toString("d MMM yyyy")));
        QCOMPARE(dash.table("actions_closed")->count(), int(figures["tables"]["actions_closed"]["rows"].size()));
        sync::FiguresCache cache(*session_->replica());
        auto kept = cache.load("st-helens", dash.roundId().toStdString(), period);
        QVERIFY(kept);
        QCOMPARE(kept->figures["period"]["from"].get<std::string>(), period.from);
        auto byDefault = cache.load("st-helens", dash.roundId().toStdString());
        QVERIFY(byDefault);
        QVERIFY(byDefault->figures["period"]["from"].get<std::string>() != period.from);
    }

    void offlineTheCachedFiguresShow() {
        QString shownAsOf;
        int rows = 0;
        {
            DashboardController online;
            QVERIFY(refreshAndWait(online));
            shownAsOf = online.asOf();
            rows = online.table("actions_by_agency")->count();
        }
        server_->stop();
        DashboardController dash;
        QVERIFY2(dash.hasFigures(), "the last figures load from the replica");
        QCOMPARE(dash.asOf(), shownAsOf);
        QCOMPARE(dash.table("actions_by_agency")->count(), rows);
        QVERIFY(!refreshAndWait(dash));
        QVERIFY2(!dash.lastError().isEmpty(), "the user hears why nothing new came");
        QVERIFY(dash.hasFigures());
        QCOMPARE(dash.asOf(), shownAsOf);

        // A chosen round's own cache row, found offline too.
        const QString round = dash.roundId();
        dash.setRoundId(round);
        QTRY_VERIFY_WITH_TIMEOUT(!dash.busy(), 30000);
        QCOMPARE(dash.roundId(), round);

        QCOMPARE(dash.unsyncedCount(), 0);
        QVERIFY(!dash.stale());
        const std::string action = session_->actions()->data(session_->actions()->index(0), app::ActionListModel::RecordIdRole)
                                       .toString().toStdString();
        QVERIFY(session_->workspace()->setField(action, "title", "Joint visits to every secondary school").ok);
        session_->recordEdited(action);
        QCOMPARE(dash.unsyncedCount(), 1);
        QVERIFY(dash.stale());
        QCOMPARE(dash.unsyncedText(), QString("1 change on this device is not in these figures yet"));
        server_->start();
    }

    void signingOutForgetsTheFiguresShown() {
        DashboardController dash;
        QVERIFY(dash.hasFigures());
        session_->signOut();
        QVERIFY(!dash.hasFigures());
        QCOMPARE(dash.table("actions_by_agency")->count(), 0);
    }
};

QTEST_MAIN(TestAppDashboard)
#include "tst_app_dashboard.moc"
