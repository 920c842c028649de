// A multi-agency case audit at moderation: every agency's return for the case side by side
// (its grade and learning), the grade and learning the meeting agreed, and an action made
// from that learning under the round's audit review.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

ColumnLayout {
    id: panel
    objectName: "caseAuditPanel"
    property var controller
    spacing: Theme.gap

    Label {
        Layout.topMargin: Theme.margin
        text: qsTr("Case %1: every agency's audit").arg(panel.controller.caseCode)
        font.bold: true
        font.pointSize: Qt.application.font.pointSize * 1.1
    }
    Flow {
        Layout.fillWidth: true
        spacing: Theme.gap
        Repeater {
            model: panel.controller.caseReturns
            delegate: Rectangle {
                objectName: "caseReturn_" + modelData.agencyCode
                width: panel.width >= 640 ? (panel.width - Theme.gap) / 2 : panel.width
                height: caseColumn.implicitHeight + 2 * Theme.gap
                color: Theme.panel
                border.color: Theme.line
                radius: 4
                ColumnLayout {
                    id: caseColumn
                    x: Theme.gap
                    y: Theme.gap
                    width: parent.width - 2 * Theme.gap
                    spacing: 4
                    Label {
                        Layout.fillWidth: true
                        text: modelData.agency + " · " + modelData.statusLabel
                        font.bold: true
                        wrapMode: Text.Wrap
                    }
                    RowLayout {
                        Label { text: qsTr("Grade:"); color: Theme.muted }
                        RoundScoreChip { value: modelData.grade; label: modelData.gradeLabel }
                    }
                    Label {
                        Layout.fillWidth: true
                        text: modelData.learning !== "" ? modelData.learning : qsTr("No learning written yet.")
                        color: modelData.learning !== "" ? Theme.text : Theme.muted
                        wrapMode: Text.Wrap
                    }
                }
            }
        }
    }
    Label { text: qsTr("Agreed grade"); font.bold: true }
    ComboBox {
        id: grade
        objectName: "agreedGrade"
        Layout.fillWidth: true
        Layout.maximumWidth: 360
        Layout.minimumHeight: Theme.touch
        textRole: "label"
        valueRole: "value"
        model: [{ value: "", label: qsTr("Not agreed yet") }].concat(panel.controller.gradeOptions)
        // `count` makes the choice follow the model as well as the agreed grade.
        currentIndex: count > 0 ? Math.max(0, indexOfValue(panel.controller.agreedGrade)) : -1
    }
    Label { text: qsTr("Agreed learning"); font.bold: true }
    TextArea {
        id: learning
        objectName: "caseLearning"
        Layout.fillWidth: true
        Layout.minimumHeight: Theme.touch * 2
        wrapMode: TextEdit.Wrap
        text: panel.controller.caseLearning
        background: Rectangle {
            color: parent.enabled ? "white" : Theme.panel
            border.color: parent.activeFocus ? Theme.accent : Theme.line
            border.width: parent.activeFocus ? 2 : 1
            radius: 2
        }
    }
    Button {
        objectName: "agreeCaseButton"
        text: qsTr("Save the agreed grade and learning")
        Layout.minimumHeight: Theme.touch
        onClicked: panel.controller.agreeCase(grade.currentValue, learning.text)
    }
    Label {
        Layout.topMargin: Theme.gap
        text: qsTr("Make an action from this learning")
        font.bold: true
    }
    GridLayout {
        Layout.fillWidth: true
        columns: panel.width >= 640 ? 3 : 1
        columnSpacing: Theme.gap
        TextField {
            id: actionTitle
            objectName: "learningActionTitle"
            Layout.fillWidth: true
            Layout.minimumHeight: Theme.touch
            placeholderText: qsTr("What will be done")
        }
        ComboBox {
            id: lead
            objectName: "learningActionLead"
            Layout.fillWidth: true
            Layout.minimumHeight: Theme.touch
            model: panel.controller.caseAgencies
            textRole: "name"
            valueRole: "code"
        }
        TextField {
            id: target
            objectName: "learningActionTarget"
            Layout.fillWidth: true
            Layout.minimumHeight: Theme.touch
            placeholderText: qsTr("Target date YYYY-MM-DD")
        }
    }
    RowLayout {
        Layout.fillWidth: true
        Button {
            objectName: "learningActionButton"
            text: qsTr("Make the action")
            enabled: actionTitle.text.trim() !== ""
            Layout.minimumHeight: Theme.touch
            onClicked: {
                const title = actionTitle.text.trim()
                if (panel.controller.actionFromLearning(title, lead.currentValue, target.text) !== "") return
                made.text = qsTr("\u201c%1\u201d is now an action of the round's learning review.").arg(title)
                actionTitle.text = ""
                target.text = ""
            }
        }
        Label {
            id: made
            objectName: "learningActionMade"
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            color: Theme.muted
        }
    }
}
