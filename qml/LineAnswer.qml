// A one-line answer field shared by the number and date questions: saved on Enter, on leaving
// the field, or after a pause in typing. Validation is FormController's.
import QtQml
import QtQuick
import QtQuick.Controls

TextField {
    id: field
    property string code
    property string value
    signal answered(string text)

    objectName: "input_" + code
    text: value
    implicitHeight: Math.max(Theme.touch, contentHeight + topPadding + bottomPadding)

    function takeFocus() { forceActiveFocus() }
    function commit() {
        pause.stop()
        if (text !== value) answered(text)
    }

    Timer { id: pause; interval: 1200; onTriggered: field.commit() }
    onTextEdited: pause.restart()
    onEditingFinished: commit()
}
