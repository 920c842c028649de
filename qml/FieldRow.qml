// One labelled fact on a detail page ("Lead agency", "Target date"); hidden when empty.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

ColumnLayout {
    property string label
    property string value
    visible: value !== ""
    spacing: 2
    Label {
        text: parent.label
        color: Theme.muted
        font.bold: true
    }
    Label {
        Layout.fillWidth: true
        text: parent.value
        wrapMode: Text.Wrap
    }
}
