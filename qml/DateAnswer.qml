// A date question, typed as YYYY-MM-DD (what the templates and the server store), with a
// button for today's date, the common answer.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

RowLayout {
    id: date
    property string code
    property string value
    property bool readOnly
    signal answered(string text)
    spacing: Theme.gap

    function takeFocus() { line.takeFocus() }

    LineAnswer {
        id: line
        code: date.code
        value: date.value
        readOnly: date.readOnly
        Layout.preferredWidth: 200
        placeholderText: qsTr("YYYY-MM-DD")
        inputMethodHints: Qt.ImhDate
        onAnswered: text => date.answered(text)
    }
    Button {
        objectName: "today_" + date.code
        visible: !date.readOnly
        text: qsTr("Today")
        Layout.minimumHeight: Theme.touch
        onClicked: date.answered(Qt.formatDate(new Date(), "yyyy-MM-dd"))
    }
    Item { Layout.fillWidth: true }
}
