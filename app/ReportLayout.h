// Flows a printed report down A4 pages of a QPdfWriter: headings, paragraphs, fixed blocks
// (charts) that never split, and tables that break across pages with their header row repeated.
// Every page carries the same header (partnership, time of the figures) and a "Page N of M"
// footer. "M" is known only once everything is laid out, so a report is laid out twice: a
// measuring pass with no painter counts the pages, then the painting pass draws them.
#pragma once

#include <QColor>
#include <QFont>
#include <QRectF>
#include <QString>
#include <functional>
#include <vector>

class QPainter;
class QPdfWriter;

namespace tandem::app {

// The page geometry, in millimetres. Table rows of one line are exactly kTableRowMm high, so a
// list's length says how many pages it takes.
inline constexpr double kPageMarginMm = 15.0;     // left and right
inline constexpr double kPageMarginTopMm = 12.0;  // top and bottom
inline constexpr double kHeaderBandMm = 10.0;     // header text, rule and gap above the body
inline constexpr double kFooterBandMm = 8.0;      // gap, rule and footer text below the body
inline constexpr double kBodyHeightMm = 297.0 - 2 * kPageMarginTopMm - kHeaderBandMm - kFooterBandMm;
inline constexpr double kTableRowMm = 6.0;
inline constexpr double kTableHeaderRowMm = 9.0;  // room for labels on two lines

// The fonts a report uses, all DejaVu (installed by scripts/setup.sh and embedded by Qt).
struct ReportFonts {
    QFont title, heading, subheading, body, bold, small, smallBold, figure;
    ReportFonts();
};

// What every page shows above and below the body.
struct PageChrome {
    QString partnership;  // left of the header
    QString asOf;         // right of the header: "Figures as of 2 Dec 2026 03:10 UTC"
    QString footer;       // left of the footer; "Page N of M" goes on the right
};

struct ReportColumn {
    QString label;
    double weight = 1.0;  // share of the table's width, relative to the other columns
    Qt::Alignment align = Qt::AlignLeft;
    bool keepWhole = false;  // dates and figures: the column is made wide enough not to wrap them
};

// A table to flow: text cells that wrap within their column; optional cell fills (the heat
// map's colours). A row is never split; the header row repeats on every page the table spans.
struct ReportTable {
    std::vector<ReportColumn> columns;
    std::vector<std::vector<QString>> rows;
    std::vector<std::vector<QColor>> fills;  // empty, or one colour per cell (invalid = none)
    QString emptyText;                       // said in place of the table when it has no rows
};

class ReportLayout {
public:
    using Progress = std::function<void(int done, int total)>;
    using Draw = std::function<void(QPainter&, const QRectF&)>;

    // With painter null nothing is drawn and the writer gets no pages: the pass only counts
    // them. totalPages is the count the measuring pass found (ignored while measuring).
    ReportLayout(QPdfWriter& writer, QPainter* painter, PageChrome chrome, int totalPages = 0, Progress progress = {});

    double mm(double millimetres) const;
    const ReportFonts& fonts() const { return fonts_; }
    double bodyWidth() const { return body_.width(); }
    double textHeight(const QString& text, const QFont& font, double width) const;
    double textWidth(const QString& text, const QFont& font) const;

    // A section that starts on a page of its own (unless the current page is still empty).
    void section(const QString& title);
    // A heading kept on the same page as at least `keepMm` of what follows it.
    void subheading(const QString& text, double keepMm = 20.0);
    void paragraph(const QString& text, const QFont* font = nullptr);
    void bullet(const QString& text);
    void space(double millimetres);
    // A block of a fixed height that moves whole to the next page when it does not fit here.
    void block(double height, const Draw& draw);
    void table(const ReportTable& table);

    // Ends the last page; returns how many pages the report has.
    int finish();

private:
    void startPage();
    void newPage();
    void ensure(double height);
    void drawChrome();
    void drawTableRow(const ReportTable& table, const std::vector<double>& widths, const std::vector<QString>& cells,
                      const std::vector<QColor>* fills, double height, bool header);
    std::vector<double> columnWidths(const ReportTable& table) const;
    double rowHeight(const ReportTable& table, const std::vector<double>& widths, const std::vector<QString>& cells,
                     bool header) const;

    QPdfWriter& writer_;
    QPainter* painter_;
    PageChrome chrome_;
    int totalPages_;
    Progress progress_;
    ReportFonts fonts_;
    QRectF page_;  // the paintable area inside the margins
    QRectF body_;  // the page less the header and footer bands
    double y_ = 0;
    int pageNo_ = 0;
    bool pageEmpty_ = true;
};

}  // namespace tandem::app
