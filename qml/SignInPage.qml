// Sign in the first time online; later unlock offline with the same password. Users who
// already have a replica on this device are listed so they can pick themselves.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tandem.App

Page {
    id: page
    objectName: "signInPage"
    property string failure: ""

    Connections {
        target: Session
        function onSignInFailed(message) { page.failure = message }
    }

    Flickable {
        anchors.fill: parent
        contentHeight: column.y + column.implicitHeight + Theme.margin
        clip: true
        ColumnLayout {
            id: column
            width: Math.min(page.width - 2 * Theme.margin, 480)
            x: (page.width - width) / 2
            y: Math.max(Theme.margin, (page.height - implicitHeight) / 3)
            spacing: Theme.gap

            Label {
                text: "Tandem"
                font.bold: true
                font.pointSize: Qt.application.font.pointSize * 2
            }
            Label {
                Layout.fillWidth: true
                text: qsTr("Safeguarding audits and action plans, online or off.")
                color: Theme.muted
                wrapMode: Text.Wrap
            }
            Label { text: qsTr("Server"); Layout.topMargin: Theme.margin }
            TextField {
                id: serverField
                objectName: "serverField"
                Layout.fillWidth: true
                Layout.minimumHeight: Theme.touch
                text: Session.serverUrl
                placeholderText: "http://127.0.0.1:8470"
                inputMethodHints: Qt.ImhUrlCharactersOnly | Qt.ImhNoAutoUppercase
            }
            Label { text: qsTr("User name") }
            TextField {
                id: userField
                objectName: "userField"
                Layout.fillWidth: true
                Layout.minimumHeight: Theme.touch
                inputMethodHints: Qt.ImhNoAutoUppercase | Qt.ImhNoPredictiveText
                focus: true
            }
            Label { text: qsTr("Password") }
            TextField {
                id: passwordField
                objectName: "passwordField"
                Layout.fillWidth: true
                Layout.minimumHeight: Theme.touch
                echoMode: TextInput.Password
                onAccepted: signInButton.clicked()
            }
            Label {
                objectName: "signInError"
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
                    id: signInButton
                    objectName: "signInButton"
                    text: qsTr("Sign in")
                    highlighted: true
                    enabled: !Session.busy
                    Layout.minimumHeight: Theme.touch
                    onClicked: {
                        page.failure = ""
                        Session.signIn(serverField.text, userField.text, passwordField.text)
                    }
                }
                Button {
                    objectName: "unlockButton"
                    text: qsTr("Unlock offline")
                    visible: Session.knownUsers.length > 0
                    enabled: !Session.busy
                    Layout.minimumHeight: Theme.touch
                    onClicked: {
                        page.failure = ""
                        Session.unlock(userField.text, passwordField.text)
                    }
                }
                BusyIndicator {
                    objectName: "signInBusy"
                    running: Session.busy
                    visible: running
                    Layout.preferredHeight: Theme.touch
                    Layout.preferredWidth: Theme.touch
                }
            }
            Label {
                visible: Session.knownUsers.length > 0
                Layout.topMargin: Theme.margin
                text: qsTr("On this device")
                font.bold: true
            }
            Repeater {
                model: Session.knownUsers
                delegate: ItemDelegate {
                    objectName: "knownUser_" + modelData
                    Layout.fillWidth: true
                    Layout.minimumHeight: Theme.touch
                    text: modelData
                    highlighted: userField.text === modelData
                    onClicked: {
                        userField.text = modelData
                        passwordField.forceActiveFocus()
                    }
                }
            }
        }
    }
}
