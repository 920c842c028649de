// The tamper-evident audit log (server/AuditLog.h) through the real store: a push is one entry
// listing each new change with its outcome, administrative writes and pull pages that deliver
// returns are logged, replays are not logged twice, and the chain verifies. Then the database is
// edited behind the server's back with plain SQLite (an entry changed, an entry deleted, the
// last entries cut off) and verification, by function and by `tandem-server verify-audit`,
// fails naming the entry.
#include "AuditLog.h"
#include "Pull.h"
#include "PushWorld.h"
#include "Sqlite.h"

#include <QProcess>
#include <QtTest>

using namespace tandem;
using namespace tandem::test;
using nlohmann::json;

namespace {

std::vector<server::AuditEntry> entries(server::Store& store) {
    std::vector<server::AuditEntry> out;
    store.read([&](server::StoreSession& s) { s.forEachAuditEntry([&](const server::AuditEntry& e) { out.push_back(e); }); });
    return out;
}

struct Run {
    int code = -1;
    QString out, err;
};

Run verifyCommand(const std::string& dir) {
    QProcess p;
    p.start(TANDEM_SERVER_BIN, {"verify-audit", QString::fromStdString(dir)});
    p.waitForFinished(60000);
    return Run{p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
}

// Plain SQLite on the store's file, as someone with the file and the sqlite3 tool would.
void behindTheServersBack(const std::string& dir, const std::string& sqlText) {
    sql::Database db(dir + "/tandem.db");
    db.exec(sqlText);
}

}  // namespace

class TestAuditLog : public QObject {
    Q_OBJECT
    QTemporaryDir fixtureDir_;
    std::string fixture_;

private slots:
    void initTestCase() {
        QVERIFY(fixtureDir_.isValid());
        fixture_ = buildPushFixture(fixtureDir_.path());
    }

    void administrativeWritesAreLogged() {
        PushWorld w(fixture_);
        std::vector<std::string> ops;
        for (const auto& e : entries(w.store())) {
            QCOMPARE(e.action, std::string("write"));
            QCOMPARE(e.user, std::string("command-line"));
            ops.push_back(e.operation);
        }
        // The fixture: agencies, plans, two templates, eleven users, two rounds.
        QCOMPARE(std::count(ops.begin(), ops.end(), "add-user"), 11);
        QCOMPARE(std::count(ops.begin(), ops.end(), "open-round"), 2);
        QCOMPARE(ops.front(), std::string("import-agencies"));
        const auto round = json::parse(entries(w.store()).back().records);
        // The neglect round: the round, its learning review, the case audit and two returns.
        QCOMPARE(round.size(), size_t(5));
    }

    void aPushIsOneEntryListingEachChange() {
        PushWorld w(fixture_);
        const auto before = entries(w.store()).size();
        const auto& caller = w.caller("lead.schools");
        const auto results = w.push("lead.schools", {w.change("lead.schools", w.record("A21"), "progress", "Audit begun", w.seqOf(w.record("A21"), "progress")),
                                                     w.change("lead.schools", w.record("A21"), "title", "Not mine to change", 0)});
        QCOMPARE(results.size(), size_t(2));
        const auto all = entries(w.store());
        QCOMPARE(all.size(), before + 1);
        const auto& e = all.back();
        QCOMPARE(e.user, std::string("lead.schools"));
        QCOMPARE(e.device, caller.device.id);
        QCOMPARE(e.action, std::string("write"));
        QCOMPARE(e.operation, std::string("push"));
        QCOMPARE(e.at.size(), size_t(20));  // 2026-12-02T17:40:00Z
        const auto records = json::parse(e.records);
        QCOMPARE(records, json::parse(R"([[")" + w.record("A21") + R"(","progress","applied",)" +
                                      std::to_string(results[0].serverSeq) + R"(],[")" + w.record("A21") +
                                      R"(","title","rejected",)" + std::to_string(results[1].serverSeq) + R"(,"not_a_writer"]])"));
        QCOMPARE(e.prevHash, all[all.size() - 2].hash);
        // A replay changes nothing and is not logged again.
        const auto replay = w.processor().push(caller, {protocol::Change{results[0].id, 1, w.record("A21"), "progress", "Audit begun", 0}});
        QCOMPARE(replay.at(0).serverSeq, results[0].serverSeq);
        QCOMPARE(entries(w.store()).size(), before + 1);
        const auto v = server::verifyAuditLog(w.store());
        QVERIFY2(!v.broken, v.broken.value_or("").c_str());
        QCOMPARE(v.verified, static_cast<std::int64_t>(before + 1));
        QCOMPARE(v.headHash, e.hash);
    }

    void aPullPageOfReturnsIsOneReadEntry() {
        PushWorld w(fixture_);
        const auto before = entries(w.store()).size();
        // The schools' practitioner is assigned the schools' Section 11 return.
        const auto page = server::pullPageText(w.store(), w.caller("dsl.schools"), 0, 500);
        QVERIFY(page.text.find(w.returnOf("STH-SCHOOLS")) != std::string::npos);
        auto all = entries(w.store());
        QCOMPARE(all.size(), before + 1);
        QCOMPARE(all.back().action, std::string("read"));
        QCOMPARE(all.back().operation, std::string("pull"));
        QCOMPARE(all.back().user, std::string("dsl.schools"));
        QCOMPARE(all.back().device, w.caller("dsl.schools").device.id);
        QCOMPARE(json::parse(all.back().records), json::array({w.returnOf("STH-SCHOOLS")}));
        // The board reads action plans only: no return, no read entry.
        server::pullPageText(w.store(), w.caller("board.sthelens"), 0, 500);
        QCOMPARE(entries(w.store()).size(), before + 1);
    }

    void anEditedEntryIsNamed() {
        PushWorld w(fixture_);
        w.edit("lead.schools", w.record("A21"), "progress", "Joint visits");
        const auto total = static_cast<std::int64_t>(entries(w.store()).size());
        QVERIFY(!server::verifyAuditLog(w.store()).broken);
        const Run sound = verifyCommand(w.dir());
        QCOMPARE(sound.code, 0);
        QVERIFY2(sound.out.contains(QString("verified %1 audit log entries").arg(total)), qPrintable(sound.out));

        behindTheServersBack(w.dir(), "UPDATE audit_log SET user = 'nobody' WHERE id = 5");
        const auto v = server::verifyAuditLog(w.store());
        QVERIFY(v.broken);
        QCOMPARE(v.brokenId, std::int64_t(5));
        QCOMPARE(v.verified, std::int64_t(4));
        QVERIFY2(v.broken->find("entry 5 (") == 0, v.broken->c_str());
        QVERIFY2(v.broken->find("do not match its hash") != std::string::npos, v.broken->c_str());
        const Run broken = verifyCommand(w.dir());
        QCOMPARE(broken.code, 1);
        QVERIFY2(broken.err.startsWith("audit log broken at entry 5: entry 5 ("), qPrintable(broken.err));

        // Rehashing the edited entry moves the break to the next one, whose link no longer holds.
        const auto e5 = [&] {
            server::AuditEntry e;
            for (const auto& x : entries(w.store()))
                if (x.id == 5) e = x;
            return e;
        }();
        behindTheServersBack(w.dir(), "UPDATE audit_log SET hash = '" + server::auditHash(e5) + "' WHERE id = 5");
        const auto relinked = server::verifyAuditLog(w.store());
        QCOMPARE(relinked.brokenId, std::int64_t(6));
        QVERIFY2(relinked.broken->find("previous-entry hash") != std::string::npos, relinked.broken->c_str());
    }

    void aDeletedEntryIsNamed() {
        PushWorld w(fixture_);
        behindTheServersBack(w.dir(), "DELETE FROM audit_log WHERE id = 7");
        const auto v = server::verifyAuditLog(w.store());
        QVERIFY(v.broken);
        QCOMPARE(v.brokenId, std::int64_t(7));
        QVERIFY2(v.broken->find("entry 7 is missing: entry 8 (") == 0, v.broken->c_str());
        const Run run = verifyCommand(w.dir());
        QCOMPARE(run.code, 1);
        QVERIFY2(run.err.contains("audit log broken at entry 7: entry 7 is missing"), qPrintable(run.err));
        QVERIFY2(run.err.contains("6 entries verified before it"), qPrintable(run.err));
    }

    void entriesCutOffTheEndAreMissed() {
        PushWorld w(fixture_);
        const auto last = entries(w.store()).back().id;
        behindTheServersBack(w.dir(), "DELETE FROM audit_log WHERE id >= " + std::to_string(last - 1));
        const auto v = server::verifyAuditLog(w.store());
        QVERIFY(v.broken);
        QCOMPARE(v.brokenId, last - 1);
        QVERIFY2(v.broken->find("missing from the end") != std::string::npos, v.broken->c_str());
    }

    // A unit that fails leaves no entry: the entry is in the unit it records.
    void aFailedPushLeavesNoEntry() {
        PushWorld w(fixture_);
        const auto before = entries(w.store()).size();
        const auto& caller = w.caller("lead.schools");
        QVERIFY_THROWS_EXCEPTION(std::exception,
                                 w.processor().push(caller, {protocol::Change{newUuid(), 5, w.record("A21"), "progress", "gap", 0}}));
        QCOMPARE(entries(w.store()).size(), before);
        QVERIFY(!server::verifyAuditLog(w.store()).broken);
    }
};

QTEST_MAIN(TestAuditLog)
#include "tst_auditlog.moc"
