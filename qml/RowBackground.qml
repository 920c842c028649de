// The background of a list row: a light tint when selected or focused, so the row's own text
// colours (muted, RAG, overdue) stay readable.
import QtQuick

Rectangle {
    property bool highlighted
    property bool hovered
    color: highlighted ? Theme.selected : hovered ? Theme.panel : "white"
    Rectangle {
        anchors.bottom: parent.bottom
        width: parent.width
        height: 1
        color: Theme.line
    }
    Rectangle {
        visible: parent.highlighted
        width: 4
        height: parent.height
        color: Theme.accent
    }
}
