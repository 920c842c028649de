// The window: the sync bar on top, sign-in until a replica is open, then home; the lock screen
// when the session locks itself after idle time. Esc goes back.
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Tandem.App

ApplicationWindow {
    id: window
    objectName: "mainWindow"
    width: 1280
    height: 800
    visible: true
    title: Session.signedIn ? qsTr("Tandem — %1").arg(Session.user) : "Tandem"

    header: SyncBar { visible: Session.signedIn }

    // Navigation the screenshot mode and the tests drive, as a user would by tapping.
    property Item home: null                     // the home page while signed in
    function showTab(key) { if (home) { back(); home.showTab(key) } }
    function openAction(id) { if (home) home.openAction(id) }
    function openReturn(id) { if (home) home.openReturn(id) }
    function currentDetail() { return home ? home.currentDetail() : null }
    function back() {
        if (mainStack.depth > 1) mainStack.pop(StackView.Immediate)
        else if (home) home.closeDetail()
    }

    StackView {
        id: mainStack
        objectName: "mainStack"
        anchors.fill: parent
        initialItem: window.pageFor()
    }
    function pageFor() { return Session.signedIn ? homeComponent : Session.locked ? lockComponent : signInComponent }
    Connections {
        target: Session
        function onSignedInChanged() {
            window.home = null
            mainStack.replace(null, window.pageFor(), {}, StackView.Immediate)
        }
    }
    Shortcut {
        sequence: StandardKey.Cancel
        onActivated: window.back()
    }

    Component {
        id: signInComponent
        SignInPage {}
    }
    Component {
        id: lockComponent
        LockPage {}
    }
    Component {
        id: homeComponent
        HomePage {
            stack: mainStack
            Component.onCompleted: window.home = this
        }
    }
}
