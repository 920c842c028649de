// Business-office writes through the real push path (PushProcessor over a real SqliteStore, no
// HTTP), as docs/business-office.md sets them out: action-plan records created from a device by
// the partnership's business office only, with the headers that scope them; the server-kept
// history of target dates; closure decisions with their evidence and reasons; and actions made
// from a case audit's learning under the round's audit review. Each scenario starts from its
// own copy of the small St Helens partnership of PushWorld.h.
#include "PushWorld.h"

#include <QtTest>

#include <algorithm>

using namespace tandem;
using namespace tandem::test;
using nlohmann::json;
using protocol::Outcome;

namespace {

const std::string kReview = "review:st-helens:SH-SCR-JSH";
const std::string kFinding = kReview + ":finding:2";
const std::string kRecommendation = kReview + ":recommendation:2";

QString q(const std::string& s) { return QString::fromStdString(s); }

QString outcomeText(const protocol::ChangeResult& r) {
    return r.outcome == Outcome::Rejected ? q(r.code) : q(std::string(protocol::toString(r.outcome)));
}

std::string today() { return nowIso().substr(0, 10); }

bool has(const std::vector<std::string>& v, const std::string& x) { return std::find(v.begin(), v.end(), x) != v.end(); }

}  // namespace

class TestPlanWrites : public QObject {
    Q_OBJECT

    QTemporaryDir fixtureDir_;
    std::string templateDb_;

    // Creates a record from `user`'s device: an @create change, as Workspace::createRecord sends it.
    static protocol::ChangeResult create(PushWorld& w, const std::string& user, const std::string& id,
                                         const json& value) {
        return w.push(user, {w.change(user, id, std::string(protocol::kCreateField), value, 0)}).at(0);
    }

    static std::optional<server::RecordRow> header(PushWorld& w, const std::string& id) {
        std::optional<server::RecordRow> r;
        w.store().read([&](server::StoreSession& s) { r = s.record(id); });
        return r;
    }

    static std::vector<std::string> audience(PushWorld& w, const std::string& id) {
        std::vector<std::string> keys;
        w.store().read([&](server::StoreSession& s) { keys = s.audience(id); });
        return keys;
    }

private slots:
    void initTestCase() {
        QVERIFY(fixtureDir_.isValid());
        try {
            templateDb_ = buildPushFixture(fixtureDir_.path());
            // The business office of another partnership, for the refusals.
            server::SqliteStore store(templateDb_);
            store.write([](server::StoreSession& s) { s.setMeta("kdf_cost", "minimum"); });
            checkAdmin(server::addUser(store, "bo.knowsley", "correct horse battery", "business_office", "KNO-BO"),
                       "bo.knowsley");
        } catch (const std::exception& e) {
            QFAIL(e.what());
        }
    }

    // Who may create which action-plan record under which parent. outcome: "applied" or the
    // rejection code; nothing but a rejection is written when refused.
    void creates_data() {
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("parent");
        QTest::addColumn<QString>("lead");  // an action's lead agency ("" for none)
        QTest::addColumn<QString>("outcome");
        const QString review = q(kReview), finding = q(kFinding), rec = q(kRecommendation);
        QTest::newRow("bo: review") << "bo.sthelens" << "review" << "st-helens" << "" << "applied";
        QTest::newRow("bo: finding") << "bo.sthelens" << "finding" << review << "" << "applied";
        QTest::newRow("bo: recommendation") << "bo.sthelens" << "recommendation" << finding << "" << "applied";
        QTest::newRow("bo: action under a recommendation") << "bo.sthelens" << "action" << rec << "STH-CSC" << "applied";
        QTest::newRow("bo: action under a review") << "bo.sthelens" << "action" << review << "MERPOL" << "applied";
        QTest::newRow("bo: action without a lead") << "bo.sthelens" << "action" << rec << "" << "invalid_value";
        QTest::newRow("bo: action led from another partnership") << "bo.sthelens" << "action" << rec << "KNO-CSC"
                                                                  << "invalid_value";
        QTest::newRow("bo: finding under a finding") << "bo.sthelens" << "finding" << finding << "" << "unknown_record";
        QTest::newRow("bo: finding under nothing") << "bo.sthelens" << "finding" << "review:st-helens:NOPE" << ""
                                                   << "unknown_record";
        QTest::newRow("bo: review of another partnership") << "bo.sthelens" << "review" << "knowsley" << ""
                                                           << "not_a_writer";
        QTest::newRow("bo: a template") << "bo.sthelens" << "template" << "st-helens" << "" << "not_a_writer";
        QTest::newRow("lead: action") << "lead.schools" << "action" << rec << "STH-SCHOOLS" << "not_a_writer";
        QTest::newRow("lead: finding") << "lead.schools" << "finding" << review << "" << "not_a_writer";
        QTest::newRow("lead: review") << "lead.schools" << "review" << "st-helens" << "" << "not_a_writer";
        QTest::newRow("lead: finding under nothing") << "lead.merpol" << "finding" << "review:st-helens:NOPE" << ""
                                                     << "not_a_writer";  // reveals nothing about the parent
        QTest::newRow("practitioner: recommendation") << "dsl.schools" << "recommendation" << finding << ""
                                                      << "not_a_writer";
        QTest::newRow("board: review") << "board.sthelens" << "review" << "st-helens" << "" << "not_a_writer";
        QTest::newRow("board: action") << "board.sthelens" << "action" << review << "MERPOL" << "not_a_writer";
        QTest::newRow("other partnership's bo: review") << "bo.knowsley" << "review" << "st-helens" << ""
                                                        << "not_a_writer";
        QTest::newRow("other partnership's bo: finding") << "bo.knowsley" << "finding" << review << ""
                                                         << "unknown_record";
    }

    void creates() {
        QFETCH(QString, user);
        QFETCH(QString, kind);
        QFETCH(QString, parent);
        QFETCH(QString, lead);
        QFETCH(QString, outcome);
        PushWorld w(templateDb_);
        w.caller(user.toStdString());
        const std::string id = newUuid();
        json value = {{"kind", kind.toStdString()}, {"parent", parent.toStdString()}};
        if (!lead.isEmpty()) value["lead_agency"] = lead.toStdString();
        const auto recordsBefore = w.count("records");
        const auto r = create(w, user.toStdString(), id, value);
        QCOMPARE(outcomeText(r), outcome);
        const auto row = header(w, id);
        if (outcome != "applied") {
            QVERIFY(!row);
            QCOMPARE(w.count("records"), recordsBefore);
            QVERIFY(!r.message.empty());
            return;
        }
        // Headers as an import sets them, so scope and audiences work.
        QVERIFY(row);
        QCOMPARE(q(row->kind), kind);
        QCOMPARE(q(row->partnership), QStringLiteral("st-helens"));
        const auto keys = audience(w, id);
        QVERIFY(has(keys, "p:st-helens"));
        QVERIFY(has(keys, "bp:st-helens"));
        if (kind == "review") {
            QCOMPARE(q(row->owner), QStringLiteral("SHC-BO"));
            QVERIFY(row->review.empty());
            return;
        }
        QCOMPARE(q(row->parent), parent);
        QCOMPARE(q(row->review), q(kReview));
        if (kind == "finding") QCOMPARE(w.field(id, "review")->value, json(kReview));
        if (kind == "recommendation") QCOMPARE(w.field(id, "finding")->value, json(kFinding));
        if (kind == "action") {
            QCOMPARE(q(row->owner), lead);
            QCOMPARE(w.field(id, "lead_agency")->value, json(lead.toStdString()));
            QCOMPARE(w.field(id, "status")->value, json("not_started"));
            QCOMPARE(w.field(id, "review")->value, json(kReview));
            if (parent == q(kRecommendation)) QCOMPARE(w.field(id, "recommendation")->value, json(kRecommendation));
            // The lead agency's devices get the action, and the review it is now party to.
            QVERIFY(has(keys, "ap:" + lead.toStdString()));
            QVERIFY(has(audience(w, kReview), "ap:" + lead.toStdString()));
        }
    }

    // A new review takes findings, recommendations and actions from the same device in one push;
    // the lead agency of its action sees the whole new tree, other agencies none of it.
    void newReviewReachesItsParties() {
        PushWorld w(templateDb_);
        const std::string review = newUuid(), finding = newUuid(), rec = newUuid(), action = newUuid();
        const std::string bo = "bo.sthelens";
        const auto results = w.push(bo, {
            w.change(bo, review, std::string(protocol::kCreateField), {{"kind", "review"}, {"parent", "st-helens"}}, 0),
            w.change(bo, review, "code", "SH-RR-K", 0),
            w.change(bo, finding, std::string(protocol::kCreateField), {{"kind", "finding"}, {"parent", review}}, 0),
            w.change(bo, rec, std::string(protocol::kCreateField), {{"kind", "recommendation"}, {"parent", finding}}, 0),
            w.change(bo, action, std::string(protocol::kCreateField),
                     {{"kind", "action"}, {"parent", rec}, {"lead_agency", "STH-YOS"}}, 0),
            w.change(bo, action, "title", "Joint protocol for exploitation screening", 0),
        });
        for (const auto& r : results) QVERIFY2(r.outcome == Outcome::Applied, r.message.c_str());
        QCOMPARE(header(w, action)->review, review);
        for (const auto& id : {review, finding, rec, action}) {
            QVERIFY2(has(audience(w, id), "ap:STH-YOS"), id.c_str());
            QVERIFY2(!has(audience(w, id), "ap:MERPOL"), id.c_str());
        }
        QCOMPARE(w.field(action, "title")->value, json("Joint protocol for exploitation screening"));
    }

    // Every move of the target date is kept with its reason, who and when; setting the same
    // date again or a refused move adds nothing.
    void targetDateHistory() {
        PushWorld w(templateDb_);
        const std::string a = w.record("A21");  // target 2016-07-31
        const std::string bo = "bo.sthelens";
        QCOMPARE(outcomeText(w.edit(bo, a, "target_date_reason", "Audit tool delayed")), QStringLiteral("applied"));
        QCOMPARE(outcomeText(w.edit(bo, a, "target_date", "2027-01-31")), QStringLiteral("applied"));
        QCOMPARE(outcomeText(w.edit(bo, a, "target_date_reason", "Waiting for the schools' returns")), QStringLiteral("applied"));
        const auto moved = w.edit(bo, a, "target_date", "2027-03-31");
        QCOMPARE(outcomeText(moved), QStringLiteral("applied"));
        QCOMPARE(outcomeText(w.edit(bo, a, "target_date", "2027-03-31")), QStringLiteral("applied"));  // no move
        QCOMPARE(outcomeText(w.edit("lead.schools", a, "target_date", "2028-01-01")), QStringLiteral("not_a_writer"));
        const auto history = w.field(a, "target_date_history");
        QVERIFY(history);
        const json expected = json::array(
            {{{"from", "2016-07-31"}, {"to", "2027-01-31"}, {"reason", "Audit tool delayed"}, {"by", bo}, {"on", today()}},
             {{"from", "2027-01-31"}, {"to", "2027-03-31"}, {"reason", "Waiting for the schools' returns"}, {"by", bo},
              {"on", today()}}});
        QCOMPARE(q(history->value.dump()), q(expected.dump()));
        QCOMPARE(history->seq, moved.serverSeq);  // written with the move, in the same unit
        // Nobody writes it from a device.
        QCOMPARE(outcomeText(w.edit(bo, a, "target_date_history", json::array())), QStringLiteral("not_a_writer"));
    }

    // Closure decisions on action 4.1 (STH-CSC, submitted for closure). setup: fields the
    // business office writes first ("" for none); closureDate: the date expected after ("-":
    // unset), "today" for the server's default.
    void closure_data() {
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("setupField");
        QTest::addColumn<QString>("setupValue");
        QTest::addColumn<QString>("to");
        QTest::addColumn<QString>("outcome");
        QTest::addColumn<QString>("closureDate");
        const QString bo = "bo.sthelens";
        QTest::newRow("closed without evidence") << bo << "" << "" << "closed" << "closure_incomplete" << "-";
        QTest::newRow("closed with a decision but no evidence") << bo << "closure_decision" << "Accepted" << "closed"
                                                                << "closure_incomplete" << "-";
        QTest::newRow("closed with evidence: dated today") << bo << "closure_evidence" << "Re-audit: 9 of 10 plans SMART"
                                                           << "closed" << "applied" << "today";
        QTest::newRow("closed with a date but no evidence") << bo << "closure_date" << "2026-11-30" << "closed"
                                                         << "closure_incomplete" << "2026-11-30";
        QTest::newRow("returned without a reason") << bo << "closure_evidence" << "A policy" << "returned"
                                                   << "closure_incomplete" << "-";
        QTest::newRow("returned with a reason") << bo << "closure_decision" << "The evidence shows no impact yet"
                                                << "returned" << "applied" << "-";
        QTest::newRow("superseded without a reason") << bo << "" << "" << "superseded" << "closure_incomplete" << "-";
        QTest::newRow("superseded with a reason") << bo << "closure_decision" << "Replaced by the exploitation plan"
                                                  << "superseded" << "applied" << "-";
        QTest::newRow("lead agency closes") << "lead.sthcsc" << "" << "" << "closed" << "not_allowed" << "-";
    }

    void closure() {
        QFETCH(QString, user);
        QFETCH(QString, setupField);
        QFETCH(QString, setupValue);
        QFETCH(QString, to);
        QFETCH(QString, outcome);
        QFETCH(QString, closureDate);
        PushWorld w(templateDb_);
        const std::string a = w.record("A41");
        if (!setupField.isEmpty())
            QCOMPARE(outcomeText(w.edit("bo.sthelens", a, setupField.toStdString(), setupValue.toStdString())), QStringLiteral("applied"));
        const auto r = w.edit(user.toStdString(), a, "status", to.toStdString());
        QCOMPARE(outcomeText(r), outcome);
        QCOMPARE(w.field(a, "status")->value, json(outcome == "applied" ? to.toStdString() : "submitted_for_closure"));
        const auto date = w.field(a, "closure_date");
        const std::string expected = closureDate == "today" ? today() : closureDate.toStdString();
        if (closureDate == "-") QVERIFY(!date);
        else QCOMPARE(q(date->value.get<std::string>()), q(expected));
        if (outcome == "closure_incomplete") QVERIFY(!r.message.empty());
    }

    // The device's way: evidence, date and status in one push close the action with that date.
    void closeInOnePush() {
        PushWorld w(templateDb_);
        const std::string a = w.record("A41"), bo = "bo.sthelens";
        const auto results = w.push(bo, {w.change(bo, a, "closure_evidence", "Case audit: thresholds applied", w.seqOf(a, "closure_evidence")),
                                         w.change(bo, a, "closure_date", "2026-11-30", 0),
                                         w.change(bo, a, "retest_date", "2027-06-30", w.seqOf(a, "retest_date")),
                                         w.change(bo, a, "status", "closed", w.seqOf(a, "status"))});
        for (const auto& r : results) QVERIFY2(r.outcome == Outcome::Applied, r.message.c_str());
        QCOMPARE(w.field(a, "status")->value, json("closed"));
        QCOMPARE(w.field(a, "closure_date")->value, json("2026-11-30"));
        QCOMPARE(w.field(a, "retest_date")->value, json("2027-06-30"));
    }

    // A case audit's learning becomes an action under the round's audit review, with its source.
    void learningAction() {
        PushWorld w(templateDb_);
        const std::string ca = w.caseAudit(), bo = "bo.sthelens";
        std::string round, review;
        w.store().read([&](server::StoreSession& s) {
            round = s.field(ca, "round")->value.get<std::string>();
            review = s.field(round, "review")->value.get<std::string>();
        });
        QCOMPARE(w.field(review, "review_type")->value, json("audit"));
        QCOMPARE(w.field(review, "title")->value, json("Learning: Neglect audit"));
        QCOMPARE(outcomeText(w.edit(bo, ca, "agreed_grade", "requires_improvement")), QStringLiteral("applied"));
        QCOMPARE(outcomeText(w.edit(bo, ca, "learning", "Fathers were not seen in 3 of 4 cases")), QStringLiteral("applied"));
        const std::string action = newUuid();
        const auto results = w.push(bo, {
            w.change(bo, action, std::string(protocol::kCreateField),
                     {{"kind", "action"}, {"parent", review}, {"lead_agency", "STH-CSC"}}, 0),
            w.change(bo, action, "title", "Engage fathers in every assessment", 0),
            w.change(bo, action, "source", ca, 0),
        });
        for (const auto& r : results) QVERIFY2(r.outcome == Outcome::Applied, r.message.c_str());
        QCOMPARE(header(w, action)->review, review);
        QCOMPARE(w.field(action, "source")->value, json(ca));
        QVERIFY(has(audience(w, action), "ap:STH-CSC"));
        QVERIFY(has(audience(w, review), "ap:STH-CSC"));
        // Only the business office makes them.
        const auto refused = create(w, "lead.sthcsc", newUuid(), {{"kind", "action"}, {"parent", review}, {"lead_agency", "STH-CSC"}});
        QCOMPARE(outcomeText(refused), QStringLiteral("not_a_writer"));
    }
};

QTEST_MAIN(TestPlanWrites)
#include "tst_planwrites.moc"
