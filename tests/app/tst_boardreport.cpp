// The board report (app/BoardReport.h): written from fixed figures and from computeFigures'
// output, then read back with QtPdf: its pages, the header and footer on each, the summary
// figures, every overdue ref, the heat map, the findings; and the writes that must fail cleanly.
#include <httplib.h>

#include <QDir>
#include <QFile>
#include <QImage>
#include <QPdfDocument>
#include <QPdfSelection>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <stdexcept>

#include "AppTestKit.h"
#include "BoardReport.h"
#include "Figures.h"
#include "ReportLayout.h"

using nlohmann::json;
using tandem::app::writeBoardReport;

namespace {

struct Column {
    const char* key;
    const char* label;
    const char* type;
};

json table(const char* title, const std::vector<Column>& columns, const std::vector<json>& rows) {
    json t = {{"title", title}, {"columns", json::array()}, {"rows", json::array()}};
    for (const Column& c : columns) t["columns"].push_back({{"key", c.key}, {"label", c.label}, {"type", c.type}});
    for (const json& cells : rows) t["rows"].push_back({{"cells", cells}, {"records", json::array({"r1"})}});
    return t;
}

QString overdueRef(int i) { return QStringLiteral("OVD-%1").arg(i, 3, 10, QLatin1Char('0')); }

// A partnership's figures as the server sends them, with `overdue` rows in the overdue list.
json fixture(int overdue) {
    const std::vector<Column> counts = {{"not_started", "Not started", "number"},
                                        {"in_progress", "In progress", "number"},
                                        {"submitted_for_closure", "Submitted for closure", "number"},
                                        {"closed", "Closed", "number"},
                                        {"returned", "Returned", "number"},
                                        {"superseded", "Superseded", "number"},
                                        {"red", "Red", "number"},
                                        {"amber", "Amber", "number"},
                                        {"green", "Green", "number"},
                                        {"total", "Total", "number"}};
    std::vector<Column> byAgency = {{"agency", "Agency", "text"}, {"name", "Name", "text"}};
    byAgency.insert(byAgency.end(), counts.begin(), counts.end());
    std::vector<Column> byReview = {{"review", "Review", "text"}, {"title", "Title", "text"}};
    byReview.insert(byReview.end(), counts.begin(), counts.end());

    std::vector<json> overdueRows;
    const char* leads[] = {"MERPOL", "STH-CSC", "STHK", "SHC-BO"};
    for (int i = 1; i <= overdue; ++i)
        overdueRows.push_back({overdueRef(i).toStdString(), "Audit of strategy meetings " + std::to_string(i),
                               leads[i % 4], "2026-06-30", 300 - i, "in_progress"});

    std::vector<Column> heatColumns = {{"agency", "Agency", "text"}};
    static const std::vector<std::string> standards = {"S1", "S2", "S3", "S4", "S5", "S6", "S7", "S8", "S9", "S10"};
    for (const std::string& s : standards) heatColumns.push_back({s.c_str(), s.c_str(), "rating"});
    auto heatRow = [](const char* agency, std::vector<const char*> ratings) {
        json cells = {agency};
        for (const char* r : ratings) cells.push_back(r);
        return cells;
    };

    // One table a paragraph, one row a line.
    // clang-format off
    json tables = {
        {"actions_by_agency", table("Actions by status and lead agency", byAgency, {
            {"MERPOL", "Merseyside Police", 10, 40, 5, 8, 2, 1, 45, 7, 5, 66},
            {"SHC-BO", "Business office", 4, 6, 0, 1, 0, 0, 8, 1, 1, 11},
            {"STH-CSC", "St Helens children's social care", 15, 45, 3, 5, 1, 0, 55, 5, 4, 69},
            {"STHK", "St Helens and Knowsley Hospitals", 3, 10, 2, 2, 0, 1, 12, 2, 1, 18}})},
        {"actions_by_review", table("Actions by status and review", byReview, {
            {"SH-LCSPR-JSH", "Child JSH", 20, 60, 6, 10, 2, 1, 80, 6, 5, 99},
            {"SH-RR-T", "Child T", 12, 41, 4, 6, 1, 1, 40, 9, 6, 65}})},
        {"overdue_actions", table("Overdue actions",
            {{"ref", "Ref", "text"}, {"title", "Title", "text"}, {"lead_agency", "Lead agency", "text"},
             {"target_date", "Target date", "date"}, {"days_overdue", "Days overdue", "number"},
             {"status", "Status", "text"}},
            overdueRows)},
        {"actions_closed", table("Actions closed in the period",
            {{"ref", "Ref", "text"}, {"title", "Title", "text"}, {"lead_agency", "Lead agency", "text"},
             {"closure_date", "Closed on", "date"}, {"closure_evidence", "Evidence of impact", "text"},
             {"retest_date", "Re-test by", "date"}},
            {{"CLS-1", "Joint visits protocol", "MERPOL", "2026-10-01", "Audit of 20 cases: 18 joint visits", "2027-04-01"},
             {"CLS-2", "Fathers in assessments", "STH-CSC", "2026-11-12", "Dip sample shows fathers seen", ""}})},
        {"action_drift", table("Drift of open actions past their first target date",
            {{"band", "Days past first target date", "text"}, {"actions", "Actions", "number"},
             {"redated", "Of which re-dated", "number"}},
            {{"not yet due", 26, 0}, {"1-90", 40, 5}, {"91-180", 50, 12}, {"181-365", 30, 9}, {"over 365", 0, 0}})},
        {"return_rates", table("Return rates by agency",
            {{"agency", "Agency", "text"}, {"name", "Name", "text"}, {"assigned", "Assigned", "number"},
             {"submitted", "Submitted", "number"}, {"approved", "Approved", "number"},
             {"rate", "Return rate", "percent"}, {"overdue", "Overdue", "number"}},
            {{"MERPOL", "Merseyside Police", 3, 3, 2, 100.0, 0},
             {"STH-CSC", "St Helens children's social care", 3, 2, 1, 66.7, 1},
             {"STHK", "St Helens and Knowsley Hospitals", 2, 0, 0, 0.0, 2}})},
        {"late_returns", table("Late returns",
            {{"agency", "Agency", "text"}, {"title", "Title", "text"}, {"assignee", "Assignee", "text"},
             {"status", "Status", "text"}, {"due_date", "Due", "date"}, {"days_overdue", "Days overdue", "number"}},
            {{"STHK", "Section 11 self-assessment", "nurse.sthk", "in_progress", "2026-11-30", 2},
             {"STH-CSC", "Section 11 self-assessment", "", "assigned", "2026-11-30", 2}})},
        {"grades_by_theme", table("Case-audit grades by theme",
            {{"theme", "Theme", "text"}, {"grade", "Grade", "rating"}, {"returns", "Returns", "number"},
             {"share", "Share", "percent"}},
            {{"domestic_abuse", "inadequate", 1, 50.0}, {"domestic_abuse", "outstanding", 1, 50.0},
             {"neglect", "good", 2, 66.7}, {"neglect", "requires_improvement", 1, 33.3}})},
        {"answers_by_question", table("Answers by question",
            {{"question", "Question", "text"}, {"text", "Text", "text"}, {"option", "Option", "text"},
             {"label", "Label", "text"}, {"answers", "Answers", "number"}, {"share", "Share", "percent"}},
            {{"S1.rating", "Senior lead for safeguarding", "green", "Green", 2, 66.7},
             {"S1.rating", "Senior lead for safeguarding", "amber", "Amber", 1, 33.3},
             {"S1.rating", "Senior lead for safeguarding", "red", "Red", 0, 0.0}})},
        {"self_vs_moderated", table("Self-assessment against moderation",
            {{"agency", "Agency", "text"}, {"standards", "Self-rated", "number"}, {"moderated", "Moderated", "number"},
             {"same", "Same", "number"}, {"self_higher", "Self higher", "number"}, {"self_lower", "Self lower", "number"}},
            {{"MERPOL", 10, 10, 7, 2, 1}, {"STH-CSC", 10, 6, 5, 1, 0}, {"STHK", 0, 0, 0, 0, 0}})},
        {"section11_heatmap", table("Section 11 moderated ratings", heatColumns, {
            heatRow("MERPOL", {"green", "green", "amber", "red", "green", "na", "green", "amber", "green", "green"}),
            heatRow("STH-CSC", {"green", "amber", "amber", "green", "", "", "green", "red", "", ""}),
            heatRow("STHK", {"", "", "", "", "", "", "", "", "", ""})})},
        {"round_comparison", table("This round against the previous one",
            {{"measure", "Measure", "text"}, {"previous", "Previous round", "number"},
             {"this", "This round", "number"}, {"change", "Change", "number"}},
            {{"Returns assigned", 7, 8, 1}, {"Return rate", 85.7, 62.5, -23.2},
             {"Standards self-rated green", 55.0, 60.0, 5.0}, {"Standards moderated green", 40.0, 56.3, 16.3},
             {"Case audits good or better", nullptr, 60.0, nullptr}})},
        {"round_learning", table("Learning from each case",
            {{"case", "Case", "text"}, {"agreed_grade", "Agreed grade", "rating"}, {"learning", "Learning", "text"},
             {"returns_graded", "Returns graded", "number"}},
            {{"STH-0412", "good", "Fathers were not invited to core groups; invite them by letter and phone.", 3},
             {"STH-0533", "", "", 0}})},
    };
    // clang-format on
    return {{"partnership", "st-helens"},
            {"as_of", {{"seq", 1234}, {"time", "2026-12-02T03:10:00Z"}, {"today", "2026-12-02"}}},
            {"period", {{"from", "2026-09-03"}, {"to", "2026-12-02"}}},
            {"round",
             {{"id", "r-2026"},
              {"title", "Section 11 self-assessment 2026"},
              {"template_key", "s11-self-assessment"},
              {"kind", "section11"},
              {"theme", "section11"},
              {"due_date", "2026-12-18"},
              {"moderation_date", "2027-01-22"},
              {"previous", "r-2024"}}},
            {"rounds", json::array()},
            {"tables", tables}};
}

// The text of each page with every run of white space made one space, as a reader sees it.
QStringList pageTexts(const QString& path) {
    QPdfDocument doc;
    if (doc.load(path) != QPdfDocument::Error::None) return {};
    QStringList pages;
    static const QRegularExpression space(QStringLiteral("\\s+"));
    for (int i = 0; i < doc.pageCount(); ++i) pages << doc.getAllText(i).text().replace(space, QStringLiteral(" "));
    return pages;
}

}  // namespace

class BoardReportTest : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    QString path(const QString& name) const { return dir_.filePath(name); }

private slots:
    void everyPageHasHeaderAndFooter();
    void summaryFiguresAreWritten();
    void overdueListBreaksAcrossPages();
    void heatMapFindingsAndLearning();
    void progressHearsEveryPage();
    void unwritablePathLeavesNoFile();
    void missingTableIsNamed();
    void cancelledWriteKeepsTheOldReport();
    void computedFiguresMakeAReport();
    void demoPartnershipFromTheServer();
    void firstPageRenders();
};

void BoardReportTest::everyPageHasHeaderAndFooter() {
    const QString file = path(QStringLiteral("small.pdf"));
    QString error;
    QVERIFY2(writeBoardReport(fixture(5), file, &error), qPrintable(error));
    QVERIFY(error.isEmpty());
    const QStringList pages = pageTexts(file);
    // Summary; action plans (two pages: the count tables go on past the first); the audit round;
    // findings. Each section starts a page.
    QCOMPARE(pages.size(), 5);
    for (int i = 0; i < pages.size(); ++i) {
        QVERIFY2(pages[i].contains(QStringLiteral("st-helens")), qPrintable(pages[i]));
        QVERIFY(pages[i].contains(QStringLiteral("Figures as of 2 Dec 2026 03:10 UTC")));
        QVERIFY(pages[i].contains(QStringLiteral("Board report for 3 Sep 2026 to 2 Dec 2026")));
        QVERIFY2(pages[i].contains(QStringLiteral("Page %1 of %2").arg(i + 1).arg(pages.size())), qPrintable(pages[i]));
    }
    QVERIFY(pages[0].contains(QStringLiteral("Reporting period: 3 Sep 2026 to 2 Dec 2026")));
    QVERIFY(
        pages[0].contains(QStringLiteral("Audit round: Section 11 self-assessment 2026, due 18 Dec 2026, "
                                         "moderation 22 Jan 2027")));
    QVERIFY(pages[1].contains(QStringLiteral("Action plans Overdue actions (5)")));
    QVERIFY(pages[2].contains(QStringLiteral("RAG of open actions by review")));
    QVERIFY(pages[3].contains(QStringLiteral("Audit round: Section 11 self-assessment 2026")));
    QVERIFY(pages[4].contains(QStringLiteral("Findings")));
}

void BoardReportTest::summaryFiguresAreWritten() {
    const QString file = path(QStringLiteral("summary.pdf"));
    QString error;
    QVERIFY2(writeBoardReport(fixture(120), file, &error), qPrintable(error));
    const QString first = pageTexts(file).value(0);
    // Open = total less closed and superseded, over the lead agencies: 57 + 10 + 64 + 15.
    QVERIFY2(first.contains(QStringLiteral("146 actions are open, 120 of them past their target date; "
                                           "2 actions were closed in the period.")),
             qPrintable(first));
    QVERIFY(first.contains(QStringLiteral("Returns of the round: 5 of 8 submitted (62.5%).")));
    QVERIFY(first.contains(QStringLiteral("Case audits graded good or better: 3 of 5 (60.0%).")));
    for (const char* tile : {"146", "120", "62.5%", "60.0%", "Open actions", "Overdue actions", "Closed in the period",
                             "Return rate of the round", "Case audits good or better"})
        QVERIFY2(first.contains(QLatin1String(tile)), tile);
    // The charts: their titles, axes, legends and the agencies as categories.
    for (const char* label :
         {"Actions by status and lead agency", "RAG of open actions by lead agency", "Lead agency", "Open actions",
          "Submitted for closure", "R Red: past its target date", "MERPOL", "STH-CSC", "STHK", "R 45", "A 7", "G 5"})
        QVERIFY2(first.contains(QLatin1String(label)), label);
}

void BoardReportTest::overdueListBreaksAcrossPages() {
    const QString file = path(QStringLiteral("overdue.pdf"));
    QString error;
    QVERIFY2(writeBoardReport(fixture(120), file, &error), qPrintable(error));
    const QStringList pages = pageTexts(file);
    // Body 255 mm; a one-line row 6 mm, the header row 9 mm: 41 rows on a page of their own. The
    // list's first page also holds the section and table headings: 38 rows there, then 41, 41.
    const int perPage =
        int(std::floor((tandem::app::kBodyHeightMm - tandem::app::kTableHeaderRowMm) / tandem::app::kTableRowMm));
    QCOMPARE(perPage, 41);
    const std::vector<int> expected = {38, perPage, 120 - 38 - perPage};
    for (std::size_t p = 0; p < expected.size(); ++p) {
        const QString& text = pages.value(int(p) + 1);
        int rows = 0;
        for (int i = 1; i <= 120; ++i) rows += text.contains(overdueRef(i) + QLatin1Char(' '));
        QCOMPARE(rows, expected[p]);
        QVERIFY2(text.contains(QStringLiteral("Ref Title Lead agency Target date Days overdue Status")),
                 qPrintable(text));
    }
    // Every ref once, in order: the rows of one page come before those of the next.
    int lastPage = 1;
    for (int i = 1; i <= 120; ++i) {
        int found = -1;
        for (int p = 0; p < pages.size(); ++p)
            if (pages[p].contains(overdueRef(i) + QLatin1Char(' '))) {
                QCOMPARE(found, -1);
                found = p;
            }
        QVERIFY2(found >= lastPage, qPrintable(overdueRef(i)));
        lastPage = found;
    }
    QVERIFY(
        pages[1].contains(QStringLiteral("OVD-001 Audit of strategy meetings 1 STH-CSC 30 Jun 2026 299 In progress")));
    // Summary, three full pages of overdue actions, the rest of the action plans, the audit
    // round, findings.
    QCOMPARE(pages.size(), 7);
    QVERIFY(!pages[3].contains(QStringLiteral("Actions closed in the period")));
    QVERIFY(pages[4].contains(QStringLiteral("Actions closed in the period (2)")));
    QVERIFY(pages[4].contains(QStringLiteral("CLS-2 Fathers in assessments STH-CSC 12 Nov 2026")));
    for (int i = 0; i < pages.size(); ++i) QVERIFY(pages[i].contains(QStringLiteral("Page %1 of 7").arg(i + 1)));
}

void BoardReportTest::heatMapFindingsAndLearning() {
    const QString file = path(QStringLiteral("findings.pdf"));
    QString error;
    QVERIFY2(writeBoardReport(fixture(5), file, &error), qPrintable(error));
    const QString all = pageTexts(file).join(QLatin1Char(' '));
    QVERIFY(all.contains(QStringLiteral("Section 11 moderated ratings")));
    QVERIFY2(all.contains(QStringLiteral("Agency S1 S2 S3 S4 S5 S6 S7 S8 S9 S10")), qPrintable(all));
    QVERIFY(all.contains(QStringLiteral("MERPOL G G A R G N/A G A G G")));
    QVERIFY(all.contains(QStringLiteral("STH-CSC G A A G \u2013 \u2013 G R \u2013 \u2013")));
    QVERIFY(all.contains(QStringLiteral("STHK \u2013 \u2013")));
    QVERIFY(all.contains(QStringLiteral("Return rates by agency")));
    QVERIFY(all.contains(QStringLiteral("66.7% (2 of 3), 1 overdue")));
    QVERIFY(all.contains(QStringLiteral("Return rate 85.7% 62.5% -23.2 points")));
    QVERIFY(all.contains(QStringLiteral("Returns assigned 7 8 +1")));
    QVERIFY(all.contains(QStringLiteral("2 of 3 neglect audits (66.7%) were graded good or better.")));
    QVERIFY(all.contains(QStringLiteral("1 of 2 domestic abuse audits (50.0%) were graded good or better.")));
    QVERIFY(
        all.contains(QStringLiteral("STH-0412 (agreed grade Good): Fathers were not invited to core groups; "
                                    "invite them by letter and phone.")));
    QVERIFY(all.contains(QStringLiteral("STH-0533 (no agreed grade yet): no learning recorded yet.")));
    QVERIFY(all.contains(QStringLiteral("nurse.sthk Draft")));
    // Answers by question: one row a question, the options answered with their shares.
    QVERIFY(all.contains(QStringLiteral("S1.rating Senior lead for safeguarding Green 2 (66.7%); Amber 1 (33.3%)")));
    QVERIFY(!all.contains(QStringLiteral("Red 0")));
}

void BoardReportTest::progressHearsEveryPage() {
    std::vector<std::pair<int, int>> heard;
    QString error;
    QVERIFY2(writeBoardReport(fixture(120), path(QStringLiteral("progress.pdf")), &error,
                              [&](int done, int total) { heard.emplace_back(done, total); }),
             qPrintable(error));
    QCOMPARE(int(heard.size()), 7);
    for (int i = 0; i < 7; ++i) QCOMPARE(heard[i], std::make_pair(i + 1, 7));
}

void BoardReportTest::unwritablePathLeavesNoFile() {
    QString error;
    const QString missing = path(QStringLiteral("no-such-folder/report.pdf"));
    QVERIFY(!writeBoardReport(fixture(5), missing, &error));
    QCOMPARE(error, QStringLiteral("Cannot write the board report: the folder %1 does not exist.")
                        .arg(path(QStringLiteral("no-such-folder"))));
    QVERIFY(!QFile::exists(missing));

    // A plain file where the folder should be: no write can succeed there, whoever runs the test.
    QFile blocker(path(QStringLiteral("blocker")));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    const QString underFile = path(QStringLiteral("blocker/report.pdf"));
    error.clear();
    QVERIFY(!writeBoardReport(fixture(5), underFile, &error));
    QVERIFY2(error.startsWith(QStringLiteral("Cannot write the board report")), qPrintable(error));
    QVERIFY(!QFile::exists(underFile));

    error.clear();
    QVERIFY(!writeBoardReport(fixture(5), dir_.path(), &error));
    QCOMPARE(error, QStringLiteral("Cannot write the board report: %1 is a folder.").arg(dir_.path()));
}

void BoardReportTest::missingTableIsNamed() {
    const QString file = path(QStringLiteral("broken.pdf"));
    QString error;
    json noLateReturns = fixture(5);
    noLateReturns["tables"].erase("late_returns");
    QVERIFY(!writeBoardReport(noLateReturns, file, &error));
    QCOMPARE(error, QStringLiteral("The figures have no table \"late_returns\"."));

    json noRate = fixture(5);
    noRate["tables"]["return_rates"]["columns"][5]["key"] = "return_rate";
    QVERIFY(!writeBoardReport(noRate, file, &error));
    QCOMPARE(error, QStringLiteral("The table \"return_rates\" has no column \"rate\"."));

    json shortRow = fixture(5);
    shortRow["tables"]["overdue_actions"]["rows"][2]["cells"].erase(0);
    QVERIFY(!writeBoardReport(shortRow, file, &error));
    QCOMPARE(error, QStringLiteral("Row 3 of the table \"overdue_actions\" does not have one cell for each of its 6 "
                                   "columns."));

    json noTime = fixture(5);
    noTime["as_of"].erase("time");
    QVERIFY(!writeBoardReport(noTime, file, &error));
    QCOMPARE(error, QStringLiteral("The figures do not say when they were computed (as_of.time)."));
    QVERIFY(!QFile::exists(file));
}

void BoardReportTest::cancelledWriteKeepsTheOldReport() {
    QTemporaryDir folder;
    const QString file = folder.filePath(QStringLiteral("board.pdf"));
    QFile old(file);
    QVERIFY(old.open(QIODevice::WriteOnly));
    old.write("the last report");
    old.close();
    QString error;
    const bool written = writeBoardReport(fixture(120), file, &error, [](int done, int) {
        if (done == 3) throw std::runtime_error("cancelled by the user");
    });
    QVERIFY(!written);
    QCOMPARE(error, QStringLiteral("The board report was not written: cancelled by the user"));
    QVERIFY(old.open(QIODevice::ReadOnly));
    QCOMPARE(old.readAll(), QByteArray("the last report"));
    // No temporary file left beside it.
    QCOMPARE(QDir(folder.path()).entryList(QDir::Files), QStringList{QStringLiteral("board.pdf")});
}

void BoardReportTest::computedFiguresMakeAReport() {
    using tandem::figures::FigureRecord;
    tandem::figures::FigureInput in;
    in.partnership = "st-helens";
    in.today = "2026-12-02";
    in.from = "2026-09-03";
    in.to = "2026-12-02";
    in.seq = 42;
    in.time = "2026-12-02T03:10:00Z";
    in.agencies = {{"MERPOL", "Merseyside Police"}, {"STH-CSC", "St Helens children's social care"}};
    auto record = [](std::string id, std::string kind, std::string owner, std::map<std::string, json> fields) {
        return FigureRecord{std::move(id), std::move(kind), std::move(owner), {}, {}, std::move(fields)};
    };
    in.records = {
        record("rev1", "review", "SHC-BO", {{"code", "SH-LCSPR-JSH"}, {"title", "Child JSH"}}),
        record("a1", "action", "MERPOL",
               {{"review", "rev1"},
                {"no", "2.1"},
                {"title", "Joint visits"},
                {"lead_agency", "MERPOL"},
                {"target_date", "2026-10-01"},
                {"status", "in_progress"}}),
        record("a2", "action", "STH-CSC",
               {{"review", "rev1"},
                {"no", "3.4"},
                {"title", "Fathers in assessments"},
                {"lead_agency", "STH-CSC"},
                {"target_date", "2026-11-20"},
                {"status", "not_started"}}),
        record("a3", "action", "STH-CSC",
               {{"review", "rev1"},
                {"no", "1.2"},
                {"title", "Chronology guidance"},
                {"lead_agency", "STH-CSC"},
                {"target_date", "2027-06-01"},
                {"status", "closed"},
                {"closure_date", "2026-11-01"},
                {"closure_evidence", "Audit shows chronologies kept"}}),
    };
    const json figures = tandem::figures::computeFigures(in);
    const QString file = path(QStringLiteral("computed.pdf"));
    QString error;
    QVERIFY2(writeBoardReport(figures, file, &error), qPrintable(error));
    const QStringList pages = pageTexts(file);
    QVERIFY(pages.size() >= 3);
    const QString all = pages.join(QLatin1Char(' '));
    QVERIFY2(all.contains(QStringLiteral("2 actions are open, 2 of them past their target date; "
                                         "1 action was closed in the period.")),
             qPrintable(pages[0]));
    QVERIFY(all.contains(QStringLiteral("SH-LCSPR-JSH 2.1 Joint visits MERPOL 1 Oct 2026 62")));
    QVERIFY(all.contains(QStringLiteral("SH-LCSPR-JSH 3.4 Fathers in assessments STH-CSC 20 Nov 2026 12")));
    QVERIFY(all.contains(QStringLiteral("SH-LCSPR-JSH 1.2 Chronology guidance STH-CSC 1 Nov 2026 Audit shows")));
    QVERIFY(all.contains(QStringLiteral("No audit round has been opened for this partnership yet.")));
    QVERIFY(all.contains(QStringLiteral("Page %1 of %1").arg(pages.size())));
}

// The demo partnership's figures as the real server serves them to its business office.
void BoardReportTest::demoPartnershipFromTheServer() {
    QTemporaryDir data;
    tandem::test::DemoServer server(data.path().toStdString());
    server.start();
    httplib::Client client(server.url());
    const json signIn = {
        {"user", "bo.sthelens"}, {"password", tandem::test::kDemoPassword}, {"device", "board report"}};
    const auto signedIn = client.Post("/v1/sign-in", signIn.dump(), "application/json");
    QVERIFY(signedIn && signedIn->status == 200);
    const std::string token = json::parse(signedIn->body).at("token").get<std::string>();
    const auto reply = client.Get("/v1/reports/figures", {{"Authorization", "Bearer " + token}});
    QVERIFY(reply && reply->status == 200);
    const json figures = json::parse(reply->body);

    const QString file = path(QStringLiteral("demo.pdf"));
    QString error;
    QVERIFY2(writeBoardReport(figures, file, &error), qPrintable(error));
    const QStringList pages = pageTexts(file);
    QVERIFY(pages.size() >= 4);
    const QString all = pages.join(QLatin1Char(' '));
    for (int i = 0; i < pages.size(); ++i) {
        QVERIFY(pages[i].startsWith(QStringLiteral("st-helens Figures as of ")));
        QVERIFY(pages[i].contains(QStringLiteral("Page %1 of %2").arg(i + 1).arg(pages.size())));
    }
    const json& tables = figures.at("tables");
    for (const json& row : tables.at("overdue_actions").at("rows"))
        QVERIFY2(all.contains(QString::fromStdString(row.at("cells").at(0).get<std::string>())), row.dump().c_str());
    for (const json& row : tables.at("section11_heatmap").at("rows"))
        QVERIFY(all.contains(QString::fromStdString(row.at("cells").at(0).get<std::string>())));
    for (const json& row : tables.at("round_learning").at("rows"))
        QVERIFY(all.contains(QString::fromStdString(row.at("cells").at(0).get<std::string>())));
    QVERIFY(all.contains(
        QStringLiteral("%1 of them past their target date").arg(tables.at("overdue_actions").at("rows").size())));
    if (const char* shots = std::getenv("TANDEM_SCREENSHOT_DIR")) {
        // scripts or a person refreshing docs/screenshots/board-report-page1.png
        QPdfDocument doc;
        QCOMPARE(doc.load(file), QPdfDocument::Error::None);
        QVERIFY(doc.render(0, (doc.pagePointSize(0) * 1.4).toSize())
                    .save(QDir(QString::fromLocal8Bit(shots)).filePath(QStringLiteral("board-report-page1.png"))));
    }
}

void BoardReportTest::firstPageRenders() {
    const QString file = path(QStringLiteral("render.pdf"));
    QString error;
    QVERIFY2(writeBoardReport(fixture(120), file, &error), qPrintable(error));
    QPdfDocument doc;
    QCOMPARE(doc.load(file), QPdfDocument::Error::None);
    const QSizeF points = doc.pagePointSize(0);
    // A4 portrait: 595 x 842 points.
    QVERIFY(std::abs(points.width() - 595.3) < 1 && std::abs(points.height() - 841.9) < 1);
    const QImage page = doc.render(0, (points * 1.5).toSize());
    QVERIFY(!page.isNull());
    // The charts put colour on the page: the status chart's "In progress" blue is there.
    bool blue = false;
    for (int y = 0; y < page.height() && !blue; y += 2)
        for (int x = 0; x < page.width() && !blue; x += 2) {
            const QColor c = page.pixelColor(x, y);
            blue = c.blue() > 150 && c.red() < 40 && c.green() < 120;
        }
    QVERIFY(blue);
    // Kept in the temporary folder for a person to look at.
    QVERIFY(page.save(QDir::temp().filePath(QStringLiteral("tandem-board-report-page1.png"))));
    QFile::remove(QDir::temp().filePath(QStringLiteral("tandem-board-report.pdf")));
    QVERIFY(QFile::copy(file, QDir::temp().filePath(QStringLiteral("tandem-board-report.pdf"))));
}

QTEST_MAIN(BoardReportTest)
#include "tst_boardreport.moc"
