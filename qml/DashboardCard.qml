// One dashboard card: a figure table's title, its chart (the card's children), notes in words,
// the table itself under the chart, and a CSV button that saves the table as the server would.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tandem.App

Frame {
    id: card
    property DashboardController controller
    property string tableName
    readonly property FigureTableModel table: controller ? controller.table(tableName) : null
    property var notes: []              // sentences shown above the chart ("58% good or better")
    property bool showTable: true
    default property alias chart: chartSlot.data
    signal rowClicked(int row)

    objectName: "card_" + tableName
    padding: Theme.margin
    background: Rectangle {
        color: "white"
        border.color: Theme.line
        radius: 4
    }

    ColumnLayout {
        anchors.left: parent.left
        anchors.right: parent.right
        spacing: Theme.gap

        RowLayout {
            Layout.fillWidth: true
            Label {
                Layout.fillWidth: true
                text: card.table ? card.table.title : ""
                font.bold: true
                font.pointSize: Qt.application.font.pointSize * 1.1
                wrapMode: Text.Wrap
            }
            Button {
                objectName: "csvButton_" + card.tableName
                text: qsTr("CSV")
                Layout.minimumHeight: Theme.touch
                Layout.minimumWidth: Theme.touch
                enabled: card.controller && card.controller.hasFigures
                Accessible.name: qsTr("Save %1 as CSV").arg(card.table ? card.table.title : "")
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Save this table as CSV for Excel")
                onClicked: card.controller.exportCsv(card.tableName)
            }
        }
        Repeater {
            model: card.notes
            delegate: Label {
                required property string modelData
                Layout.fillWidth: true
                text: modelData
                wrapMode: Text.Wrap
            }
        }
        Item {
            id: chartSlot
            Layout.fillWidth: true
            visible: children.length > 0 && card.table && card.table.count > 0
            implicitHeight: visible ? children[0].implicitHeight : 0
        }
        FigureTable {
            Layout.fillWidth: true
            visible: card.showTable
            table: card.table
            onRowClicked: row => card.rowClicked(row)
        }
    }
}
