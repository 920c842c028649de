// The business office's Rounds tab over a real replica (bo.sthelens, demo partnership): the
// rounds are listed with their counts, a round opens its chase list, a return opens beside it
// with the moderation panel, and the open-round form holds its button until the spec is whole.
import QtQuick
import QtTest
import Tandem.App
import Tandem.Ui
import Tandem.Test

TestCase {
    id: test
    name: "Rounds"
    when: windowShown

    Main { id: app; width: 1280; height: 800 }

    function initTestCase() {
        if (Session.signedIn) Session.signOut()
        Session.dataDir = TestEnv.freshDataDir()
        Session.signIn(TestEnv.serverUrl, "bo.sthelens", TestEnv.password)
        tryCompare(Session, "signedIn", true, 60000)
        tryVerify(() => Session.sync.lastSyncedAt.getTime() > 0
                        && Session.sync.state !== SyncController.Syncing, 60000, "first sync")
    }

    function roundList() { return findChild(app, "roundList") }

    function test_1_listsTheRounds() {
        app.showTab("rounds")
        tryVerify(() => roundList() && roundList().count === 3, 10000, "three St Helens rounds")
        const first = roundList().itemAtIndex(0)
        compare(first.title, "Section 11 self-assessment 2026")
        compare(first.assigned, 4)
        verify(first.height >= Theme.touch)
        verify(first.summary.indexOf("4 returns") === 0, first.summary)
    }

    function test_2_aRoundOpensItsChaseListAndAReturn() {
        app.showTab("rounds")
        mouseClick(roundList().itemAtIndex(0))
        const returns = findChild(app, "roundReturnList")
        tryVerify(() => returns.visible && returns.count === 4, 5000, "the round's four returns")
        verify(findChild(app, "lateSummary").text !== "")
        const row = returns.itemAtIndex(0)
        verify(row.height >= Theme.touch)
        mouseClick(row)
        tryVerify(() => { const p = findChild(app, "moderationPanel"); return p && p.visible && p.returnId === row.recordId },
                  5000, "the return opens with the moderation panel")
        compare(findChild(app, "moderationPanel").controller.standards.length, 10)
        mouseClick(findChild(app, "roundsBackButton"))
        tryVerify(() => roundList().visible, 5000, "back to the rounds")
    }

    function test_3_theOpenRoundFormWaitsForAWholeSpec() {
        app.showTab("rounds")
        mouseClick(findChild(app, "openRoundButton"))
        const dialog = findChild(app, "openRoundDialog")
        tryVerify(() => dialog.opened, 5000, "the dialog opens")
        const send = findChild(dialog, "sendRoundButton")
        verify(!send.enabled)
        verify(findChild(dialog, "roundProblems").text.indexOf("Choose a template.") >= 0)
        const controller = findChild(dialog, "roundController")
        controller.templateKey = "s11-self-assessment"
        controller.title = "Section 11 check"
        controller.dueDate = "2099-01-31"
        controller.setAgencySelected("STHK", true)
        tryVerify(() => send.enabled, 2000, "the button is enabled once the spec is whole")
        verify(controller.isAgencySelected("STHK"))
        verify(send.height >= Theme.touch)
        mouseClick(findChild(dialog, "cancelRoundButton"))
        tryVerify(() => !dialog.visible, 5000, "the dialog closes")
    }
}
