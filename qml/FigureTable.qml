// A figure table under its chart: a header of column labels and one row per table row. Ratings
// show a coloured square and their word (colour is never the only signal); a row with records
// behind it is a button that opens them.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tandem.App

Column {
    id: figureTable
    property FigureTableModel table
    signal rowClicked(int row)

    // Free text (titles, names, evidence) gets more room than counts and dates.
    function weight(column) {
        if (column.type === "date" || column.type === "rating") return 1.8
        if (column.type !== "text") return 1
        return ["title", "name", "closure_evidence", "learning", "text", "measure"].indexOf(column.key) >= 0 ? 3 : 1.4
    }
    readonly property real totalWeight: {
        let sum = 0
        const columns = table ? table.columns : []
        for (let i = 0; i < columns.length; ++i) sum += weight(columns[i])
        return Math.max(1, sum)
    }
    function cellWidth(column) { return (width - Theme.gap * 2) * weight(column) / totalWeight }

    Rectangle {
        width: parent.width
        height: header.implicitHeight + Theme.gap
        color: Theme.panel
        Row {
            id: header
            x: Theme.gap
            anchors.verticalCenter: parent.verticalCenter
            Repeater {
                model: figureTable.table ? figureTable.table.columns : []
                delegate: Label {
                    required property var modelData
                    width: figureTable.cellWidth(modelData)
                    rightPadding: 4
                    text: modelData.label
                    font.bold: true
                    font.pointSize: Qt.application.font.pointSize * 0.9
                    // Between words where they fit ("Submitted for closure" over three lines), inside
                    // a word only when it alone is wider than its column.
                    wrapMode: Text.WrapAtWordBoundaryOrAnywhere
                    maximumLineCount: 3
                    elide: Text.ElideRight
                    horizontalAlignment: modelData.type === "text" || modelData.type === "rating"
                                         ? Text.AlignLeft : Text.AlignRight
                }
            }
        }
    }

    Repeater {
        model: figureTable.table
        delegate: ItemDelegate {
            id: row
            required property int index
            required property var cells
            required property var values
            required property int recordCount
            objectName: "figureRow_" + (figureTable.table ? figureTable.table.name : "") + "_" + index
            width: figureTable.width
            height: Math.max(Theme.touch, cellsRow.implicitHeight + 8)
            enabled: recordCount > 0
            padding: 0
            leftPadding: Theme.gap
            onClicked: figureTable.rowClicked(index)
            Accessible.name: cells.join(", ")
            background: RowBackground { hovered: row.hovered }
            contentItem: Row {
                id: cellsRow
                Repeater {
                    model: figureTable.table ? figureTable.table.columns : []
                    delegate: RowLayout {
                        required property var modelData
                        required property int index
                        width: figureTable.cellWidth(modelData)
                        spacing: 4
                        RatingSwatch {
                            visible: modelData.type === "rating"
                            Layout.preferredWidth: 12
                            Layout.preferredHeight: 12
                            radius: 2
                            rating: row.values[index]
                        }
                        Label {
                            Layout.fillWidth: true
                            rightPadding: 4
                            text: row.cells[index]
                            color: Theme.text
                            wrapMode: modelData.type === "text" ? Text.Wrap : Text.NoWrap
                            maximumLineCount: 3
                            elide: Text.ElideRight
                            horizontalAlignment: modelData.type === "text" || modelData.type === "rating"
                                                 ? Text.AlignLeft : Text.AlignRight
                        }
                    }
                }
            }
        }
    }
    Label {
        visible: figureTable.table && figureTable.table.count === 0
        width: parent.width
        padding: Theme.gap
        text: qsTr("Nothing to show for this round and period.")
        color: Theme.muted
        wrapMode: Text.Wrap
    }
}
