#include "ScreenshotTour.h"

#include <QAbstractItemModel>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QGuiApplication>
#include <QImage>
#include <QQuickItem>
#include <QQuickWindow>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <stdexcept>

using namespace std::chrono_literals;

namespace {

constexpr auto kPassword = "tandem-demo-2026";  // every demo user's (server/Demo.h)
const QSize kLaptop(1280, 800);
const QSize kTablet(800, 1280);

struct TourError : std::runtime_error {
    using std::runtime_error::runtime_error;
};
[[noreturn]] void failTour(const QString& what) { throw TourError(what.toStdString()); }

QObject* findIn(QObject* root, const QString& name) {
    if (!root) return nullptr;
    // Hidden panes (the laptop's detail column on a tablet) keep their old pages for a while.
    if (auto* item = qobject_cast<QQuickItem*>(root); item && !item->isVisible()) return nullptr;
    if (root->objectName() == name) return root;
    // Visual children (delegates, popups' content) are not always QObject children.
    if (auto* item = qobject_cast<QQuickItem*>(root))
        for (QQuickItem* child : item->childItems())
            if (QObject* hit = findIn(child, name)) return hit;
    for (QObject* child : root->children())
        if (QObject* hit = findIn(child, name)) return hit;
    return nullptr;
}

}  // namespace

ScreenshotTour::ScreenshotTour(QQuickWindow& window, QObject& session, QString serverUrl, QString outDir)
    : window_(window), session_(session), serverUrl_(std::move(serverUrl)), outDir_(std::move(outDir)) {}

int ScreenshotTour::run() {
    try {
        if (!QDir().mkpath(outDir_)) failTour("cannot create " + outDir_);
        tourPractitioner();
        makeConflict();
        tourApprovals();
        tourPlans();
        tourRounds();
        tourDashboards();
    } catch (const TourError& e) {
        std::fprintf(stderr, "tandem: screenshots: %s\n", e.what());
        return 1;
    }
    std::printf("tandem: saved %d screenshots in %s\n", saved_, qPrintable(outDir_));
    return 0;
}

// A police practitioner: sign-in, home, an action, a form with a validation message, an alert
// and a submit with answers missing.
void ScreenshotTour::tourPractitioner() {
    shoot("sign-in", [&] {
        type("serverField", serverUrl_);
        type("userField", "pc.merpol");
        type("passwordField", "not-shown");
    });
    signIn("pc.merpol");
    shoot("home-actions", [&] { call(&window_, "showTab", {"actions"}); });

    // An action still in progress shows the transitions and the progress form.
    QString action = findRow("actionFilter", "status", "in_progress");
    if (action.isEmpty()) action = findRow("actionFilter", "status", "");
    if (action.isEmpty()) failTour("pc.merpol has no actions after the first sync");
    shoot("action", [&] { call(&window_, "openAction", {action}); });

    shoot("home-returns", [&] { call(&window_, "showTab", {"returns"}); });
    const QString audit = findRow("myReturns", "templateKey", "macfa-neglect");
    if (audit.isEmpty()) failTour("pc.merpol has no neglect case-file audit");
    shoot("form-validation", [&] {
        call(&window_, "showTab", {"returns"});
        call(&window_, "openReturn", {audit});
        showSectionOf("H.case_code");
        type("input_H.case_code", "case 12");
        call(need("input_H.case_code"), "commit");
    });
    shoot("form-alert", [&] {
        call(&window_, "showTab", {"returns"});
        call(&window_, "openReturn", {audit});
        showSectionOf("G.live_concern");
        call(form(), "answer", {"G.live_concern", "no"});
        click("option_G.live_concern_yes");
        waitUntil([&] { return need("alertDialog")->property("opened").toBool(); }, 5s, "the alert dialog");
    });
    call(need("alertDialog"), "close");
    shoot("form-missing", [&] {
        call(&window_, "showTab", {"returns"});
        call(&window_, "openReturn", {audit});
        click("submitButton");
        waitUntil([&] { return need("missingList")->property("visible").toBool(); }, 5s, "the missing list");
    });
}

// A conflict by the rules: two users of the lead agency (children's social care) override the
// RAG of action SH-SCR-JSH 3.3 from the same base. lead.sthcsc's edit waits offline while
// sw.sthcsc's reaches the server first; between equals the later arrival wins, so when
// lead.sthcsc syncs the social worker's value is kept as a conflict the agency can see.
void ScreenshotTour::makeConflict() {
    const QString reference = "SH-SCR-JSH 3.3";
    auto overrideRag = [&](const QString& rag, const QString& reason) {
        const QString action = findRow("actions", "reference", reference);
        if (action.isEmpty()) failTour(session_.property("user").toString() + " cannot see " + reference);
        call(&window_, "showTab", {"actions"});
        call(&window_, "openAction", {action});
        settle();
        QObject* page = call(&window_, "currentDetail").value<QObject*>();
        QObject* controller = page ? page->property("controller").value<QObject*>() : nullptr;
        if (!controller) failTour("the action page did not open");
        const QString refused = call(controller, "setRagOverride", {rag, reason}).toString();
        if (!refused.isEmpty()) failTour(session_.property("user").toString() + ": " + refused);
    };
    signIn("lead.sthcsc");
    overrideRag("red", "Two strategy meetings missed this quarter");
    signOut();
    signIn("sw.sthcsc");
    overrideRag("amber", "Joint visits started; audit booked for March");
    syncAndWait();
    signOut();
    signIn("lead.sthcsc");
    for (const QString user : {"lead.sthcsc", "sw.sthcsc"}) {
        if (user != session_.property("user").toString()) {
            signOut();
            signIn(user);
        }
        try {
            waitUntil([&] { return session_.property("attentionCount").toInt() > 0; }, 20s, "the conflict");
        } catch (const TourError&) {
            continue;
        }
        shoot("conflicts", [&] { call(&window_, "showTab", {"conflicts"}); });
        signOut();
        return;
    }
    failTour("neither lead.sthcsc nor sw.sthcsc sees a conflict on " + reference);
}

// A Knowsley social worker completes and submits a supervision checklist; their agency lead
// sees it waiting for approval.
void ScreenshotTour::tourApprovals() {
    signIn("sw.knocsc");
    const QString checklist = findRow("myReturns", "templateKey", "checklist-case-file");
    if (checklist.isEmpty()) failTour("sw.knocsc has no supervision checklist");
    call(&window_, "showTab", {"returns"});
    call(&window_, "openReturn", {checklist});
    settle();
    QObject* controller = form();
    auto answer = [&](const QString& code, const QString& value) {
        const QString refused = call(controller, "answer", {code, value}).toString();
        if (!refused.isEmpty()) failTour(code + ": " + refused);
    };
    answer("C0", "KNO-2231");
    for (int i = 1; i <= 9; ++i) answer(QString("C%1").arg(i), i == 7 ? "no" : "yes");
    const QStringList missing = call(controller, "submit").toStringList();
    if (!missing.isEmpty()) failTour("the checklist still misses " + missing.join(", "));
    syncAndWait();
    signOut();

    signIn("lead.knocsc");
    const QString waiting = findRow("approvals", "templateKey", "checklist-case-file");
    if (waiting.isEmpty()) failTour("lead.knocsc sees no checklist waiting for approval");
    shoot("approvals", [&] { call(&window_, "showTab", {"approvals"}); });
    shoot("approval-form", [&] {
        call(&window_, "showTab", {"approvals"});
        call(&window_, "openReturn", {waiting});
    });
    signOut();
}

// The business office's Plans tab: the outline of Child JSH's plan with action 4.1 (submitted for
// closure) open beside it, its target date moved twice with the reasons, and the closure panel.
void ScreenshotTour::tourPlans() {
    signIn("bo.sthelens");
    const QString review = "review:st-helens:SH-SCR-JSH";
    const QString action = review + ":action:4.1";
    // `open`: the action beside the outline (or on top of it, on a tablet).
    auto openAction = [&](bool open) -> QObject* {
        call(&window_, "showTab", {"plans"});
        settle();
        QObject* plans = need("plansPage")->property("controller").value<QObject*>();
        QObject* outline = plans ? plans->property("outline").value<QObject*>() : nullptr;
        if (!outline) failTour("the Plans tab has no outline");
        if (!call(outline, "isExpanded", {review}).toBool()) call(outline, "toggle", {review});
        if (!open) return nullptr;
        call(&window_, "openAction", {action});
        settle();
        QObject* admin = need("planActionAdmin")->property("controller").value<QObject*>();
        if (!admin) failTour("the business office's panels did not open on " + action);
        return admin;
    };
    QObject* admin = openAction(true);
    for (const auto& [date, reason] : {std::pair{"2016-03-31", "Task and finish group reconvened after the CAMHS redesign"},
                                       std::pair{"2016-06-30", "Board asked for the report at its June meeting"}}) {
        const QString refused = call(admin, "changeTargetDate", {QString(date), QString(reason)}).toString();
        if (!refused.isEmpty()) failTour("moving the target date of " + action + ": " + refused);
        syncAndWait();
    }
    // On a tablet the outline is the tab's page; the action opens on top of it.
    shoot("plans", [&] { openAction(window_.width() >= 900); });
    shoot("plans-target-date", [&] {
        openAction(true);
        scrollTo("targetDatePanel");
    });
    shoot("plans-closure", [&] {
        openAction(true);
        type("closureEvidence", "Re-audit of 12 referrals: every child seen within 4 weeks; pathway agreed by NWBH and CSC.");
        type("retestDate", "2017-03-31");
        scrollTo("closurePanel");
    });
    signOut();
}

// The business office's Rounds tab: the rounds with their counts, the form that opens one, the
// hospital trust's approved Section 11 return being moderated beside the round's chase list, and
// a neglect case with every agency's grade and learning side by side.
void ScreenshotTour::tourRounds() {
    signIn("bo.sthelens");
    // The value of `want` in the first row of a view's model whose `role` is `value`.
    auto rowOf = [&](const QString& view, const char* role, const QString& value, const char* want) {
        auto* m = qobject_cast<QAbstractItemModel*>(need(view)->property("model").value<QObject*>());
        if (!m) failTour(view + " has no model");
        const int r = m->roleNames().key(role, -1), w = m->roleNames().key(want, -1);
        for (int row = 0; row < m->rowCount(); ++row)
            if (m->data(m->index(row, 0), r).toString() == value) return m->data(m->index(row, 0), w).toString();
        failTour(view + " has no row with " + role + " " + value);
    };
    auto showRound = [&](const QString& title) {
        call(&window_, "showTab", {"rounds"});
        need("roundsPage")->setProperty("roundId", "");  // from a round's returns back to the rounds
        settle();
        call(need("roundsPage"), "showRound", {rowOf("roundList", "title", title, "roundId"), title});
        settle();
    };
    shoot("rounds", [&] { call(&window_, "showTab", {"rounds"}); }, true);
    shoot("rounds-open", [&] {
        call(&window_, "showTab", {"rounds"});
        click("openRoundButton");
        settle();
        QObject* form = need("roundController");
        form->setProperty("templateKey", "macfa-domestic-abuse");
        form->setProperty("title", "Domestic abuse case-file audit 2027");
        form->setProperty("dueDate", "2027-03-12");
        form->setProperty("moderationDate", "2027-04-09");
        form->setProperty("cases", "STH-2210, STH-2291, STH-2304");
        for (const char* agency : {"STH-CSC", "MERPOL", "STHK", "NWBH"}) call(form, "setAgencySelected", {agency, true});
        call(form, "setAssignee", {"MERPOL", "pc.merpol"});
    }, true);
    call(need("openRoundDialog"), "close");

    showRound("Section 11 self-assessment 2026");
    const QString trust = rowOf("roundReturnList", "agencyCode", "STHK", "recordId");
    call(&window_, "openReturn", {trust});
    settle();
    QObject* moderation = need("moderationPanel")->property("controller").value<QObject*>();
    for (const QString& refused : {call(moderation, "receive").toString(),
                                   call(moderation, "setModerated", {"S1.moderated", "green"}).toString(),
                                   call(moderation, "setModerated", {"S2.moderated", "amber"}).toString()})
        if (!refused.isEmpty()) failTour("moderating the trust's Section 11 return: " + refused);
    shoot("rounds-moderation", [&] {
        showRound("Section 11 self-assessment 2026");
        call(&window_, "openReturn", {trust});
    }, true);
    shoot("rounds-case-audit", [&] {
        showRound("Neglect case-file audit");
        call(&window_, "openReturn", {rowOf("roundReturnList", "agencyCode", "STH-CSC", "recordId")});
        settle();
        scrollTo("caseAuditPanel");
    }, true);
    signOut();
}

void ScreenshotTour::signIn(const QString& user) {
    call(&session_, "signIn", {serverUrl_, user, kPassword});
    waitUntil([&] { return session_.property("signedIn").toBool() ||
                           (!session_.property("busy").toBool() && !session_.property("lastError").toString().isEmpty()); },
              60s, "sign-in as " + user);
    if (!session_.property("signedIn").toBool())
        failTour(user + ": " + session_.property("lastError").toString());
    syncAndWait();
}

void ScreenshotTour::signOut() {
    call(&window_, "back");
    call(&session_, "signOut");
    waitUntil([&] { return !session_.property("signedIn").toBool(); }, 10s, "sign-out");
}

void ScreenshotTour::syncAndWait() {
    const QDateTime before = QDateTime::currentDateTime().addSecs(-1);
    waitUntil([&] { return sync() != nullptr; }, 10s, "the sync controller");
    call(sync(), "syncNow");
    waitUntil([&] {
        const QDateTime last = sync()->property("lastSyncedAt").toDateTime();
        return sync()->property("permanentProblem").toBool() ||
               (last.isValid() && last >= before && sync()->property("pendingCount").toInt() == 0);
    }, 120s, "a sync");
    if (sync()->property("permanentProblem").toBool()) failTour(sync()->property("problemText").toString());
}

// Shows a screen at laptop then tablet size; `show` navigates to it afresh at each size, as the
// layout differs (side by side, or one page on top of another).
void ScreenshotTour::shoot(const QString& name, const std::function<void()>& show, bool laptopOnly) {
    for (const auto& [size, suffix] : {std::pair{kLaptop, "laptop"}, std::pair{kTablet, "tablet"}}) {
        if (laptopOnly && size != kLaptop) continue;
        window_.resize(size);
        settle(100ms);
        call(&window_, "back");
        call(&window_, "back");
        settle(100ms);
        show();
        settle();
        const QImage image = window_.grabWindow();
        const QString file = QDir(outDir_).filePath(QString("%1-%2.png").arg(name, suffix));
        if (image.isNull() || !image.save(file)) failTour("cannot save " + file);
        ++saved_;
    }
}

void ScreenshotTour::waitUntil(const std::function<bool()>& done, std::chrono::milliseconds timeout,
                               const QString& what) {
    QElapsedTimer clock;
    clock.start();
    while (!done()) {
        if (clock.elapsed() > timeout.count()) failTour("timed out waiting for " + what);
        settle(50ms);
    }
}

void ScreenshotTour::settle(std::chrono::milliseconds time) {
    QEventLoop loop;
    QTimer::singleShot(time, &loop, &QEventLoop::quit);
    loop.exec();
}

QObject* ScreenshotTour::find(const QString& objectName) const {
    if (QObject* hit = findIn(window_.contentItem(), objectName)) return hit;
    return findIn(&window_, objectName);
}

QObject* ScreenshotTour::need(const QString& objectName) const {
    QObject* hit = find(objectName);
    if (!hit) failTour("no item named " + objectName + " on screen");
    return hit;
}

QVariant ScreenshotTour::call(QObject* target, const char* method, const QVariantList& args) const {
    if (!target) failTour(QString("nothing to call %1 on").arg(method));
    QVariant result;
    const QMetaObject* meta = target->metaObject();
    // QML functions take and return QVariant; C++ invokables take QString.
    for (int i = 0; i < meta->methodCount(); ++i) {
        const QMetaMethod m = meta->method(i);
        if (m.name() != method || m.parameterCount() != args.size()) continue;
        QVariantList converted = args;
        QGenericArgument argv[4];
        for (int a = 0; a < args.size() && a < 4; ++a) {
            if (m.parameterType(a) != QMetaType::QVariant) converted[a].convert(QMetaType(m.parameterType(a)));
            argv[a] = m.parameterType(a) == QMetaType::QVariant
                          ? QGenericArgument("QVariant", &converted[a])
                          : QGenericArgument(m.parameterMetaType(a).name(), converted[a].data());
        }
        QVariant ret = m.returnMetaType().isValid() && m.returnType() != QMetaType::Void
                           ? QVariant(m.returnMetaType()) : QVariant();
        QGenericReturnArgument retArg;
        if (ret.isValid())
            retArg = m.returnType() == QMetaType::QVariant ? QGenericReturnArgument("QVariant", &result)
                                                           : QGenericReturnArgument(m.returnMetaType().name(), ret.data());
        if (!m.invoke(target, Qt::DirectConnection, retArg, argv[0], argv[1], argv[2], argv[3]))
            failTour(QString("calling %1 failed").arg(method));
        return m.returnType() == QMetaType::QVariant ? result : ret;
    }
    failTour(QString("%1 has no method %2 taking %3 arguments")
                 .arg(target->objectName(), method).arg(args.size()));
}

void ScreenshotTour::click(const QString& objectName) const { call(need(objectName), "clicked"); }

void ScreenshotTour::type(const QString& objectName, const QString& text) const {
    need(objectName)->setProperty("text", text);
}

QObject* ScreenshotTour::sync() const { return session_.property("sync").value<QObject*>(); }

QObject* ScreenshotTour::form() const {
    QObject* page = call(const_cast<QQuickWindow*>(&window_), "currentDetail").value<QObject*>();
    QObject* controller = page ? page->property("controller").value<QObject*>() : nullptr;
    if (!controller) failTour("no form is open");
    return controller;
}

QAbstractItemModel* ScreenshotTour::model(const char* sessionProperty) const {
    auto* m = qobject_cast<QAbstractItemModel*>(session_.property(sessionProperty).value<QObject*>());
    if (!m) failTour(QString("Session.%1 is not a model").arg(sessionProperty));
    return m;
}

QString ScreenshotTour::findRow(const char* sessionProperty, const QString& role, const QString& text) const {
    QAbstractItemModel* m = model(sessionProperty);
    const int roleId = m->roleNames().key(role.toUtf8(), -1);
    const int idRole = m->roleNames().key("recordId", -1);
    if (roleId < 0 || idRole < 0) failTour(QString("Session.%1 has no role %2").arg(sessionProperty, role));
    for (int row = 0; row < m->rowCount(); ++row) {
        const QModelIndex index = m->index(row, 0);
        if (text.isEmpty() || m->data(index, roleId).toString().contains(text))
            return m->data(index, idRole).toString();
    }
    return {};
}

void ScreenshotTour::scrollTo(const QString& objectName) const {
    auto* item = qobject_cast<QQuickItem*>(need(objectName));
    QQuickItem* flick = item ? item->parentItem() : nullptr;
    while (flick && !flick->inherits("QQuickFlickable")) flick = flick->parentItem();
    if (!flick) failTour(objectName + " is not inside a scrolling view");
    auto* content = flick->property("contentItem").value<QQuickItem*>();
    const qreal top = item->mapToItem(content, QPointF(0, 0)).y() - 8;
    const qreal most = flick->property("contentHeight").toReal() - flick->height();
    flick->setProperty("contentY", std::max<qreal>(0, std::min(top, most)));
}

// Moves the open form to the section holding a question (FormController's questions model
// holds the current section only).
void ScreenshotTour::showSectionOf(const QString& questionCode) const {
    QObject* controller = form();
    const int sections = controller->property("sections").toList().size();
    for (int i = 0; i < sections; ++i) {
        controller->setProperty("currentSection", i);
        auto* questions = qobject_cast<QAbstractItemModel*>(controller->property("questions").value<QObject*>());
        const int codeRole = questions ? questions->roleNames().key("code", -1) : -1;
        for (int row = 0; questions && row < questions->rowCount(); ++row)
            if (questions->data(questions->index(row, 0), codeRole).toString() == questionCode) return;
    }
    failTour("no section holds question " + questionCode);
}

// The business office's Dashboards tab: the action-plan cards at the top, then the round's audit
// cards (return rates, grades, the Section 11 heat map) further down.
void ScreenshotTour::tourDashboards() {
    signIn("bo.sthelens");
    auto showDashboards = [&](const QString& card) {
        call(&window_, "showTab", {"dashboards"});
        QObject* dashboards = need("dashboardPage")->property("controller").value<QObject*>();
        if (!dashboards) failTour("the Dashboards tab has no controller");
        waitUntil([&] { return dashboards->property("hasFigures").toBool() && !dashboards->property("busy").toBool(); },
                  30s, "the figures");
        auto* scroll = qobject_cast<QQuickItem*>(need("dashboardScroll"));
        QObject* flickable = scroll ? scroll->property("contentItem").value<QObject*>() : nullptr;
        auto* target = card.isEmpty() ? nullptr : qobject_cast<QQuickItem*>(need(card));
        if (flickable) flickable->setProperty("contentY", target ? target->y() : 0.0);
    };
    shoot("dashboards", [&] { showDashboards({}); });
    shoot("dashboards-audits", [&] { showDashboards("card_return_rates"); });
    signOut();
}
