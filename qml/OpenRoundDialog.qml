// "Open a round": template, title, theme, due and moderation dates, the agencies taking part
// and, for a case-file audit, the case codes. RoundController checks it all before sending;
// opening needs the server, so offline it says so and keeps what was typed.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tandem.App

Dialog {
    id: dialog
    objectName: "openRoundDialog"
    signal roundOpened(string id, string title)

    parent: Overlay.overlay
    modal: true
    title: qsTr("Open a round")
    width: Math.min(parent ? parent.width - 2 * Theme.margin : 640, 680)
    height: Math.min(parent ? parent.height - 2 * Theme.margin : 720, 760)
    anchors.centerIn: parent
    padding: Theme.margin

    onAboutToShow: controller.reset()

    RoundController {
        id: controller
        objectName: "roundController"
        onOpened: (id, returns) => {
            dialog.roundOpened(id, controller.title)
            dialog.close()
        }
    }

    contentItem: ColumnLayout {
        spacing: Theme.gap
        ScrollView {
            id: scroll
            Layout.fillWidth: true
            Layout.fillHeight: true
            contentWidth: availableWidth
            clip: true
            ColumnLayout {
                width: scroll.availableWidth
                spacing: Theme.gap
                Label { text: qsTr("Template"); font.bold: true }
                ComboBox {
                    objectName: "roundTemplate"
                    Layout.fillWidth: true
                    Layout.minimumHeight: Theme.touch
                    model: controller.templates
                    textRole: "title"
                    valueRole: "key"
                    displayText: currentIndex < 0 ? qsTr("Choose a template") : currentText
                    currentIndex: count > 0 ? indexOfValue(controller.templateKey) : -1
                    onActivated: controller.templateKey = currentValue
                }
                Label { text: qsTr("Title"); font.bold: true }
                TextField {
                    objectName: "roundTitle"
                    Layout.fillWidth: true
                    Layout.minimumHeight: Theme.touch
                    placeholderText: qsTr("Section 11 self-assessment 2027")
                    text: controller.title
                    onTextEdited: controller.title = text
                }
                GridLayout {
                    Layout.fillWidth: true
                    columns: dialog.width >= 560 ? 3 : 1
                    columnSpacing: Theme.gap
                    Label { text: qsTr("Theme"); font.bold: true }
                    Label { text: qsTr("Returns due (YYYY-MM-DD)"); font.bold: true; visible: parent.columns === 3 }
                    Label { text: qsTr("Moderation meeting"); font.bold: true; visible: parent.columns === 3 }
                    TextField {
                        objectName: "roundTheme"
                        Layout.fillWidth: true
                        Layout.minimumHeight: Theme.touch
                        text: controller.theme
                        onTextEdited: controller.theme = text
                    }
                    Label { text: qsTr("Returns due (YYYY-MM-DD)"); font.bold: true; visible: parent.columns === 1 }
                    TextField {
                        objectName: "roundDueDate"
                        Layout.fillWidth: true
                        Layout.minimumHeight: Theme.touch
                        placeholderText: "2027-03-31"
                        inputMethodHints: Qt.ImhDate
                        text: controller.dueDate
                        onTextEdited: controller.dueDate = text
                    }
                    Label { text: qsTr("Moderation meeting"); font.bold: true; visible: parent.columns === 1 }
                    TextField {
                        objectName: "roundModerationDate"
                        Layout.fillWidth: true
                        Layout.minimumHeight: Theme.touch
                        placeholderText: qsTr("optional")
                        inputMethodHints: Qt.ImhDate
                        text: controller.moderationDate
                        onTextEdited: controller.moderationDate = text
                    }
                }
                Label {
                    text: qsTr("Agencies taking part (%1 chosen)").arg(controller.selectedAgencies.length)
                    font.bold: true
                }
                Flow {
                    Layout.fillWidth: true
                    spacing: 0
                    Repeater {
                        model: controller.agencies
                        // An agency, and once chosen who completes its return (else its lead assigns it).
                        delegate: RowLayout {
                            width: dialog.width >= 560 ? scroll.availableWidth / 2 : scroll.availableWidth
                            readonly property bool chosen: controller.selectedAgencies.indexOf(modelData.code) >= 0
                            CheckBox {
                                objectName: "roundAgency_" + modelData.code
                                Layout.fillWidth: true
                                Layout.minimumHeight: Theme.touch
                                text: modelData.name
                                checked: parent.chosen
                                onToggled: controller.setAgencySelected(modelData.code, checked)
                            }
                            TextField {
                                objectName: "roundAssignee_" + modelData.code
                                visible: parent.chosen
                                Layout.preferredWidth: 120
                                Layout.minimumHeight: Theme.touch
                                placeholderText: qsTr("assign to")
                                text: controller.assignees[modelData.code] || ""
                                onTextEdited: controller.setAssignee(modelData.code, text)
                            }
                        }
                    }
                }
                Label {
                    visible: controller.needsCases
                    text: qsTr("Case codes (every agency chosen audits each case, the first leading it; a line \"STH-0412: STH-CSC, MERPOL\" names the agencies of one case)")
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    font.bold: true
                }
                TextArea {
                    objectName: "roundCases"
                    visible: controller.needsCases
                    Layout.fillWidth: true
                    Layout.minimumHeight: Theme.touch * 1.5
                    placeholderText: qsTr("STH-0412, STH-1187")
                    wrapMode: TextEdit.Wrap
                    text: controller.cases
                    background: Rectangle {
                        color: parent.enabled ? "white" : Theme.panel
                        border.color: parent.activeFocus ? Theme.accent : Theme.line
                        border.width: parent.activeFocus ? 2 : 1
                        radius: 2
                    }
                    onTextChanged: if (text !== controller.cases) controller.cases = text
                }
            }
        }
        Label {
            objectName: "roundProblems"
            Layout.fillWidth: true
            visible: controller.problems.length > 0
            text: controller.problems.join(" ")
            color: Theme.muted
            wrapMode: Text.Wrap
        }
        Label {
            objectName: "roundMessage"
            Layout.fillWidth: true
            visible: controller.message !== ""
            text: controller.message
            color: Theme.danger
            wrapMode: Text.Wrap
        }
        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.gap
            BusyIndicator { running: controller.busy; visible: running; Layout.preferredHeight: Theme.touch }
            Item { Layout.fillWidth: true }
            Button {
                objectName: "cancelRoundButton"
                text: qsTr("Cancel")
                Layout.minimumHeight: Theme.touch
                onClicked: dialog.close()
            }
            Button {
                objectName: "sendRoundButton"
                text: qsTr("Open the round")
                highlighted: true
                enabled: !controller.busy && controller.problems.length === 0
                Layout.minimumHeight: Theme.touch
                onClicked: controller.open()
            }
        }
    }
}
