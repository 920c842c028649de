// One question of the audit form: its text, the input for its answer type, the validation
// message beside it and a mark when a failed submit found it missing. Whether it shows
// (show_if), whether it may be edited and what is wrong all come from FormController's roles.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

Frame {
    id: question
    required property var model
    required property int index
    property var controller

    readonly property string code: model.code
    objectName: "question_" + code
    visible: model.visible
    padding: Theme.margin

    function takeFocus() { if (input.item) input.item.takeFocus() }
    function save(text) { question.controller.answer(question.code, text) }

    background: Rectangle {
        color: question.model.missing ? "#fff4f2" : "white"
        border.color: question.model.missing ? Theme.danger
                    : question.model.error !== "" ? Theme.warning : Theme.line
        border.width: question.model.missing ? 2 : 1
        radius: 4
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.gap
        Label {
            objectName: "questionText_" + question.code
            Layout.fillWidth: true
            text: question.model.code + "  " + question.model.text + (question.model.required ? "  *" : "")
            wrapMode: Text.Wrap
        }
        Loader {
            id: input
            Layout.fillWidth: true
            sourceComponent: question.model.type === "choice" ? choiceInput
                           : question.model.type === "number" ? numberInput
                           : question.model.type === "date" ? dateInput : textInput
        }
        Label {
            objectName: "error_" + question.code
            Layout.fillWidth: true
            visible: question.model.error !== ""
            text: question.model.error
            color: Theme.danger
            wrapMode: Text.Wrap
        }
        Label {
            objectName: "missing_" + question.code
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            visible: question.model.missing
            text: qsTr("Required: answer this before submitting")
            color: Theme.danger
            font.bold: true
        }
        Label {
            visible: question.model.readOnly && question.controller.editable
            text: qsTr("Completed by the business office")
            color: Theme.muted
            font.italic: true
        }
    }

    Component {
        id: choiceInput
        ChoiceAnswer {
            code: question.code
            options: question.model.options
            value: question.model.value
            readOnly: question.model.readOnly
            onAnswered: text => question.save(text)
        }
    }
    Component {
        id: textInput
        TextAnswer {
            code: question.code
            value: question.model.value
            hint: question.model.hint
            readOnly: question.model.readOnly
            onAnswered: text => question.save(text)
        }
    }
    Component {
        id: numberInput
        NumberAnswer {
            code: question.code
            value: question.model.value
            hint: question.model.hint
            readOnly: question.model.readOnly
            onAnswered: text => question.save(text)
        }
    }
    Component {
        id: dateInput
        DateAnswer {
            code: question.code
            value: question.model.value
            readOnly: question.model.readOnly
            onAnswered: text => question.save(text)
        }
    }
}
