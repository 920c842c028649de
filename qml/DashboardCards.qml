// The dashboard's cards in the order of docs/business-office.md: action plans first (status,
// RAG, overdue, closed, drift), then the round's audits (return rates, late returns, grades,
// answers, self against moderated, the Section 11 heat map, this round against the previous
// one, learning). Two columns on a laptop, one on a tablet.
import QtQuick
import QtQuick.Layouts
import Tandem.App

GridLayout {
    id: cards
    property DashboardController controller
    property bool twoColumns: true
    signal rowClicked(string tableName, int row)

    readonly property var statusColours: ({
        not_started: "#8c959f", in_progress: "#0b5cad", submitted_for_closure: "#6f42c1",
        closed: "#2e7d32", returned: "#e08a00", superseded: "#57606a" })
    readonly property var ragColours: ({ red: Theme.ragColour("red"), amber: Theme.ragColour("amber"),
                                         green: Theme.ragColour("green") })
    readonly property var gradeColours: ({ "Outstanding": "#1b5e20", "Good": "#43a047",
                                           "Requires improvement": "#e08a00", "Inadequate": "#c62828",
                                           "Not rated": "#8c959f" })
    readonly property var comparisonColours: ({ previous: "#8c959f", "this": "#0b5cad" })

    columns: twoColumns ? 2 : 1
    columnSpacing: Theme.margin
    rowSpacing: Theme.margin

    component Card: DashboardCard {
        Layout.fillWidth: true
        Layout.preferredWidth: 1          // equal columns whatever the content
        Layout.alignment: Qt.AlignTop
        controller: cards.controller
        onRowClicked: row => cards.rowClicked(tableName, row)
    }

    Card {
        tableName: "actions_by_agency"
        DashboardBarChart {
            anchors.fill: parent
            table: cards.controller.table("actions_by_agency")
            categoryKey: "agency"
            seriesKeys: ["not_started", "in_progress", "submitted_for_closure", "closed", "returned", "superseded"]
            colours: cards.statusColours
            valueTitle: qsTr("Actions")
        }
    }
    Card {
        tableName: "actions_by_review"
        DashboardBarChart {
            anchors.fill: parent
            table: cards.controller.table("actions_by_review")
            categoryKey: "review"
            seriesKeys: ["red", "amber", "green"]
            colours: cards.ragColours
            valueTitle: qsTr("Open actions by RAG")
        }
    }
    Card { tableName: "overdue_actions" }
    Card { tableName: "actions_closed" }
    Card {
        tableName: "action_drift"
        DashboardBarChart {
            anchors.fill: parent
            table: cards.controller.table("action_drift")
            categoryKey: "band"
            seriesKeys: ["actions", "redated"]
            mode: DashboardBarChart.Grouped
            colours: ({ actions: "#0b5cad", redated: "#e08a00" })
            valueTitle: qsTr("Open actions")
        }
    }
    Card {
        tableName: "return_rates"
        DashboardBarChart {
            anchors.fill: parent
            table: cards.controller.table("return_rates")
            categoryKey: "agency"
            seriesKeys: ["rate"]
            mode: DashboardBarChart.Grouped
            fixedMax: 100
            valueTitle: qsTr("Returns submitted (%)")
        }
    }
    Card { tableName: "late_returns" }
    Card {
        tableName: "grades_by_theme"
        notes: cards.controller.gradeSummary
        DashboardBarChart {
            anchors.fill: parent
            table: cards.controller.table("grades_by_theme")
            pivot: ({ rowKey: "theme", seriesKey: "grade", valueKey: "returns" })
            mode: DashboardBarChart.Percent
            colours: cards.gradeColours
        }
    }
    Card {
        tableName: "answers_by_question"
        DashboardBarChart {
            anchors.fill: parent
            table: cards.controller.table("answers_by_question")
            pivot: ({ rowKey: "question", seriesKey: "label", valueKey: "answers" })
            mode: DashboardBarChart.Percent
        }
    }
    Card {
        tableName: "self_vs_moderated"
        DashboardBarChart {
            anchors.fill: parent
            table: cards.controller.table("self_vs_moderated")
            categoryKey: "agency"
            seriesKeys: ["same", "self_higher", "self_lower"]
            colours: ({ same: "#2e7d32", self_higher: "#e08a00", self_lower: "#0b5cad" })
            valueTitle: qsTr("Moderated standards")
        }
    }
    Card {
        tableName: "section11_heatmap"
        showTable: false                  // the heat map is the table: every rating in words
        DashboardHeatMap {
            anchors.left: parent.left
            anchors.right: parent.right
            table: cards.controller.table("section11_heatmap")
            onRowClicked: row => cards.rowClicked("section11_heatmap", row)
        }
    }
    Card {
        tableName: "round_comparison"
        DashboardBarChart {
            anchors.fill: parent
            table: cards.controller.table("round_comparison")
            categoryKey: "measure"
            seriesKeys: ["previous", "this"]
            mode: DashboardBarChart.Grouped
            colours: cards.comparisonColours
            valueTitle: qsTr("Count or share (%)")
        }
    }
    Card { tableName: "round_learning" }
}
