#include "ReportCharts.h"

#include <QFontMetricsF>
#include <QPainter>
#include <algorithm>
#include <cmath>

#include "ReportLayout.h"

namespace tandem::app {

namespace {

const QColor kText("#1f2328");
const QColor kMuted("#59636e");
const QColor kGrid("#d0d7de");
const QColor kAxis("#59636e");

constexpr double kLegendRowMm = 5.0;
constexpr double kAxisHeaderMm = 5.0;  // the category axis title above the labels
constexpr double kTickLabelsMm = 4.5;
constexpr double kValueAxisMm = 5.0;
constexpr double kBarPitchMm = 6.5;
constexpr double kMinBarPitchMm = 3.2;

// Where each legend entry goes, as offsets from the chart's top left corner.
struct LegendPlace {
    QPointF at;
    const ChartLegendEntry* entry;
};

std::vector<LegendPlace> placeLegend(const ReportLayout& layout, const BarChart& chart, double width, int* rows) {
    std::vector<LegendPlace> places;
    double x = 0;
    int row = 0;
    for (const ChartLegendEntry& entry : chart.legend) {
        const double w =
            layout.mm(3) + layout.mm(1.2) + layout.textWidth(entry.text, layout.fonts().small) + layout.mm(4);
        if (x > 0 && x + w > width) {
            x = 0;
            ++row;
        }
        places.push_back({QPointF(x, row * layout.mm(kLegendRowMm)), &entry});
        x += w;
    }
    *rows = chart.legend.empty() ? 0 : row + 1;
    return places;
}

double barsTotal(const ChartBar& bar) {
    double sum = 0;
    for (const ChartSegment& s : bar.segments) sum += std::max(0.0, s.value);
    return sum;
}

// A tick step of 1, 2 or 5 times a power of ten giving at most five intervals.
double tickStep(double end, bool percent) {
    if (percent) return 20;
    const double raw = std::max(1.0, end / 5);
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0, 10.0})
        if (m * magnitude >= raw) return m * magnitude;
    return 10 * magnitude;
}

double barPitch(const ReportLayout& layout, const BarChart& chart) {
    // Many categories squeeze the bars so that the chart still fits on one page.
    const double room = layout.mm(kBodyHeightMm * 0.8);
    const double n = std::max<double>(1, chart.bars.size());
    return std::clamp(room / n, layout.mm(kMinBarPitchMm), layout.mm(kBarPitchMm));
}

}  // namespace

QColor textOn(const QColor& fill) {
    const double luminance = 0.299 * fill.redF() + 0.587 * fill.greenF() + 0.114 * fill.blueF();
    return luminance < 0.55 ? QColor(Qt::white) : kText;
}

double barChartHeight(const ReportLayout& layout, const BarChart& chart) {
    int legendRows = 0;
    placeLegend(layout, chart, layout.bodyWidth(), &legendRows);
    return legendRows * layout.mm(kLegendRowMm) + layout.mm(kAxisHeaderMm) +
           std::max<std::size_t>(1, chart.bars.size()) * barPitch(layout, chart) + layout.mm(1) +
           layout.mm(kTickLabelsMm) + layout.mm(kValueAxisMm);
}

void drawBarChart(QPainter& p, const QRectF& area, const ReportLayout& layout, const BarChart& chart) {
    const ReportFonts& fonts = layout.fonts();
    int legendRows = 0;
    for (const LegendPlace& place : placeLegend(layout, chart, area.width(), &legendRows)) {
        const QPointF at = area.topLeft() + place.at;
        const QRectF swatch(at.x(), at.y() + layout.mm(0.8), layout.mm(3), layout.mm(3));
        p.fillRect(swatch, place.entry->fill);
        p.setPen(QPen(kAxis, layout.mm(0.1)));
        p.drawRect(swatch);
        p.setPen(kText);
        p.setFont(fonts.small);
        p.drawText(
            QRectF(swatch.right() + layout.mm(1.2), at.y(), area.width(), layout.mm(kLegendRowMm) - layout.mm(0.6)),
            Qt::AlignLeft | Qt::AlignVCenter, place.entry->text);
    }

    // Columns: category labels, the plot, and room after the longest bar for its total.
    double labelWidth = layout.textWidth(chart.categoryAxis, fonts.bold);
    double totalWidth = 0;
    for (const ChartBar& bar : chart.bars) {
        labelWidth = std::max(labelWidth, layout.textWidth(bar.category, fonts.small));
        totalWidth = std::max(totalWidth, layout.textWidth(bar.total, fonts.small));
    }
    labelWidth = std::min(labelWidth + layout.mm(3), area.width() * 0.3);
    totalWidth += layout.mm(2);

    double end = chart.maxValue;
    if (end <= 0) {
        for (const ChartBar& bar : chart.bars) end = std::max(end, barsTotal(bar));
        const double step = tickStep(std::max(end, 1.0), chart.percent);
        end = std::max(step, std::ceil(end / step) * step);
    }
    const double step = tickStep(end, chart.percent);

    const double top = area.top() + legendRows * layout.mm(kLegendRowMm) + layout.mm(kAxisHeaderMm);
    const double pitch = barPitch(layout, chart);
    const double plotLeft = area.left() + labelWidth;
    const double plotWidth = area.width() - labelWidth - totalWidth;
    const double plotBottom = top + std::max<std::size_t>(1, chart.bars.size()) * pitch;
    auto xOf = [&](double value) { return plotLeft + plotWidth * std::min(value, end) / end; };

    p.setPen(kText);
    p.setFont(fonts.bold);
    p.drawText(QRectF(area.left(), top - layout.mm(kAxisHeaderMm), labelWidth, layout.mm(kAxisHeaderMm)),
               Qt::AlignLeft | Qt::AlignVCenter, chart.categoryAxis);

    // Grid lines and tick labels behind the bars.
    p.setFont(fonts.small);
    for (double v = 0; v <= end + step / 1000; v += step) {
        const double x = xOf(v);
        p.setPen(QPen(kGrid, layout.mm(0.15)));
        p.drawLine(QPointF(x, top), QPointF(x, plotBottom));
        p.setPen(kMuted);
        const QString tick = chart.percent ? QStringLiteral("%1%").arg(v, 0, 'f', 0) : QString::number(v, 'f', 0);
        p.drawText(QRectF(x - layout.mm(8), plotBottom + layout.mm(1), layout.mm(16), layout.mm(kTickLabelsMm)),
                   Qt::AlignHCenter | Qt::AlignTop, tick);
    }
    p.setPen(kText);
    p.setFont(fonts.bold);
    p.drawText(
        QRectF(plotLeft, plotBottom + layout.mm(1) + layout.mm(kTickLabelsMm), plotWidth, layout.mm(kValueAxisMm)),
        Qt::AlignHCenter | Qt::AlignVCenter, chart.valueAxis);

    const double barHeight = pitch * 0.7;
    for (std::size_t i = 0; i < chart.bars.size(); ++i) {
        const ChartBar& bar = chart.bars[i];
        const double y = top + i * pitch + (pitch - barHeight) / 2;
        p.setFont(fonts.small);
        p.setPen(kText);
        const QString category = QFontMetricsF(fonts.small, p.device())
                                     .elidedText(bar.category, Qt::ElideRight, labelWidth - layout.mm(1.5));
        p.drawText(QRectF(area.left(), y, labelWidth - layout.mm(1.5), barHeight), Qt::AlignLeft | Qt::AlignVCenter,
                   category);
        double value = 0;
        for (const ChartSegment& segment : bar.segments) {
            if (segment.value <= 0) continue;
            const QRectF rect(QPointF(xOf(value), y), QPointF(xOf(value + segment.value), y + barHeight));
            value += segment.value;
            p.fillRect(rect, segment.fill);
            p.setPen(QPen(Qt::white, layout.mm(0.2)));
            p.drawLine(rect.topRight(), rect.bottomRight());
            if (!segment.text.isEmpty() && layout.textWidth(segment.text, fonts.small) + layout.mm(1) < rect.width()) {
                p.setPen(textOn(segment.fill));
                p.drawText(rect, Qt::AlignCenter, segment.text);
            }
        }
        p.setPen(kText);
        p.drawText(QRectF(xOf(value) + layout.mm(1), y, totalWidth + plotLeft + plotWidth - xOf(value), barHeight),
                   Qt::AlignLeft | Qt::AlignVCenter, bar.total);
    }
    p.setPen(QPen(kAxis, layout.mm(0.25)));
    p.drawLine(QPointF(plotLeft, top), QPointF(plotLeft, plotBottom));
    p.drawLine(QPointF(plotLeft, plotBottom), QPointF(plotLeft + plotWidth, plotBottom));
}

}  // namespace tandem::app
