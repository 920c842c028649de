// Agencies in several partnerships (docs/business-office.md): Merseyside Police is in St Helens
// and Knowsley. Its lead approves the St Helens Section 11 return with send_to [knowsley]; the
// server copies the answers into MERPOL's open Knowsley return, approved, with copied_from, and
// says what happened per partnership in send_results. Each business office then receives and
// moderates its own copy without touching the other's. Real server, real devices, real syncs.
#include "Device.h"
#include "TestServer.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace tandem;
using namespace tandem::test;

namespace {

std::vector<std::pair<std::string, std::string>> fullSection11(const std::string& evidence) {
    std::vector<std::pair<std::string, std::string>> a{{"R.completed_by_role", "Detective Inspector, public protection"},
                                                       {"R.senior_lead", "Detective Superintendent"},
                                                       {"R.scope", "Merseyside, St Helens and Knowsley districts"}};
    for (int s = 1; s <= 10; ++s) {
        a.push_back({"S" + std::to_string(s) + ".rating", s == 4 ? "amber" : "green"});
        a.push_back({"S" + std::to_string(s) + ".evidence", evidence + " " + std::to_string(s)});
    }
    // An amber rating needs its improvement and the date it is due.
    a.push_back({"S4.improvement", "Escalation training for all supervisors"});
    a.push_back({"S4.improvement_due", "2027-03-31"});
    a.push_back({"D.declared", "yes"});
    a.push_back({"D.date", "2026-11-20"});
    return a;
}

std::string returnTitled(sync::Replica& r, const std::string& title) {
    for (const auto& rec : r.records("audit_return"))
        if (rec.text("title") == title) return rec.id;
    return {};
}

// The agency's answers of a record as the server holds them (moderation answers aside).
std::map<std::string, json> agencyAnswers(server::Store& store, const std::string& id) {
    std::map<std::string, json> out;
    store.read([&](server::StoreSession& s) {
        for (const auto& [name, f] : s.fields(id))
            if (name.rfind("a.", 0) == 0 && name.find(".moderated") == std::string::npos && !f.value.is_null())
                out[name] = f.value;
    });
    return out;
}

}  // namespace

class TestSendTo : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    std::unique_ptr<TestServer> server_;
    std::unique_ptr<Device> pc_, lead_, boSth_, boKno_;
    std::string sthReturn_, knoReturn_;

    std::unique_ptr<Device> device(const std::string& user) {
        auto d = std::make_unique<Device>(server_->url(), dir_.path().toStdString(), user);
        const auto in = d->signIn();
        if (!in.ok) qWarning("%s cannot sign in: %s", user.c_str(), in.message.c_str());
        if (!in.ok || d->sync().status != sync::SyncStatus::Ok) return nullptr;
        return d;
    }
    static bool synced(Device& d) {
        const auto r = d.sync();
        if (r.status != sync::SyncStatus::Ok || r.rejected != 0)
            qWarning("%s: sync %s, %d rejected", d.user().c_str(), r.message.c_str(), r.rejected);
        return r.status == sync::SyncStatus::Ok && r.rejected == 0;
    }
    std::string serverText(const std::string& id, const std::string& field) {
        std::string out;
        server_->store().read([&](server::StoreSession& s) {
            if (auto f = s.field(id, field)) out = f->value.is_string() ? f->value.get<std::string>() : f->value.dump();
        });
        return out;
    }
    // The practitioner completes the St Helens return and submits it; the lead approves it.
    void completeAndApprove(const std::string& evidence) {
        auto& ws = pc_->workspace();
        for (const auto& [code, value] : fullSection11(evidence)) {
            const auto r = ws.answer(sthReturn_, code, value);
            QVERIFY2(r.ok, (code + ": " + r.message).c_str());
        }
        const auto submitted = ws.submit(sthReturn_);
        QVERIFY2(submitted.ok, submitted.message.c_str());
        QVERIFY(synced(*pc_));
        QVERIFY(synced(*lead_));
        const auto approved = lead_->workspace().approve(sthReturn_);
        QVERIFY2(approved.ok, approved.message.c_str());
        QVERIFY(synced(*lead_));
    }

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        server_ = std::make_unique<TestServer>(dir_.path().toStdString() + "/server");
        std::string error;
        QVERIFY2(server::setUpDemo(server_->store(), TANDEM_DATA_DIR, error), error.c_str());
        server_->start();
        pc_ = device("pc.merpol");
        lead_ = device("lead.merpol");
        boSth_ = device("bo.sthelens");
        boKno_ = device("bo.knowsley");
        QVERIFY(pc_ && lead_ && boSth_ && boKno_);
        sthReturn_ = returnTitled(pc_->replica(), "Section 11 self-assessment 2026");
        knoReturn_ = returnTitled(pc_->replica(), "Knowsley Section 11 self-assessment 2026");
        QVERIFY2(!sthReturn_.empty() && !knoReturn_.empty(), "MERPOL has a Section 11 return in both partnerships");
        QVERIFY(returnTitled(boKno_->replica(), "Section 11 self-assessment 2026").empty());  // St Helens' is not Knowsley's
    }
    void cleanupTestCase() {
        pc_.reset();
        lead_.reset();
        boSth_.reset();
        boKno_.reset();
        server_.reset();
    }

    // Only the agency lead names the partnerships; the practitioner is told so offline.
    void sendToIsTheLeads() {
        QVERIFY(!pc_->workspace().setSendTo(sthReturn_, {"knowsley"}).ok);
        QVERIFY(!boSth_->workspace().setSendTo(sthReturn_, {"knowsley"}).ok);
        const auto set = lead_->workspace().setSendTo(sthReturn_, {"knowsley", "hampshire"});
        QVERIFY2(set.ok, set.message.c_str());
        QVERIFY(synced(*lead_));
        QCOMPARE(serverText(sthReturn_, "send_to"), std::string("[\"knowsley\",\"hampshire\"]"));
    }

    // Approval copies the answers into the Knowsley return, approved, in the same write.
    void approvalCopies() {
        completeAndApprove("Force policy library, section");
        QCOMPARE(serverText(sthReturn_, "status"), std::string("approved"));
        QCOMPARE(serverText(knoReturn_, "status"), std::string("approved"));
        QCOMPARE(serverText(knoReturn_, "copied_from"), sthReturn_);
        const auto answers = agencyAnswers(server_->store(), sthReturn_);
        QCOMPARE(answers.size(), size_t(27));
        QVERIFY(agencyAnswers(server_->store(), knoReturn_) == answers);
        const json results = json::parse(serverText(sthReturn_, "send_results"), nullptr, false);
        QCOMPARE(results, (json{{"knowsley", "copied to " + knoReturn_}, {"hampshire", "agency is not a member"}}));
        // The copy reaches the Knowsley business office and MERPOL's devices.
        QVERIFY(synced(*boKno_));
        const auto copy = boKno_->replica().record(knoReturn_);
        QVERIFY(copy);
        QCOMPARE(copy->text("status"), std::string("approved"));
        QCOMPARE(copy->text("a.S4.rating"), std::string("amber"));
        QVERIFY(synced(*pc_));
        QCOMPARE(pc_->replica().record(knoReturn_)->text("copied_from"), sthReturn_);
    }

    // Each partnership receives and moderates its own copy; the other's is untouched.
    void eachPartnershipModeratesItsOwn() {
        auto& kno = boKno_->workspace();
        QVERIFY2(kno.receive(knoReturn_).ok, "Knowsley receives its copy");
        QVERIFY(kno.answer(knoReturn_, "S4.moderated", "red").ok);
        const auto moderated = kno.markModerated(knoReturn_, "S4: no evidence of escalation training in Knowsley");
        QVERIFY2(moderated.ok, moderated.message.c_str());
        QVERIFY(synced(*boKno_));
        QCOMPARE(serverText(knoReturn_, "status"), std::string("moderated"));
        QCOMPARE(serverText(knoReturn_, "a.S4.moderated"), std::string("red"));
        // St Helens' return is as the lead approved it.
        QCOMPARE(serverText(sthReturn_, "status"), std::string("approved"));
        QCOMPARE(serverText(sthReturn_, "a.S4.moderated"), std::string());
        QCOMPARE(serverText(sthReturn_, "moderator_note"), std::string());

        QVERIFY(synced(*boSth_));
        auto& sth = boSth_->workspace();
        QVERIFY(sth.receive(sthReturn_).ok);
        QVERIFY(sth.answer(sthReturn_, "S4.moderated", "amber").ok);
        QVERIFY(sth.markModerated(sthReturn_, "S4 agreed").ok);
        QVERIFY(synced(*boSth_));
        QCOMPARE(serverText(sthReturn_, "a.S4.moderated"), std::string("amber"));
        QCOMPARE(serverText(knoReturn_, "a.S4.moderated"), std::string("red"));
        QCOMPARE(serverText(knoReturn_, "moderator_note"), std::string("S4: no evidence of escalation training in Knowsley"));
        // Nobody but the server writes where a copy came from or how the sending went.
        QVERIFY(!kno.setField(knoReturn_, "copied_from", "").ok);
        QVERIFY(!lead_->workspace().setField(sthReturn_, "send_results", json::object()).ok);
    }

    // A later St Helens round of the same template, sent to Knowsley again: Knowsley's only
    // return of it is moderated, not open, so it is left alone and send_results says why.
    void noOpenReturnLeavesTheCopyAlone() {
        const auto before = agencyAnswers(server_->store(), knoReturn_);
        const auto opened = server::openRound(server_->store(), server::RoundSpec{
            "st-helens", "s11-self-assessment", 0, "Section 11 follow-up 2027", "section11", "2027-06-30", "", {"MERPOL"}, {},
            {{"MERPOL", "pc.merpol"}}});
        QVERIFY(opened.ok());
        QVERIFY(synced(*pc_));
        QVERIFY(synced(*lead_));
        sthReturn_ = returnTitled(pc_->replica(), "Section 11 follow-up 2027");
        QVERIFY(!sthReturn_.empty());
        QVERIFY(lead_->workspace().setSendTo(sthReturn_, {"knowsley", "st-helens"}).ok);
        QVERIFY(synced(*lead_));
        completeAndApprove("Updated policy library, section");
        const json results = json::parse(serverText(sthReturn_, "send_results"), nullptr, false);
        QCOMPARE(results, (json{{"knowsley", "no open round of this template"},
                                {"st-helens", "this is the return's own partnership"}}));
        QVERIFY(agencyAnswers(server_->store(), knoReturn_) == before);
        QCOMPARE(serverText(knoReturn_, "status"), std::string("moderated"));
    }
};

QTEST_MAIN(TestSendTo)
#include "tst_sendto.moc"
