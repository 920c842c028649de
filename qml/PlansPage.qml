// Action plans (business office): every review as an outline of its findings, recommendations
// and actions. A review opens and closes with a tap; an action opens beside the outline (or on
// top, on a tablet); the menu on a row adds what goes under it or corrects its text.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tandem.App

Page {
    id: plans
    objectName: "plansPage"
    property string selectedId
    readonly property alias controller: plan
    signal openAction(string id)

    PlanController { id: plan }

    header: ToolBar {
        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: Theme.margin
            anchors.rightMargin: Theme.gap
            Label {
                Layout.fillWidth: true
                text: qsTr("Action plans")
                font.bold: true
                font.pointSize: Qt.application.font.pointSize * 1.2
                elide: Text.ElideRight
            }
            Button {
                objectName: "newReviewButton"
                visible: plan.canEdit
                text: qsTr("New review")
                Layout.minimumHeight: Theme.touch
                onClicked: editor.openCreate("review", plan.partnership, "")
            }
        }
    }

    ListView {
        id: outline
        objectName: "planOutline"
        anchors.fill: parent
        clip: true
        model: plan.outline
        boundsBehavior: Flickable.StopAtBounds
        ScrollBar.vertical: ScrollBar {}
        delegate: PlanDelegate {
            selected: recordId === plans.selectedId
            onToggle: plan.outline.toggle(recordId)
            onOpen: plans.openAction(recordId)
            onAdd: (kind, parentId, title) => editor.openCreate(kind, parentId, title)
            onEdit: (recordId, kind, reference, text) => editor.openEdit(recordId, kind, reference, text)
        }
    }

    Label {
        anchors.centerIn: parent
        width: parent.width - 2 * Theme.margin
        visible: outline.count === 0
        horizontalAlignment: Text.AlignHCenter
        wrapMode: Text.Wrap
        color: Theme.muted
        text: qsTr("No action plans on this device yet. Add a review to start one.")
    }

    PlanEditDialog {
        id: editor
        controller: plan
        onCreated: id => {
            const row = plan.outline.rowOf(id)
            if (row >= 0) outline.positionViewAtIndex(row, ListView.Contain)
        }
    }
}
