// The audit form engine over a real replica (pc.merpol's neglect case-file audit): show_if,
// a validation message beside the question, the alert modal, and submit listing what is
// missing and jumping to it. Every rule is FormController's; these check the views show it.
import QtQuick
import QtTest
import Tandem.App
import Tandem.Ui
import Tandem.Test

TestCase {
    id: test
    name: "Form"
    when: windowShown

    Main { id: app }
    property var page: null

    function initTestCase() {
        app.requestActivate()
        tryVerify(() => app.active, 5000, "the app window has the keyboard")
        if (Session.signedIn) Session.signOut()
        Session.dataDir = TestEnv.freshDataDir()
        Session.signIn(TestEnv.serverUrl, "pc.merpol", TestEnv.password)
        tryCompare(Session, "signedIn", true, 60000)
        tryVerify(() => Session.sync.lastSyncedAt.getTime() > 0
                        && Session.sync.state !== SyncController.Syncing, 60000, "first sync")
        app.showTab("returns")
        const list = findChild(app, "myReturnList")
        tryVerify(() => list.count > 0, 10000, "pc.merpol has returns")
        let row = null
        for (let i = 0; i < list.count && !row; ++i) {
            const item = list.itemAtIndex(i)
            if (item && item.title.indexOf("neglect") >= 0) row = item
        }
        verify(row, "the neglect case-file audit is listed")
        mouseClick(row)
        tryVerify(() => findChild(app, "formPage") !== null, 5000)
        page = findChild(app, "formPage")
        tryVerify(() => page.controller.sections.length > 0, 5000)
    }

    function showSection(code) {
        const entry = findChild(page, "section_" + code)
        verify(entry, "section " + code + " in the navigation")
        mouseClick(entry)
        tryVerify(() => findChild(page, "question_" + (code === "H" ? "H.case_code" : code === "N" ? "N1" : "G.grade")) !== null, 5000)
    }

    // Clicks an answer option after scrolling its question into view, as a user would.
    function choose(code, value) {
        page.focusQuestion(code)
        wait(50)
        const option = findChild(page, "option_" + code + "_" + value)
        verify(option, code + " offers " + value)
        mouseClick(option)
    }

    function test_1_showIfHidesAndShows() {
        showSection("N")
        const dependent = findChild(page, "question_N6a")
        verify(dependent)
        choose("N6", "no")
        tryVerify(() => !dependent.visible, 5000, "N6a hidden unless GCP2 was used")
        choose("N6", "yes")
        tryVerify(() => dependent.visible, 5000, "N6a shows once N6 is yes")
        choose("N6", "no")
        tryVerify(() => !dependent.visible, 5000)
    }

    function test_2_validationMessageBesideQuestion() {
        showSection("H")
        const input = findChild(page, "input_H.case_code")
        const error = findChild(page, "error_H.case_code")
        verify(input && error)
        verify(!error.visible)
        input.forceActiveFocus()
        for (const c of "case 12") keyClick(c)
        keyClick(Qt.Key_Tab)                      // leaving the field saves (and checks) it
        tryVerify(() => error.visible && error.text.length > 0, 5000, "the pattern message shows")
        input.forceActiveFocus()
        input.selectAll()
        keyClick(Qt.Key_Delete)
        for (const c of "STH-0412") keyClick(c)
        keyClick(Qt.Key_Tab)
        tryVerify(() => !error.visible, 5000, "a valid code clears the message")
    }

    function test_3_alertOpensAtOnce() {
        showSection("G")
        const dialog = findChild(app, "alertDialog")
        verify(dialog && !dialog.opened)
        choose("G.live_concern", "yes")
        tryVerify(() => dialog.opened, 5000, "the alert modal opens when answered yes")
        verify(findChild(app, "alertMessage").text.indexOf("now") >= 0)
        dialog.accept()
        tryVerify(() => !dialog.visible, 5000)
    }

    function test_4_submitListsMissingAndJumps() {
        showSection("G")
        const before = page.controller.currentSection
        mouseClick(findChild(page, "submitButton"))
        const missing = findChild(page, "missingList")
        tryVerify(() => missing.visible, 5000, "the missing answers are listed")
        const panel = findChild(page, "submitPanel")
        verify(panel.missing.length > 0)
        verify(findChild(page, "missingSummary").text.indexOf(String(panel.missing.length)) >= 0
               || panel.missing.length === 1)
        verify(findChild(page, "missing_link_" + panel.missing[0].code), "each missing code is a link")
        // It jumped to the first missing question: its section, its mark, the focus in it.
        const code = panel.missing[0].code
        verify(page.controller.currentSection !== before)
        tryVerify(() => findChild(page, "question_" + code) !== null, 5000)
        const question = findChild(page, "question_" + code)
        tryVerify(() => findChild(question, "missing_" + code).visible, 5000, "the question is marked")
        tryVerify(() => {
            let item = app.activeFocusItem
            while (item && item !== question) item = item.parent
            return item === question
        }, 5000, "the cursor is in the missing question")
        compare(findChild(page, "formProgress").text, page.controller.progressText)
    }
}
