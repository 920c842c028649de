// A score as its word with a coloured dot (RAG or Ofsted-style grade), so colour is never the
// only signal; "Not scored" when empty.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

RowLayout {
    property string value
    property string label
    spacing: 4
    function colourOf(v) {
        if (v === "outstanding" || v === "good") return Theme.ragColour("green")
        if (v === "requires_improvement") return Theme.ragColour("amber")
        if (v === "inadequate") return Theme.ragColour("red")
        return Theme.ragColour(v)
    }
    Rectangle {
        Layout.preferredWidth: 12
        Layout.preferredHeight: 12
        radius: 6
        color: parent.colourOf(parent.value)
    }
    Label {
        text: parent.value === "" ? qsTr("Not scored") : parent.label
        color: parent.value === "" ? Theme.muted : Theme.text
        font.bold: parent.value !== ""
    }
}
