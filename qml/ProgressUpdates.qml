// An action's progress updates, newest as the model orders them, and the form to add one
// (narrative and proposed RAG) when this user may.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

ColumnLayout {
    id: updates
    property var controller
    property string message: ""
    spacing: Theme.gap

    Label {
        text: qsTr("Progress updates")
        font.bold: true
        font.pointSize: Qt.application.font.pointSize * 1.1
    }
    Repeater {
        id: progressRepeater
        objectName: "progressList"
        model: updates.controller.progress
        delegate: Frame {
            required property string narrative
            required property string proposedRag
            required property string author
            required property string agency
            required property string at
            required property bool pending
            Layout.fillWidth: true
            ColumnLayout {
                anchors.fill: parent
                spacing: 4
                RowLayout {
                    spacing: Theme.gap
                    RagChip { rag: proposedRag }
                    Label {
                        Layout.fillWidth: true
                        text: [author, agency, at].filter(s => s !== "").join(" · ")
                        color: Theme.muted
                        elide: Text.ElideRight
                    }
                    Label {
                        visible: pending
                        text: qsTr("not synced")
                        color: Theme.warning
                    }
                }
                Label {
                    Layout.fillWidth: true
                    text: narrative
                    wrapMode: Text.Wrap
                }
            }
        }
    }
    Label {
        visible: progressRepeater.count === 0
        text: qsTr("No progress updates yet.")
        color: Theme.muted
    }

    GroupBox {
        Layout.fillWidth: true
        visible: updates.controller.canAddProgress
        title: qsTr("Add a progress update")
        ColumnLayout {
            anchors.fill: parent
            spacing: Theme.gap
            TextArea {
                id: narrativeField
                objectName: "progressNarrative"
                Layout.fillWidth: true
                Layout.minimumHeight: Theme.touch * 2
                placeholderText: qsTr("What has been done since the last update")
                wrapMode: TextEdit.Wrap
            }
            RowLayout {
                spacing: Theme.gap
                ComboBox {
                    id: proposedRagBox
                    objectName: "progressRag"
                    implicitContentWidthPolicy: ComboBox.WidestText
                    Layout.minimumHeight: Theme.touch
                    textRole: "label"
                    valueRole: "value"
                    model: [
                        { value: "green", label: qsTr("Proposed RAG: Green") },
                        { value: "amber", label: qsTr("Proposed RAG: Amber") },
                        { value: "red", label: qsTr("Proposed RAG: Red") }
                    ]
                }
                Button {
                    objectName: "addProgressButton"
                    text: qsTr("Add update")
                    Layout.minimumHeight: Theme.touch
                    onClicked: {
                        updates.message = updates.controller.addProgressUpdate(narrativeField.text,
                                                                               proposedRagBox.currentValue)
                        if (updates.message === "") narrativeField.text = ""
                    }
                }
            }
            Label {
                objectName: "progressMessage"
                Layout.fillWidth: true
                visible: updates.message !== ""
                text: updates.message
                color: Theme.danger
                wrapMode: Text.Wrap
            }
        }
    }
}
