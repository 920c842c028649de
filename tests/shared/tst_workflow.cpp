// The action and audit-return state machines, edge by edge: who may make each transition, that
// everyone else is refused with "not_allowed", and that every pair of statuses that is not an
// edge is refused with "invalid_transition" whoever asks. The edge lists and the "who" sets are
// written out here by hand from domain.md and sync-design.md, not read from Workflow.cpp.
#include "Workflow.h"

#include <QtTest>

using namespace tandem;

namespace {

Actor make(Role role, bool bo, bool owner, bool supporting, bool assignee) {
    Actor a;
    a.role = role;
    a.businessOffice = bo;
    a.owner = owner;
    a.supporting = supporting;
    a.assignee = assignee;
    return a;
}

struct Named {
    const char* name;
    Actor actor;
};

// The ways a user stands to an action.
const std::vector<Named>& actionActors() {
    static const std::vector<Named> v{
        {"bo", make(Role::BusinessOffice, true, false, false, false)},
        {"owner_prac", make(Role::Practitioner, false, true, false, false)},
        {"owner_lead", make(Role::AgencyLead, false, true, false, false)},
        {"supp_prac", make(Role::Practitioner, false, false, true, false)},
        {"supp_lead", make(Role::AgencyLead, false, false, true, false)},
        {"other_lead", make(Role::AgencyLead, false, false, false, false)},
        {"other_bo", make(Role::BusinessOffice, false, false, false, false)},
        {"board", make(Role::Board, true, true, true, true)},
    };
    return v;
}

// The ways a user stands to an audit return.
const std::vector<Named>& returnActors() {
    static const std::vector<Named> v{
        {"bo", make(Role::BusinessOffice, true, false, false, false)},
        {"owner_prac_assigned", make(Role::Practitioner, false, true, false, true)},
        {"owner_prac_unassigned", make(Role::Practitioner, false, true, false, false)},
        {"owner_lead", make(Role::AgencyLead, false, true, false, false)},
        {"other_prac_assigned", make(Role::Practitioner, false, false, false, true)},
        {"other_lead", make(Role::AgencyLead, false, false, false, false)},
        {"other_bo", make(Role::BusinessOffice, false, false, false, false)},
        {"board", make(Role::Board, true, true, true, true)},
    };
    return v;
}

struct Edge {
    const char* from;
    const char* to;
    QStringList who;  // actor names that may make it
};

const QStringList kAgencies{"owner_prac", "owner_lead", "supp_prac", "supp_lead"};
const QStringList kOwnerLead{"owner_lead"};
const QStringList kBo{"bo"};
const QStringList kCompleting{"owner_prac_assigned", "owner_lead"};

const std::vector<Edge>& actionEdges() {
    static const std::vector<Edge> e{
        {"not_started", "in_progress", kAgencies},
        {"returned", "in_progress", kAgencies},
        {"in_progress", "submitted_for_closure", kOwnerLead},
        {"returned", "submitted_for_closure", kOwnerLead},
        {"submitted_for_closure", "in_progress", kOwnerLead},  // withdrawn
        {"submitted_for_closure", "closed", kBo},               // the panel accepts the evidence
        {"submitted_for_closure", "returned", kBo},
        {"not_started", "superseded", kBo},
        {"in_progress", "superseded", kBo},
        {"submitted_for_closure", "superseded", kBo},
        {"returned", "superseded", kBo},
        {"closed", "in_progress", kBo},  // reopened after a failed re-test
    };
    return e;
}

const std::vector<Edge>& returnEdges() {
    static const std::vector<Edge> e{
        {"assigned", "in_progress", kCompleting},
        {"assigned", "submitted", kCompleting},
        {"in_progress", "submitted", kCompleting},
        {"returned", "in_progress", kCompleting},
        {"returned", "submitted", kCompleting},
        {"submitted", "approved", kOwnerLead},
        {"submitted", "returned", kOwnerLead},
        {"approved", "received", kBo},
        {"approved", "returned", kBo},
        {"received", "returned", kBo},
        {"received", "moderated", kBo},
        {"moderated", "closed", kBo},
    };
    return e;
}

const QStringList kActionStatuses{"not_started", "in_progress", "submitted_for_closure", "closed", "returned",
                                  "superseded"};
const QStringList kReturnStatuses{"assigned", "in_progress", "submitted", "approved", "returned", "received",
                                  "moderated", "closed"};

std::optional<TransitionRefusal> check(bool action, const QString& from, const QString& to, const Actor& a) {
    const std::string f = from.toStdString(), t = to.toStdString();
    return action ? checkActionTransition(f, t, a) : checkReturnTransition(f, t, a);
}

const Actor& actorNamed(bool action, const QString& name) {
    for (const auto& n : action ? actionActors() : returnActors())
        if (name == QLatin1String(n.name)) return n.actor;
    qFatal("no actor %s", qPrintable(name));
}

}  // namespace

class TestWorkflow : public QObject {
    Q_OBJECT

private slots:
    // Every edge, for every actor: allowed for those listed, "not_allowed" for the rest.
    void edges_data() {
        QTest::addColumn<bool>("action");
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("to");
        QTest::addColumn<QString>("actor");
        QTest::addColumn<QString>("code");  // "" when allowed
        for (bool action : {true, false}) {
            const auto& edges = action ? actionEdges() : returnEdges();
            for (const auto& e : edges)
                for (const auto& a : action ? actionActors() : returnActors()) {
                    const bool may = e.who.contains(QLatin1String(a.name));
                    QTest::addRow("%s %s -> %s by %s", action ? "action" : "return", e.from, e.to, a.name)
                        << action << QString::fromLatin1(e.from) << QString::fromLatin1(e.to)
                        << QString::fromLatin1(a.name) << (may ? QString() : QStringLiteral("not_allowed"));
                }
        }
    }

    void edges() {
        QFETCH(bool, action);
        QFETCH(QString, from);
        QFETCH(QString, to);
        QFETCH(QString, actor);
        QFETCH(QString, code);
        const auto refusal = check(action, from, to, actorNamed(action, actor));
        QCOMPARE(refusal ? QString::fromStdString(refusal->code) : QString(), code);
        if (refusal) {
            // The sentence names both statuses so the user knows what was refused.
            const QString message = QString::fromStdString(refusal->message);
            QVERIFY2(message.contains(from) && message.contains(to), qPrintable(message));
        }
    }

    // Every ordered pair of different statuses that is not an edge: invalid for anyone, even
    // for the actors who hold every right (so the refusal is about the state, not the role).
    void invalidTransitions_data() {
        QTest::addColumn<bool>("action");
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("to");
        QTest::addColumn<QString>("actor");
        for (bool action : {true, false}) {
            const auto& statuses = action ? kActionStatuses : kReturnStatuses;
            const auto& edges = action ? actionEdges() : returnEdges();
            for (const QString& from : statuses)
                for (const QString& to : statuses) {
                    if (from == to) continue;
                    const bool isEdge = std::any_of(edges.begin(), edges.end(), [&](const Edge& e) {
                        return from == QLatin1String(e.from) && to == QLatin1String(e.to);
                    });
                    if (isEdge) continue;
                    for (const char* who : {"bo", "owner_lead"})
                        QTest::addRow("%s %s -> %s by %s", action ? "action" : "return", qPrintable(from),
                                      qPrintable(to), who)
                            << action << from << to << QString::fromLatin1(who);
                }
        }
        // Statuses that do not exist at all.
        QTest::newRow("action to an unknown status") << true << "in_progress" << "done" << "bo";
        QTest::newRow("action from an unknown status") << true << "" << "in_progress" << "owner_lead";
        QTest::newRow("return to an action status") << false << "submitted" << "submitted_for_closure" << "owner_lead";
    }

    void invalidTransitions() {
        QFETCH(bool, action);
        QFETCH(QString, from);
        QFETCH(QString, to);
        QFETCH(QString, actor);
        const auto refusal = check(action, from, to, actorNamed(action, actor));
        QVERIFY2(refusal, "a transition that is not an edge must be refused");
        QCOMPARE(QString::fromStdString(refusal->code), QStringLiteral("invalid_transition"));
        // It tells the user the server's state, which may have moved while they were offline.
        const QString message = QString::fromStdString(refusal->message);
        QVERIFY2(message.contains(QStringLiteral("is now ") + from + QStringLiteral(" on the server")), qPrintable(message));
    }

    // Re-stating the current status is not a transition: it is accepted and changes nothing.
    // (Non-writers never get this far: writerRank turns them away before the state machine.)
    void restatingIsNotATransition() {
        for (const QString& s : kActionStatuses)
            QVERIFY2(!check(true, s, s, actorNamed(true, "owner_prac")), qPrintable(s));
        for (const QString& s : kReturnStatuses)
            QVERIFY2(!check(false, s, s, actorNamed(false, "bo")), qPrintable(s));
    }

    // The sentence of a refused role names who may do it.
    void notAllowedNamesWhoMay() {
        auto r = checkActionTransition("submitted_for_closure", "closed", actorNamed(true, "owner_lead"));
        QVERIFY(r);
        QCOMPARE(QString::fromStdString(r->message),
                 QStringLiteral("The action can be moved from submitted_for_closure to closed only by the business office."));
        r = checkReturnTransition("submitted", "approved", actorNamed(false, "owner_prac_assigned"));
        QVERIFY(r);
        QVERIFY2(QString::fromStdString(r->message).contains("lead of the owning agency"), r->message.c_str());
    }

    // Closure decisions need their words (business-office.md "Closure decisions"): closed the
    // evidence of impact, returned and superseded the reason; other moves need nothing more.
    void closureDecision_data() {
        QTest::addColumn<QString>("to");
        QTest::addColumn<QString>("evidence");
        QTest::addColumn<QString>("decision");
        QTest::addColumn<bool>("refused");
        QTest::addColumn<QString>("says");
        QTest::newRow("closed without evidence") << "closed" << "" << "Accepted by panel" << true << "evidence of its impact";
        QTest::newRow("closed with evidence") << "closed" << "Audit shows 90% compliance" << "" << false << "";
        QTest::newRow("returned without a reason") << "returned" << "Some evidence" << "" << true << "why the action is returned";
        QTest::newRow("returned with a reason") << "returned" << "" << "Evidence is a policy, not impact" << false << "";
        QTest::newRow("superseded without a reason") << "superseded" << "" << "" << true << "what supersedes";
        QTest::newRow("superseded with a reason") << "superseded" << "" << "Replaced by action 3.2" << false << "";
        QTest::newRow("in progress needs nothing") << "in_progress" << "" << "" << false << "";
        QTest::newRow("submitted for closure needs nothing") << "submitted_for_closure" << "" << "" << false << "";
    }
    void closureDecision() {
        QFETCH(QString, to);
        QFETCH(QString, evidence);
        QFETCH(QString, decision);
        QFETCH(bool, refused);
        QFETCH(QString, says);
        const auto r = checkClosureDecision(to.toStdString(), evidence.toStdString(), decision.toStdString());
        QCOMPARE(r.has_value(), refused);
        if (!r) return;
        QCOMPARE(QString::fromStdString(r->code), QStringLiteral("closure_incomplete"));
        QVERIFY2(QString::fromStdString(r->message).contains(says), r->message.c_str());
    }

    // A return's send_to stays open to its agency while the return waits for approval, so the
    // lead can set it when approving; answers are locked then, and send_to is locked after.
    void sendToLock_data() {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("status");
        QTest::addColumn<bool>("locked");
        for (const char* s : {"assigned", "in_progress", "returned", "submitted"})
            QTest::newRow(qPrintable(QStringLiteral("send_to while ") + s)) << "send_to" << s << false;
        for (const char* s : {"approved", "received", "moderated", "closed"})
            QTest::newRow(qPrintable(QStringLiteral("send_to once ") + s)) << "send_to" << s << true;
        QTest::newRow("lead comment once submitted") << "lead_comment" << "submitted" << true;
    }
    void sendToLock() {
        QFETCH(QString, field);
        QFETCH(QString, status);
        QFETCH(bool, locked);
        const OwnershipRule* rule = findRule(RecordKind::AuditReturn, field.toStdString());
        QVERIFY(rule);
        const auto r = checkEditable(RecordKind::AuditReturn, *rule, WriterClass::OwnerAgency, status.toStdString(), false);
        QCOMPARE(r.has_value(), locked);
    }

    // A whole happy path for each machine, step by step, with the person who would do it.
    void happyPaths() {
        const std::vector<std::pair<const char*, const char*>> action{
            {"in_progress", "owner_prac"}, {"submitted_for_closure", "owner_lead"}, {"returned", "bo"},
            {"in_progress", "supp_prac"},  {"submitted_for_closure", "owner_lead"}, {"closed", "bo"},
        };
        QString at = "not_started";
        for (const auto& [to, who] : action) {
            const auto r = check(true, at, to, actorNamed(true, who));
            QVERIFY2(!r, r ? r->message.c_str() : "");
            at = to;
        }
        const std::vector<std::pair<const char*, const char*>> ret{
            {"in_progress", "owner_prac_assigned"}, {"submitted", "owner_prac_assigned"}, {"returned", "owner_lead"},
            {"submitted", "owner_prac_assigned"},   {"approved", "owner_lead"},            {"received", "bo"},
            {"moderated", "bo"},                    {"closed", "bo"},
        };
        at = "assigned";
        for (const auto& [to, who] : ret) {
            const auto r = check(false, at, to, actorNamed(false, who));
            QVERIFY2(!r, r ? r->message.c_str() : "");
            at = to;
        }
    }
};

QTEST_MAIN(TestWorkflow)
#include "tst_workflow.moc"
