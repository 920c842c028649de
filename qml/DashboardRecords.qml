// The records behind a dashboard row when there are several: a list to choose one from. Records
// outside what this account receives are listed but cannot be opened.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

Dialog {
    id: dialog
    property var records: []
    readonly property alias list: list
    signal openRecord(string kind, string id)

    objectName: "dashboardRecords"
    modal: true
    anchors.centerIn: Overlay.overlay
    width: Math.min(560, (parent ? parent.width : 560) - 2 * Theme.margin)
    height: Math.min(implicitHeight, (parent ? parent.height : 600) - 2 * Theme.margin)
    title: qsTr("%n record(s) behind this row", "", records.length)
    standardButtons: Dialog.Close

    ListView {
        id: list
        anchors.fill: parent
        implicitHeight: contentHeight
        clip: true
        model: dialog.records
        delegate: ItemDelegate {
            required property var modelData
            required property int index
            objectName: "dashboardRecord_" + index
            width: list.width
            height: Math.max(Theme.touch, implicitHeight)
            enabled: modelData.openable
            onClicked: {
                dialog.close()
                dialog.openRecord(modelData.kind, modelData.id)
            }
            background: RowBackground { hovered: parent.hovered }
            contentItem: ColumnLayout {
                spacing: 0
                Label {
                    Layout.fillWidth: true
                    text: modelData.title
                    wrapMode: Text.Wrap
                    maximumLineCount: 2
                    elide: Text.ElideRight
                }
                Label {
                    Layout.fillWidth: true
                    text: modelData.detail
                    color: Theme.muted
                    elide: Text.ElideRight
                }
            }
        }
    }
}
