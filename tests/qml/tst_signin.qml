// The sign-in page against the real demo server: a wrong password is refused with a sentence
// on screen; the right one opens the home page.
import QtQuick
import QtTest
import Tandem.App
import Tandem.Ui
import Tandem.Test

TestCase {
    id: test
    name: "SignIn"
    when: windowShown

    Main { id: app }

    function initTestCase() {
        app.requestActivate()
        tryVerify(() => app.active, 5000, "the app window has the keyboard")
        if (Session.signedIn) Session.signOut()
        Session.dataDir = TestEnv.freshDataDir()
    }

    function fillIn(user, password) {
        findChild(app, "serverField").text = TestEnv.serverUrl
        findChild(app, "userField").text = user
        findChild(app, "passwordField").text = password
    }

    function cleanup() {
        if (Session.signedIn) Session.signOut()
        tryCompare(Session, "signedIn", false, 10000)
    }

    function test_1_wrongPasswordShowsError() {
        const error = findChild(app, "signInError")
        verify(error)
        verify(!error.visible)
        fillIn("pc.merpol", "not-the-password")
        mouseClick(findChild(app, "signInButton"))
        tryVerify(() => error.visible && error.text.length > 0, 30000, "an error sentence is shown")
        verify(!Session.signedIn)
        verify(findChild(app, "signInPage"))
    }

    function test_2_unknownUserShowsError() {
        fillIn("nobody.here", TestEnv.password)
        mouseClick(findChild(app, "signInButton"))
        const error = findChild(app, "signInError")
        tryVerify(() => error.visible && error.text.length > 0, 30000)
        verify(!Session.signedIn)
    }

    function test_3_rightPasswordOpensHome() {
        fillIn("pc.merpol", TestEnv.password)
        mouseClick(findChild(app, "signInButton"))
        tryCompare(Session, "signedIn", true, 60000)
        tryVerify(() => findChild(app, "homePage") !== null, 5000)
        verify(findChild(app, "syncStatus").text.length > 0)
        // Signed in once, the user is known on this device for offline unlock.
        Session.signOut()
        tryVerify(() => findChild(app, "signInPage") !== null, 5000)
        tryVerify(() => Session.knownUsers.indexOf("pc.merpol") >= 0, 5000, "pc.merpol has a replica here")
        tryVerify(() => findChild(app, "unlockButton").visible, 5000, "offline unlock is offered")
    }
}
