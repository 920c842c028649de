// The store's group commit: units written at once from many threads share commits, a unit that
// throws is undone alone (its record, its fields, its sequence number) and its caller gets its
// exception, and every other unit is stored whole. Real SQLite file, real threads.
#include "SqliteStore.h"

#include <QtTest>

#include <nlohmann/json.hpp>

#include <set>
#include <thread>

using namespace tandem;
using namespace tandem::server;
using nlohmann::json;

namespace {

struct UnitFailed : std::runtime_error {
    explicit UnitFailed(int i) : std::runtime_error("unit " + std::to_string(i) + " failed"), unit(i) {}
    int unit;
};

std::string idOf(int unit) { return "review:sh:R1:action:" + std::to_string(unit); }

// One unit: a record with two fields at a new sequence; units divisible by 5 fail at the end.
void writeUnit(StoreSession& s, int unit) {
    const std::int64_t seq = s.nextSeq();
    RecordRow row;
    row.id = idOf(unit);
    row.kind = "action";
    row.partnership = "st-helens";
    row.owner = "STH-SCHOOLS";
    row.seq = seq;
    s.putRecord(row, {"agency:STH-SCHOOLS"});
    s.putField(row.id, "title", StoredField{json("Action " + std::to_string(unit)), seq, 0, "office", "STH-BO", 0});
    s.putField(row.id, "progress", StoredField{json(std::string(200, 'p')), seq, 1, "lead", "STH-SCHOOLS", 3});
    s.setMeta("unit:" + std::to_string(unit), std::to_string(seq));
    if (unit % 5 == 0) throw UnitFailed(unit);
}

}  // namespace

class TestStore : public QObject {
    Q_OBJECT

private slots:
    void groupCommitUndoesOnlyTheFailingUnit() {
        QTemporaryDir dir;
        SqliteStore store(dir.filePath("server.db").toStdString());
        constexpr int kThreads = 8, kUnitsEach = 25;
        std::vector<std::vector<int>> failures(kThreads);
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t)
            threads.emplace_back([&, t] {
                for (int k = 0; k < kUnitsEach; ++k) {
                    const int unit = t * kUnitsEach + k;
                    try {
                        store.write([&](StoreSession& s) { writeUnit(s, unit); });
                    } catch (const UnitFailed& e) {
                        failures[size_t(t)].push_back(e.unit);
                    }
                }
            });
        for (auto& th : threads) th.join();

        int failed = 0;
        for (int t = 0; t < kThreads; ++t)
            for (int unit : failures[size_t(t)]) {
                QCOMPARE(unit % 5, 0);  // each caller got its own unit's exception
                QCOMPARE(unit / kUnitsEach, t);
                ++failed;
            }
        constexpr int kUnits = kThreads * kUnitsEach;
        QCOMPARE(failed, kUnits / 5);
        const auto stats = store.commitStats();
        QCOMPARE(stats.units, std::int64_t(kUnits));
        QVERIFY(stats.commits <= stats.units);
        qInfo("%lld units in %lld commits", static_cast<long long>(stats.units), static_cast<long long>(stats.commits));

        store.read([&](StoreSession& s) {
            std::set<std::int64_t> seqs;
            for (int unit = 0; unit < kUnits; ++unit) {
                const auto record = s.record(idOf(unit));
                const auto mark = s.meta("unit:" + std::to_string(unit));
                if (unit % 5 == 0) {
                    QVERIFY2(!record && !mark && s.fields(idOf(unit)).empty(), qPrintable(QString::number(unit)));
                    continue;
                }
                QVERIFY(record && mark);
                QCOMPARE(record->seq, std::stoll(*mark));
                const auto fields = s.fields(idOf(unit));
                QCOMPARE(fields.size(), size_t(2));
                QCOMPARE(fields.at("title").value, json("Action " + std::to_string(unit)));
                QCOMPARE(fields.at("progress").device, std::int64_t(3));
                QCOMPARE(s.audience(idOf(unit)), std::vector<std::string>{"agency:STH-SCHOOLS"});
                seqs.insert(record->seq);
            }
            // The failed units' sequence numbers were handed out again: no gaps, no repeats.
            QCOMPARE(int(seqs.size()), kUnits - failed);
            QCOMPARE(*seqs.rbegin(), std::int64_t(kUnits - failed));
            QCOMPARE(s.currentSeq(), std::int64_t(kUnits - failed));
        });
    }

    // A unit that throws before writing anything, alone in its commit, leaves nothing behind and
    // does not stop the next unit.
    void failedUnitAlone() {
        QTemporaryDir dir;
        SqliteStore store(dir.filePath("server.db").toStdString());
        QVERIFY_THROWS_EXCEPTION(UnitFailed, store.write([](StoreSession& s) { writeUnit(s, 0); }));
        store.write([](StoreSession& s) { writeUnit(s, 1); });
        store.read([](StoreSession& s) {
            QVERIFY(!s.record(idOf(0)));
            QCOMPARE(s.record(idOf(1))->seq, std::int64_t(1));
        });
    }

    // The one-pass read of a partnership's records: only live records of that kind and
    // partnership, each with its field values, including what the same session wrote.
    void forEachRecordOfKindReadsRowsWithTheirFields() {
        QTemporaryDir dir;
        SqliteStore store(dir.filePath("server.db").toStdString());
        store.write([](StoreSession& s) {
            writeUnit(s, 1);
            writeUnit(s, 2);
            RecordRow other;
            other.id = "elsewhere";
            other.kind = "action";
            other.partnership = "knowsley";
            other.owner = "KNO-CSC";
            other.seq = s.nextSeq();
            s.putRecord(other, {"agency:KNO-CSC"});
            RecordRow gone = *s.record(idOf(2));
            gone.deleted = true;
            s.putRecord(gone, {});
            writeUnit(s, 3);
            std::vector<std::string> seen;
            s.forEachRecordOfKind("action", "st-helens", [&](const RecordRow& row, std::map<std::string, json>& fields) {
                seen.push_back(row.id);
                QCOMPARE(row.owner, std::string("STH-SCHOOLS"));
                QCOMPARE(fields.size(), size_t(2));
                QCOMPARE(fields["progress"], json(std::string(200, 'p')));
            });
            QCOMPARE(seen, (std::vector<std::string>{idOf(1), idOf(3)}));
        });
        store.read([](StoreSession& s) {
            int n = 0;
            s.forEachRecordOfKind("action", "knowsley", [&](const RecordRow& row, std::map<std::string, json>& fields) {
                QCOMPARE(row.id, std::string("elsewhere"));
                QVERIFY(fields.empty());
                ++n;
            });
            QCOMPARE(n, 1);
            s.forEachRecordOfKind("review", "st-helens", [](const RecordRow&, std::map<std::string, json>&) {
                QFAIL("no reviews were written");
            });
        });
    }
};

QTEST_GUILESS_MAIN(TestStore)
#include "tst_store.moc"
