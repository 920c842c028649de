// The closure decision on an action (business office): close it with the evidence of impact and
// a date to re-test by audit, return it to the lead agency with a reason, or supersede it; and
// what was decided, once it has been.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

GroupBox {
    id: panel
    objectName: "closurePanel"
    property var admin
    property string message: ""
    readonly property bool wideRow: width >= 560
    title: qsTr("Closure decision")

    ColumnLayout {
        anchors.left: parent.left
        anchors.right: parent.right
        spacing: Theme.gap

        FieldRow { Layout.fillWidth: true; label: qsTr("Evidence of impact"); value: panel.admin.closureEvidence }
        FieldRow { Layout.fillWidth: true; label: qsTr("Closed on"); value: panel.admin.closureDate }
        FieldRow { Layout.fillWidth: true; label: qsTr("Re-test by audit by"); value: panel.admin.retestDate }
        FieldRow { Layout.fillWidth: true; label: qsTr("Decision"); value: panel.admin.closureDecision }
        Label {
            objectName: "closureHint"
            Layout.fillWidth: true
            visible: text !== ""
            text: panel.admin.closureHint
            color: Theme.muted
            wrapMode: Text.Wrap
        }

        ColumnLayout {
            visible: panel.admin.canClose
            Layout.fillWidth: true
            spacing: Theme.gap
            Label { text: qsTr("Evidence of impact (what changed for children)"); font.bold: true }
            TextArea {
                id: evidence
                objectName: "closureEvidence"
                Layout.fillWidth: true
                Layout.minimumHeight: 2 * Theme.touch
                wrapMode: TextEdit.Wrap
                placeholderText: qsTr("e.g. a re-audit of 20 cases found the voice of the child recorded in 18")
            }
            GridLayout {
                Layout.fillWidth: true
                columns: panel.wideRow ? 3 : 1
                columnSpacing: Theme.gap
                TextField {
                    id: closedOn
                    objectName: "closureDate"
                    Layout.fillWidth: true
                    Layout.minimumHeight: Theme.touch
                    placeholderText: qsTr("Closed on (today)")
                    inputMethodHints: Qt.ImhDate
                }
                TextField {
                    id: retest
                    objectName: "retestDate"
                    Layout.fillWidth: true
                    Layout.minimumHeight: Theme.touch
                    placeholderText: qsTr("Re-test by (YYYY-MM-DD)")
                    inputMethodHints: Qt.ImhDate
                }
                Button {
                    objectName: "closeAction"
                    text: qsTr("Close the action")
                    Layout.minimumHeight: Theme.touch
                    onClicked: panel.message = panel.admin.close(evidence.text, closedOn.text, retest.text)
                }
            }
        }

        Label {
            visible: panel.admin.canReturn || panel.admin.canSupersede
            text: panel.admin.canReturn ? qsTr("Or return it, or supersede it") : qsTr("Supersede it")
            font.bold: true
        }
        TextField {
            id: reason
            objectName: "closureReason"
            visible: panel.admin.canReturn || panel.admin.canSupersede
            Layout.fillWidth: true
            Layout.minimumHeight: Theme.touch
            placeholderText: panel.admin.canReturn ? qsTr("Why it goes back, or what replaces it")
                                                   : qsTr("What replaces it")
        }
        Flow {
            Layout.fillWidth: true
            spacing: Theme.gap
            Button {
                objectName: "returnAction"
                visible: panel.admin.canReturn
                text: qsTr("Return to the lead agency")
                height: Math.max(implicitHeight, Theme.touch)
                onClicked: panel.message = panel.admin.returnToLead(reason.text)
            }
            Button {
                objectName: "supersedeAction"
                visible: panel.admin.canSupersede
                text: qsTr("Mark superseded")
                height: Math.max(implicitHeight, Theme.touch)
                onClicked: panel.message = panel.admin.supersede(reason.text)
            }
        }
        Label {
            objectName: "closureMessage"
            Layout.fillWidth: true
            visible: panel.message !== ""
            text: panel.message
            color: Theme.danger
            wrapMode: Text.Wrap
        }
    }
}
