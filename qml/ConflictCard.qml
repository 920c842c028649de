// One conflict: the record and field, their value and mine side by side, who wrote theirs and
// when, and the rule that decided. "Apply mine again" makes a new edit; "accept theirs" settles it.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

Frame {
    id: card
    required property string conflictId
    required property string recordTitle
    required property string fieldLabel
    required property string mine
    required property string theirs
    required property string theirUser
    required property string theirAgency
    required property string at
    required property string rule
    required property bool resolved
    property var conflicts
    property bool sideBySide: width >= 560
    property string message: ""

    objectName: "conflict_" + conflictId
    padding: Theme.margin

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.gap
        Label {
            Layout.fillWidth: true
            text: card.recordTitle
            font.bold: true
            wrapMode: Text.Wrap
        }
        Label {
            Layout.fillWidth: true
            text: card.fieldLabel
            color: Theme.muted
            wrapMode: Text.Wrap
        }
        GridLayout {
            Layout.fillWidth: true
            columns: card.sideBySide ? 2 : 1
            columnSpacing: Theme.margin
            rowSpacing: Theme.gap
            ValueBox {
                objectName: "mine_" + card.conflictId
                Layout.fillWidth: true
                Layout.fillHeight: true
                Layout.preferredWidth: 1
                heading: qsTr("Mine")
                value: card.mine
            }
            ValueBox {
                objectName: "theirs_" + card.conflictId
                Layout.fillWidth: true
                Layout.fillHeight: true
                Layout.preferredWidth: 1
                heading: qsTr("Theirs: %1, %2").arg(card.theirUser).arg(card.theirAgency)
                detail: card.at
                value: card.theirs
            }
        }
        Label {
            objectName: "rule_" + card.conflictId
            Layout.fillWidth: true
            text: card.rule
            wrapMode: Text.Wrap
            font.italic: true
        }
        RowLayout {
            visible: !card.resolved
            spacing: Theme.gap
            Button {
                objectName: "applyMine_" + card.conflictId
                text: qsTr("Apply mine again")
                Layout.minimumHeight: Theme.touch
                onClicked: card.message = card.conflicts.applyMine(card.conflictId)
            }
            Button {
                objectName: "acceptTheirs_" + card.conflictId
                text: qsTr("Accept theirs")
                Layout.minimumHeight: Theme.touch
                onClicked: card.message = card.conflicts.acceptTheirs(card.conflictId)
            }
        }
        Label {
            visible: card.resolved
            text: qsTr("Resolved")
            color: "#2e7d32"
        }
        Label {
            Layout.fillWidth: true
            visible: card.message !== ""
            text: card.message
            color: Theme.danger
            wrapMode: Text.Wrap
        }
    }
}
