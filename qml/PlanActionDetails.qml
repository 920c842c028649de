// What an action is, as the business office sets it: title, description, priority, the lead
// agency and the agencies that support it. Saved together; only what changed is sent.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

GroupBox {
    id: panel
    objectName: "actionDetailsPanel"
    property var admin
    property string message: ""
    property var supporting: []      // codes ticked now
    property bool dirty: false       // the user has changed the form: a sync does not overwrite it
    title: qsTr("The action (business office)")

    // Fills the form from the action as it stands (on opening and after every sync).
    function reset() {
        dirty = false
        titleField.text = admin.title
        titleField.cursorPosition = 0     // show the start of a long title
        description.text = admin.description
        priorityBox.currentIndex = priorityBox.indexOfValue(admin.priority)
        leadBox.currentIndex = leadBox.indexOfValue(admin.leadAgency)
        supporting = admin.supportingAgencies
    }
    Connections {
        target: panel.admin
        function onChanged() { if (!panel.dirty) panel.reset() }
    }
    Component.onCompleted: reset()

    ColumnLayout {
        anchors.left: parent.left
        anchors.right: parent.right
        spacing: Theme.gap
        Label { text: qsTr("What will be done") }
        TextField {
            id: titleField
            objectName: "actionTitleField"
            onTextEdited: panel.dirty = true
            Layout.fillWidth: true
            Layout.minimumHeight: Theme.touch
        }
        Label { text: qsTr("Description, evidence required and how impact will be measured") }
        TextArea {
            id: description
            objectName: "actionDescription"
            Layout.fillWidth: true
            Layout.minimumHeight: 2 * Theme.touch
            wrapMode: TextEdit.Wrap
            onActiveFocusChanged: if (activeFocus) panel.dirty = true
        }
        GridLayout {
            Layout.fillWidth: true
            columns: panel.width >= 560 ? 2 : 1
            columnSpacing: Theme.gap
            Label { text: qsTr("Priority") }
            Label { text: qsTr("Lead agency") }
            ComboBox {
                id: priorityBox
                objectName: "actionPriority"
                Layout.fillWidth: true
                Layout.minimumHeight: Theme.touch
                model: [""].concat(panel.admin.priorities)
                displayText: currentText === "" ? qsTr("Not set") : currentText
                onActivated: panel.dirty = true
            }
            ComboBox {
                id: leadBox
                objectName: "actionLeadAgency"
                Layout.fillWidth: true
                Layout.minimumHeight: Theme.touch
                model: panel.admin.agencies
                textRole: "name"
                valueRole: "code"
                onActivated: panel.dirty = true
            }
        }
        Label { text: qsTr("Supporting agencies") }
        Flow {
            objectName: "supportingAgencies"
            Layout.fillWidth: true
            spacing: 0
            Repeater {
                model: panel.admin.agencies
                delegate: CheckBox {
                    required property var modelData
                    visible: modelData.code !== leadBox.currentValue
                    height: visible ? Math.max(implicitHeight, Theme.touch) : 0
                    text: modelData.name
                    checked: panel.supporting.indexOf(modelData.code) >= 0
                    onToggled: {
                        panel.dirty = true
                        const now = panel.supporting.filter(c => c !== modelData.code)
                        panel.supporting = checked ? now.concat([modelData.code]) : now
                    }
                }
            }
        }
        RowLayout {
            spacing: Theme.gap
            Button {
                objectName: "saveActionDetails"
                text: qsTr("Save the action")
                Layout.minimumHeight: Theme.touch
                onClicked: {
                    panel.message = panel.admin.saveDetails(
                                titleField.text, description.text, priorityBox.currentText, leadBox.currentValue,
                                panel.supporting.filter(c => c !== leadBox.currentValue))
                    if (panel.message === "") panel.reset()
                }
            }
            Button {
                text: qsTr("Undo my changes")
                flat: true
                Layout.minimumHeight: Theme.touch
                onClicked: { panel.message = ""; panel.reset() }
            }
        }
        Label {
            objectName: "actionDetailsMessage"
            Layout.fillWidth: true
            visible: panel.message !== ""
            text: panel.message
            color: Theme.danger
            wrapMode: Text.Wrap
        }
    }
}
