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
    // The business office also runs rounds and plans and reads the dashboards; the board reads
    // the dashboards.
    readonly property var tabs: (Session.isBusinessOffice || Session.isBoard
                                 ? [{ key: "dashboards", label: qsTr("Dashboards") }] : [])
     .concat(Session.isBusinessOffice ? [{ key: "rounds", label: qsTr("Rounds") },
                                         { key: "plans", label: qsTr("Plans") }] : [])
     .concat([{ key: "actions", label: qsTr("Actions") }])
     .concat(Session.isBusinessOffice || Session.isBoard ? [] : [{ key: "returns", label: qsTr("My returns") }])
     .concat(Session.isAgencyLead ? [{ key: "approvals", label: qsTr("Approvals") }] : [])
     .concat([{ key: "conflicts", label: qsTr("Conflicts") }])
    readonly property string currentTab: tabs[Math.max(0, Math.min(tabBar.currentIndex, tabs.length - 1))].key
    readonly property bool showDetail: wide && currentTab !== "conflicts" && currentTab !== "dashboards"

    function showTab(key) {
        for (let i = 0; i < tabs.length; ++i)
            if (tabs[i].key === key) tabBar.currentIndex = i
    }
    function openAction(id) { open(actionPage, { actionId: id }, id) }
    function openReturn(id) { open(formPage, { returnId: id }, id) }
    function open(component, properties, id) {
        selectedId = id
        if (showDetail) {
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
            currentIndex: ["actions", "returns", "approvals", "conflicts", "dashboards", "rounds", "plans"]
                          .indexOf(home.currentTab)

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
            // Loaded only for the roles that have them (a practitioner's app never builds them).
            Loader {
                active: Session.isBusinessOffice || Session.isBoard
                sourceComponent: DashboardPage {
                    onOpenAction: id => home.openAction(id)
                    onOpenReturn: id => home.openReturn(id)
                }
            }
            Loader {
                active: Session.isBusinessOffice
                sourceComponent: RoundsPage {
                    selectedId: home.selectedId
                    onOpenReturn: id => home.openReturn(id)
                }
            }
            Loader {
                active: Session.isBusinessOffice
                sourceComponent: PlansPage {
                    selectedId: home.selectedId
                    onOpenAction: id => home.openAction(id)
                }
            }
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
