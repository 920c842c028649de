// The status transitions this user may make now and, where allowed, a RAG override with its
// reason. Refusals come back from ActionController as a sentence shown here.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tandem.App

ColumnLayout {
    id: panel
    property var controller
    property string message: ""
    spacing: Theme.gap

    Label {
        text: qsTr("Move to")
        font.bold: true
        visible: panel.controller.transitions.length > 0
    }
    Flow {
        objectName: "transitions"
        Layout.fillWidth: true
        spacing: Theme.gap
        Repeater {
            model: panel.controller.transitions
            delegate: Button {
                objectName: "transition_" + modelData.to
                text: modelData.label
                height: Math.max(implicitHeight, Theme.touch)
                onClicked: panel.message = panel.controller.setStatus(modelData.to)
            }
        }
    }
    Label {
        visible: panel.controller.transitions.length === 0
        Layout.fillWidth: true
        // The business office decides closure in the closure panel below instead.
        text: Session.isBusinessOffice ? qsTr("Closure decisions are made in the closure panel below.")
                                       : qsTr("You cannot change this action's status.")
        color: Theme.muted
        wrapMode: Text.Wrap
    }

    GroupBox {
        Layout.fillWidth: true
        visible: panel.controller.canOverrideRag
        title: qsTr("Override RAG")
        GridLayout {
            anchors.fill: parent
            columns: panel.width >= 560 ? 3 : 1
            columnSpacing: Theme.gap
            ComboBox {
                id: ragBox
                objectName: "ragOverrideBox"
                implicitContentWidthPolicy: ComboBox.WidestText
                Layout.minimumHeight: Theme.touch
                textRole: "label"
                valueRole: "value"
                model: [
                    { value: "", label: qsTr("Derived (no override)") },
                    { value: "red", label: qsTr("Red") },
                    { value: "amber", label: qsTr("Amber") },
                    { value: "green", label: qsTr("Green") }
                ]
            }
            TextField {
                id: reasonField
                objectName: "ragOverrideReason"
                Layout.fillWidth: true
                Layout.minimumHeight: Theme.touch
                placeholderText: qsTr("Reason for the override")
            }
            Button {
                objectName: "ragOverrideButton"
                text: qsTr("Set RAG")
                Layout.minimumHeight: Theme.touch
                onClicked: {
                    panel.message = panel.controller.setRagOverride(ragBox.currentValue, reasonField.text)
                    if (panel.message === "") reasonField.text = ""
                }
            }
        }
    }
    Label {
        objectName: "actionMessage"
        Layout.fillWidth: true
        visible: panel.message !== ""
        text: panel.message
        color: Theme.danger
        wrapMode: Text.Wrap
    }
}
