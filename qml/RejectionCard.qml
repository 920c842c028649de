// An edit the server refused: the record, field and value, and the reason in a sentence.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

Frame {
    id: card
    required property string rejectionId
    required property string recordTitle
    required property string fieldLabel
    required property string value
    required property string message
    required property string at
    property var rejections

    objectName: "rejection_" + rejectionId
    padding: Theme.margin

    RowLayout {
        anchors.fill: parent
        spacing: Theme.margin
        ColumnLayout {
            Layout.fillWidth: true
            spacing: 2
            Label {
                Layout.fillWidth: true
                text: card.recordTitle + " · " + card.fieldLabel
                font.bold: true
                wrapMode: Text.Wrap
            }
            Label {
                Layout.fillWidth: true
                text: qsTr("Your value: %1").arg(card.value === "" ? qsTr("(empty)") : card.value)
                wrapMode: Text.Wrap
            }
            Label {
                Layout.fillWidth: true
                text: card.message
                color: Theme.danger
                wrapMode: Text.Wrap
            }
            Label {
                text: card.at
                color: Theme.muted
            }
        }
        Button {
            objectName: "dismiss_" + card.rejectionId
            text: qsTr("Dismiss")
            Layout.minimumHeight: Theme.touch
            onClicked: card.rejections.dismiss(card.rejectionId)
        }
    }
}
