// A list of audit returns: "mine" (assigned to me, drafts, returned to me) or, for agency leads,
// the agency's returns waiting for approval. The filter model comes from Session.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

ColumnLayout {
    id: pane
    property var returnsModel
    property string listName: "returnList"
    property string emptyText: qsTr("Nothing here")
    property string selectedId
    signal open(string recordId)
    spacing: Theme.gap

    TextField {
        objectName: pane.listName + "Search"
        Layout.fillWidth: true
        Layout.margins: Theme.gap
        Layout.minimumHeight: Theme.touch
        placeholderText: qsTr("Search returns")
        onTextChanged: if (pane.returnsModel) pane.returnsModel.search = text
    }
    ListView {
        id: list
        objectName: pane.listName
        Layout.fillWidth: true
        Layout.fillHeight: true
        clip: true
        activeFocusOnTab: true
        keyNavigationEnabled: true
        model: pane.returnsModel
        ScrollBar.vertical: ScrollBar {}
        delegate: ReturnDelegate {
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
            width: parent.width - 2 * Theme.margin
            horizontalAlignment: Text.AlignHCenter
            visible: list.count === 0
            text: pane.emptyText
            color: Theme.muted
            wrapMode: Text.Wrap
        }
    }
}
