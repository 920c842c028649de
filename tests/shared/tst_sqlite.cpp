// The SQLite wrapper's transactions: a transaction opened inside another becomes a savepoint of
// it, so its work commits only with the outer one and fails alone.
#include "Sqlite.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace tandem;

class TstSqlite : public QObject {
    Q_OBJECT

    static std::int64_t rows(sql::Database& db) {
        auto st = db.prepare("SELECT count(*) FROM t");
        st.step();
        return st.integer(0);
    }

private slots:
    void nestedCommitsWithTheOuter() {
        QTemporaryDir dir;
        sql::Database db((dir.path() + "/a.db").toStdString());
        db.exec("CREATE TABLE t(x)");
        {
            sql::Transaction outer(db);
            db.exec("INSERT INTO t VALUES (1)");
            {
                sql::Transaction inner(db);
                db.exec("INSERT INTO t VALUES (2)");
                inner.commit();
            }
            QCOMPARE(rows(db), 2);
            // The outer one is rolled back: the inner one's row goes with it.
        }
        QCOMPARE(rows(db), 0);
    }

    void nestedFailureIsUndoneAlone() {
        QTemporaryDir dir;
        sql::Database db((dir.path() + "/b.db").toStdString());
        db.exec("CREATE TABLE t(x)");
        sql::Transaction outer(db);
        db.exec("INSERT INTO t VALUES (1)");
        {
            sql::Transaction inner(db);
            db.exec("INSERT INTO t VALUES (2)");
        }  // not committed: rolled back to its savepoint
        QCOMPARE(rows(db), 1);
        outer.commit();
        QCOMPARE(rows(db), 1);
        // Outside any transaction, a Transaction is a real one again.
        sql::Transaction next(db);
        db.exec("INSERT INTO t VALUES (3)");
        next.commit();
        QCOMPARE(rows(db), 2);
    }
};

QTEST_MAIN(TstSqlite)
#include "tst_sqlite.moc"
