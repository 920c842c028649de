// One round's returns by agency (and case), the most overdue first, for chasing: status,
// assignee and days overdue. "Late only" keeps the ones to chase.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tandem.App

ColumnLayout {
    id: pane
    property alias roundId: returns.roundId
    property string selectedId
    signal open(string recordId)
    spacing: Theme.gap

    RoundReturnModel { id: returns }

    RowLayout {
        Layout.fillWidth: true
        Layout.margins: Theme.gap
        Label {
            objectName: "lateSummary"
            Layout.fillWidth: true
            text: returns.lateCount === 0 ? qsTr("No late returns")
                : returns.lateCount === 1 ? qsTr("1 return is late") : qsTr("%1 returns are late").arg(returns.lateCount)
            color: returns.lateCount > 0 ? Theme.danger : Theme.muted
            font.bold: returns.lateCount > 0
            wrapMode: Text.Wrap
        }
        Switch {
            objectName: "lateOnlySwitch"
            text: qsTr("Late only")
            checked: returns.lateOnly
            Layout.minimumHeight: Theme.touch
            onToggled: returns.lateOnly = checked
        }
    }
    ListView {
        id: list
        objectName: "roundReturnList"
        Layout.fillWidth: true
        Layout.fillHeight: true
        clip: true
        model: returns
        ScrollBar.vertical: ScrollBar {}
        delegate: ItemDelegate {
            id: row
            required property string recordId
            required property string agency
            required property string caseCode
            required property string chaseText
            required property bool late
            objectName: "roundReturn_" + recordId
            width: list.width
            height: Math.max(Theme.touch, implicitHeight)
            highlighted: recordId === pane.selectedId
            onClicked: pane.open(recordId)
            background: RowBackground { highlighted: row.highlighted; hovered: row.hovered }
            contentItem: ColumnLayout {
                spacing: 2
                Label {
                    Layout.fillWidth: true
                    text: row.caseCode !== "" ? qsTr("%1 · case %2").arg(row.agency).arg(row.caseCode) : row.agency
                    font.bold: true
                    wrapMode: Text.Wrap
                }
                Label {
                    Layout.fillWidth: true
                    text: row.chaseText
                    color: row.late ? Theme.danger : Theme.muted
                    wrapMode: Text.Wrap
                }
            }
        }
        Label {
            anchors.centerIn: parent
            visible: list.count === 0
            text: returns.lateOnly ? qsTr("Every return is in on time.") : qsTr("This round has no returns on this device.")
            color: Theme.muted
        }
    }
}
