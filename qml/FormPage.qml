// The audit form engine's page: any template, section by section, with progress, the questions
// of the current section, the alert modal and submit / approve. All rules live in FormController.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tandem.App

Page {
    id: page
    objectName: "formPage"
    property alias returnId: form.returnId
    property bool canGoBack: false
    readonly property bool wide: width >= 760
    readonly property alias controller: form
    readonly property bool moderating: Session.isBusinessOffice && modeBar.currentIndex === 1
    signal back()

    FormController {
        id: form
        onAlertRaised: (code, message) => alert.raise(code, message)
        onFocusQuestion: code => page.focusQuestion(code)
        onRefused: message => submitPanel.message = message
    }

    // Scrolls to a question and puts the cursor in it (after a failed submit).
    function focusQuestion(code) {
        questionColumn.ensurePolished()          // positions after a section change
        for (let i = 0; i < questions.count; ++i) {
            const item = questions.itemAt(i)
            if (item && item.code === code) {
                flick.contentY = Math.max(0, Math.min(item.y, flick.contentHeight - flick.height))
                item.takeFocus()
                return true
            }
        }
        return false
    }
    function jumpTo(code) {
        const section = form.sectionOf(code)
        if (section >= 0 && section !== form.currentSection) form.currentSection = section
        focusQuestion(code)
    }

    header: PageHeader {
        title: form.title
        subtitle: [form.agency, form.round, form.statusLabel].filter(s => s !== "").join(" · ")
        canGoBack: page.canGoBack
        onBack: page.back()
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        RowLayout {
            Layout.fillWidth: true
            Layout.margins: Theme.gap
            spacing: Theme.margin
            Label {
                objectName: "formProgress"
                text: form.progressText
            }
            ProgressBar {
                Layout.fillWidth: true
                value: form.questionCount > 0 ? form.answeredCount / form.questionCount : 0
            }
        }
        // The business office reads the answers or moderates them.
        TabBar {
            id: modeBar
            objectName: "formModeBar"
            Layout.fillWidth: true
            visible: Session.isBusinessOffice
            currentIndex: Session.isBusinessOffice ? 1 : 0
            TabButton { text: qsTr("Answers"); implicitHeight: Theme.touch }
            TabButton { objectName: "moderationTab"; text: qsTr("Moderation"); implicitHeight: Theme.touch }
        }
        Label {
            objectName: "leadComment"
            Layout.fillWidth: true
            Layout.margins: Theme.gap
            visible: form.returnComment !== ""
            text: qsTr("Returned by your agency lead: %1").arg(form.returnComment)
            color: Theme.warning
            wrapMode: Text.Wrap
        }
        SectionNav {
            Layout.fillWidth: true
            Layout.margins: Theme.gap
            visible: !page.wide && !page.moderating
            compact: true
            controller: form
        }
        // Built only for the business office: a practitioner's form never loads it.
        Loader {
            Layout.fillWidth: true
            Layout.fillHeight: true
            active: page.moderating
            visible: active
            sourceComponent: ModerationPanel { returnId: form.returnId }
        }
        RowLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            visible: !page.moderating
            spacing: 0
            SectionNav {
                Layout.preferredWidth: 260
                Layout.fillHeight: true
                visible: page.wide
                controller: form
            }
            Flickable {
                id: flick
                objectName: "questionArea"
                Layout.fillWidth: true
                Layout.fillHeight: true
                contentHeight: questionColumn.implicitHeight + 2 * Theme.gap
                clip: true
                ScrollBar.vertical: ScrollBar {}
                ColumnLayout {
                    id: questionColumn
                    x: Theme.gap
                    y: Theme.gap
                    width: flick.width - 2 * Theme.gap - 12
                    spacing: Theme.gap
                    Repeater {
                        id: questions
                        model: form.questions
                        delegate: QuestionItem {
                            Layout.fillWidth: true
                            controller: form
                        }
                    }
                }
                Connections {
                    target: form
                    function onCurrentSectionChanged() { flick.contentY = 0 }
                }
            }
        }
        // An agency lead approving the return of an agency in several partnerships sends a copy
        // to each partnership ticked here.
        Flow {
            objectName: "sendToChoice"
            Layout.fillWidth: true
            Layout.leftMargin: Theme.gap
            visible: form.sendToOptions.length > 0
            spacing: Theme.gap
            Label {
                height: Theme.touch
                verticalAlignment: Text.AlignVCenter
                text: qsTr("Also send to:")
                font.bold: true
            }
            Repeater {
                model: form.sendToOptions
                delegate: CheckBox {
                    objectName: "sendTo_" + modelData.code
                    text: modelData.code
                    checked: modelData.checked
                    height: Math.max(implicitHeight, Theme.touch)
                    onToggled: {
                        const chosen = form.sendToOptions.filter(o => o.code === modelData.code ? checked : o.checked)
                        submitPanel.message = form.setSendTo(chosen.map(o => o.code))
                    }
                }
            }
        }
        SubmitPanel {
            id: submitPanel
            objectName: "submitPanel"
            Layout.fillWidth: true
            controller: form
            onJumpTo: code => page.jumpTo(code)
        }
    }

    AnswerAlert { id: alert }
    // A modal outliving its form would block whatever page comes next.
    Component.onDestruction: alert.close()
    StackView.onRemoved: alert.close()
}
