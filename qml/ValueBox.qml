// One side of a conflict: whose value it is, when, and the value itself.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

Rectangle {
    id: box
    property string heading
    property string detail
    property string value
    color: Theme.panel
    border.color: Theme.line
    radius: 4
    implicitHeight: column.implicitHeight + 2 * Theme.gap
    implicitWidth: column.implicitWidth + 2 * Theme.gap

    ColumnLayout {
        id: column
        x: Theme.gap
        y: Theme.gap
        width: box.width - 2 * Theme.gap
        spacing: 2
        Label {
            Layout.fillWidth: true
            text: box.heading
            font.bold: true
            wrapMode: Text.Wrap
        }
        Label {
            Layout.fillWidth: true
            visible: box.detail !== ""
            text: box.detail
            color: Theme.muted
        }
        Label {
            Layout.fillWidth: true
            text: box.value === "" ? qsTr("(empty)") : box.value
            wrapMode: Text.Wrap
        }
    }
}
