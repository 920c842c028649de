// Adds a review, finding, recommendation or action to a plan, or corrects a record's text. The
// dialog stays open with PlanController's sentence when something needs putting right.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

Dialog {
    id: dialog
    objectName: "planEditDialog"
    property var controller
    property bool creating: true
    property string kind                // review, finding, recommendation, action
    property string parentId            // for a new record
    property string recordId            // for an edit
    property string message: ""
    signal created(string id)

    parent: Overlay.overlay
    anchors.centerIn: parent
    width: Math.min(560, parent ? parent.width - 2 * Theme.margin : 560)
    modal: true
    focus: true
    title: {
        const words = { review: qsTr("review"), finding: qsTr("finding"),
                        recommendation: qsTr("recommendation"), action: qsTr("action") }
        return creating ? qsTr("New %1").arg(words[kind] || "") : qsTr("Edit %1").arg(words[kind] || "")
    }

    function openCreate(kind, parentId, under) {
        creating = true
        dialog.kind = kind
        dialog.parentId = parentId
        recordId = ""
        underLabel.text = under === "" ? "" : qsTr("Under %1").arg(under)
        numberField.text = kind === "review" ? "" : controller.suggestNumber(kind, parentId)
        titleField.text = ""
        textArea.text = ""
        dateField.text = ""
        leadBox.currentIndex = -1
        message = ""
        open()
    }
    function openEdit(recordId, kind, reference, text) {
        creating = false
        dialog.kind = kind
        dialog.recordId = recordId
        underLabel.text = reference
        textArea.text = text
        titleField.text = text
        message = ""
        open()
    }
    function save() {
        const usesTitle = kind === "review" || kind === "action"
        if (!creating)
            message = controller.editText(recordId, usesTitle ? titleField.text : textArea.text)
        else if (kind === "review")
            message = controller.createReview(numberField.text, titleField.text, typeBox.currentText)
        else if (kind === "finding")
            message = controller.createFinding(parentId, numberField.text, textArea.text)
        else if (kind === "recommendation")
            message = controller.createRecommendation(parentId, numberField.text, textArea.text)
        else
            message = controller.createAction(parentId, numberField.text, titleField.text,
                                              leadBox.currentIndex >= 0 ? leadBox.currentValue : "", dateField.text)
        if (message !== "") return
        if (creating) created(controller.lastCreated)
        close()
    }

    contentItem: ColumnLayout {
        spacing: Theme.gap
        Label {
            id: underLabel
            Layout.fillWidth: true
            visible: text !== ""
            color: Theme.muted
            wrapMode: Text.Wrap
        }
        Label { text: dialog.kind === "review" ? qsTr("Code") : qsTr("Number"); visible: dialog.creating }
        TextField {
            id: numberField
            objectName: "planNumber"
            visible: dialog.creating
            Layout.fillWidth: true
            Layout.minimumHeight: Theme.touch
            placeholderText: dialog.kind === "review" ? qsTr("e.g. SH-LCSPR-M") : qsTr("e.g. 2, 1a or 2.3")
        }
        Label {
            visible: titleField.visible
            text: dialog.kind === "review" ? qsTr("Title (the child's pseudonym)") : qsTr("What will be done")
        }
        TextField {
            id: titleField
            objectName: "planTitle"
            visible: dialog.kind === "review" || dialog.kind === "action"
            Layout.fillWidth: true
            Layout.minimumHeight: Theme.touch
        }
        Label { visible: typeBox.visible; text: qsTr("Kind of review") }
        ComboBox {
            id: typeBox
            objectName: "planReviewType"
            visible: dialog.creating && dialog.kind === "review"
            Layout.fillWidth: true
            Layout.minimumHeight: Theme.touch
            model: dialog.controller ? dialog.controller.reviewTypes : []
        }
        Label {
            visible: textArea.visible
            text: dialog.kind === "finding" ? qsTr("The finding") : qsTr("The recommendation")
        }
        TextArea {
            id: textArea
            objectName: "planText"
            visible: dialog.kind === "finding" || dialog.kind === "recommendation"
            Layout.fillWidth: true
            Layout.minimumHeight: 3 * Theme.touch
            wrapMode: TextEdit.Wrap
        }
        GridLayout {
            visible: dialog.creating && dialog.kind === "action"
            Layout.fillWidth: true
            columns: dialog.width >= 480 ? 2 : 1
            columnSpacing: Theme.gap
            Label { text: qsTr("Lead agency") }
            Label { text: qsTr("Target date") }
            ComboBox {
                id: leadBox
                objectName: "planLeadAgency"
                Layout.fillWidth: true
                Layout.minimumHeight: Theme.touch
                model: dialog.controller ? dialog.controller.agencies : []
                textRole: "name"
                valueRole: "code"
                displayText: currentIndex < 0 ? qsTr("Choose…") : currentText
            }
            TextField {
                id: dateField
                objectName: "planTargetDate"
                Layout.fillWidth: true
                Layout.minimumHeight: Theme.touch
                placeholderText: qsTr("YYYY-MM-DD (optional)")
                inputMethodHints: Qt.ImhDate
            }
        }
        Label {
            objectName: "planMessage"
            Layout.fillWidth: true
            visible: dialog.message !== ""
            text: dialog.message
            color: Theme.danger
            wrapMode: Text.Wrap
        }
    }

    footer: DialogButtonBox {
        Button {
            objectName: "planSaveButton"
            text: dialog.creating ? qsTr("Add") : qsTr("Save")
            implicitHeight: Math.max(implicitContentHeight + topPadding + bottomPadding, Theme.touch)
            onClicked: dialog.save()
        }
        Button {
            text: qsTr("Cancel")
            implicitHeight: Math.max(implicitContentHeight + topPadding + bottomPadding, Theme.touch)
            onClicked: dialog.close()
        }
    }
}
