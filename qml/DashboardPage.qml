// Dashboards (business office and board): the partnership's figures for a round as chart cards,
// each with its table and a CSV button; the time of the figures, and a warning while this
// device holds changes the server has not counted yet. A row opens the record behind it, or
// lists them when there are several. Two columns of cards on a laptop, one on a tablet.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tandem.App

Page {
    id: page
    objectName: "dashboardPage"
    // Fixed: the Loader around the page would otherwise size it from its wrapping labels.
    implicitWidth: Theme.listWidth
    implicitHeight: 600
    signal openAction(string id)
    signal openReturn(string id)
    readonly property bool twoColumns: width >= Theme.wideBreak
    readonly property DashboardController controller: dash

    DashboardController { id: dash }
    Component.onCompleted: dash.refresh()

    function open(kind, id) {
        if (kind === "action") page.openAction(id)
        else if (kind === "audit_return") page.openReturn(id)
    }
    // One openable record opens at once; several are listed to choose from.
    function openRow(tableName, row) {
        const records = dash.records(tableName, row)
        const openable = records.filter(r => r.openable)
        if (records.length === 1 && openable.length === 1) return open(openable[0].kind, openable[0].id)
        if (records.length > 0) {
            recordsDialog.records = records
            recordsDialog.open()
        }
    }

    header: ToolBar {
        objectName: "dashboardBar"
        implicitHeight: barLayout.implicitHeight + Theme.gap
        ColumnLayout {
            id: barLayout
            anchors.fill: parent
            anchors.leftMargin: Theme.margin
            anchors.rightMargin: Theme.margin
            spacing: 2
            Flow {
                Layout.fillWidth: true
                Layout.topMargin: 4
                spacing: Theme.gap
                ComboBox {
                    id: roundPicker
                    objectName: "roundPicker"
                    width: Math.min(420, page.width - 2 * Theme.margin)
                    height: Math.max(Theme.touch, implicitHeight)
                    model: dash.roundNames
                    currentIndex: dash.roundIndex
                    displayText: currentIndex < 0 ? qsTr("Choose a round") : currentText
                    Accessible.name: qsTr("Audit round")
                    onActivated: index => dash.roundId = dash.rounds[index].id
                }
                ComboBox {
                    objectName: "periodPicker"
                    width: Math.min(220, page.width - 2 * Theme.margin)
                    height: Math.max(Theme.touch, implicitHeight)
                    model: dash.periodNames
                    currentIndex: dash.periodIndex
                    Accessible.name: qsTr("Reporting period")
                    onActivated: index => dash.periodIndex = index
                }
                Button {
                    objectName: "refreshButton"
                    text: dash.busy ? qsTr("Refreshing…") : qsTr("Refresh")
                    height: Math.max(Theme.touch, implicitHeight)
                    enabled: !dash.busy
                    onClicked: dash.refresh()
                }
                Button {
                    objectName: "boardReportButton"
                    text: qsTr("Board report (PDF)")
                    height: Math.max(Theme.touch, implicitHeight)
                    enabled: dash.hasFigures
                    onClicked: dash.exportBoardReport()
                }
            }
            Label {
                objectName: "asOfLabel"
                Layout.fillWidth: true
                text: dash.hasFigures ? [dash.asOf, dash.roundTitle, dash.periodText].filter(t => t !== "").join(" · ")
                                      : dash.busy ? qsTr("Fetching the figures…") : qsTr("No figures on this device yet.")
                color: Theme.muted
                wrapMode: Text.Wrap
            }
            Label {
                objectName: "unsyncedWarning"
                Layout.fillWidth: true
                visible: dash.stale
                text: dash.unsyncedText
                color: Theme.warning
                font.bold: true
                wrapMode: Text.Wrap
            }
            Label {
                objectName: "dashboardError"
                Layout.fillWidth: true
                visible: dash.lastError !== ""
                text: dash.lastError
                color: Theme.danger
                wrapMode: Text.Wrap
            }
            Label {
                objectName: "exportedLabel"
                Layout.fillWidth: true
                Layout.bottomMargin: 4
                visible: dash.lastExport !== ""
                text: qsTr("Saved %1").arg(dash.lastExport)
                color: Theme.muted
                elide: Text.ElideMiddle
            }
        }
    }

    ScrollView {
        id: scroll
        objectName: "dashboardScroll"
        anchors.fill: parent
        contentWidth: availableWidth
        contentHeight: dash.hasFigures ? cardGrid.implicitHeight + 2 * Theme.margin : 0
        clip: true

        DashboardCards {
            id: cardGrid
            objectName: "dashboardCards"
            width: scroll.availableWidth - 2 * Theme.margin
            x: Theme.margin
            y: Theme.margin
            visible: dash.hasFigures
            controller: dash
            twoColumns: page.twoColumns
            onRowClicked: (tableName, row) => page.openRow(tableName, row)
        }
    }

    DashboardRecords {
        id: recordsDialog
        parent: Overlay.overlay
        onOpenRecord: (kind, id) => page.open(kind, id)
    }
}
