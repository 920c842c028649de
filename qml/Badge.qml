// A small count bubble (open conflicts and rejections); hidden at zero.
import QtQuick
import QtQuick.Controls

Rectangle {
    property int count
    visible: count > 0
    implicitWidth: Math.max(implicitHeight, countLabel.implicitWidth + 10)
    implicitHeight: countLabel.implicitHeight + 4
    radius: height / 2
    color: Theme.danger
    Label {
        id: countLabel
        anchors.centerIn: parent
        text: count
        color: "white"
        font.bold: true
    }
}
