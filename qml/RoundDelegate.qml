// One audit round in the rounds list: title, template, due date (days to go or overdue), the
// returns submitted, approved and moderated as words and as a bar.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

ItemDelegate {
    id: row
    required property string roundId
    required property string title
    required property string templateTitle
    required property string dueDate
    required property string dueText
    required property string moderationDate
    required property string summary
    required property int assigned
    required property int submitted
    required property int approved
    required property int moderated
    required property int overdue
    required property int daysToDue
    signal open()

    objectName: "round_" + roundId
    width: ListView.view ? ListView.view.width : implicitWidth
    height: Math.max(Theme.touch, implicitHeight)
    onClicked: open()
    background: RowBackground { hovered: row.hovered }

    contentItem: ColumnLayout {
        spacing: 4
        Label {
            Layout.fillWidth: true
            text: row.title
            font.bold: true
            wrapMode: Text.Wrap
        }
        Label {
            Layout.fillWidth: true
            text: row.templateTitle
            color: Theme.muted
            elide: Text.ElideRight
        }
        RowLayout {
            spacing: Theme.gap
            Label {
                objectName: "roundDue_" + row.roundId
                text: qsTr("Due %1 · %2").arg(row.dueDate).arg(row.dueText)
                color: row.daysToDue < 0 && row.submitted < row.assigned ? Theme.danger : Theme.text
                Layout.fillWidth: true
                wrapMode: Text.Wrap
            }
            Label {
                visible: row.overdue > 0
                text: row.overdue === 1 ? qsTr("1 late") : qsTr("%1 late").arg(row.overdue)
                color: Theme.danger
                font.bold: true
            }
        }
        // Submitted, then approved, then moderated: each a share of the returns assigned.
        Item {
            Layout.fillWidth: true
            Layout.preferredHeight: 8
            Rectangle { anchors.fill: parent; radius: 4; color: Theme.line }
            Repeater {
                model: [{ n: row.submitted, c: "#9ec5ea" }, { n: row.approved, c: "#4a90d9" }, { n: row.moderated, c: Theme.accent }]
                delegate: Rectangle {
                    height: 8
                    radius: 4
                    width: row.assigned > 0 ? parent.width * modelData.n / row.assigned : 0
                    color: modelData.c
                }
            }
        }
        Label {
            objectName: "roundSummary_" + row.roundId
            Layout.fillWidth: true
            text: row.summary
            wrapMode: Text.Wrap
        }
    }
}
