// The Section 11 heat map: agencies down, standards across, each cell tinted by its moderated
// rating and showing the rating's word, so it reads without colour too. A row opens its returns.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tandem.App

Column {
    id: heatMap
    property FigureTableModel table
    signal rowClicked(int row)
    readonly property int standardCount: table ? Math.max(1, table.columns.length - 1) : 1
    readonly property real agencyWidth: Math.min(140, width * 0.22)
    readonly property real cellWidth: (width - agencyWidth) / standardCount
    spacing: 2

    Row {
        Label {
            width: heatMap.agencyWidth
            text: qsTr("Agency")
            font.bold: true
        }
        Repeater {
            model: heatMap.table ? heatMap.table.columns.slice(1) : []
            delegate: Label {
                required property var modelData
                width: heatMap.cellWidth
                text: modelData.label
                font.bold: true
                horizontalAlignment: Text.AlignHCenter
                elide: Text.ElideRight
            }
        }
    }
    Repeater {
        model: heatMap.table
        delegate: ItemDelegate {
            id: agencyRow
            required property int index
            required property var cells
            required property var values
            required property int recordCount
            objectName: "heatRow_" + index
            width: heatMap.width
            height: Theme.touch
            padding: 0
            enabled: recordCount > 0
            onClicked: heatMap.rowClicked(index)
            Accessible.name: cells.join(", ")
            background: Item {}
            contentItem: Row {
                Label {
                    width: heatMap.agencyWidth
                    height: parent.height
                    verticalAlignment: Text.AlignVCenter
                    text: agencyRow.cells[0]
                    font.bold: true
                    elide: Text.ElideRight
                }
                Repeater {
                    model: heatMap.standardCount
                    delegate: RatingSwatch {
                        required property int index
                        width: heatMap.cellWidth - 2
                        height: agencyRow.height - 2
                        tint: true
                        rating: agencyRow.values[index + 1] || ""
                        border.color: agencyRow.hovered ? Theme.accent : "transparent"
                        Label {
                            anchors.fill: parent
                            anchors.margins: 2
                            horizontalAlignment: Text.AlignHCenter
                            verticalAlignment: Text.AlignVCenter
                            text: agencyRow.values[index + 1] ? agencyRow.cells[index + 1] : "–"
                            color: Theme.text
                            font.pointSize: Qt.application.font.pointSize * 0.85
                            wrapMode: Text.Wrap
                            maximumLineCount: 2
                            elide: Text.ElideRight
                        }
                    }
                }
            }
        }
    }
    Label {
        visible: heatMap.table && heatMap.table.count === 0
        width: parent.width
        text: qsTr("The heat map is drawn for Section 11 rounds once returns are moderated.")
        color: Theme.muted
        wrapMode: Text.Wrap
    }
}
