// A choice question: radio buttons for short scales (yes/partly/no, RAG), a combo box for long
// ones (0-10). Choosing saves at once through FormController.answer.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

Item {
    id: choice
    property string code
    property var options: []
    property string value
    property bool readOnly
    signal answered(string text)
    readonly property bool asCombo: options.length > 5

    implicitHeight: asCombo ? combo.implicitHeight : radios.implicitHeight
    implicitWidth: asCombo ? combo.implicitWidth : radios.implicitWidth

    function takeFocus() {
        const first = asCombo ? combo : radioRepeater.itemAt(0)
        if (first) first.forceActiveFocus()
    }

    Flow {
        id: radios
        visible: !choice.asCombo
        width: parent.width
        spacing: Theme.gap
        Repeater {
            id: radioRepeater
            model: choice.asCombo ? [] : choice.options
            delegate: RadioButton {
                objectName: "option_" + choice.code + "_" + modelData.value
                text: modelData.label
                checked: choice.value === modelData.value
                enabled: !choice.readOnly
                height: Math.max(implicitHeight, Theme.touch)
                onClicked: choice.answered(modelData.value)
            }
        }
    }
    ComboBox {
        id: combo
        objectName: "combo_" + choice.code
        visible: choice.asCombo
        width: Math.min(parent.width, 320)
        height: Math.max(implicitHeight, Theme.touch)
        enabled: !choice.readOnly
        textRole: "label"
        valueRole: "value"
        model: choice.asCombo ? [{ value: "", label: qsTr("Not answered") }].concat(choice.options) : []
        currentIndex: choice.asCombo ? Math.max(0, indexOfValue(choice.value)) : -1
        onActivated: choice.answered(currentValue)
    }
}
