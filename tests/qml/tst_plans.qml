// The Plans tab over a real replica (bo.sthelens, demo partnership): reviews open and close with
// a tap, a new review is refused with a sentence until it is complete, and an action opened from
// the outline shows the business office's target date and closure panels.
import QtQuick
import QtQuick.Window
import QtTest
import Tandem.App
import Tandem.Ui
import Tandem.Test

TestCase {
    id: test
    name: "Plans"
    when: windowShown

    // The tab's page and an action page side by side, as HomePage lays them out on a laptop;
    // made after sign-in, as HomePage makes them.
    property var app
    Component {
        id: screen
        Row {
            width: 1280
            height: 800
            property alias plans: plansPage
            property alias action: actionPage
            PlansPage { id: plansPage; width: 420; height: parent.height; onOpenAction: id => actionPage.actionId = id }
            ActionPage { id: actionPage; width: 860; height: parent.height }
        }
    }

    function initTestCase() {
        test.Window.window.requestActivate()
        tryVerify(() => test.Window.window.active, 5000, "the test window has the keyboard")
        if (Session.signedIn) Session.signOut()
        Session.dataDir = TestEnv.freshDataDir()
        Session.signIn(TestEnv.serverUrl, "bo.sthelens", TestEnv.password)
        tryCompare(Session, "signedIn", true, 60000)
        tryVerify(() => Session.sync.lastSyncedAt.getTime() > 0
                        && Session.sync.state !== SyncController.Syncing, 60000, "first sync")
        app = screen.createObject(test.Window.window.contentItem)
        verify(app)
    }
    function cleanupTestCase() {
        app.destroy()
        Session.signOut()
    }

    function outline() { return findChild(app, "planOutline") }
    function typeInto(objectName, text) {
        const field = findChild(app, objectName)
        verify(field, objectName)
        field.forceActiveFocus()
        field.selectAll()
        keyClick(Qt.Key_Delete)
        for (const c of text) keyClick(c)
    }

    function test_1_reviewsOpenAndClose() {
        tryVerify(() => outline() && outline().count > 0, 10000, "reviews are listed")
        const closed = outline().count
        const row = findChild(app, "plan_review:st-helens:SH-SCR-JSH")
        verify(row, "Child JSH's review is listed")
        verify(row.height >= 44, "a row is at least a touch target high")
        mouseClick(row)
        tryVerify(() => outline().count > closed, 5000, "the review opens")
        tryVerify(() => findChild(app, "plan_review:st-helens:SH-SCR-JSH:finding:1"), 5000, "its first finding shows")
        mouseClick(findChild(app, "plan_review:st-helens:SH-SCR-JSH"))
        tryCompare(outline(), "count", closed, 5000)
    }

    function test_2_aNewReviewNeedsItsTitle() {
        const before = outline().count
        mouseClick(findChild(app, "newReviewButton"))
        const dialog = findChild(app, "planEditDialog")
        tryCompare(dialog, "opened", true, 5000)
        typeInto("planNumber", "SH-PLR-Q")
        mouseClick(findChild(app, "planSaveButton"))
        const message = findChild(app, "planMessage")
        tryCompare(message, "visible", true, 5000)
        verify(message.text.indexOf("title") >= 0, message.text)
        verify(dialog.opened, "the dialog stays open to put it right")
        typeInto("planTitle", "Child Q")
        mouseClick(findChild(app, "planSaveButton"))
        tryCompare(dialog, "opened", false, 5000)
        tryCompare(outline(), "count", before + 1, 5000)
        verify(Session.sync.pendingCount > 0, "the review waits in the outbox")
    }

    function test_3_anActionShowsTheBusinessOfficePanels() {
        const id = "review:st-helens:SH-SCR-JSH:action:4.1"
        const plans = findChild(app, "plansPage")
        if (!plans.controller.outline.isExpanded("review:st-helens:SH-SCR-JSH"))
            plans.controller.outline.toggle("review:st-helens:SH-SCR-JSH")
        outline().positionViewAtIndex(plans.controller.outline.rowOf(id), ListView.Center)
        tryVerify(() => findChild(app, "plan_" + id), 5000, "action 4.1 is in the outline")
        mouseClick(findChild(app, "plan_" + id))
        tryVerify(() => app.action.actionId === id, 5000, "the action opens")
        tryVerify(() => findChild(app.action, "targetDatePanel"), 5000, "the target date panel")
        verify(findChild(app.action, "closurePanel").visible)
        verify(findChild(app.action, "closeAction").visible, "4.1 is submitted for closure")
        const transitions = findChild(app.action, "transitions")
        verify(!findChild(transitions, "transition_closed"), "closing goes through the closure panel")
        typeInto("newTargetDate", "2026-12-31")
        findChild(app.action, "moveTargetDate").clicked()  // below the fold: no pointer needed
        const message = findChild(app.action, "targetDateMessage")
        tryCompare(message, "visible", true, 5000)
        verify(message.text.indexOf("reason") >= 0, message.text)
    }
}
