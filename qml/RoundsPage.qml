// Audit rounds (business office): every round with how far its returns have got, "Open a round",
// and one round's returns by agency for chasing late ones. A return opens beside the list (or on
// its own page on a tablet) in the form, where the office moderates it.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tandem.App

Page {
    id: page
    objectName: "roundsPage"
    property string selectedId
    // The round whose returns are shown; "" lists the rounds.
    property string roundId
    property string roundTitle
    signal openReturn(string id)

    function showRound(id, title) {
        roundTitle = title
        roundId = id
    }

    RoundListModel { id: rounds }

    header: ToolBar {
        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: Theme.gap
            anchors.rightMargin: Theme.gap
            ToolButton {
                objectName: "roundsBackButton"
                visible: page.roundId !== ""
                text: qsTr("‹ Rounds")
                Layout.minimumHeight: Theme.touch
                onClicked: page.roundId = ""
            }
            Label {
                Layout.fillWidth: true
                text: page.roundId === "" ? (rounds.count === 1 ? qsTr("1 round") : qsTr("%1 rounds").arg(rounds.count))
                                          : page.roundTitle
                font.bold: true
                elide: Text.ElideRight
            }
            Button {
                objectName: "openRoundButton"
                visible: page.roundId === ""
                text: qsTr("Open a round…")
                highlighted: true
                Layout.minimumHeight: Theme.touch
                onClicked: openDialog.open()
            }
        }
    }

    StackLayout {
        anchors.fill: parent
        currentIndex: page.roundId === "" ? 0 : 1

        ListView {
            id: roundList
            objectName: "roundList"
            clip: true
            model: rounds
            ScrollBar.vertical: ScrollBar {}
            delegate: RoundDelegate {
                id: round
                onOpen: page.showRound(round.roundId, round.title)
            }
            Label {
                anchors.centerIn: parent
                width: parent.width - 2 * Theme.margin
                horizontalAlignment: Text.AlignHCenter
                visible: roundList.count === 0
                text: qsTr("No audit rounds yet. Open one to send returns to the agencies.")
                color: Theme.muted
                wrapMode: Text.Wrap
            }
        }
        RoundReturnList {
            roundId: page.roundId
            selectedId: page.selectedId
            onOpen: id => page.openReturn(id)
        }
    }

    OpenRoundDialog {
        id: openDialog
        onRoundOpened: (id, title) => page.showRound(id, title)
    }
}
