// One row of the action list: RAG, reference, the action, lead agency, status and target date,
// with markers for unsynced edits and conflicts. Enter or a tap opens it.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

ItemDelegate {
    id: row
    required property int index
    required property string recordId
    required property string reference
    required property string title
    required property string leadAgency
    required property string statusLabel
    required property string rag
    required property string targetDate
    required property bool overdue
    required property bool pending
    required property bool hasConflict
    property bool selected: false
    signal open()

    objectName: "action_" + recordId
    width: ListView.view ? ListView.view.width : implicitWidth
    height: Math.max(Theme.touch, implicitHeight)
    highlighted: selected || ListView.isCurrentItem && ListView.view.activeFocus
    onClicked: open()
    background: RowBackground { highlighted: row.highlighted; hovered: row.hovered }

    contentItem: ColumnLayout {
        spacing: 2
        RowLayout {
            spacing: Theme.gap
            RagChip { rag: row.rag }
            Label {
                text: row.reference
                font.bold: true
                Layout.fillWidth: true
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
            text: row.title
            wrapMode: Text.Wrap
            maximumLineCount: 2
            elide: Text.ElideRight
        }
        RowLayout {
            spacing: Theme.gap
            Label {
                Layout.fillWidth: true
                text: row.leadAgency + " · " + row.statusLabel
                color: Theme.muted
                elide: Text.ElideRight
            }
            Label {
                text: row.overdue ? qsTr("overdue %1").arg(row.targetDate) : row.targetDate
                color: row.overdue ? Theme.danger : Theme.muted
            }
        }
    }
}
