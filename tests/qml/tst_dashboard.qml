// The Dashboards tab over a real server (bo.sthelens, demo partnership): the figures arrive with
// their time, every card shows its table, a row opens its records, a CSV button saves the table,
// and the cards stand in two columns on a laptop and one on a tablet.
import QtQuick
import QtTest
import Tandem.App
import Tandem.Ui
import Tandem.Test

TestCase {
    id: test
    name: "Dashboard"
    when: windowShown

    Main { id: app }

    function initTestCase() {
        if (Session.signedIn) Session.signOut()
        Session.dataDir = TestEnv.freshDataDir()
        Session.signIn(TestEnv.serverUrl, "bo.sthelens", TestEnv.password)
        tryCompare(Session, "signedIn", true, 60000)
        tryVerify(() => Session.sync.lastSyncedAt.getTime() > 0
                        && Session.sync.state !== SyncController.Syncing, 60000, "first sync")
        app.showTab("dashboards")
        tryVerify(() => page() !== null, 5000, "the dashboards tab opens")
        tryVerify(() => page().controller.hasFigures || page().controller.lastError !== "", 30000, "a refresh ends")
        verify(page().controller.hasFigures, page().controller.lastError)
    }

    function page() { return findChild(app, "dashboardPage") }
    function controller() { return page().controller }

    function test_1_figuresWithTheirTime() {
        const asOf = findChild(page(), "asOfLabel")
        verify(asOf.text.indexOf("Figures as of ") === 0, asOf.text)
        verify(!findChild(page(), "unsyncedWarning").visible, "nothing waits in the outbox")
        verify(findChild(page(), "roundPicker").count >= 2, "the rounds to choose from")
        compare(findChild(page(), "roundPicker").currentIndex, controller().roundIndex)
        for (const name of ["actions_by_agency", "actions_by_review", "overdue_actions", "return_rates",
                            "section11_heatmap", "round_comparison"])
            verify(findChild(page(), "card_" + name) !== null, name + " has a card")
        tryVerify(() => findChild(page(), "figureRow_actions_by_agency_0") !== null, 5000, "the table under the chart")
    }

    // A row with several actions behind it lists them; choosing one opens it.
    function test_2_aRowOpensItsRecords() {
        const table = controller().table("actions_by_agency")
        let row = -1
        for (let i = 0; i < table.count && row < 0; ++i)
            if (controller().records("actions_by_agency", i).length > 1) row = i
        verify(row >= 0, "an agency leads several actions")
        const item = findChild(page(), "figureRow_actions_by_agency_" + row)
        findChild(page(), "dashboardScroll").contentItem.contentY = item.mapToItem(findChild(page(), "dashboardCards"), 0, 0).y
        wait(50)
        mouseClick(item)
        const dialog = findChild(app, "dashboardRecords")
        tryCompare(dialog, "opened", true, 5000)
        compare(dialog.records.length, controller().records("actions_by_agency", row).length)
        tryVerify(() => dialog.list.itemAtIndex(0) !== null, 5000, "the records are listed")
        const first = dialog.list.itemAtIndex(0)
        compare(first.objectName, "dashboardRecord_0")
        mouseClick(first)
        // The Dashboards tab has no detail column: the action opens as a page of its own.
        const stack = findChild(app, "mainStack")
        tryVerify(() => stack.currentItem && stack.currentItem.objectName === "actionPage", 5000, "the action opens")
        compare(stack.currentItem.controller.actionId, dialog.records[0].id)
        app.showTab("dashboards")
    }

    function test_3_csvButtonSavesTheTable() {
        controller().exportFolder = TestEnv.freshDataDir()
        const button = findChild(page(), "csvButton_return_rates")
        verify(button !== null, "the card has a CSV button")
        verify(button.enabled)
        button.clicked()
        tryVerify(() => controller().lastExport.indexOf("return_rates-st-helens-") > 0, 5000, "the CSV is saved")
        verify(findChild(page(), "exportedLabel").visible)
    }

    function test_4_columnsFollowTheWidth() {
        app.width = 1280; app.height = 800
        tryCompare(findChild(page(), "dashboardCards"), "columns", 2)
        app.width = 800; app.height = 1280
        tryCompare(findChild(page(), "dashboardCards"), "columns", 1)
        app.width = 1280; app.height = 800
    }

    function cleanupTestCase() { Session.signOut() }
}
