// Scenario tables for the pure merge decision, in the manner of geodiff's
// test_concurrent_commits: a field's server state, edits made against a base, the value that
// must stand and who must lose. Concurrent pairs are run in both arrival orders through a tiny
// fold that stores what decide() applies, so "whatever the order of arrival" is checked, not
// assumed.
#include "Merge.h"

#include <QtTest>

using namespace tandem;
using nlohmann::json;

namespace {

// Table cells hold plain strings; "null" stands for a JSON null (a cleared field).
json val(const QString& s) { return s == QLatin1String("null") ? json() : json(s.toStdString()); }

QString show(const json& v) { return QString::fromStdString(v.dump()); }

// The server's handling of one field, reduced to what decide() drives: an applied edit takes
// the next sequence and stores its value and rank (as server/Push.cpp does); a concurrent edit
// with a different value leaves a loser, recorded as "<who>".
struct FieldFold {
    std::optional<FieldState> state;
    QString author;  // who set the current value
    std::int64_t lastSeq = 0;
    QStringList losers;  // "who/rule", rule shortened to hp (higher precedence) or tie

    void arrive(const QString& who, const IncomingEdit& e) {
        const MergeDecision d = decide(state, e);
        if (d.conflict) {
            const QString rule = d.rule == merge_rule::HigherPrecedence        ? QStringLiteral("hp")
                                 : d.rule == merge_rule::SameClassLaterArrival ? QStringLiteral("tie")
                                                                               : QStringLiteral("?");
            losers << (d.outcome == MergeOutcome::Applied ? author : who) + '/' + rule;
        }
        if (d.outcome == MergeOutcome::Applied) {
            state = FieldState{e.value, ++lastSeq, e.rank};
            author = who;
        }
    }
};

struct Edit {
    QString value;
    int rank;
};

}  // namespace

class TestMerge : public QObject {
    Q_OBJECT

private slots:
    // One edit against one server state: the decision itself.
    void singleEdit_data() {
        QTest::addColumn<bool>("hasCurrent");
        QTest::addColumn<QString>("currentValue");
        QTest::addColumn<qint64>("currentSeq");
        QTest::addColumn<int>("currentRank");
        QTest::addColumn<QString>("editValue");
        QTest::addColumn<qint64>("base");
        QTest::addColumn<int>("editRank");
        QTest::addColumn<bool>("applied");
        QTest::addColumn<bool>("conflict");
        QTest::addColumn<QString>("rule");

        // Ranks: 0 is the highest precedence (e.g. the lead agency for "progress"), 1 the next
        // (a supporting agency), 2 the one after (the business office for action status).
        QTest::newRow("field never set, author saw nothing")
            << false << "" << 0LL << 0 << "new" << 0LL << 1 << true << false << "sequential";
        QTest::newRow("field never set, base from elsewhere is not a conflict")
            << false << "" << 0LL << 0 << "new" << 7LL << 1 << true << false << "sequential";
        QTest::newRow("sequential: base == current seq, same rank")
            << true << "old" << 10LL << 1 << "new" << 10LL << 1 << true << false << "sequential";
        QTest::newRow("sequential: a lower writer who saw the value may change it")
            << true << "old" << 10LL << 0 << "new" << 10LL << 2 << true << false << "sequential";
        QTest::newRow("sequential: clearing a field")
            << true << "old" << 10LL << 0 << "null" << 10LL << 0 << true << false << "sequential";
        QTest::newRow("base newer than current is still sequential")
            << true << "old" << 10LL << 0 << "new" << 15LL << 1 << true << false << "sequential";
        QTest::newRow("concurrent, higher precedence overrides and keeps the old as loser")
            << true << "old" << 10LL << 1 << "new" << 9LL << 0 << true << true << "higher_precedence_wins";
        QTest::newRow("concurrent, lower precedence is superseded")
            << true << "old" << 10LL << 0 << "new" << 9LL << 1 << false << true << "higher_precedence_wins";
        QTest::newRow("concurrent, two classes apart")
            << true << "old" << 10LL << 0 << "new" << 3LL << 2 << false << true << "higher_precedence_wins";
        QTest::newRow("concurrent, author never saw the value and is lower")
            << true << "old" << 10LL << 0 << "new" << 0LL << 1 << false << true << "higher_precedence_wins";
        QTest::newRow("concurrent, same class: later arrival wins")
            << true << "old" << 10LL << 1 << "new" << 9LL << 1 << true << true << "same_class_later_arrival_wins";
        QTest::newRow("concurrent, same value: nobody loses (lower writer)")
            << true << "same" << 10LL << 0 << "same" << 9LL << 1 << true << false << "same_value";
        QTest::newRow("concurrent, same value: nobody loses (higher writer)")
            << true << "same" << 10LL << 1 << "same" << 9LL << 0 << true << false << "same_value";
        QTest::newRow("concurrent clear against a value is a real conflict")
            << true << "old" << 10LL << 0 << "null" << 9LL << 1 << false << true << "higher_precedence_wins";
        QTest::newRow("concurrent empty string differs from null")
            << true << "null" << 10LL << 1 << "" << 9LL << 1 << true << true << "same_class_later_arrival_wins";
    }

    void singleEdit() {
        QFETCH(bool, hasCurrent);
        QFETCH(QString, currentValue);
        QFETCH(qint64, currentSeq);
        QFETCH(int, currentRank);
        QFETCH(QString, editValue);
        QFETCH(qint64, base);
        QFETCH(int, editRank);
        QFETCH(bool, applied);
        QFETCH(bool, conflict);
        QFETCH(QString, rule);

        std::optional<FieldState> current;
        if (hasCurrent) current = FieldState{val(currentValue), currentSeq, currentRank};
        const MergeDecision d = decide(current, IncomingEdit{val(editValue), base, editRank});
        QCOMPARE(d.outcome == MergeOutcome::Applied, applied);
        QCOMPARE(d.conflict, conflict);
        QCOMPARE(QString::fromLatin1(d.rule.data(), qsizetype(d.rule.size())), rule);
    }

    // Two offline edits of one field on one device share a base. The second replaces the first
    // knowingly (a device's edits arrive in order), so it is no conflict; another device's value,
    // or a server-made value (device 0), in that place still is.
    void ownEarlierEdit_data() {
        QTest::addColumn<qint64>("currentDevice");
        QTest::addColumn<qint64>("editDevice");
        QTest::addColumn<int>("currentRank");
        QTest::addColumn<int>("editRank");
        QTest::addColumn<bool>("applied");
        QTest::addColumn<bool>("conflict");
        QTest::newRow("own earlier edit, same rank") << 7LL << 7LL << 1 << 1 << true << false;
        QTest::newRow("own earlier edit, rank unchanged") << 7LL << 7LL << 0 << 0 << true << false;
        QTest::newRow("another device of equal rank") << 8LL << 7LL << 1 << 1 << true << true;
        QTest::newRow("another device of higher rank") << 8LL << 7LL << 0 << 1 << false << true;
        QTest::newRow("a server-made value is never own") << 0LL << 0LL << 1 << 1 << true << true;
    }
    void ownEarlierEdit() {
        QFETCH(qint64, currentDevice);
        QFETCH(qint64, editDevice);
        QFETCH(int, currentRank);
        QFETCH(int, editRank);
        QFETCH(bool, applied);
        QFETCH(bool, conflict);
        const std::optional<FieldState> current = FieldState{json("first"), 12, currentRank, currentDevice};
        const MergeDecision d = decide(current, IncomingEdit{json("second"), 9, editRank, editDevice});
        QCOMPARE(d.outcome == MergeOutcome::Applied, applied);
        QCOMPARE(d.conflict, conflict);
    }

    // Decisions are pure: the same inputs give the same decision every time.
    void decideIsPure() {
        const std::optional<FieldState> current = FieldState{json("x"), 4, 1};
        const IncomingEdit e{json("y"), 2, 1};
        const MergeDecision first = decide(current, e);
        for (int i = 0; i < 5; ++i) {
            const MergeDecision again = decide(current, e);
            QCOMPARE(again.outcome, first.outcome);
            QCOMPARE(again.conflict, first.conflict);
            QCOMPARE(again.rule, first.rule);
        }
    }

    // Two writers edit the same field from the same base; their edits reach the server in
    // either order. Columns give the final value and the losers for A-then-B and B-then-A.
    void concurrentPair_data() {
        QTest::addColumn<bool>("hasCurrent");
        QTest::addColumn<QString>("currentValue");
        QTest::addColumn<qint64>("currentSeq");
        QTest::addColumn<int>("currentRank");
        QTest::addColumn<qint64>("base");
        QTest::addColumn<QString>("aValue");
        QTest::addColumn<int>("aRank");
        QTest::addColumn<QString>("bValue");
        QTest::addColumn<int>("bRank");
        QTest::addColumn<QString>("finalAB");
        QTest::addColumn<QString>("losersAB");
        QTest::addColumn<QString>("finalBA");
        QTest::addColumn<QString>("losersBA");  // "who/rule": hp = higher precedence, tie = later arrival

        // Both saw the current value (base == current seq): the first arrival is sequential.
        QTest::newRow("lead agency vs supporting agency")
            << true << "draft" << 10LL << 0 << 10LL << "lead text" << 0 << "support text" << 1
            << "lead text" << "B/hp" << "lead text" << "B/hp";
        QTest::newRow("supporting agency vs lead agency")
            << true << "draft" << 10LL << 0 << 10LL << "support text" << 1 << "lead text" << 0
            << "lead text" << "A/hp" << "lead text" << "A/hp";
        QTest::newRow("owner vs business office, two classes apart")
            << true << "in_progress" << 10LL << 0 << 10LL << "superseded" << 2 << "submitted_for_closure" << 0
            << "submitted_for_closure" << "A/hp" << "submitted_for_closure" << "A/hp";
        QTest::newRow("same class tie: later arrival wins, earlier kept")
            << true << "draft" << 10LL << 1 << 10LL << "from A" << 1 << "from B" << 1
            << "from B" << "A/tie" << "from A" << "B/tie";
        QTest::newRow("same class tie at the top rank")
            << true << "draft" << 10LL << 0 << 10LL << "from A" << 0 << "from B" << 0
            << "from B" << "A/tie" << "from A" << "B/tie";
        QTest::newRow("same value from different classes: no conflict")
            << true << "draft" << 10LL << 0 << 10LL << "agreed" << 0 << "agreed" << 1
            << "agreed" << "" << "agreed" << "";
        QTest::newRow("same value from one class: no conflict")
            << true << "draft" << 10LL << 1 << 10LL << "agreed" << 1 << "agreed" << 1
            << "agreed" << "" << "agreed" << "";
        QTest::newRow("field never set, ranks differ")
            << false << "" << 0LL << 0 << 0LL << "low" << 1 << "high" << 0
            << "high" << "A/hp" << "high" << "A/hp";
        QTest::newRow("field never set, tie")
            << false << "" << 0LL << 0 << 0LL << "first" << 1 << "second" << 1
            << "second" << "A/tie" << "first" << "B/tie";
        QTest::newRow("both cleared the field concurrently")
            << true << "draft" << 10LL << 0 << 10LL << "null" << 0 << "null" << 1
            << "null" << "" << "null" << "";
        // Someone else wrote after both bases (seq 12 > base 10): both edits are concurrent
        // with that value too, and it can lose as well.
        QTest::newRow("stale bases: highest of three stands")
            << true << "third" << 12LL << 1 << 10LL << "high" << 0 << "low" << 1
            << "high" << "current/hp,B/hp" << "high" << "current/tie,B/hp";
        QTest::newRow("stale bases: current outranks both edits")
            << true << "bo value" << 12LL << 0 << 10LL << "a value" << 1 << "b value" << 2
            << "bo value" << "A/hp,B/hp" << "bo value" << "B/hp,A/hp";
        QTest::newRow("stale bases: all one class, last arrival stands")
            << true << "third" << 12LL << 1 << 10LL << "a value" << 1 << "b value" << 1
            << "b value" << "current/tie,A/tie" << "a value" << "current/tie,B/tie";
    }

    void concurrentPair() {
        QFETCH(bool, hasCurrent);
        QFETCH(QString, currentValue);
        QFETCH(qint64, currentSeq);
        QFETCH(int, currentRank);
        QFETCH(qint64, base);
        QFETCH(QString, aValue);
        QFETCH(int, aRank);
        QFETCH(QString, bValue);
        QFETCH(int, bRank);
        QFETCH(QString, finalAB);
        QFETCH(QString, losersAB);
        QFETCH(QString, finalBA);
        QFETCH(QString, losersBA);

        const IncomingEdit a{val(aValue), base, aRank};
        const IncomingEdit b{val(bValue), base, bRank};
        auto run = [&](bool aFirst) {
            FieldFold f;
            if (hasCurrent) {
                f.state = FieldState{val(currentValue), currentSeq, currentRank};
                f.author = QStringLiteral("current");
                f.lastSeq = currentSeq;
            }
            f.arrive(aFirst ? "A" : "B", aFirst ? a : b);
            f.arrive(aFirst ? "B" : "A", aFirst ? b : a);
            return f;
        };
        const FieldFold ab = run(true);
        const FieldFold ba = run(false);

        QVERIFY2(ab.state && ba.state, "two edits always leave a value");
        QCOMPARE(show(ab.state->value), show(val(finalAB)));
        QCOMPARE(ab.losers.join(','), losersAB);
        QCOMPARE(show(ba.state->value), show(val(finalBA)));
        QCOMPARE(ba.losers.join(','), losersBA);

        // Property 3: when the two writers differ in precedence, the order of arrival must not
        // matter, and the higher one's value stands unless a still higher value was there.
        if (aRank != bRank)
            QVERIFY2(ab.state->value == ba.state->value,
                     qPrintable(QStringLiteral("order changed the result: A,B -> %1 but B,A -> %2")
                                    .arg(show(ab.state->value), show(ba.state->value))));
        // Nothing lost: every edit either stands or is recorded as a loser.
        for (const FieldFold* f : {&ab, &ba})
            for (const QString& who : {QStringLiteral("A"), QStringLiteral("B")})
                QVERIFY2(f->author == who || f->losers.join(',').contains(who + '/') ||
                             f->state->value == (who == QLatin1String("A") ? a.value : b.value),
                         qPrintable(who + QStringLiteral(" was neither applied nor recorded as a loser")));
    }

    // A longer run by one device: each edit is sequential because it saw the previous one, so
    // the field simply follows the edits, whatever their ranks.
    void sequentialChainNeverConflicts() {
        FieldFold f;
        const std::vector<Edit> edits{{"one", 2}, {"two", 0}, {"three", 1}, {"four", 2}, {"five", 0}};
        for (const Edit& e : edits) f.arrive(e.value, IncomingEdit{val(e.value), f.lastSeq, e.rank});
        QVERIFY(f.losers.isEmpty());
        QCOMPARE(show(f.state->value), show(json("five")));
        QCOMPARE(f.lastSeq, std::int64_t(5));
    }
};

QTEST_MAIN(TestMerge)
#include "tst_merge.moc"
