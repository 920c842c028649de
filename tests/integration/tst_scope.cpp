// Scope (sync-design.md property 6) over real HTTP on the demo: each role downloads exactly the
// records the design gives it, computed here from the demo data and the design's rules (not
// from the server's audience keys); records that leave a scope leave the replica; and a cursor
// older than the removal horizon refetches to exactly the scope, keeping the outbox.
#include "Csv.h"
#include "Device.h"
#include "TestServer.h"

#include <QTemporaryDir>
#include <QtTest>

#include <fstream>
#include <sstream>

using namespace tandem;
using namespace tandem::test;

namespace {

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::vector<CsvRow> csv(const std::string& file) {
    std::vector<ImportError> errors;
    auto rows = parseCsv(readFile(std::string(TANDEM_DATA_DIR) + "/" + file), errors);
    rows.erase(rows.begin());  // header
    return rows;
}

// agency -> partnerships, from data/agencies.csv (code,name,sector,partnerships).
std::map<std::string, std::set<std::string>> agencyPartnerships() {
    std::map<std::string, std::set<std::string>> out;
    for (const auto& r : csv("agencies.csv"))
        for (const auto& p : splitList(r.cells[3])) out[r.cells[0]].insert(p);
    return out;
}

bool has(const std::vector<std::string>& v, const std::string& x) { return std::find(v.begin(), v.end(), x) != v.end(); }

// The design's scope rules for one user, applied to the server's record headers.
struct Viewer {
    std::string user, role, agency;
    std::set<std::string> partnerships;
    bool office() const { return role == "business_office"; }
    bool board() const { return role == "board"; }
    bool lead() const { return role == "agency_lead"; }
};

Viewer viewerOf(const std::string& user) {
    static const auto partnerships = agencyPartnerships();
    for (const auto& u : server::demoUsers())
        if (u.name == user) return {u.name, u.role, u.agency, partnerships.at(u.agency)};
    if (user == "pc2.merpol") return {user, "practitioner", "MERPOL", partnerships.at("MERPOL")};
    qFatal("unknown user %s", user.c_str());
}

std::set<std::string> expectedScope(server::Store& store, const Viewer& v) {
    static const auto agencies = agencyPartnerships();
    std::map<std::string, server::RecordRow> all;
    store.read([&](server::StoreSession& s) {
        for (const char* kind : {"agency", "template", "review", "finding", "recommendation", "action", "action_update",
                                 "round", "audit_return", "case_audit"})
            for (auto& r : s.recordsOfKind(kind)) all[r.id] = r;
    });
    std::map<std::string, std::set<std::string>> parties;  // review -> lead and supporting agencies of its actions
    for (const auto& [id, r] : all)
        if (r.kind == "action") {
            parties[r.review].insert(r.owner);
            parties[r.review].insert(r.supporting.begin(), r.supporting.end());
        }
    const bool wholePartnership = v.office() || v.board();
    auto actionVisible = [&](const server::RecordRow& a) {
        return wholePartnership ? v.partnerships.count(a.partnership) > 0 : a.owner == v.agency || has(a.supporting, v.agency);
    };
    std::set<std::string> out;
    for (const auto& [id, r] : all) {
        bool in = false;
        if (r.kind == "template") in = true;
        else if (r.kind == "agency") {
            for (const auto& p : agencies.at(r.owner)) in = in || v.partnerships.count(p);
        } else if (r.kind == "review" || r.kind == "finding" || r.kind == "recommendation") {
            in = wholePartnership ? v.partnerships.count(r.partnership) > 0
                                  : parties[r.kind == "review" ? r.id : r.review].count(v.agency) > 0;
        } else if (r.kind == "action") in = actionVisible(r);
        else if (r.kind == "action_update") in = all.count(r.parent) && actionVisible(all.at(r.parent));
        else if (r.kind == "round") in = wholePartnership ? v.partnerships.count(r.partnership) > 0 : v.lead() && has(r.contributing, v.agency);
        else if (r.kind == "audit_return") in = v.office() ? v.partnerships.count(r.partnership) > 0
                                              : v.lead() ? r.owner == v.agency : !v.board() && r.assignee == v.user;
        else if (r.kind == "case_audit") in = v.office() ? v.partnerships.count(r.partnership) > 0
                                            : v.lead() && (r.owner == v.agency || has(r.contributing, v.agency));
        if (in) out.insert(id);
    }
    return out;
}

std::set<std::string> idsOf(sync::Replica& r, const std::string& kind = {}) {
    std::set<std::string> out;
    for (const auto& rec : r.records(kind)) out.insert(rec.id);
    return out;
}

std::string setDiff(const std::set<std::string>& got, const std::set<std::string>& want) {
    std::string out;
    int n = 0;
    for (const auto& g : got)
        if (!want.count(g) && n++ < 10) out += "\n  unexpected " + g;
    for (const auto& w : want)
        if (!got.count(w) && n++ < 20) out += "\n  missing " + w;
    return out;
}

}  // namespace

class Scope : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    std::unique_ptr<TestServer> server_;
    int devices_ = 0;

    // A signed-in device that has synced once, or nullptr (with the reason logged). Pages of 40
    // by default, so that paging is part of what is checked.
    std::unique_ptr<Device> device(const std::string& user, int pageSize = 40) {
        auto d = std::make_unique<Device>(server_->url(), dir_.path().toStdString(), user, user + "-" + std::to_string(++devices_));
        const auto in = d->signIn();
        if (!in.ok) qWarning("%s cannot sign in: %s", user.c_str(), in.message.c_str());
        d->pullPageSize = pageSize;
        if (!in.ok || !synced(*d)) return nullptr;
        return d;
    }
    static bool synced(Device& d) {
        const auto r = d.sync();
        if (r.status != sync::SyncStatus::Ok) qWarning("%s cannot sync: %s", d.user().c_str(), r.message.c_str());
        return r.status == sync::SyncStatus::Ok;
    }
    // The replica holds exactly the user's scope as the design defines it.
    bool exactlyInScope(Device& d) {
        const auto got = idsOf(d.replica());
        const auto want = expectedScope(server_->store(), viewerOf(d.user()));
        if (got == want) return true;
        qWarning("%s: %s", d.user().c_str(), setDiff(got, want).c_str());
        return false;
    }

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        server_ = std::make_unique<TestServer>(dir_.path().toStdString() + "/server");
        std::string error;
        QVERIFY2(server::setUpDemo(server_->store(), TANDEM_DATA_DIR, error), error.c_str());
        const auto added = server::addUser(server_->store(), "pc2.merpol", server::kDemoPassword, "practitioner", "MERPOL");
        QVERIFY(added.ok());
        server_->start();
    }
    void cleanupTestCase() { server_.reset(); }

    void scopeOfRole_data() {
        QTest::addColumn<QString>("user");
        for (const char* u : {"bo.sthelens", "board.sthelens", "lead.merpol", "pc.merpol", "lead.sthcsc", "sw.sthcsc",
                              "lead.schools", "dsl.schools", "lead.sthk", "nurse.sthk", "bo.knowsley", "sw.knocsc"})
            QTest::newRow(u) << u;
    }

    void scopeOfRole() {
        QFETCH(QString, user);
        auto d = device(user.toStdString());
        QVERIFY2(d, "device ready");
        const Viewer v = viewerOf(d->user());
        QVERIFY(exactlyInScope(*d));

        // The actions also match data/action-plans.csv directly.
        std::set<std::string> csvActions;
        for (const auto& r : csv("action-plans.csv")) {
            // partnership,review_code,...,action_no(8),action,lead_agency(10),supporting_agencies(11)
            const auto supporting = splitList(r.cells[11]);
            const bool in = v.office() || v.board() ? v.partnerships.count(r.cells[0]) > 0
                                                    : r.cells[10] == v.agency || has(supporting, v.agency);
            if (in) csvActions.insert("review:" + r.cells[0] + ":" + r.cells[1] + ":action:" + r.cells[8]);
        }
        QVERIFY2(idsOf(d->replica(), "action") == csvActions, setDiff(idsOf(d->replica(), "action"), csvActions).c_str());

        // Never another agency's audit answers; the board none at all; a practitioner only its own.
        for (const auto& r : d->replica().records("audit_return")) {
            QVERIFY2(!v.board(), "the board holds no audit returns");
            if (!v.office()) QCOMPARE(r.owner, v.agency);
            if (v.role == "practitioner") QCOMPARE(r.text("assignee"), v.user);
        }
        if (v.board()) QCOMPARE(d->replica().recordCount("case_audit"), std::int64_t(0));
        QCOMPARE(d->replica().recordCount("template"), std::int64_t(8));
    }

    // A return reassigned by the lead leaves the first practitioner (its offline answer becomes
    // a rejection it can see) and reaches the second.
    void reassignedReturnMoves() {
        auto lead = device("lead.merpol");
        QVERIFY2(lead, "device ready");
        auto first = device("pc.merpol");
        QVERIFY2(first, "device ready");
        auto second = device("pc2.merpol");
        QVERIFY2(second, "device ready");
        std::string ret;
        for (const auto& r : first->replica().records("audit_return"))
            if (r.text("template").rfind("template:s11-self-assessment", 0) == 0) ret = r.id;
        QVERIFY2(!ret.empty(), "pc.merpol holds the MERPOL Section 11 return");
        QVERIFY(!second->replica().record(ret));
        QVERIFY(first->workspace().answer(ret, "R.completed_by_role", "Detective inspector").ok);  // offline

        QVERIFY(lead->workspace().setField(ret, "assignee", "pc2.merpol").ok);
        QVERIFY(synced(*lead));
        QVERIFY(synced(*first));
        QVERIFY(synced(*second));
        QVERIFY2(!first->replica().record(ret), "the return left the first practitioner's replica");
        QVERIFY2(second->replica().record(ret), "the return reached the second practitioner");
        QCOMPARE(first->rejected, 2);  // the return's start and the answer: no longer theirs
        QCOMPARE(first->replica().rejections().size(), size_t(2));
        QCOMPARE(first->replica().pendingCount(), std::int64_t(0));
        QVERIFY(exactlyInScope(*first));
        QVERIFY(exactlyInScope(*second));
        QVERIFY(exactlyInScope(*lead));
    }

    // The office takes an agency off an action: its devices lose the action and its updates,
    // and the review too when that was the agency's only part in it.
    void removedSupportingAgencyLosesAction() {
        const std::string A = "review:st-helens:SH-SCR-JSH:action:3.3";  // STH-CSC with MERPOL, STH-PH, STH-CCG
        const std::string K = "review:knowsley:KN-SCR-R:action:5.1";    // NWBH with STHK, STHK's only Knowsley action
        auto office = device("bo.sthelens");
        QVERIFY2(office, "device ready");
        auto knowsley = device("bo.knowsley");
        QVERIFY2(knowsley, "device ready");
        auto police = device("lead.merpol");
        QVERIFY2(police, "device ready");
        auto officer = device("pc.merpol");
        QVERIFY2(officer, "device ready");
        auto sthk = device("lead.sthk");
        QVERIFY2(sthk, "device ready");
        auto nurse = device("nurse.sthk");
        QVERIFY2(nurse, "device ready");
        const auto update = officer->workspace().addProgressUpdate(A, "Police joined the audit group", "green");
        QVERIFY(update.ok);
        QVERIFY(synced(*officer));
        QVERIFY(synced(*police));
        QVERIFY(police->replica().record(update.id));
        QVERIFY(nurse->replica().record("review:knowsley:KN-SCR-R"));

        QVERIFY(office->workspace().setField(A, "supporting_agencies", json{"STH-PH", "STH-CCG"}).ok);
        QVERIFY(knowsley->workspace().setField(K, "supporting_agencies", json::array()).ok);
        QVERIFY(synced(*office));
        QVERIFY(synced(*knowsley));
        for (Device* d : {police.get(), officer.get()}) {
            QVERIFY(synced(*d));
            QVERIFY2(!d->replica().record(A), d->user().c_str());
            QVERIFY2(!d->replica().record(update.id), d->user().c_str());
            QVERIFY2(d->replica().record("review:st-helens:SH-SCR-JSH"), "MERPOL is still party to the review");
            QVERIFY(exactlyInScope(*d));
        }
        for (Device* d : {sthk.get(), nurse.get()}) {
            QVERIFY(synced(*d));
            QVERIFY2(!d->replica().record(K), d->user().c_str());
            QVERIFY2(!d->replica().record("review:knowsley:KN-SCR-R"), "no longer party to the Knowsley review");
            QVERIFY2(!d->replica().record("review:knowsley:KN-SCR-R:finding:1"), "nor to its findings");
            QVERIFY(exactlyInScope(*d));
        }
        QVERIFY(synced(*office));
        QVERIFY2(office->replica().record(update.id), "the office keeps the whole partnership");
        QVERIFY(exactlyInScope(*office));
    }

    // Removals pruned past a device's cursor: its next pull is a full download that ends with
    // exactly its scope, and its pending edit survives and is pushed afterwards. With small
    // pages the download itself runs through cursors below the horizon.
    void prunedRemovalsRefetch_data() {
        QTest::addColumn<int>("pageSize");
        QTest::addColumn<QString>("leaving");  // an action STH-CSC supports until the office takes it off
        QTest::addColumn<QStringList>("remaining");
        QTest::newRow("one page") << 1000 << "2.2" << QStringList{};
        QTest::newRow("pages of 40") << 40 << "3.1" << QStringList{"MERPOL", "STH-PH"};
    }
    void prunedRemovalsRefetch() {
        QFETCH(int, pageSize);
        QFETCH(QString, leaving);
        QFETCH(QStringList, remaining);
        const std::string plan = "review:st-helens:SH-SCR-JSH:action:";
        const std::string left = plan + leaving.toStdString();
        const std::string mine = plan + "W1.1";
        json supporting = json::array();
        for (const auto& a : remaining) supporting.push_back(a.toStdString());
        auto csc = device("lead.sthcsc", 1000);
        QVERIFY2(csc, "device ready");
        csc->pullPageSize = pageSize;
        auto office = device("bo.sthelens", 1000);
        QVERIFY2(office, "device ready");
        QVERIFY(csc->replica().record(left));
        const std::string progress = "Written while offline, " + std::to_string(pageSize);
        QVERIFY(csc->workspace().setField(mine, "progress", progress).ok);
        QVERIFY(office->workspace().setField(left, "supporting_agencies", supporting).ok);
        QVERIFY(office->workspace().setField(mine, "target_date", "2027-04-" + std::to_string(10 + pageSize % 17)).ok);
        QVERIFY(synced(*office));
        server_->store().write([](server::StoreSession& s) { s.pruneRemovals(s.currentSeq()); });

        const auto r = csc->pull();
        QVERIFY2(r.status == sync::SyncStatus::Ok, r.message.c_str());
        QVERIFY2(r.refetched, "a cursor older than the removal horizon refetches");
        QCOMPARE(csc->replica().pendingCount(), std::int64_t(1));
        QCOMPARE(csc->replica().record(mine)->text("progress"), progress);
        QCOMPARE(csc->replica().record(mine)->text("target_date"), office->replica().record(mine)->text("target_date"));
        QVERIFY(!csc->replica().record(left));
        QVERIFY(exactlyInScope(*csc));

        QVERIFY(synced(*csc));
        QCOMPARE(csc->applied, 1);
        QCOMPARE(csc->replica().pendingCount(), std::int64_t(0));
        const auto got = imageOf(csc->replica());
        const auto want = imageOf(*serverView(*csc, 1000));
        QVERIFY2(got == want, describeDiff(got, want).c_str());
    }

    // After a prune, a brand-new device downloads everything from cursor 0 in pages.
    void newDeviceAfterPrune() {
        server_->store().write([](server::StoreSession& s) { s.pruneRemovals(s.currentSeq()); });
        Device d(server_->url(), dir_.path().toStdString(), "lead.merpol", "after-prune");
        QVERIFY(d.signIn().ok);
        d.pullPageSize = 40;
        const auto r = d.sync();
        QVERIFY2(r.status == sync::SyncStatus::Ok, r.message.c_str());
        QVERIFY(exactlyInScope(d));
    }
};

QTEST_MAIN(Scope)
#include "tst_scope.moc"
