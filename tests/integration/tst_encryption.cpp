// The replica at rest: encrypted with a key derived from the user's password (SQLCipher, raw key
// from Argon2id). The plain sqlite3 tool cannot read the file; a known answer written through the
// Workspace is nowhere in the file's bytes or its log; a wrong password opens nothing and
// changes nothing; the right one opens it with the data. A replica from before encryption is
// carried over on its first unlock.
#include "Account.h"
#include "DataFiles.h"
#include "ReplicaSchema.h"
#include "ReplicaUnlock.h"
#include "SyncEngine.h"
#include "TestServer.h"
#include "Workspace.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <sodium.h>

#include <filesystem>

using namespace tandem;
using namespace tandem::sync;

namespace {

const char* kAction = "review:st-helens:SH-SCR-JSH:action:2.1";  // lead STH-SCHOOLS
const char* kPassword = "correct-horse-9";
// What the test looks for in the raw bytes: nothing else in a replica spells it.
const char* kSecret = "Kestrel-4471 disclosed at the home visit";

QByteArray bytesOf(const std::string& path) {
    QFile f(QString::fromStdString(path));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QByteArray digestOf(const std::string& path) { return QCryptographicHash::hash(bytesOf(path), QCryptographicHash::Sha256); }

// The plain sqlite3 tool's answer to reading the file: (exit code, what it printed).
std::pair<int, QString> plainSqlite(const std::string& path) {
    QProcess p;
    p.start("sqlite3", {QString::fromStdString(path), "SELECT count(*) FROM sqlite_master;"});
    if (!p.waitForFinished(30000)) return {-1, "sqlite3 did not finish"};
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError())};
}

}  // namespace

class TestEncryption : public QObject {
    Q_OBJECT

private:
    QTemporaryDir serverDir_, deviceDir_;
    std::unique_ptr<test::TestServer> server_;

    std::string pathOf(const char* name) { return deviceDir_.filePath(name).toStdString(); }

private slots:
    void initTestCase() {
        QVERIFY(serverDir_.isValid() && deviceDir_.isValid());
        server_ = std::make_unique<test::TestServer>(serverDir_.path().toStdString());
        auto& store = server_->store();
        for (const auto& r : {server::importAgencies(store, test::readDataFile("agencies.csv")),
                              server::importActionPlans(store, test::readDataFile("action-plans.csv")),
                              server::addUser(store, "lead.schools", kPassword, "agency_lead", "STH-SCHOOLS")})
            QVERIFY2(r.ok(), r.errors.empty() ? "" : r.errors.front().c_str());
        server_->start();
    }

    // The app's own path: a new replica at the real cost, signed in, synced, one edit made.
    void encryptedAtRest() {
        const std::string path = pathOf("lead.replica.db");
        QElapsedTimer t;
        t.start();
        auto opened = unlockReplica(path, kPassword, IfNoReplica::Create);
        qInfo("new replica key at the unlock cost: %lld ms", static_cast<long long>(t.elapsed()));
        QVERIFY(opened);
        QVERIFY(opened.created);
        HttpTransport transport(server_->url());
        QVERIFY(signIn(*opened.replica, transport, server_->url(), "lead.schools", kPassword, "test device").ok);
        QVERIFY(SyncEngine(*opened.replica, transport).sync().status == SyncStatus::Ok);
        Workspace ws(*opened.replica);
        QVERIFY(ws.setField(kAction, "progress", kSecret).ok);
        QCOMPARE(opened.replica->record(kAction)->text("progress"), std::string(kSecret));

        // While open, the edit is in the write-ahead log: encrypted there too.
        QVERIFY(std::filesystem::exists(path + "-wal"));
        QVERIFY(!bytesOf(path + "-wal").contains(kSecret));
        QVERIFY(!bytesOf(path).contains(kSecret));
        opened.replica.reset();  // the last connection checkpoints the log into the file
        const QByteArray file = bytesOf(path);
        QVERIFY(file.size() > 4096);
        QVERIFY(!file.contains(kSecret));
        QVERIFY(!file.contains("lead.schools"));
        QVERIFY(!file.startsWith("SQLite format 3"));
        QVERIFY(!bytesOf(path + "-wal").contains(kSecret));
        // The salt file holds the salt and the cost, not the key.
        const QByteArray salt = bytesOf(saltPath(path));
        QVERIFY(salt.contains("argon2id13"));
        QVERIFY(!salt.contains(kPassword));

        const auto [code, said] = plainSqlite(path);
        QVERIFY2(code != 0, qPrintable(said));
        QVERIFY2(said.contains("file is not a database") || said.contains("file is encrypted"), qPrintable(said));
    }

    // A wrong password opens nothing and leaves the file, its log and its salt as they were; the
    // right one opens the data, offline (no server involved).
    void wrongPasswordChangesNothing() {
        const std::string path = pathOf("lead.replica.db");
        const QByteArray file = digestOf(path), salt = digestOf(saltPath(path));
        for (const char* wrong : {"correct-horse-8", "", "CORRECT-HORSE-9"}) {
            auto opened = unlockReplica(path, wrong, IfNoReplica::Refuse);
            QVERIFY(!opened);
            QCOMPARE(QString::fromStdString(opened.code), QString("wrong_password"));
            QCOMPARE(QString::fromStdString(opened.message), QString("Wrong password."));
            // Nor does online sign-in's path start a new replica over the old one.
            auto create = unlockReplica(path, wrong, IfNoReplica::Create);
            QVERIFY(!create);
            QCOMPARE(QString::fromStdString(create.code), QString("wrong_password"));
        }
        QCOMPARE(digestOf(path), file);
        QCOMPARE(digestOf(saltPath(path)), salt);
        QVERIFY(!std::filesystem::exists(path + "-wal") || bytesOf(path + "-wal").isEmpty());

        QElapsedTimer t;
        t.start();
        auto opened = unlockReplica(path, kPassword, IfNoReplica::Refuse);
        qInfo("unlock at the unlock cost: %lld ms", static_cast<long long>(t.elapsed()));
        QVERIFY(opened);
        QCOMPARE(opened.replica->identity()->user, std::string("lead.schools"));
        QCOMPARE(opened.replica->record(kAction)->text("progress"), std::string(kSecret));
        QCOMPARE(opened.replica->pendingCount(), std::int64_t(1));
        // The key opens a second connection without the password again (the sync thread's).
        Replica second(path, opened.key);
        QCOMPARE(second.pendingCount(), std::int64_t(1));
    }

    // A file whose salt is gone (a wiped replica) is not offered, and opens nothing offline.
    void withoutItsSaltNothingOpens() {
        const std::string path = pathOf("gone.replica.db");
        {
            auto opened = unlockReplica(path, kPassword, IfNoReplica::Create, KdfCost::Minimum);
            QVERIFY(opened);
            opened.replica->setMeta("user", "someone");
            opened.replica->wipe();
        }
        QVERIFY(std::filesystem::exists(path));
        QVERIFY(!std::filesystem::exists(saltPath(path)));
        QVERIFY(!replicaCanBeUnlocked(path));
        auto opened = unlockReplica(path, kPassword, IfNoReplica::Refuse);
        QVERIFY(!opened);
        QCOMPARE(QString::fromStdString(opened.code), QString("no_replica"));
        // An unencrypted file is refused by Replica itself: only ":memory:" goes without a key.
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Replica(pathOf("plain.db")));
    }

    // A replica written before encryption (plain SQLite, an offline verifier in its meta) is
    // encrypted in place on its first unlock with the right password, pending edits and all;
    // a wrong password leaves it as it was.
    void plainReplicaIsCarriedOver() {
        const std::string path = pathOf("old.replica.db");
        {
            sql::Database plain(path);
            plain.exec("PRAGMA journal_mode = WAL");
            prepareReplicaSchema(plain);
            char verifier[crypto_pwhash_STRBYTES];
            QVERIFY(sodium_init() >= 0);
            QVERIFY(crypto_pwhash_str(verifier, kPassword, strlen(kPassword), crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN) == 0);
            auto put = plain.prepare("INSERT INTO meta(key, value) VALUES (?, ?)");
            for (auto [k, v] : {std::pair<const char*, const char*>{"user", "lead.schools"}, {"offline_verifier", verifier}, {"note", kSecret}})
                put.bind(1, k).bind(2, v).run();
        }
        QVERIFY(sql::isPlainDatabaseFile(path));
        QVERIFY(bytesOf(path).contains(kSecret));
        QVERIFY(replicaCanBeUnlocked(path));

        auto wrong = unlockReplica(path, "not it", IfNoReplica::Refuse, KdfCost::Minimum);
        QVERIFY(!wrong);
        QCOMPARE(QString::fromStdString(wrong.code), QString("wrong_password"));
        QVERIFY(sql::isPlainDatabaseFile(path));
        QVERIFY(!std::filesystem::exists(saltPath(path)));

        auto opened = unlockReplica(path, kPassword, IfNoReplica::Refuse, KdfCost::Minimum);
        QVERIFY2(opened, opened.message.c_str());
        QVERIFY(opened.migrated);
        QCOMPARE(opened.replica->meta("note").value_or(""), std::string(kSecret));
        QCOMPARE(opened.replica->identity()->user, std::string("lead.schools"));
        opened.replica.reset();
        QVERIFY(!sql::isPlainDatabaseFile(path));
        QVERIFY(!bytesOf(path).contains(kSecret));
        QVERIFY(!std::filesystem::exists(path + ".encrypting"));
        QVERIFY(plainSqlite(path).first != 0);
        auto again = unlockReplica(path, kPassword, IfNoReplica::Refuse);
        QVERIFY(again);
        QVERIFY(!again.migrated);
        QCOMPARE(again.replica->meta("note").value_or(""), std::string(kSecret));
    }
};

QTEST_MAIN(TestEncryption)
#include "tst_encryption.moc"
