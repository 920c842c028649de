// One action: the finding and recommendation it answers, who leads and supports it, target
// date, status and RAG, the transitions this user may make and its progress updates.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tandem.App

Page {
    id: page
    objectName: "actionPage"
    property alias actionId: action.actionId
    readonly property alias controller: action
    property bool canGoBack: false
    signal back()

    ActionController { id: action }

    header: PageHeader {
        title: action.reference
        subtitle: action.review
        canGoBack: page.canGoBack
        onBack: page.back()
    }

    Flickable {
        id: flick
        anchors.fill: parent
        contentHeight: column.implicitHeight + 2 * Theme.margin
        clip: true
        ScrollBar.vertical: ScrollBar {}

        ColumnLayout {
            id: column
            x: Theme.margin
            y: Theme.margin
            width: flick.width - 2 * Theme.margin
            spacing: Theme.margin

            Label {
                objectName: "actionTitle"
                Layout.fillWidth: true
                text: action.title
                font.bold: true
                font.pointSize: Qt.application.font.pointSize * 1.15
                wrapMode: Text.Wrap
            }
            RowLayout {
                spacing: Theme.margin
                Label {
                    objectName: "actionStatus"
                    text: action.statusLabel
                    font.bold: true
                }
                RagChip { objectName: "actionRag"; rag: action.rag }
                Label {
                    text: qsTr("due %1").arg(action.targetDate)
                    color: Theme.muted
                    visible: action.targetDate !== ""
                }
            }
            FieldRow {
                Layout.fillWidth: true
                label: qsTr("RAG override")
                value: action.ragOverride === "" ? "" : action.ragOverride + " — " + action.ragOverrideReason
            }
            FieldRow { Layout.fillWidth: true; label: qsTr("Finding"); value: action.finding }
            FieldRow { Layout.fillWidth: true; label: qsTr("Recommendation"); value: action.recommendation }
            FieldRow { Layout.fillWidth: true; label: qsTr("Lead agency"); value: action.leadAgency }
            FieldRow {
                Layout.fillWidth: true
                label: qsTr("Supporting agencies")
                value: action.supportingAgencies.join(", ")
            }
            FieldRow {
                Layout.fillWidth: true
                label: qsTr("Changes not yet synced")
                value: action.pendingFields.join(", ")
            }
            ActionStatusPanel {
                Layout.fillWidth: true
                controller: action
            }
            // The business office's target date, closure decision and action details.
            Loader {
                objectName: "actionAdminLoader"
                Layout.fillWidth: true
                active: Session.isBusinessOffice
                visible: active && item !== null && item.controller.canAdminister
                sourceComponent: PlanActionAdmin { actionId: page.actionId }
            }
            ProgressUpdates {
                Layout.fillWidth: true
                controller: action
            }
        }
    }
}
