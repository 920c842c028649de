// The idle lock: the replica is closed and its key forgotten; the user's password opens it again,
// offline. Signing out leads back to sign-in (another user on a shared laptop).
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tandem.App

Page {
    id: page
    objectName: "lockPage"
    property string failure: ""

    Connections {
        target: Session
        function onSignInFailed(message) {
            page.failure = message
            passwordField.selectAll()
        }
    }

    ColumnLayout {
        width: Math.min(page.width - 2 * Theme.margin, 480)
        x: (page.width - width) / 2
        y: Math.max(Theme.margin, (page.height - implicitHeight) / 3)
        spacing: Theme.gap

        Label {
            text: qsTr("Tandem is locked")
            font.bold: true
            font.pointSize: Qt.application.font.pointSize * 1.5
        }
        Label {
            objectName: "lockUser"
            Layout.fillWidth: true
            text: qsTr("%1's work is locked after %2 minutes without use. Enter your password to go on.")
                      .arg(Session.user).arg(Session.idleLockMinutes)
            color: Theme.muted
            wrapMode: Text.Wrap
        }
        Label { text: qsTr("Password"); Layout.topMargin: Theme.margin }
        TextField {
            id: passwordField
            objectName: "lockPassword"
            Layout.fillWidth: true
            Layout.minimumHeight: Theme.touch
            echoMode: TextInput.Password
            focus: true
            onAccepted: unlockButton.clicked()
        }
        Label {
            objectName: "lockError"
            Layout.fillWidth: true
            visible: page.failure !== ""
            text: page.failure
            color: Theme.danger
            wrapMode: Text.Wrap
        }
        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.gap
            Button {
                id: unlockButton
                objectName: "lockUnlockButton"
                text: qsTr("Unlock")
                highlighted: true
                enabled: !Session.busy && passwordField.text !== ""
                Layout.minimumHeight: Theme.touch
                onClicked: {
                    page.failure = ""
                    Session.unlock(Session.user, passwordField.text)
                }
            }
            Button {
                objectName: "lockSignOutButton"
                text: qsTr("Sign out")
                enabled: !Session.busy
                Layout.minimumHeight: Theme.touch
                onClicked: Session.signOut()
            }
            BusyIndicator {
                running: Session.busy
                visible: running
                Layout.preferredHeight: Theme.touch
                Layout.preferredWidth: Theme.touch
            }
        }
    }
}
