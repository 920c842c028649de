#include "BoardReport.h"

#include <QDir>
#include <QFileInfo>
#include <QFontDatabase>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <exception>

#include "BoardReportSections.h"
#include "ReportFigures.h"
#include "ReportLayout.h"

namespace tandem::app {

namespace {

using nlohmann::json;

bool fail(QString* error, const QString& message) {
    if (error) *error = message;
    return false;
}

QString quoted(const std::string& name) { return QStringLiteral("\"%1\"").arg(QString::fromStdString(name)); }

bool isString(const json& object, const char* name) {
    return object.is_object() && object.contains(name) && object[name].is_string();
}

// What is wrong with the figures, as one sentence; empty when the report can be drawn.
QString figuresProblem(const json& figures) {
    if (!figures.is_object()) return QStringLiteral("The figures are not a JSON object.");
    if (!isString(figures, "partnership")) return QStringLiteral("The figures do not name their partnership.");
    if (!figures.contains("as_of") || !isString(figures["as_of"], "time"))
        return QStringLiteral("The figures do not say when they were computed (as_of.time).");
    if (!figures.contains("period") || !isString(figures["period"], "from") || !isString(figures["period"], "to"))
        return QStringLiteral("The figures do not give their reporting period (period.from and period.to).");
    if (!figures.contains("round") || !(figures["round"].is_object() || figures["round"].is_null()))
        return QStringLiteral("The figures do not say which audit round they are about (round).");
    if (!figures.contains("tables") || !figures["tables"].is_object())
        return QStringLiteral("The figures have no tables.");
    const json& tables = figures["tables"];
    for (const auto& [name, keys] : board::requiredTables()) {
        if (!tables.contains(name)) return QStringLiteral("The figures have no table %1.").arg(quoted(name));
        const json& table = tables[name];
        if (!table.is_object() || !table.contains("columns") || !table["columns"].is_array())
            return QStringLiteral("The table %1 has no list of columns.").arg(quoted(name));
        if (!table.contains("rows") || !table["rows"].is_array())
            return QStringLiteral("The table %1 has no list of rows.").arg(quoted(name));
        const FigureTable reader(table);
        for (const std::string& key : keys)
            if (!reader.hasColumn(key))
                return QStringLiteral("The table %1 has no column %2.").arg(quoted(name), quoted(key));
        const std::size_t width = table["columns"].size();
        for (std::size_t r = 0; r < table["rows"].size(); ++r) {
            const json& row = table["rows"][r];
            if (!row.is_object() || !row.contains("cells") || !row["cells"].is_array() || row["cells"].size() != width)
                return QStringLiteral("Row %1 of the table %2 does not have one cell for each of its %3 columns.")
                    .arg(r + 1)
                    .arg(quoted(name))
                    .arg(width);
        }
    }
    return {};
}

// The report is set in DejaVu (scripts/setup.sh installs fonts-dejavu-core); register the files
// directly when fontconfig does not list them, so the output does not depend on the desktop.
void loadFonts() {
    static const bool loaded = [] {
        if (QFontDatabase::families().contains(QStringLiteral("DejaVu Sans"))) return true;
        const QString folder = QStringLiteral("/usr/share/fonts/truetype/dejavu/");
        for (const char* file : {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf"})
            QFontDatabase::addApplicationFont(folder + QLatin1String(file));
        return true;
    }();
    (void)loaded;
}

void setUpWriter(QPdfWriter& writer, const json& figures) {
    writer.setResolution(300);
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait,
                                     QMarginsF(kPageMarginMm, kPageMarginTopMm, kPageMarginMm, kPageMarginTopMm),
                                     QPageLayout::Millimeter));
    writer.setTitle(QStringLiteral("Board report: %1").arg(board::partnershipName(figures)));
    writer.setCreator(QStringLiteral("Tandem"));
}

}  // namespace

bool writeBoardReport(const json& figures, const QString& pdfPath, QString* error,
                      const std::function<void(int done, int total)>& progress) {
    if (error) error->clear();
    if (const QString problem = figuresProblem(figures); !problem.isEmpty()) return fail(error, problem);
    if (pdfPath.isEmpty()) return fail(error, QStringLiteral("No file was named for the board report."));
    const QFileInfo target(pdfPath);
    const QString folder = QDir::toNativeSeparators(target.absolutePath());
    if (!target.absoluteDir().exists())
        return fail(error, QStringLiteral("Cannot write the board report: the folder %1 does not exist.").arg(folder));
    if (target.isDir())
        return fail(error, QStringLiteral("Cannot write the board report: %1 is a folder.").arg(pdfPath));
    loadFonts();

    QSaveFile file(pdfPath);
    if (!file.open(QIODevice::WriteOnly))
        return fail(error, QStringLiteral("Cannot write the board report in %1: %2.").arg(folder, file.errorString()));
    const PageChrome chrome{
        board::partnershipName(figures),
        QStringLiteral("Figures as of %1").arg(reportTime(figures["as_of"]["time"].get<std::string>())),
        QStringLiteral("Board report for %1 to %2")
            .arg(reportDate(figures["period"]["from"].get<std::string>()),
                 reportDate(figures["period"]["to"].get<std::string>()))};
    try {
        QPdfWriter writer(&file);
        setUpWriter(writer, figures);
        // Lay out once without drawing to learn the page count the footers print.
        ReportLayout measure(writer, nullptr, chrome);
        board::composeBoardReport(measure, figures);
        const int pages = measure.finish();

        QPainter painter;
        if (!painter.begin(&writer)) {
            file.cancelWriting();
            return fail(error, QStringLiteral("Cannot draw the board report into %1.").arg(pdfPath));
        }
        ReportLayout layout(writer, &painter, chrome, pages, progress);
        board::composeBoardReport(layout, figures);
        const int painted = layout.finish();
        painter.end();
        // Both passes run the same calls; were they ever to part, every footer would be wrong.
        if (painted != pages) {
            file.cancelWriting();
            return fail(error, QStringLiteral("The board report was not written: it was laid out on %1 pages "
                                              "but drawn on %2.")
                                   .arg(pages)
                                   .arg(painted));
        }
    } catch (const std::exception& e) {
        // The temporary file is dropped with `file`; pdfPath is untouched.
        file.cancelWriting();
        return fail(error, QStringLiteral("The board report was not written: %1").arg(QString::fromUtf8(e.what())));
    }
    if (!file.commit())
        return fail(error, QStringLiteral("Cannot write the board report to %1: %2.").arg(pdfPath, file.errorString()));
    return true;
}

}  // namespace tandem::app
