// The business office moderating a return: per standard the agency's self score and evidence
// beside the moderated score, then the moderator's note and receive / mark moderated. A return
// of a multi-agency case audit also shows the whole case (CaseAuditPanel).
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tandem.App

Flickable {
    id: panel
    objectName: "moderationPanel"
    property alias returnId: moderation.returnId
    readonly property alias controller: moderation
    signal openAction(string id)
    contentHeight: column.implicitHeight + 2 * Theme.gap
    clip: true
    ScrollBar.vertical: ScrollBar {}

    ModerationController {
        id: moderation
        onActionMade: id => panel.openAction(id)
    }

    ColumnLayout {
        id: column
        x: Theme.gap
        y: Theme.gap
        width: panel.width - 2 * Theme.gap - 12
        spacing: Theme.gap

        RowLayout {
            Layout.fillWidth: true
            Label {
                objectName: "moderationProgress"
                Layout.fillWidth: true
                text: qsTr("%1 · %2").arg(moderation.statusLabel).arg(moderation.progressText)
                font.bold: true
                wrapMode: Text.Wrap
            }
            Button {
                objectName: "receiveButton"
                visible: moderation.canReceive
                text: qsTr("Receive")
                highlighted: true
                Layout.minimumHeight: Theme.touch
                onClicked: moderation.receive()
            }
        }
        Label {
            Layout.fillWidth: true
            visible: !moderation.scoresEditable
            text: qsTr("Moderated scores can be given once the agency lead has approved the return.")
            color: Theme.muted
            wrapMode: Text.Wrap
        }
        Repeater {
            model: moderation.standards
            delegate: Rectangle {
                objectName: "standard_" + modelData.section
                Layout.fillWidth: true
                implicitHeight: standardColumn.implicitHeight + 2 * Theme.gap
                color: Theme.panel
                border.color: Theme.line
                radius: 4
                ColumnLayout {
                    id: standardColumn
                    x: Theme.gap
                    y: Theme.gap
                    width: parent.width - 2 * Theme.gap
                    spacing: 4
                    Label {
                        Layout.fillWidth: true
                        text: modelData.section + ". " + modelData.title
                        font.bold: true
                        wrapMode: Text.Wrap
                    }
                    // Self and moderated side by side on a laptop, one above the other when narrow;
                    // equal preferred widths share the row evenly.
                    GridLayout {
                        Layout.fillWidth: true
                        columns: panel.width >= 560 ? 2 : 1
                        columnSpacing: Theme.margin
                        ColumnLayout {
                            Layout.fillWidth: true
                            Layout.preferredWidth: 1
                            Layout.alignment: Qt.AlignTop
                            Label { text: qsTr("Self score"); color: Theme.muted }
                            RoundScoreChip {
                                objectName: "self_" + modelData.section
                                value: modelData.selfValue
                                label: modelData.selfLabel
                            }
                            Repeater {
                                model: modelData.evidence
                                delegate: Label {
                                    Layout.fillWidth: true
                                    text: "<b>" + modelData.label + "</b><br>" + modelData.text
                                    textFormat: Text.StyledText
                                    wrapMode: Text.Wrap
                                }
                            }
                        }
                        ColumnLayout {
                            Layout.fillWidth: true
                            Layout.preferredWidth: 1
                            Layout.alignment: Qt.AlignTop
                            Label { text: qsTr("Moderated score"); color: Theme.muted }
                            Flow {
                                Layout.fillWidth: true
                                spacing: 4
                                property string code: modelData.moderatedCode
                                property string value: modelData.moderatedValue
                                Repeater {
                                    model: modelData.options
                                    delegate: Button {
                                        objectName: "moderate_" + parent.code + "_" + modelData.value
                                        text: modelData.label
                                        checkable: true
                                        checked: parent.value === modelData.value
                                        enabled: moderation.scoresEditable
                                        height: Math.max(implicitHeight, Theme.touch)
                                        onClicked: moderation.setModerated(parent.code, modelData.value)
                                        // The moderated choice is marked by the rating's colour as well as the check.
                                        Rectangle {
                                            visible: parent.checked
                                            anchors.bottom: parent.bottom
                                            width: parent.width
                                            height: 4
                                            color: Theme.ragColour(modelData.value)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        Label { text: qsTr("Moderator's note"); font.bold: true }
        TextArea {
            id: note
            objectName: "moderatorNote"
            Layout.fillWidth: true
            Layout.minimumHeight: Theme.touch * 2
            wrapMode: TextEdit.Wrap
            enabled: moderation.canModerate
            placeholderText: qsTr("What the moderation found, for the agency and the board")
            text: moderation.moderatorNote
            background: Rectangle {
                color: parent.enabled ? "white" : Theme.panel
                border.color: parent.activeFocus ? Theme.accent : Theme.line
                border.width: parent.activeFocus ? 2 : 1
                radius: 2
            }
        }
        RowLayout {
            Layout.fillWidth: true
            Label {
                objectName: "moderationMessage"
                Layout.fillWidth: true
                text: moderation.message
                color: Theme.danger
                wrapMode: Text.Wrap
            }
            Button {
                objectName: "markModeratedButton"
                visible: moderation.canModerate
                text: qsTr("Mark moderated")
                highlighted: true
                Layout.minimumHeight: Theme.touch
                onClicked: moderation.markModerated(note.text)
            }
        }
        CaseAuditPanel {
            Layout.fillWidth: true
            visible: moderation.isCaseAudit
            controller: moderation
        }
    }
}
