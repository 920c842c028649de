// An action's target date as the business office sees it: every move so far ("31 Mar 2016 →
// 30 Jun 2016", the reason, who and when), and a new date with the reason it moves.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

GroupBox {
    id: panel
    objectName: "targetDatePanel"
    property var admin
    property string message: ""
    title: qsTr("Target date")

    ColumnLayout {
        anchors.left: parent.left
        anchors.right: parent.right
        spacing: Theme.gap

        Label {
            objectName: "targetDateNow"
            text: panel.admin.targetDate === "" ? qsTr("No target date yet") : qsTr("Now %1").arg(panel.admin.targetDateText)
            font.bold: true
        }
        Label {
            visible: history.count === 0
            text: qsTr("Not moved so far.")
            color: Theme.muted
        }
        Repeater {
            id: history
            objectName: "targetDateHistory"
            model: panel.admin.history
            delegate: ColumnLayout {
                required property int index
                required property string change
                required property string reason
                required property string by
                required property string on
                required property bool pending
                objectName: "targetDateMove_" + index
                Layout.fillWidth: true
                spacing: 0
                Label {
                    Layout.fillWidth: true
                    text: change
                    font.bold: true
                }
                Label {
                    Layout.fillWidth: true
                    text: reason
                    wrapMode: Text.Wrap
                }
                Label {
                    Layout.fillWidth: true
                    text: qsTr("by %1, %2").arg(by).arg(on)
                    color: pending ? Theme.warning : Theme.muted
                }
            }
        }
        GridLayout {
            Layout.fillWidth: true
            columns: panel.width >= 560 ? 3 : 1
            columnSpacing: Theme.gap
            TextField {
                id: dateField
                objectName: "newTargetDate"
                Layout.minimumHeight: Theme.touch
                Layout.preferredWidth: 150
                Layout.fillWidth: panel.width < 560
                placeholderText: qsTr("YYYY-MM-DD")
                inputMethodHints: Qt.ImhDate
            }
            TextField {
                id: reasonField
                objectName: "targetDateReason"
                Layout.fillWidth: true
                Layout.minimumHeight: Theme.touch
                placeholderText: qsTr("Why the date moves (required)")
            }
            Button {
                objectName: "moveTargetDate"
                text: qsTr("Move the date")
                Layout.minimumHeight: Theme.touch
                onClicked: {
                    panel.message = panel.admin.changeTargetDate(dateField.text, reasonField.text)
                    if (panel.message === "") {
                        dateField.text = ""
                        reasonField.text = ""
                    }
                }
            }
        }
        Label {
            objectName: "targetDateMessage"
            Layout.fillWidth: true
            visible: panel.message !== ""
            text: panel.message
            color: Theme.danger
            wrapMode: Text.Wrap
        }
    }
}
