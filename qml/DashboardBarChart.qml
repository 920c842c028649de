// A horizontal bar chart of one figure table (Qt Charts): one bar per category (agency, review,
// band, question) so long labels read on the left instead of crowding under the bars; one bar
// set per column, or per value of a long table's column (pivot). Stacked, side by side, or as
// shares of 100%. The table under it holds the exact numbers.
import QtQuick
import QtCharts
import Tandem.App

ChartView {
    id: chart
    enum Mode { Stacked, Grouped, Percent }

    property FigureTableModel table
    property string categoryKey               // the column naming each bar
    property var seriesKeys: []               // columns, one bar set each ...
    property var pivot: null                  // ... or {rowKey, seriesKey, valueKey} of a long table (Percent)
    property var colours: ({})                // bar set label or key -> colour
    property int mode: DashboardBarChart.Stacked
    property real fixedMax: 0                 // an axis end that does not follow the data (100 for rates)
    property string valueTitle                // what the value axis counts
    readonly property var palette: ["#0b5cad", "#e08a00", "#2e7d32", "#6f42c1", "#c62828", "#1b7c83", "#8c959f", "#9a6700"]
    property int categoryCount: 0
    property int setCount: 0

    // Room for the value axis, its title and the legend however few bars there are.
    implicitHeight: 190 + categoryCount * (mode === DashboardBarChart.Grouped ? Math.max(24, 14 * setCount + 8) : 30)
    antialiasing: true
    legend.alignment: Qt.AlignBottom
    legend.visible: setCount > 1
    backgroundRoundness: 0
    margins { top: 4; bottom: 4; left: 4; right: 4 }

    function niceMax(value) {
        if (value <= 5) return 5
        const step = Math.pow(10, Math.floor(Math.log(value) / Math.LN10))
        for (const m of [1, 2, 2.5, 5, 10])
            if (value <= m * step) return m * step
        return 10 * step
    }
    function rebuild() {
        removeAllSeries()
        if (!table) return
        let categories = [], sets = []
        if (pivot) {
            const p = table.pivot(pivot.rowKey, pivot.seriesKey, pivot.valueKey)
            categories = p.categories
            sets = p.series.map(s => ({ key: s.label, label: s.label, values: s.values }))
        } else {
            categories = table.texts(categoryKey)
            sets = seriesKeys.map(k => ({ key: k, label: table.columnLabel(k), values: table.numbers(k) }))
        }
        // Bars from the top in the table's order: Qt Charts draws the first category at the bottom.
        categories = categories.slice().reverse()
        sets.forEach(s => s.values = s.values.slice().reverse())
        categoryCount = categories.length
        setCount = sets.length
        if (categories.length === 0) return
        categoryAxis.categories = categories
        if (mode === DashboardBarChart.Percent) {
            valueAxis.max = 100
        } else {
            valueAxis.max = fixedMax > 0 ? fixedMax : niceMax(table.maxOf(seriesKeys, mode === DashboardBarChart.Stacked))
        }
        valueAxis.tickCount = valueAxis.max <= 5 ? valueAxis.max + 1 : 6
        const type = mode === DashboardBarChart.Stacked ? ChartView.SeriesTypeHorizontalStackedBar
                   : mode === DashboardBarChart.Percent ? ChartView.SeriesTypeHorizontalPercentBar
                   : ChartView.SeriesTypeHorizontalBar
        const series = createSeries(type, "", valueAxis, categoryAxis)
        series.barWidth = 0.7
        sets.forEach((s, i) => {
            const set = series.append(s.label, s.values)
            set.color = colours[s.key] || colours[s.label] || palette[i % palette.length]
            set.borderColor = set.color
        })
    }

    BarCategoryAxis {
        id: categoryAxis
        labelsFont.pointSize: Qt.application.font.pointSize * 0.9
    }
    ValueAxis {
        id: valueAxis
        min: 0
        labelFormat: "%.0f"
        titleText: chart.mode === DashboardBarChart.Percent ? qsTr("Share (%)") : chart.valueTitle
        titleFont.pointSize: Qt.application.font.pointSize * 0.9
        labelsFont.pointSize: Qt.application.font.pointSize * 0.9
    }
    Connections {
        target: chart.table
        function onTableChanged() { chart.rebuild() }
    }
    Component.onCompleted: rebuild()
}
