// One row of the plan outline, indented by its depth: a review (open or closed, with counts), a
// finding, a recommendation, or an action (RAG, reference, title, lead agency, status, date).
// Reviews, findings and recommendations carry a menu to add what goes under them or edit them.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

ItemDelegate {
    id: row
    required property string recordId
    required property string kind
    required property int depth
    required property string reference
    required property string body
    required property string status
    required property string statusLabel
    required property string rag
    required property string targetDate
    required property string leadAgency
    required property string counts
    required property bool expanded
    required property bool pending
    property bool selected: false
    readonly property bool isAction: kind === "action"
    signal toggle()
    signal open()
    signal add(string kind, string parentId, string title)
    signal edit(string recordId, string kind, string reference, string text)

    objectName: "plan_" + recordId
    width: ListView.view ? ListView.view.width : implicitWidth
    height: Math.max(Theme.touch, implicitHeight)
    // Children start under their review's title (past the open/close arrow), 20 px a level.
    leftPadding: Theme.gap + (kind === "review" ? 0 : 28 + (depth - 1) * 20)
    highlighted: selected
    background: RowBackground { highlighted: row.highlighted; hovered: row.hovered }
    onClicked: kind === "review" ? toggle() : isAction ? open() : menu.popup()

    contentItem: RowLayout {
        spacing: Theme.gap
        Label {
            visible: row.kind === "review"
            text: row.expanded ? "▾" : "▸"
            font.pointSize: Qt.application.font.pointSize * 1.3
            Layout.preferredWidth: 20
        }
        ColumnLayout {
            Layout.fillWidth: true
            spacing: 2
            RowLayout {
                spacing: Theme.gap
                RagChip { visible: row.isAction; rag: row.rag }
                Label {
                    text: row.reference
                    font.bold: true
                    Layout.fillWidth: true
                    elide: Text.ElideRight
                }
                Label {
                    visible: row.pending
                    text: qsTr("not synced")
                    color: Theme.warning
                }
            }
            Label {
                Layout.fillWidth: true
                text: row.body
                wrapMode: Text.Wrap
                maximumLineCount: row.kind === "review" ? 1 : 3
                elide: Text.ElideRight
            }
            Label {
                Layout.fillWidth: true
                visible: text !== ""
                text: row.isAction ? [row.leadAgency, row.statusLabel, row.targetDate].filter(s => s !== "").join(" · ")
                                   : row.counts
                color: Theme.muted
                elide: Text.ElideRight
            }
        }
        ToolButton {
            objectName: "planMenu_" + row.recordId
            visible: !row.isAction
            text: "⋯"
            Layout.minimumWidth: Theme.touch
            Layout.minimumHeight: Theme.touch
            onClicked: menu.popup()
            Accessible.name: qsTr("Add or edit")
        }
    }

    Menu {
        id: menu
        MenuItem {
            visible: row.kind === "review"
            height: visible ? Math.max(implicitHeight, Theme.touch) : 0
            text: qsTr("Add a finding")
            onTriggered: row.add("finding", row.recordId, row.reference)
        }
        MenuItem {
            visible: row.kind === "finding"
            height: visible ? Math.max(implicitHeight, Theme.touch) : 0
            text: qsTr("Add a recommendation")
            onTriggered: row.add("recommendation", row.recordId, row.reference)
        }
        MenuItem {
            visible: row.kind === "recommendation" || row.kind === "review"
            height: visible ? Math.max(implicitHeight, Theme.touch) : 0
            text: row.kind === "review" ? qsTr("Add an action on the review") : qsTr("Add an action")
            onTriggered: row.add("action", row.recordId, row.reference)
        }
        MenuItem {
            height: Math.max(implicitHeight, Theme.touch)
            text: row.kind === "review" ? qsTr("Edit the title") : qsTr("Edit the text")
            onTriggered: row.edit(row.recordId, row.kind, row.reference, row.body)
        }
    }
}
