// My actions: the filter bar and the filtered list (Session.actionFilter). Emits open(id);
// the home page decides whether the action shows beside the list or on its own page.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tandem.App

ColumnLayout {
    id: pane
    property string selectedId
    signal open(string recordId)
    spacing: Theme.gap

    ActionFilterBar {
        Layout.fillWidth: true
        Layout.margins: Theme.gap
        filter: Session.actionFilter
    }
    Label {
        objectName: "actionCount"
        Layout.leftMargin: Theme.gap
        text: !Session.actionFilter ? "" : Session.actionFilter.count === 1 ? qsTr("1 action")
                                     : qsTr("%1 actions").arg(Session.actionFilter.count)
        color: Theme.muted
    }
    ListView {
        id: list
        objectName: "actionList"
        Layout.fillWidth: true
        Layout.fillHeight: true
        clip: true
        activeFocusOnTab: true
        keyNavigationEnabled: true
        model: Session.actionFilter
        ScrollBar.vertical: ScrollBar {}
        delegate: ActionDelegate {
            selected: recordId === pane.selectedId
            onOpen: {
                list.currentIndex = index
                pane.open(recordId)
            }
        }
        Keys.onReturnPressed: if (currentItem) currentItem.open()
        Keys.onEnterPressed: if (currentItem) currentItem.open()
        Label {
            anchors.centerIn: parent
            visible: list.count === 0
            text: qsTr("No actions match")
            color: Theme.muted
        }
    }
}
