// The sync status line: offline / syncing / synced at HH:MM and pending changes, a sync button,
// a progress bar during long syncs, and who is signed in. The sentences come from SyncController.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tandem.App

ToolBar {
    id: bar
    readonly property var sync: Session.sync

    ColumnLayout {
        anchors.fill: parent
        spacing: 0
        RowLayout {
            Layout.fillWidth: true
            Layout.leftMargin: Theme.margin
            Layout.rightMargin: Theme.gap
            spacing: Theme.gap
            Label {
                text: "Tandem"
                font.bold: true
            }
            Label {
                objectName: "syncStatus"
                Layout.fillWidth: true
                text: bar.sync ? bar.sync.statusText : ""
                color: bar.sync && bar.sync.permanentProblem ? Theme.danger : Theme.text
                wrapMode: Text.Wrap
                maximumLineCount: 2
                elide: Text.ElideRight
            }
            Label {
                objectName: "userLabel"
                text: Session.roleLabel !== "" && bar.width >= 1000 ? Session.user + " · " + Session.roleLabel
                                                                    : Session.user
                color: Theme.muted
                elide: Text.ElideRight
                Layout.maximumWidth: bar.width / 3
            }
            ToolButton {
                objectName: "syncButton"
                text: bar.sync && bar.sync.state === SyncController.Syncing ? qsTr("Cancel") : qsTr("Sync now")
                Layout.minimumHeight: Theme.touch
                enabled: bar.sync !== null
                onClicked: bar.sync.state === SyncController.Syncing ? bar.sync.cancel() : bar.sync.syncNow()
            }
            ToolButton {
                objectName: "signOutButton"
                text: qsTr("Sign out")
                Layout.minimumHeight: Theme.touch
                onClicked: Session.signOut()
            }
        }
        ProgressBar {
            objectName: "syncProgress"
            Layout.fillWidth: true
            visible: bar.sync !== null && bar.sync.state === SyncController.Syncing
            indeterminate: bar.sync !== null && bar.sync.progress < 0
            value: bar.sync ? Math.max(0, bar.sync.progress) : 0
        }
        // Permanent problems (device revoked, password changed) need the user, not a retry.
        Rectangle {
            objectName: "syncProblem"
            Layout.fillWidth: true
            visible: bar.sync !== null && bar.sync.permanentProblem
            implicitHeight: problemRow.implicitHeight + Theme.gap
            color: "#fdecea"
            RowLayout {
                id: problemRow
                anchors.fill: parent
                anchors.leftMargin: Theme.margin
                anchors.rightMargin: Theme.gap
                Label {
                    Layout.fillWidth: true
                    text: bar.sync ? bar.sync.problemText : ""
                    color: Theme.danger
                    wrapMode: Text.Wrap
                }
                Button {
                    text: qsTr("Sign in again")
                    Layout.minimumHeight: Theme.touch
                    onClicked: Session.signOut()
                }
            }
        }
    }
}
