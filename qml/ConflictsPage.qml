// Conflicts (mine and theirs side by side, with the rule that decided) and edits the server
// rejected, from Session.conflicts and Session.rejections.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tandem.App

Flickable {
    id: page
    objectName: "conflictsPage"
    contentHeight: column.implicitHeight + 2 * Theme.margin
    clip: true
    ScrollBar.vertical: ScrollBar {}

    ColumnLayout {
        id: column
        x: Theme.margin
        y: Theme.margin
        width: page.width - 2 * Theme.margin
        spacing: Theme.gap

        Label {
            text: qsTr("Conflicts")
            font.bold: true
            font.pointSize: Qt.application.font.pointSize * 1.15
        }
        Label {
            Layout.fillWidth: true
            visible: conflictRepeater.count === 0
            text: qsTr("No conflicts: everything you changed stands.")
            color: Theme.muted
            wrapMode: Text.Wrap
        }
        Repeater {
            id: conflictRepeater
            objectName: "conflictList"
            model: Session.conflicts
            delegate: ConflictCard {
                Layout.fillWidth: true
                conflicts: Session.conflicts
            }
        }
        Label {
            Layout.topMargin: Theme.margin
            text: qsTr("Refused by the server")
            font.bold: true
            font.pointSize: Qt.application.font.pointSize * 1.15
        }
        Label {
            Layout.fillWidth: true
            visible: rejectionRepeater.count === 0
            text: qsTr("No refused edits.")
            color: Theme.muted
        }
        Repeater {
            id: rejectionRepeater
            objectName: "rejectionList"
            model: Session.rejections
            delegate: RejectionCard {
                Layout.fillWidth: true
                rejections: Session.rejections
            }
        }
    }
}
