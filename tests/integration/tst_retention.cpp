// Retention (server/Retention.h) end to end: the demo partnership on the real server, real
// devices and real syncs. St Helens sets periods; expired records are anonymised (text gone,
// scores kept) or deleted on the server, and each device that had them loses them on its next
// sync through the ordinary removal mechanism. Bad settings are refused with a precise line and
// change nothing; every retention run is in the audit log, whose chain still verifies.
#include "AuditLog.h"
#include "Device.h"
#include "Ids.h"
#include "Retention.h"
#include "TestServer.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace tandem;
using namespace tandem::test;

namespace {

const std::string kAction25 = "review:st-helens:SH-SCR-JSH:action:2.5";  // MERPOL's, closed 2016-02-15

struct Run {
    int code = -1;
    QString out, err;
};

Run command(const QStringList& args) {
    QProcess p;
    p.start(TANDEM_SERVER_BIN, args);
    p.waitForFinished(60000);
    return Run{p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
}

std::optional<sync::LocalRecord> closedReturnOf2024(sync::Replica& r, const std::string& partnership) {
    for (auto& rec : r.records("audit_return"))
        if (rec.partnership == partnership && rec.text("title") == "Section 11 self-assessment 2024") return rec;
    return std::nullopt;
}

}  // namespace

class TestRetention : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    std::unique_ptr<TestServer> server_;
    std::unique_ptr<Device> lead_, pc_, bo_;
    std::string return2024_;

    std::unique_ptr<Device> device(const std::string& user) {
        auto d = std::make_unique<Device>(server_->url(), dir_.path().toStdString(), user);
        const auto in = d->signIn();
        if (!in.ok) qWarning("%s cannot sign in: %s", user.c_str(), in.message.c_str());
        if (!in.ok || d->sync().status != sync::SyncStatus::Ok) return nullptr;
        return d;
    }
    static bool synced(Device& d) {
        const auto r = d.sync();
        if (r.status != sync::SyncStatus::Ok) qWarning("%s: sync %s", d.user().c_str(), r.message.c_str());
        return r.status == sync::SyncStatus::Ok;
    }
    server::StoredField serverField(const std::string& id, const std::string& name) {
        server::StoredField f;
        server_->store().read([&](server::StoreSession& s) { f = s.field(id, name).value_or(server::StoredField{}); });
        return f;
    }

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        server_ = std::make_unique<TestServer>(dir_.path().toStdString() + "/server");
        std::string error;
        QVERIFY2(server::setUpDemo(server_->store(), TANDEM_DATA_DIR, error), error.c_str());
        server_->start();
        lead_ = device("lead.merpol");
        pc_ = device("pc.merpol");
        bo_ = device("bo.sthelens");
        QVERIFY(lead_ && pc_ && bo_);
        auto r = closedReturnOf2024(lead_->replica(), "st-helens");
        QVERIFY2(r, "MERPOL's lead has the closed 2024 St Helens return");
        QCOMPARE(r->text("status"), std::string("closed"));
        return2024_ = r->id;
        QVERIFY(closedReturnOf2024(bo_->replica(), "st-helens"));
    }
    void cleanupTestCase() {
        lead_.reset();
        pc_.reset();
        bo_.reset();
        server_.reset();
    }

    void badSettingsAreRefused() {
        const auto before = server::retentionRules(server_->store()).size();
        const QString dir = QString::fromStdString(server_->dataDir());
        const Run kind = command({"set-retention", dir, "st-helens", "template", "30"});
        QCOMPARE(kind.code, 1);
        QVERIFY2(kind.err.startsWith("retention can be set for action or audit_return, not \"template\"\nnothing was changed"),
                 qPrintable(kind.err));
        const Run days = command({"set-retention", dir, "st-helens", "audit_return", "soon"});
        QCOMPARE(days.code, 2);
        QVERIFY2(days.err.contains("the period must be a whole number of days from 1, or off"), qPrintable(days.err));
        const Run partnership = command({"set-retention", dir, "nowhere", "action", "30"});
        QCOMPARE(partnership.code, 1);
        QVERIFY2(partnership.err.startsWith("unknown partnership nowhere"), qPrintable(partnership.err));
        const Run mode = command({"set-retention", dir, "st-helens", "action", "30", "--mode", "shred"});
        QCOMPARE(mode.code, 2);
        QCOMPARE(server::retentionRules(server_->store()).size(), before);
    }

    // Anonymised: the return stays on every device, its text answers cleared, its ratings kept.
    void anonymisedReturnsKeepTheirScores() {
        auto before = *closedReturnOf2024(lead_->replica(), "st-helens");
        QVERIFY(!before.text("a.S1.evidence").empty());
        const std::string rating = before.text("a.S1.rating");
        QVERIFY(!rating.empty());
        QVERIFY(server::setRetention(server_->store(), {"st-helens", "audit_return", 365, server::RetentionMode::Anonymise}).empty());
        const auto run = server::applyRetention(server_->store(), todayIso(), server::commandLineOperator());
        QVERIFY2(run.anonymised > 0, "the 2024 returns are more than a year past their due date");
        QCOMPARE(run.deleted, 0);
        QVERIFY(synced(*lead_));
        auto after = closedReturnOf2024(lead_->replica(), "st-helens");
        QVERIFY(after);
        QVERIFY(after->fields.at("a.S1.evidence").is_null());
        QCOMPARE(after->text("a.S1.rating"), rating);
        QCOMPARE(after->fields.at("anonymised"), json(true));
        QVERIFY(serverField(return2024_, "a.S1.evidence").value.is_null());
        // Nothing more to do the next time.
        const auto again = server::applyRetention(server_->store(), todayIso(), server::commandLineOperator());
        QCOMPARE(again.anonymised + again.deleted, 0);
    }

    // Deleted: gone from the server and, on their next sync, from every device that had them.
    void deletedReturnsLeaveEveryDevice() {
        const QString dir = QString::fromStdString(server_->dataDir());
        const Run set = command({"set-retention", dir, "st-helens", "audit_return", "365", "--mode", "delete"});
        QVERIFY2(set.code == 0, qPrintable(set.err));
        const Run apply = command({"apply-retention", dir});
        QVERIFY2(apply.code == 0, qPrintable(apply.err));
        QVERIFY2(apply.out.contains("deleted "), qPrintable(apply.out));
        QVERIFY(closedReturnOf2024(lead_->replica(), "st-helens"));  // until the device syncs
        QVERIFY(synced(*lead_));
        QVERIFY(synced(*bo_));
        QVERIFY(!closedReturnOf2024(lead_->replica(), "st-helens"));
        QVERIFY(!closedReturnOf2024(bo_->replica(), "st-helens"));
        QVERIFY(!lead_->replica().record(return2024_));
        // A new device of the same user never receives it.
        QVERIFY(!closedReturnOf2024(*serverView(*lead_), "st-helens"));
        server_->store().read([&](server::StoreSession& s) {
            QVERIFY(s.record(return2024_)->deleted);
            for (const auto& [name, f] : s.fields(return2024_)) QVERIFY2(f.value.is_null(), name.c_str());
        });
        // This year's returns are not closed: they stay.
        QVERIFY(!lead_->workspace().returns().empty());
    }

    // A closed action keeps its status and evidence, loses its progress text, and its progress
    // updates (people's narratives) leave every device.
    void closedActionsLoseTheirNarratives() {
        const auto added = lead_->workspace().addProgressUpdate(kAction25, "PC Jane Doe met the school police officer", "green");
        QVERIFY2(added.ok, added.message.c_str());
        QVERIFY(synced(*lead_));
        QVERIFY(synced(*pc_));
        QCOMPARE(pc_->workspace().progressUpdates(kAction25).size(), size_t(1));
        const std::string updateId = pc_->workspace().progressUpdates(kAction25).front().id;
        QVERIFY(server::setRetention(server_->store(), {"st-helens", "action", 3650, server::RetentionMode::Anonymise}).empty());
        const auto run = server::applyRetention(server_->store(), todayIso(), server::commandLineOperator());
        QVERIFY(run.anonymised >= 1);
        QVERIFY(run.deleted >= 1);
        QVERIFY(synced(*pc_));
        QVERIFY(pc_->workspace().progressUpdates(kAction25).empty());
        QVERIFY(!pc_->replica().record(updateId));
        const auto action = pc_->replica().record(kAction25);
        QVERIFY(action);
        QCOMPARE(action->text("status"), std::string("closed"));
        QVERIFY(!action->text("closure_evidence").empty());
        QVERIFY(action->fields.count("progress") == 0 || action->fields.at("progress").is_null());
    }

    // What serve runs: the job acts at once on start (then daily) without being asked.
    void theJobRunsAtStart() {
        const std::string action = "review:knowsley:KN-SCR-R:action:3.1";  // closed 2016-08-30
        auto deleted = [&] {
            bool out = false;
            server_->store().read([&](server::StoreSession& s) { out = s.record(action) && s.record(action)->deleted; });
            return out;
        };
        QVERIFY(!deleted());
        QVERIFY(server::setRetention(server_->store(), {"knowsley", "action", 365, server::RetentionMode::Delete}).empty());
        {
            server::RetentionJob job(server_->store());
            QTRY_VERIFY_WITH_TIMEOUT(deleted(), 10000);
        }
        QVERIFY(deleted());
    }

    // Every retention run and setting is in the audit log, and the chain holds.
    void retentionIsAudited() {
        std::vector<std::string> ops;
        server_->store().read([&](server::StoreSession& s) {
            s.forEachAuditEntry([&](const server::AuditEntry& e) { ops.push_back(e.operation); });
        });
        QVERIFY(std::count(ops.begin(), ops.end(), "retention") >= 3);
        QVERIFY(std::count(ops.begin(), ops.end(), "set-retention") >= 3);
        const auto v = server::verifyAuditLog(server_->store());
        QVERIFY2(!v.broken, v.broken.value_or("").c_str());
    }
};

QTEST_MAIN(TestRetention)
#include "tst_retention.moc"
