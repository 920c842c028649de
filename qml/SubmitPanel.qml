// The foot of a form: submit (listing what is missing, each a link to its question) for the
// author, approve or return with a comment for the agency lead. Before a return goes, answers
// that look like a child's name or date of birth are listed, each a link to fix it, with
// "Submit anyway". FormController decides.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

Pane {
    id: panel
    property var controller
    readonly property var missing: controller.missing      // [{code, text, section}]
    readonly property var personalData: controller.personalDataWarnings  // [{code, text, finding, section}]
    property string message: ""
    signal jumpTo(string code)
    padding: Theme.gap

    background: Rectangle { color: Theme.panel; border.color: Theme.line }

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.gap

        ColumnLayout {
            objectName: "missingList"
            Layout.fillWidth: true
            visible: panel.missing.length > 0
            spacing: 4
            Label {
                objectName: "missingSummary"
                Layout.fillWidth: true
                text: panel.missing.length === 1 ? qsTr("1 required answer is missing:")
                                                 : qsTr("%1 required answers are missing:").arg(panel.missing.length)
                color: Theme.danger
                font.bold: true
                wrapMode: Text.Wrap
            }
            // At most about two rows of links; the rest scrolls, so the form stays in view.
            Flickable {
                id: linksView
                Layout.fillWidth: true
                Layout.preferredHeight: Math.min(links.implicitHeight, Theme.touch * 2 + 4)
                contentHeight: links.implicitHeight
                clip: true
                ScrollBar.vertical: ScrollBar { policy: ScrollBar.AsNeeded }
                Flow {
                    id: links
                    width: linksView.width
                    spacing: 4
                    Repeater {
                        model: panel.missing
                        delegate: Button {
                            objectName: "missing_link_" + modelData.code
                            text: modelData.code
                            flat: true
                            height: Math.max(implicitHeight, Theme.touch)
                            ToolTip.visible: hovered
                            ToolTip.text: modelData.text
                            onClicked: panel.jumpTo(modelData.code)
                        }
                    }
                }
            }
        }
        ColumnLayout {
            objectName: "personalDataList"
            Layout.fillWidth: true
            visible: panel.personalData.length > 0
            spacing: 4
            Label {
                objectName: "personalDataSummary"
                Layout.fillWidth: true
                text: qsTr("These answers may identify a child. Use the partnership case code, never a name or date of birth:")
                color: Theme.warning
                font.bold: true
                wrapMode: Text.Wrap
            }
            Repeater {
                model: panel.personalData
                delegate: Button {
                    objectName: "personalData_link_" + modelData.code
                    Layout.fillWidth: true
                    Layout.minimumHeight: Theme.touch
                    flat: true
                    text: modelData.code + ": " + modelData.finding
                    ToolTip.visible: hovered
                    ToolTip.text: modelData.text
                    onClicked: panel.jumpTo(modelData.code)
                }
            }
            Button {
                objectName: "submitAnywayButton"
                text: qsTr("Submit anyway")
                Layout.minimumHeight: Theme.touch
                onClicked: {
                    panel.message = ""
                    panel.controller.submitAnyway()
                }
            }
        }
        Label {
            objectName: "formMessage"
            Layout.fillWidth: true
            visible: panel.message !== ""
            text: panel.message
            color: Theme.danger
            wrapMode: Text.Wrap
        }
        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.gap
            Label {
                Layout.fillWidth: true
                text: panel.controller.editable ? qsTr("Every answer is saved as you give it.")
                                                : panel.controller.statusLabel
                color: Theme.muted
                wrapMode: Text.Wrap
            }
            Button {
                objectName: "submitButton"
                visible: panel.controller.canSubmit
                text: qsTr("Submit")
                highlighted: true
                Layout.minimumHeight: Theme.touch
                onClicked: {
                    panel.message = ""
                    panel.controller.submit()
                }
            }
        }
        // The agency lead's decision on a submitted return.
        RowLayout {
            Layout.fillWidth: true
            visible: panel.controller.canApprove || panel.controller.canSendBack
            spacing: Theme.gap
            TextField {
                id: comment
                objectName: "returnComment"
                Layout.fillWidth: true
                Layout.minimumHeight: Theme.touch
                placeholderText: qsTr("Comment when returning for changes")
            }
            Button {
                objectName: "sendBackButton"
                visible: panel.controller.canSendBack
                text: qsTr("Return")
                Layout.minimumHeight: Theme.touch
                onClicked: panel.message = panel.controller.sendBack(comment.text)
            }
            Button {
                objectName: "approveButton"
                visible: panel.controller.canApprove
                text: qsTr("Approve")
                highlighted: true
                Layout.minimumHeight: Theme.touch
                onClicked: panel.message = panel.controller.approve()
            }
        }
    }
}
