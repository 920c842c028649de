// A free-text question (narrative, evidence, case code). Saved when the user leaves the field
// or pauses typing; the check (pattern) is FormController's.
import QtQml
import QtQuick
import QtQuick.Controls

TextArea {
    id: area
    property string code
    property string value
    property string hint
    signal answered(string text)

    objectName: "input_" + code
    text: value
    wrapMode: TextEdit.Wrap
    placeholderText: hint
    implicitHeight: Math.max(Theme.touch, contentHeight + topPadding + bottomPadding)
    background: Rectangle {
        color: area.readOnly ? Theme.panel : "white"
        border.color: area.activeFocus ? Theme.accent : Theme.line
        border.width: area.activeFocus ? 2 : 1
        radius: 2
    }

    function takeFocus() { forceActiveFocus() }
    function commit() {
        pause.stop()
        if (text !== value) answered(text)
    }

    // Saving a moment after the last keystroke means nothing typed is lost if the app dies.
    Timer { id: pause; interval: 1200; onTriggered: area.commit() }
    onTextChanged: if (activeFocus) pause.restart()
    onEditingFinished: commit()
    // Tab moves on (a tab character has no place in an audit answer).
    Keys.onTabPressed: nextItemInFocusChain(true).forceActiveFocus(Qt.TabFocusReason)
    Keys.onBacktabPressed: nextItemInFocusChain(false).forceActiveFocus(Qt.BacktabFocusReason)
}
