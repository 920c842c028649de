// Opening audit rounds online and the business office's action-plan writes, over real HTTP on
// the demo (docs/business-office.md "Business-office writes"): POST /v1/rounds through the
// device's openRound, the new returns on the assigned practitioner's replica at the next sync
// by the real SyncEngine, per-case agencies and the learning review, every error code with the
// database unchanged, the CLI's --case-agencies, and records a business office creates offline
// reaching the lead agency's devices.
#include "DataFiles.h"
#include "Device.h"
#include "HttpProbe.h"
#include "Ids.h"
#include "RoundOpener.h"
#include "ServerCli.h"
#include "TestServer.h"

#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <set>

using namespace tandem;
using namespace tandem::test;

namespace {

json quarterlyRound() {
    return {{"template_key", "data-return-quarterly"}, {"title", "Training data Q4"}, {"theme", "training"},
            {"due_date", "2027-01-10"}, {"moderation_date", "2027-01-24"}, {"agencies", {"MERPOL", "STHK"}},
            {"assignees", {{"MERPOL", "pc.merpol"}}}};
}

std::vector<sync::LocalRecord> returnsOfRound(sync::Replica& r, const std::string& round) {
    std::vector<sync::LocalRecord> out;
    for (auto& rec : r.records("audit_return"))
        if (rec.text("round") == round) out.push_back(rec);
    return out;
}

}  // namespace

class TestRounds : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    std::unique_ptr<TestServer> server_;
    int devices_ = 0;

    std::unique_ptr<Device> device(const std::string& user) {
        auto d = std::make_unique<Device>(server_->url(), dir_.path().toStdString(), user, user + "-" + std::to_string(++devices_));
        const auto in = d->signIn();
        if (!in.ok) qWarning("%s cannot sign in: %s", user.c_str(), in.message.c_str());
        if (!in.ok || d->sync().status != sync::SyncStatus::Ok) return nullptr;
        return d;
    }

    static sync::OpenRoundResult open(Device& d, const json& spec) {
        return sync::openRound(d.http(), d.replica().token().value_or(""), spec);
    }

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        server_ = std::make_unique<TestServer>(dir_.path().toStdString() + "/server");
        std::string error;
        QVERIFY2(server::setUpDemo(server_->store(), TANDEM_DATA_DIR, error), error.c_str());
        server_->start();
    }
    void cleanupTestCase() { server_.reset(); }

    // The business office opens a round; the returns reach the assigned practitioner and the
    // agencies' leads on their next sync, and nobody else.
    void openedReturnsReachDevices() {
        auto bo = device("bo.sthelens");
        auto pc = device("pc.merpol");
        auto nurse = device("nurse.sthk");
        auto leadSthk = device("lead.sthk");
        QVERIFY(bo && pc && nurse && leadSthk);
        const auto opened = open(*bo, quarterlyRound());
        QVERIFY2(opened.ok, opened.message.c_str());
        QCOMPARE(opened.returns, 2);
        QVERIFY(!opened.roundId.empty());
        for (Device* d : {pc.get(), nurse.get(), leadSthk.get(), bo.get()}) QVERIFY(d->sync().status == sync::SyncStatus::Ok);
        const auto mine = returnsOfRound(pc->replica(), opened.roundId);
        QCOMPARE(mine.size(), size_t(1));
        QCOMPARE(mine.front().owner, std::string("MERPOL"));
        QCOMPARE(mine.front().text("assignee"), std::string("pc.merpol"));
        QCOMPARE(mine.front().text("status"), std::string("assigned"));
        QCOMPARE(mine.front().text("due_date"), std::string("2027-01-10"));
        QVERIFY(returnsOfRound(nurse->replica(), opened.roundId).empty());  // STHK's return is not assigned to her
        const auto sthk = returnsOfRound(leadSthk->replica(), opened.roundId);
        QCOMPARE(sthk.size(), size_t(1));
        QCOMPARE(sthk.front().owner, std::string("STHK"));
        QCOMPARE(returnsOfRound(bo->replica(), opened.roundId).size(), size_t(2));
        QVERIFY(bo->replica().record(opened.roundId));
        // The practitioner can start it at once, and the server takes the answer.
        QVERIFY(pc->workspace().answer(mine.front().id, "Q1", "42").ok);
        const auto started = pc->sync();
        QVERIFY2(started.status == sync::SyncStatus::Ok && started.rejected == 0, started.message.c_str());
        QCOMPARE(pc->replica().record(mine.front().id)->text("status"), std::string("in_progress"));
    }

    // case_agencies: which agencies audit each case; the first leads its case audit. A round
    // with cases gets its learning review.
    void perCaseAgencies() {
        auto bo = device("bo.sthelens");
        QVERIFY(bo);
        json spec = {{"template_key", "macfa-neglect"}, {"title", "Neglect audit, spring"}, {"theme", "neglect"},
                     {"due_date", "2027-03-01"}, {"agencies", {"STH-CSC", "MERPOL", "STHK"}},
                     {"cases", {"STH-2001", "STH-2002"}}, {"case_agencies", {{"STH-2002", {"MERPOL", "STHK"}}}}};
        const auto opened = open(*bo, spec);
        QVERIFY2(opened.ok, opened.message.c_str());
        QCOMPARE(opened.returns, 5);
        QVERIFY(bo->sync().status == sync::SyncStatus::Ok);
        std::map<std::string, std::set<std::string>> agenciesOfCase;
        std::map<std::string, std::string> caseOf;  // case audit id -> case code
        for (const auto& ca : bo->replica().records("case_audit")) {
            if (ca.text("round") != opened.roundId) continue;
            caseOf[ca.id] = ca.text("case_code");
            if (ca.text("case_code") == "STH-2001") QCOMPARE(ca.owner, std::string("STH-CSC"));
            if (ca.text("case_code") == "STH-2002") {
                QCOMPARE(ca.owner, std::string("MERPOL"));
                QCOMPARE(ca.fields.at("contributing_agencies"), json({"STHK"}));
            }
        }
        QCOMPARE(caseOf.size(), size_t(2));
        for (const auto& r : returnsOfRound(bo->replica(), opened.roundId)) agenciesOfCase[caseOf.at(r.text("case_audit"))].insert(r.owner);
        QCOMPARE(agenciesOfCase["STH-2001"], (std::set<std::string>{"STH-CSC", "MERPOL", "STHK"}));
        QCOMPARE(agenciesOfCase["STH-2002"], (std::set<std::string>{"MERPOL", "STHK"}));
        const auto round = bo->replica().record(opened.roundId);
        QVERIFY(round);
        const auto review = bo->replica().record(round->text("review"));
        QVERIFY2(review, "the learning review is on the business office's device");
        QCOMPARE(review->text("review_type"), std::string("audit"));
        QCOMPARE(review->text("title"), std::string("Learning: Neglect audit, spring"));
    }

    // Every refusal, with its status and code; the database is unchanged after each.
    void refusals_data() {
        QTest::addColumn<QString>("user");  // "" for no token
        QTest::addColumn<QString>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QStringList>("says");
        auto with = [](std::initializer_list<std::pair<const char*, json>> changes) {
            json spec = quarterlyRound();
            for (const auto& [k, v] : changes) {
                if (v.is_null()) spec.erase(k);
                else spec[k] = v;
            }
            return QString::fromStdString(spec.dump());
        };
        const QString good = with({});
        QTest::newRow("every problem at once")
            << "bo.sthelens"
            << with({{"template_key", "no-such-template"}, {"due_date", "2027-02-30"}, {"agencies", {"MERPOL", "KNO-CSC"}}})
            << 400 << "invalid_value"
            << QStringList{"no published template no-such-template", "due date", "agency KNO-CSC is not in partnership st-helens"};
        QTest::newRow("missing title and agencies") << "bo.sthelens" << with({{"title", nullptr}, {"agencies", nullptr}}) << 400
                                                    << "invalid_value" << QStringList{"\"title\" is required", "\"agencies\" is required"};
        QTest::newRow("agencies not a list") << "bo.sthelens" << with({{"agencies", "MERPOL"}}) << 400 << "invalid_value"
                                             << QStringList{"\"agencies\" must be a list"};
        QTest::newRow("assignee of another agency") << "bo.sthelens" << with({{"assignees", {{"MERPOL", "nurse.sthk"}}}}) << 400
                                                    << "invalid_value" << QStringList{"user nurse.sthk is not a user of MERPOL"};
        QTest::newRow("a case-file audit without cases")
            << "bo.sthelens" << with({{"template_key", "macfa-neglect"}}) << 400 << "invalid_value"
            << QStringList{"needs case codes"};
        QTest::newRow("case agencies of an unknown case")
            << "bo.sthelens"
            << with({{"template_key", "macfa-neglect"}, {"cases", {"STH-3001"}}, {"case_agencies", {{"STH-9999", {"MERPOL"}}}}})
            << 400 << "invalid_value" << QStringList{"names case STH-9999"};
        QTest::newRow("case agencies outside the round")
            << "bo.sthelens"
            << with({{"template_key", "macfa-neglect"}, {"cases", {"STH-3001"}}, {"case_agencies", {{"STH-3001", {"STH-CSC"}}}}})
            << 400 << "invalid_value" << QStringList{"names agency STH-CSC, which is not in the round"};
        QTest::newRow("agency lead") << "lead.merpol" << good << 403 << "not_allowed" << QStringList{"business office"};
        QTest::newRow("practitioner") << "pc.merpol" << good << 403 << "not_allowed" << QStringList{};
        QTest::newRow("board") << "board.sthelens" << good << 403 << "not_allowed" << QStringList{};
        QTest::newRow("another partnership's business office")
            << "bo.knowsley" << with({{"partnership", "st-helens"}}) << 403 << "not_allowed" << QStringList{};
        QTest::newRow("no token") << "" << good << 401 << "missing_token" << QStringList{};
        QTest::newRow("not JSON") << "bo.sthelens" << "{\"title\": " << 400 << "malformed_json" << QStringList{};
    }

    void refusals() {
        QFETCH(QString, user);
        QFETCH(QString, body);
        QFETCH(int, status);
        QFETCH(QString, code);
        QFETCH(QStringList, says);
        httplib::Headers headers;
        if (!user.isEmpty()) {
            auto d = device(user.toStdString());
            QVERIFY(d);
            headers = bearer(d->replica().token().value());
        }
        const auto before = snapshot(server_->store());
        httplib::Client client("127.0.0.1", server_->port());
        auto res = client.Post("/v1/rounds", headers, body.toStdString(), "application/json");
        QVERIFY(res);
        QCOMPARE(res->status, status);
        const std::string wrong = checkErrorBody(res->body, code.toStdString());
        QVERIFY2(wrong.empty(), wrong.c_str());
        const std::string message = json::parse(res->body)["error"]["message"].get<std::string>();
        for (const auto& s : says) QVERIFY2(message.find(s.toStdString()) != std::string::npos, message.c_str());
        const auto after = snapshot(server_->store());
        QVERIFY2(after == before, (before.describe() + " -> " + after.describe()).c_str());
    }

    // The device side of a refusal and of no server at all.
    void openRoundAnswers() {
        auto lead = device("lead.merpol");
        QVERIFY(lead);
        const auto refused = open(*lead, quarterlyRound());
        QVERIFY(!refused.ok && !refused.offline);
        QCOMPARE(refused.message, std::string("Only the business office of the partnership may open a round."));
        sync::HttpTransport nowhere("http://127.0.0.1:1", std::chrono::seconds(2));
        const auto offline = sync::openRound(nowhere, lead->replica().token().value(), quarterlyRound());
        QVERIFY(!offline.ok && offline.offline);
        QVERIFY(!offline.message.empty());
    }

    // The CLI's open-round takes --case-agencies to the same openRound.
    void cliCaseAgencies() {
        QTemporaryDir data;
        QVERIFY(data.isValid());
        {
            auto store = server::openDataDir(data.path().toStdString());
            QVERIFY(server::importAgencies(*store, readDataFile("agencies.csv")).ok());
            QVERIFY(server::importTemplate(*store, readDataFile("templates/macfa-neglect.json")).ok());
        }
        std::vector<std::string> args{"tandem-server", "open-round", data.path().toStdString(), "--partnership", "st-helens",
                                      "--template", "macfa-neglect", "--title", "CLI audit", "--agencies", "STH-CSC,MERPOL,STHK",
                                      "--due", "2027-02-01", "--cases", "C1,C2", "--case-agencies", "C2=STHK;MERPOL"};
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        QCOMPARE(server::runServerCli(int(argv.size()), argv.data()), 0);
        auto store = server::openDataDir(data.path().toStdString());
        std::map<std::string, std::string> leadOf;
        std::int64_t returns = 0;
        store->read([&](server::StoreSession& s) {
            for (const auto& ca : s.recordsOfKind("case_audit")) leadOf[s.field(ca.id, "case_code")->value.get<std::string>()] = ca.owner;
            returns = std::int64_t(s.recordsOfKind("audit_return").size());
        });
        QCOMPARE(leadOf["C1"], std::string("STH-CSC"));
        QCOMPARE(leadOf["C2"], std::string("STHK"));
        QCOMPARE(returns, std::int64_t(5));
    }

    // A case audit's agreed grade and learning, and an action made from the learning under the
    // round's audit review, from the business office's device to the lead agency's.
    void learningBecomesAnAction() {
        auto bo = device("bo.sthelens");
        auto lead = device("lead.sthk");
        QVERIFY(bo && lead);
        std::string caseAudit;
        for (const auto& ca : bo->replica().records("case_audit"))
            if (ca.text("case_code") == "STH-0412") caseAudit = ca.id;
        QVERIFY(!caseAudit.empty());
        auto& ws = bo->workspace();
        QVERIFY(!lead->workspace().agreeCase(caseAudit, "good", "Not the lead's to agree").ok);
        QVERIFY(ws.agreeCase(caseAudit, "requires_improvement", "Health visitors did not see the child alone").ok);
        QVERIFY(!ws.actionFromLearning(caseAudit, "", "STHK", "2027-05-31").ok);
        const auto action = ws.actionFromLearning(caseAudit, "See the child alone at every visit", "STHK", "2027-05-31");
        QVERIFY2(action.ok, action.message.c_str());
        const auto r = bo->sync();
        QVERIFY2(r.status == sync::SyncStatus::Ok && r.rejected == 0, r.message.c_str());
        QVERIFY(lead->sync().status == sync::SyncStatus::Ok);
        const auto got = lead->replica().record(action.id);
        QVERIFY(got);
        QCOMPARE(got->text("source"), caseAudit);
        const auto round = bo->replica().record(bo->replica().record(caseAudit)->text("round"));
        QCOMPARE(got->text("review"), round->text("review"));
        QCOMPARE(got->text("target_date"), std::string("2027-05-31"));
        QVERIFY(lead->replica().record(round->text("review")));  // party to the learning review now
        QCOMPARE(bo->replica().record(caseAudit)->text("agreed_grade"), std::string("requires_improvement"));
    }

    // Records the business office creates offline reach the lead agency's devices, and a moved
    // target date and a closure come back from the server with its history and date.
    void createdPlanReachesLeadAgency() {
        auto bo = device("bo.sthelens");
        auto lead = device("lead.sthk");
        auto nurse = device("nurse.sthk");
        auto schools = device("lead.schools");
        QVERIFY(bo && lead && nurse && schools);
        auto& ws = bo->workspace();
        const auto review = ws.createRecord(RecordKind::Review, "st-helens",
                                            {{"code", "SH-RR-Q"}, {"title", "Child Q"}, {"review_type", "rapid_review"}});
        QVERIFY2(review.ok, review.message.c_str());
        const auto finding = ws.createRecord(RecordKind::Finding, review.id, {{"no", "1"}, {"text", "Health visits missed"}});
        QVERIFY2(finding.ok, finding.message.c_str());
        const auto rec = ws.createRecord(RecordKind::Recommendation, finding.id, {{"no", "1a"}, {"text", "Follow up missed visits"}});
        QVERIFY2(rec.ok, rec.message.c_str());
        const auto action = ws.createRecord(RecordKind::Action, rec.id,
                                            {{"title", "Was Not Brought policy audit"}, {"lead_agency", "STHK"},
                                             {"target_date", "2027-02-28"}});
        QVERIFY2(action.ok, action.message.c_str());
        // Offline checks: the same rules as the server.
        QVERIFY(!ws.createRecord(RecordKind::Action, rec.id, {{"title", "No lead"}}).ok);
        QVERIFY(!ws.createRecord(RecordKind::Action, rec.id, {{"lead_agency", "KNO-CSC"}}).ok);
        QVERIFY(!lead->workspace().createRecord(RecordKind::Review, "st-helens", {{"title", "Not mine"}}).ok);
        QVERIFY(!ws.changeTargetDate(action.id, "2027-04-30", "").ok);
        QVERIFY(ws.changeTargetDate(action.id, "2027-04-30", "Waiting for the audit tool").ok);
        QCOMPARE(bo->replica().record(action.id)->text("target_date"), std::string("2027-04-30"));
        const auto r = bo->sync();
        QVERIFY2(r.status == sync::SyncStatus::Ok && r.rejected == 0, r.message.c_str());
        for (Device* d : {lead.get(), nurse.get(), schools.get()}) QVERIFY(d->sync().status == sync::SyncStatus::Ok);
        for (Device* d : {lead.get(), nurse.get()}) {
            const auto got = d->replica().record(action.id);
            QVERIFY2(got, d->user().c_str());
            QCOMPARE(got->owner, std::string("STHK"));
            QCOMPARE(got->text("status"), std::string("not_started"));
            QVERIFY2(d->replica().record(review.id), d->user().c_str());
        }
        QVERIFY(!schools->replica().record(action.id));
        QVERIFY(!schools->replica().record(review.id));
        const auto history = bo->replica().record(action.id)->fields.at("target_date_history");
        QCOMPARE(history.size(), size_t(1));
        QCOMPARE(history[0].at("from"), json("2027-02-28"));
        QCOMPARE(history[0].at("reason"), json("Waiting for the audit tool"));
        QCOMPARE(history[0].at("by"), json("bo.sthelens"));
        // The lead submits it for closure; the business office closes it with evidence.
        QVERIFY(lead->workspace().setField(action.id, "status", "in_progress").ok);
        QVERIFY(lead->workspace().setField(action.id, "status", "submitted_for_closure").ok);
        QVERIFY(lead->sync().status == sync::SyncStatus::Ok);
        QVERIFY(bo->sync().status == sync::SyncStatus::Ok);
        QVERIFY(!ws.closeAction(action.id, "", "", "").ok);
        QVERIFY(!ws.returnAction(action.id, "").ok);
        QVERIFY(ws.closeAction(action.id, "Re-audit: every missed visit followed up", "", "2027-09-30").ok);
        const auto closed = bo->sync();
        QVERIFY2(closed.status == sync::SyncStatus::Ok && closed.rejected == 0, closed.message.c_str());
        const auto after = bo->replica().record(action.id);
        QCOMPARE(after->text("status"), std::string("closed"));
        QCOMPARE(after->text("closure_date"), nowIso().substr(0, 10));
        QCOMPARE(after->text("retest_date"), std::string("2027-09-30"));
    }
};

QTEST_MAIN(TestRounds)
#include "tst_rounds.moc"
