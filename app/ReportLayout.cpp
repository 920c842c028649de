#include "ReportLayout.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QPdfWriter>
#include <QRegularExpression>
#include <algorithm>
#include <numeric>

namespace tandem::app {

namespace {

const QColor kText("#1f2328");
const QColor kMuted("#59636e");
const QColor kRule("#d0d7de");
const QColor kHeaderFill("#e6eaef");
const QColor kStripe("#f6f8fa");

constexpr double kCellPadXMm = 1.5;
constexpr double kCellPadYMm = 1.0;
constexpr double kParagraphGapMm = 1.8;
// Layout works in device pixels; a hair of slack keeps rounding from pushing a row that fits
// exactly onto the next page.
constexpr double kSlack = 0.01;

QFont dejaVu(double points, bool bold = false) {
    QFont font(QStringLiteral("DejaVu Sans"));
    font.setPointSizeF(points);
    font.setBold(bold);
    // Kerning would make the measuring pass depend on glyph pairs only; keep widths simple.
    font.setKerning(false);
    return font;
}

}  // namespace

ReportFonts::ReportFonts()
    : title(dejaVu(22, true)),
      heading(dejaVu(15, true)),
      subheading(dejaVu(11, true)),
      body(dejaVu(9)),
      bold(dejaVu(9, true)),
      small(dejaVu(7.5)),
      smallBold(dejaVu(8, true)),
      figure(dejaVu(18, true)) {}

ReportLayout::ReportLayout(QPdfWriter& writer, QPainter* painter, PageChrome chrome, int totalPages, Progress progress)
    : writer_(writer),
      painter_(painter),
      chrome_(std::move(chrome)),
      totalPages_(totalPages),
      progress_(std::move(progress)) {
    page_ = QRectF(0, 0, writer_.width(), writer_.height());
    body_ = QRectF(page_.left(), page_.top() + mm(kHeaderBandMm), page_.width(), mm(kBodyHeightMm));
    startPage();
}

double ReportLayout::mm(double millimetres) const { return millimetres * writer_.resolution() / 25.4; }

double ReportLayout::textHeight(const QString& text, const QFont& font, double width) const {
    QFontMetricsF metrics(font, &writer_);
    if (text.isEmpty()) return metrics.height();
    return metrics.boundingRect(QRectF(0, 0, width, 1e7), Qt::TextWordWrap, text).height();
}

double ReportLayout::textWidth(const QString& text, const QFont& font) const {
    return QFontMetricsF(font, &writer_).horizontalAdvance(text);
}

void ReportLayout::startPage() {
    ++pageNo_;
    y_ = body_.top();
    pageEmpty_ = true;
    if (painter_) drawChrome();
}

void ReportLayout::newPage() {
    if (painter_) {
        if (progress_) progress_(pageNo_, totalPages_);
        writer_.newPage();
    }
    startPage();
}

void ReportLayout::ensure(double height) {
    if (!pageEmpty_ && y_ + height > body_.bottom() + kSlack) newPage();
}

void ReportLayout::drawChrome() {
    QPainter& p = *painter_;
    const double rule = page_.top() + mm(6);
    p.setPen(kText);
    p.setFont(fonts_.bold);
    p.drawText(QRectF(page_.left(), page_.top(), page_.width() * 0.5, mm(5.5)), Qt::AlignLeft | Qt::AlignBottom,
               chrome_.partnership);
    p.setFont(fonts_.body);
    p.setPen(kMuted);
    p.drawText(QRectF(page_.center().x(), page_.top(), page_.width() * 0.5, mm(5.5)), Qt::AlignRight | Qt::AlignBottom,
               chrome_.asOf);
    p.setPen(QPen(kRule, mm(0.3)));
    p.drawLine(QPointF(page_.left(), rule), QPointF(page_.right(), rule));

    const double footerRule = body_.bottom() + mm(2.5);
    p.drawLine(QPointF(page_.left(), footerRule), QPointF(page_.right(), footerRule));
    p.setPen(kMuted);
    p.setFont(fonts_.small);
    const QRectF footer(page_.left(), footerRule + mm(0.8), page_.width(), page_.bottom() - footerRule - mm(0.8));
    p.drawText(footer, Qt::AlignLeft | Qt::AlignTop, chrome_.footer);
    p.drawText(footer, Qt::AlignRight | Qt::AlignTop, QStringLiteral("Page %1 of %2").arg(pageNo_).arg(totalPages_));
}

void ReportLayout::section(const QString& title) {
    if (!pageEmpty_) newPage();
    const double height = textHeight(title, fonts_.heading, body_.width());
    if (painter_) {
        painter_->setPen(kText);
        painter_->setFont(fonts_.heading);
        painter_->drawText(QRectF(body_.left(), y_, body_.width(), height), Qt::TextWordWrap, title);
    }
    y_ += height + mm(3);
    pageEmpty_ = false;
}

void ReportLayout::subheading(const QString& text, double keepMm) {
    const double height = textHeight(text, fonts_.subheading, body_.width());
    ensure(mm(2) + height + mm(keepMm));
    if (!pageEmpty_) y_ += mm(2);
    if (painter_) {
        painter_->setPen(kText);
        painter_->setFont(fonts_.subheading);
        painter_->drawText(QRectF(body_.left(), y_, body_.width(), height), Qt::TextWordWrap, text);
    }
    y_ += height + mm(1.5);
    pageEmpty_ = false;
}

void ReportLayout::paragraph(const QString& text, const QFont* font) {
    const QFont& f = font ? *font : fonts_.body;
    const double height = textHeight(text, f, body_.width());
    ensure(height);
    if (painter_) {
        painter_->setPen(kText);
        painter_->setFont(f);
        painter_->drawText(QRectF(body_.left(), y_, body_.width(), height), Qt::TextWordWrap, text);
    }
    y_ += height + mm(kParagraphGapMm);
    pageEmpty_ = false;
}

void ReportLayout::bullet(const QString& text) {
    const double indent = mm(4);
    const double height = textHeight(text, fonts_.body, body_.width() - indent);
    ensure(height);
    if (painter_) {
        painter_->setPen(kText);
        painter_->setFont(fonts_.body);
        painter_->drawText(QRectF(body_.left() + mm(1), y_, indent, height), Qt::AlignLeft | Qt::AlignTop,
                           QStringLiteral("\u2022"));
        painter_->drawText(QRectF(body_.left() + indent, y_, body_.width() - indent, height), Qt::TextWordWrap, text);
    }
    y_ += height + mm(kParagraphGapMm * 0.6);
    pageEmpty_ = false;
}

void ReportLayout::space(double millimetres) {
    if (!pageEmpty_) y_ = std::min(y_ + mm(millimetres), body_.bottom());
}

void ReportLayout::block(double height, const Draw& draw) {
    ensure(height);
    if (painter_) {
        painter_->save();
        draw(*painter_, QRectF(body_.left(), y_, body_.width(), height));
        painter_->restore();
    }
    y_ += height + mm(kParagraphGapMm);
    pageEmpty_ = false;
}

std::vector<double> ReportLayout::columnWidths(const ReportTable& table) const {
    // Each column at least as wide as its longest word (its longest cell when kept whole), so
    // that no word spills into the next column; the rest of the width goes by weight.
    static const QRegularExpression space(QStringLiteral("\\s+"));
    const std::size_t n = table.columns.size();
    std::vector<double> least(n, 0);
    for (std::size_t i = 0; i < n; ++i) {
        for (const QString& word : table.columns[i].label.split(space))
            least[i] = std::max(least[i], textWidth(word, fonts_.smallBold));
        for (const auto& row : table.rows) {
            if (i >= row.size()) continue;
            if (table.columns[i].keepWhole) {
                least[i] = std::max(least[i], textWidth(row[i], fonts_.body));
                continue;
            }
            for (const QString& word : row[i].split(space)) least[i] = std::max(least[i], textWidth(word, fonts_.body));
        }
        least[i] = std::min(least[i] + 2 * mm(kCellPadXMm) + mm(0.5), body_.width() / 2);
    }
    const double sumLeast = std::accumulate(least.begin(), least.end(), 0.0);
    if (sumLeast >= body_.width()) {
        for (double& w : least) w *= body_.width() / sumLeast;
        return least;
    }
    // Share the width by weight; a column whose share is below its least keeps its least and
    // leaves the others the rest. Each round fixes at least one column, so it ends.
    std::vector<double> widths(n, 0);
    std::vector<bool> fixed(n, false);
    for (bool changed = true; changed;) {
        changed = false;
        double room = body_.width(), weights = 0;
        for (std::size_t i = 0; i < n; ++i) {
            if (fixed[i])
                room -= least[i];
            else
                weights += table.columns[i].weight;
        }
        for (std::size_t i = 0; i < n; ++i) {
            if (fixed[i]) continue;
            widths[i] = weights > 0 ? room * table.columns[i].weight / weights : 0;
            if (widths[i] < least[i]) {
                fixed[i] = changed = true;
                widths[i] = least[i];
            }
        }
    }
    return widths;
}

double ReportLayout::rowHeight(const ReportTable& table, const std::vector<double>& widths,
                               const std::vector<QString>& cells, bool header) const {
    double text = 0;
    const QFont& font = header ? fonts_.smallBold : fonts_.body;
    for (std::size_t i = 0; i < table.columns.size() && i < cells.size(); ++i)
        text = std::max(text, textHeight(cells[i], font, widths[i] - 2 * mm(kCellPadXMm)));
    return std::max(mm(header ? kTableHeaderRowMm : kTableRowMm), text + 2 * mm(kCellPadYMm));
}

void ReportLayout::drawTableRow(const ReportTable& table, const std::vector<double>& widths,
                                const std::vector<QString>& cells, const std::vector<QColor>* fills, double height,
                                bool header) {
    QPainter& p = *painter_;
    double x = body_.left();
    p.setFont(header ? fonts_.smallBold : fonts_.body);
    for (std::size_t i = 0; i < table.columns.size(); ++i) {
        const QRectF cell(x, y_, widths[i], height);
        if (header) p.fillRect(cell, kHeaderFill);
        if (fills && i < fills->size() && (*fills)[i].isValid())
            p.fillRect(cell.adjusted(mm(0.3), mm(0.3), -mm(0.3), -mm(0.3)), (*fills)[i]);
        p.setPen(kText);
        const QRectF text = cell.adjusted(mm(kCellPadXMm), mm(kCellPadYMm), -mm(kCellPadXMm), -mm(kCellPadYMm));
        p.drawText(text, Qt::TextWordWrap | (header ? Qt::AlignVCenter : Qt::AlignTop) | table.columns[i].align,
                   i < cells.size() ? cells[i] : QString());
        x += widths[i];
    }
    p.setPen(QPen(kRule, mm(0.2)));
    p.drawLine(QPointF(body_.left(), y_ + height), QPointF(body_.right(), y_ + height));
}

void ReportLayout::table(const ReportTable& table) {
    if (table.rows.empty()) {
        paragraph(table.emptyText);
        return;
    }
    const std::vector<double> widths = columnWidths(table);
    std::vector<QString> labels;
    for (const ReportColumn& c : table.columns) labels.push_back(c.label);
    const double headerHeight = rowHeight(table, widths, labels, true);

    auto header = [&] {
        if (painter_) drawTableRow(table, widths, labels, nullptr, headerHeight, true);
        y_ += headerHeight;
        pageEmpty_ = false;
    };
    ensure(headerHeight + rowHeight(table, widths, table.rows.front(), false));
    header();
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        const double height = rowHeight(table, widths, table.rows[r], false);
        if (y_ + height > body_.bottom() + kSlack) {
            newPage();
            header();
        }
        if (painter_) {
            if (r % 2 == 1) painter_->fillRect(QRectF(body_.left(), y_, body_.width(), height), kStripe);
            drawTableRow(table, widths, table.rows[r], r < table.fills.size() ? &table.fills[r] : nullptr, height,
                         false);
        }
        y_ += height;
    }
    y_ += mm(kParagraphGapMm * 2);
}

int ReportLayout::finish() {
    if (painter_ && progress_) progress_(pageNo_, totalPages_);
    return pageNo_;
}

}  // namespace tandem::app
