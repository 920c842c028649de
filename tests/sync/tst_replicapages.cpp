// Pages applied to a replica that already holds their records: each record ends up exactly as
// the server sent it (fields, sequence, owner, parent; a record made here becomes a server
// record), whether it is updated where its row stands or inserted again because its kind or
// parent changed, and the other records are left alone. The replica is a real encrypted file.
#include "Replica.h"
#include "TestKey.h"

#include <QtTest>

using namespace tandem;
using nlohmann::json;

namespace {

protocol::RecordState recordOf(const std::string& id, const std::string& kind, std::int64_t seq,
                               const std::vector<std::pair<std::string, json>>& fields, const std::string& owner = "STH-SCHOOLS") {
    FieldPackBuilder pack;
    for (const auto& [name, value] : fields) pack.add(name, value.dump(), seq);
    return {id, kind, "st-helens", owner, seq, pack.finish()};
}

protocol::PullPage pageOf(std::int64_t cursor, std::vector<protocol::RecordState> records) {
    protocol::PullPage p;
    p.cursor = cursor;
    p.records = std::move(records);
    return p;
}

std::int64_t rowidOf(sync::Replica& r, const std::string& id) {
    auto s = r.db().prepare("SELECT rowid FROM records WHERE id = ?");
    s.bind(1, id);
    return s.step() ? s.integer(0) : -1;
}

std::string columnOf(sync::Replica& r, const std::string& column, const std::string& id) {
    auto s = r.db().prepare("SELECT " + column + " FROM records WHERE id = ?");
    s.bind(1, id);
    return s.step() ? s.text(0) : "(none)";
}

}  // namespace

class TestReplicaPages : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

    sync::Replica open(const char* name) {
        const auto path = dir_.filePath(name).toStdString();
        return sync::Replica(path, test::testKey(path));
    }

private slots:
    void changedRecordIsUpdatedWhereItStands() {
        auto replica = open("update.db");
        replica.applyPage(pageOf(2, {recordOf("a1", "action", 1, {{"title", "Audit"}, {"rag", "red"}}),
                                     recordOf("a2", "action", 2, {{"title", "Train"}})}));
        const auto before = rowidOf(replica, "a1");
        replica.applyPage(pageOf(5, {recordOf("a1", "action", 5, {{"title", "Audit"}, {"rag", "green"}}, "STH-POLICE")}));
        const auto a1 = replica.record("a1");
        QVERIFY(a1);
        QCOMPARE(a1->fields.at("rag"), json("green"));
        QCOMPARE(a1->fieldSeqs.at("rag"), std::int64_t(5));
        QCOMPARE(a1->seq, std::int64_t(5));
        QCOMPARE(a1->owner, std::string("STH-POLICE"));
        QCOMPARE(rowidOf(replica, "a1"), before);
        QCOMPARE(replica.record("a2")->fields.at("title"), json("Train"));
        QCOMPARE(replica.recordCount(), std::int64_t(2));
        QCOMPARE(replica.cursor(), std::int64_t(5));
    }

    void newAndChangedRecordsInOnePage() {
        auto replica = open("mixed.db");
        replica.applyPage(pageOf(1, {recordOf("a1", "action", 1, {{"title", "Audit"}})}));
        replica.applyPage(pageOf(3, {recordOf("a3", "action", 3, {{"title", "New"}}),
                                     recordOf("a1", "action", 2, {{"title", "Audit all"}})}));
        QCOMPARE(replica.recordCount(), std::int64_t(2));
        QCOMPARE(replica.record("a1")->fields.at("title"), json("Audit all"));
        QCOMPARE(replica.record("a3")->fields.at("title"), json("New"));
    }

    void parentChangeIsWrittenToo() {
        auto replica = open("parent.db");
        replica.applyPage(pageOf(1, {recordOf("u1", "action_update", 1, {{"action", "a1"}, {"text", "Visited"}})}));
        QCOMPARE(columnOf(replica, "parent", "u1"), std::string("a1"));
        replica.applyPage(pageOf(2, {recordOf("u1", "action_update", 2, {{"action", "a2"}, {"text", "Visited"}})}));
        QCOMPARE(columnOf(replica, "parent", "u1"), std::string("a2"));
        QCOMPARE(replica.record("u1")->fields.at("action"), json("a2"));
        QCOMPARE(replica.recordCount(), std::int64_t(1));
    }

    void recordMadeHereBecomesAServerRecord() {
        auto replica = open("local.db");
        replica.db().exec("INSERT INTO records(id, kind, partnership, owner, seq, local, parent, fields) "
                          "VALUES ('u9', 'action_update', 'st-helens', 'STH-SCHOOLS', 0, 1, 'a1', x'')");
        QVERIFY(replica.record("u9")->local);
        replica.applyPage(pageOf(4, {recordOf("u9", "action_update", 4, {{"action", "a1"}, {"text", "Rang the school"}})}));
        const auto u9 = replica.record("u9");
        QVERIFY(!u9->local);
        QCOMPARE(u9->seq, std::int64_t(4));
        QCOMPARE(u9->fields.at("text"), json("Rang the school"));
    }
};

QTEST_GUILESS_MAIN(TestReplicaPages)
#include "tst_replicapages.moc"
