// Horizontal bar charts for the board report, drawn with QPainter: one bar per category, stacked
// segments with their values written on them, a value axis with labelled ticks, axis titles and
// a legend, so that a chart printed in greyscale still reads.
#pragma once

#include <QColor>
#include <QRectF>
#include <QString>
#include <vector>

class QPainter;

namespace tandem::app {

class ReportLayout;

struct ChartSegment {
    double value = 0;
    QColor fill;
    QString text;  // written on the segment when it is wide enough ("3", "R 2")
};

struct ChartBar {
    QString category;  // left of the bar
    std::vector<ChartSegment> segments;
    QString total;  // written after the bar ("12", "75.0% (3 of 4)")
};

struct ChartLegendEntry {
    QColor fill;
    QString text;
};

struct BarChart {
    QString categoryAxis;  // "Lead agency"
    QString valueAxis;     // "Actions"
    std::vector<ChartBar> bars;
    std::vector<ChartLegendEntry> legend;
    double maxValue = 0;   // the axis end; 0 = the longest bar rounded up to a tick
    bool percent = false;  // ticks read "25%"
};

// The height the chart needs across the layout's body width.
double barChartHeight(const ReportLayout& layout, const BarChart& chart);
void drawBarChart(QPainter& painter, const QRectF& area, const ReportLayout& layout, const BarChart& chart);

// Dark text on light fills, white on dark ones.
QColor textOn(const QColor& fill);

}  // namespace tandem::app
