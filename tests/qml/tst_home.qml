// The home page and an action page over a real replica (pc.merpol, demo partnership): actions
// are listed, the list filters as you type, and an action shows the transitions the user may make.
import QtQuick
import QtTest
import Tandem.App
import Tandem.Ui
import Tandem.Test

TestCase {
    id: test
    name: "Home"
    when: windowShown

    Main { id: app }

    function initTestCase() {
        app.requestActivate()
        tryVerify(() => app.active, 5000, "the app window has the keyboard")
        if (Session.signedIn) Session.signOut()
        Session.dataDir = TestEnv.freshDataDir()
        Session.signIn(TestEnv.serverUrl, "pc.merpol", TestEnv.password)
        tryCompare(Session, "signedIn", true, 60000)
        tryVerify(() => Session.sync.lastSyncedAt.getTime() > 0
                        && Session.sync.state !== SyncController.Syncing, 60000, "first sync")
    }

    function actionList() { return findChild(app, "actionList") }

    function typeSearch(text) {
        const search = findChild(app, "actionSearch")
        mouseClick(search)
        search.selectAll()
        keyClick(Qt.Key_Delete)
        for (const c of text) keyClick(c)
    }

    function test_1_listsActions() {
        app.showTab("actions")
        tryVerify(() => actionList().count > 0, 10000, "actions are listed")
        compare(actionList().count, Session.actionFilter.count)
        verify(findChild(app, "actionCount").text.indexOf(String(actionList().count)) >= 0)
    }

    // The last action's reference, typed as a search, finds it and fewer others.
    property string wanted: ""

    function test_2_filtersAsYouType() {
        const all = actionList().count
        verify(all > 1)
        actionList().positionViewAtEnd()
        wait(50)
        wanted = actionList().itemAtIndex(all - 1).reference
        typeSearch(wanted)
        tryVerify(() => actionList().count >= 1 && actionList().count < all, 5000, "the list narrows")
        let found = false
        for (let i = 0; i < actionList().count; ++i)
            found = found || actionList().itemAtIndex(i).reference === wanted
        verify(found, wanted + " is still listed")
        typeSearch("no action matches this")
        tryCompare(actionList(), "count", 0, 5000)
        verify(findChild(app, "actionCount").text.indexOf("0") >= 0)
        typeSearch("")
        tryCompare(actionList(), "count", all, 5000)
    }

    // Opens actions in turn until one offers this user a transition; returns its page.
    function openActionWithTransitions() {
        typeSearch("")
        tryVerify(() => actionList().count > 0, 5000)
        for (let i = 0; i < actionList().count; ++i) {
            actionList().positionViewAtIndex(i, ListView.Contain)
            wait(20)
            mouseClick(actionList().itemAtIndex(i))
            tryVerify(() => app.currentDetail() !== null && app.currentDetail().objectName === "actionPage", 5000,
                      "the action opens beside the list")
            const page = app.currentDetail()
            tryCompare(page.controller, "reference", actionList().itemAtIndex(i).reference, 5000)
            if (page.controller.transitions.length > 0) return page
        }
        return null
    }

    function test_3_actionShowsTransitions() {
        const page = openActionWithTransitions()
        verify(page, "pc.merpol may move at least one action on")
        // A copy: the controller's list changes once the status moves.
        const first = { to: page.controller.transitions[0].to, label: page.controller.transitions[0].label }
        const button = findChild(page, "transition_" + first.to)
        verify(button, "a button per transition")
        compare(button.text, first.label)
        const before = page.controller.status
        mouseClick(button)
        tryVerify(() => page.controller.status === first.to, 5000, "the status moved")
        verify(page.controller.status !== before)
        compare(findChild(page, "actionStatus").text, page.controller.statusLabel)
        // Esc goes back to the list.
        keyClick(Qt.Key_Escape)
        tryVerify(() => app.currentDetail() === null, 5000)
    }
}
