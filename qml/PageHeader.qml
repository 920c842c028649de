// The title bar of a detail page: a back button where there is somewhere to go back to.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

ToolBar {
    id: bar
    property string title
    property string subtitle
    property bool canGoBack: false
    signal back()

    RowLayout {
        anchors.fill: parent
        anchors.leftMargin: Theme.gap
        anchors.rightMargin: Theme.gap
        ToolButton {
            objectName: "backButton"
            visible: bar.canGoBack
            text: qsTr("‹ Back")
            Layout.minimumHeight: Theme.touch
            onClicked: bar.back()
        }
        ColumnLayout {
            Layout.fillWidth: true
            Layout.topMargin: 4
            Layout.bottomMargin: 4
            spacing: 0
            Label {
                Layout.fillWidth: true
                text: bar.title
                font.bold: true
                font.pointSize: Qt.application.font.pointSize * 1.2
                wrapMode: Text.Wrap
                maximumLineCount: 2
                elide: Text.ElideRight
            }
            Label {
                Layout.fillWidth: true
                visible: text !== ""
                text: bar.subtitle
                color: Theme.muted
                wrapMode: Text.Wrap
            }
        }
    }
}
