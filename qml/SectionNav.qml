// The sections of a form with how far each is answered. A column beside the questions on a
// laptop, a combo box above them on a tablet.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

Item {
    id: nav
    property var controller
    property bool compact: false
    implicitHeight: compact ? combo.implicitHeight : list.contentHeight
    implicitWidth: compact ? combo.implicitWidth : 260

    function sectionLabel(s) { return s.code + "  " + s.title + "  (" + s.answered + "/" + s.total + ")" }

    ComboBox {
        id: combo
        objectName: "sectionCombo"
        visible: nav.compact
        width: parent.width
        height: Math.max(implicitHeight, Theme.touch)
        model: nav.compact ? nav.controller.sections.map(s => nav.sectionLabel(s)) : []
        currentIndex: nav.controller.currentSection
        onActivated: index => nav.controller.currentSection = index
    }
    ListView {
        id: list
        objectName: "sectionNav"
        visible: !nav.compact
        anchors.fill: parent
        clip: true
        activeFocusOnTab: true
        keyNavigationEnabled: true
        model: nav.compact ? [] : nav.controller.sections
        currentIndex: nav.controller.currentSection
        delegate: ItemDelegate {
            id: sectionRow
            objectName: "section_" + modelData.code
            background: RowBackground { highlighted: sectionRow.highlighted; hovered: sectionRow.hovered }
            width: ListView.view.width
            height: Math.max(Theme.touch, implicitHeight)
            highlighted: index === nav.controller.currentSection
            onClicked: nav.controller.currentSection = index
            contentItem: ColumnLayout {
                spacing: 0
                Label {
                    Layout.fillWidth: true
                    text: modelData.code + "  " + modelData.title
                    wrapMode: Text.Wrap
                    font.bold: index === nav.controller.currentSection
                }
                Label {
                    Layout.fillWidth: true
                    text: qsTr("%1 of %2 answered").arg(modelData.answered).arg(modelData.total)
                          + (modelData.missing > 0 ? " · " + qsTr("%1 missing").arg(modelData.missing) : "")
                    color: modelData.missing > 0 ? Theme.danger
                         : modelData.answered === modelData.total ? "#2e7d32" : Theme.muted
                    wrapMode: Text.Wrap
                }
            }
        }
        Keys.onReturnPressed: nav.controller.currentSection = currentIndex
        Keys.onEnterPressed: nav.controller.currentSection = currentIndex
    }
}
