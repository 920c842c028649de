// One audit return or checklist in a list: template title, agency and round, status, due date
// and "23 of 34 answered", with markers for unsynced edits and conflicts.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

ItemDelegate {
    id: row
    required property int index
    required property string recordId
    required property string title
    required property string agency
    required property string round
    required property string statusLabel
    required property string dueDate
    required property string progressText
    required property bool pending
    required property bool hasConflict
    property bool selected: false
    signal open()

    objectName: "return_" + recordId
    width: ListView.view ? ListView.view.width : implicitWidth
    height: Math.max(Theme.touch, implicitHeight)
    highlighted: selected || ListView.isCurrentItem && ListView.view.activeFocus
    onClicked: open()
    background: RowBackground { highlighted: row.highlighted; hovered: row.hovered }

    contentItem: ColumnLayout {
        spacing: 2
        RowLayout {
            spacing: Theme.gap
            Label {
                Layout.fillWidth: true
                text: row.title
                font.bold: true
                wrapMode: Text.Wrap
                maximumLineCount: 2
                elide: Text.ElideRight
            }
            Label {
                visible: row.pending
                text: qsTr("not synced")
                color: Theme.warning
            }
            Label {
                visible: row.hasConflict
                text: qsTr("conflict")
                color: Theme.danger
                font.bold: true
            }
        }
        Label {
            Layout.fillWidth: true
            text: [row.agency, row.round].filter(s => s !== "").join(" · ")
            color: Theme.muted
            elide: Text.ElideRight
        }
        RowLayout {
            spacing: Theme.gap
            Label {
                Layout.fillWidth: true
                text: row.statusLabel + " · " + row.progressText
                elide: Text.ElideRight
            }
            Label {
                visible: row.dueDate !== ""
                text: qsTr("due %1").arg(row.dueDate)
                color: Theme.muted
            }
        }
    }
}
