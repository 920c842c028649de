// Home: my actions, my returns, approvals (agency leads) and conflicts, as tabs. On a laptop the
// chosen action or return opens beside the list; on a tablet it opens as its own page.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tandem.App

Page {
    id: home
    objectName: "homePage"
    property bool wide: width >= Theme.wideBreak
    property StackView stack                     // where one-column layouts push detail pages
    property string selectedId
    readonly property var tabs: [
        { key: "actions", label: qsTr("Actions") },
        { key: "returns", label: qsTr("My returns") }
    ].concat(Session.isAgencyLead ? [{ key: "approvals", label: qsTr("Approvals") }] : [])
     .concat([{ key: "conflicts", label: qsTr("Conflicts") }])
    readonly property string currentTab: tabs[Math.max(0, Math.min(tabBar.currentIndex, tabs.length - 1))].key
    readonly property bool showDetail: wide && currentTab !== "conflicts"

    function showTab(key) {
        for (let i = 0; i < tabs.length; ++i)
            if (tabs[i].key === key) tabBar.currentIndex = i
    }
    function openAction(id) { open(actionPage, { actionId: id }, id) }
    function openReturn(id) { open(formPage, { returnId: id }, id) }
    function open(component, properties, id) {
        selectedId = id
        if (wide) {
            detail.replace(null, component, properties, StackView.Immediate)
        } else {
            properties.canGoBack = true
            stack.push(component, properties, StackView.Immediate)
        }
    }
    function closeDetail() {
        detail.clear(StackView.Immediate)
        selectedId = ""
    }
    // The page shown beside the list (or on top), for tests and the screenshot mode.
    function currentDetail() { return wide ? detail.currentItem : stack.currentItem }

    header: TabBar {
        id: tabBar
        objectName: "homeTabs"
        Repeater {
            model: home.tabs
            delegate: TabButton {
                objectName: "tab_" + modelData.key
                implicitHeight: Math.max(Theme.touch, implicitContentHeight + topPadding + bottomPadding)
                contentItem: RowLayout {
                    spacing: 6
                    Item { Layout.fillWidth: true }
                    Label {
                        text: modelData.label
                        font.bold: parent.parent.checked
                    }
                    Badge {
                        objectName: "attentionBadge"
                        visible: modelData.key === "conflicts" && count > 0
                        count: Session.attentionCount
                    }
                    Item { Layout.fillWidth: true }
                }
            }
        }
    }

    RowLayout {
        anchors.fill: parent
        spacing: 0

        StackLayout {
            Layout.fillHeight: true
            Layout.fillWidth: !home.showDetail
            Layout.preferredWidth: home.showDetail ? Theme.listWidth : -1
            currentIndex: ["actions", "returns", "approvals", "conflicts"].indexOf(home.currentTab)

            ActionList {
                selectedId: home.selectedId
                onOpen: id => home.openAction(id)
            }
            ReturnList {
                listName: "myReturnList"
                returnsModel: Session.myReturns
                emptyText: qsTr("No audit returns or checklists are assigned to you.")
                selectedId: home.selectedId
                onOpen: id => home.openReturn(id)
            }
            ReturnList {
                listName: "approvalList"
                returnsModel: Session.approvals
                emptyText: qsTr("No returns are waiting for your approval.")
                selectedId: home.selectedId
                onOpen: id => home.openReturn(id)
            }
            ConflictsPage {}
        }
        Rectangle {
            visible: home.showDetail
            Layout.fillHeight: true
            Layout.preferredWidth: 1
            color: Theme.line
        }
        StackView {
            id: detail
            objectName: "detailStack"
            visible: home.showDetail
            Layout.fillWidth: true
            Layout.fillHeight: true
            Label {
                anchors.centerIn: parent
                visible: detail.depth === 0
                text: qsTr("Choose an action or a return")
                color: Theme.muted
            }
        }
    }

    Component {
        id: actionPage
        ActionPage { onBack: home.stack.pop(StackView.Immediate) }
    }
    Component {
        id: formPage
        FormPage { onBack: home.stack.pop(StackView.Immediate) }
    }
}
