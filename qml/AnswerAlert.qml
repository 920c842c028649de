// The modal raised at once when an answer matches a template's alert_if: a live safeguarding
// concern must be acted on now through the agency's procedure, not after a sync.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

Dialog {
    id: dialog
    objectName: "alertDialog"
    property string code
    property string message
    modal: true
    title: qsTr("Act on this now")
    header: Rectangle {
        implicitHeight: heading.implicitHeight + 2 * Theme.gap
        color: Theme.danger
        Label {
            id: heading
            anchors.fill: parent
            anchors.margins: Theme.gap
            text: dialog.title
            color: "white"
            font.bold: true
            verticalAlignment: Text.AlignVCenter
        }
    }
    standardButtons: Dialog.Ok
    anchors.centerIn: Overlay.overlay
    width: Math.min(parent ? parent.width - 2 * Theme.margin : 480, 520)

    function raise(questionCode, text) {
        code = questionCode
        message = text
        open()
    }

    ColumnLayout {
        width: parent.width
        spacing: Theme.gap
        Label {
            objectName: "alertMessage"
            Layout.fillWidth: true
            text: dialog.message
            wrapMode: Text.Wrap
        }
        Label {
            Layout.fillWidth: true
            text: qsTr("Your answer to %1 has been saved.").arg(dialog.code)
            color: Theme.muted
            wrapMode: Text.Wrap
        }
    }
}
