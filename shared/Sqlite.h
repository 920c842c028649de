// The project's one door to SQLite: RAII handles for a connection, a prepared statement and a
// transaction. Everything that touches SQLite goes through here. The library is SQLCipher (SQLite
// 3.15.2 in Debian 12): a connection opened with a key reads and writes an encrypted file, one
// opened without is plain SQLite. SQL stays portable to SQLite 3.15.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>

struct sqlite3;
struct sqlite3_stmt;

namespace tandem::sql {

class Error : public std::runtime_error {
public:
    Error(int code, const std::string& what) : std::runtime_error(what), code_(code) {}
    int code() const { return code_; }
    // The file is not a database this connection can read: encrypted with another key, or
    // encrypted and opened without one.
    bool notADatabase() const;

private:
    int code_;
};

struct Null {};
using Value = std::variant<Null, std::int64_t, double, std::string>;

class Statement;

// A raw 256-bit SQLCipher key (no passphrase stretching inside SQLCipher). The bytes stay the
// caller's: the wrapper copies them only into SQLCipher, which wipes its copy on close.
using RawKey = std::span<const unsigned char, 32>;

class Database {
public:
    enum class Mode { ReadWrite, ReadOnly };
    // Opens (creating if needed) the file; ":memory:" gives a private in-memory database.
    explicit Database(const std::string& path, Mode mode = Mode::ReadWrite);
    // Opens (creating if needed) a file encrypted with `key`. Throws an Error with
    // notADatabase() when the file exists and the key does not open it; nothing is written then.
    Database(const std::string& path, RawKey key, Mode mode = Mode::ReadWrite);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;
    Database(Database&& other) noexcept;
    Database& operator=(Database&& other) noexcept;

    void exec(std::string_view sql);
    Statement prepare(std::string_view sql);
    // A statement prepared once per connection and kept, reset and ready to bind: for the
    // statements a sync runs for every page and every edit. Not for two uses at once.
    Statement& cached(const std::string& sql);
    // Resets every cached statement, ending any read it holds open (before a commit).
    void resetCached();
    std::int64_t lastInsertRowId() const;
    int changes() const;
    const std::string& path() const { return path_; }
    sqlite3* handle() const { return db_; }

    // Writes this (unencrypted) database into a new file at `target`, encrypted with `key`
    // (SQLCipher's sqlcipher_export): how a replica from before encryption is carried over.
    void exportEncrypted(const std::string& target, RawKey key);
    // Encrypts this (encrypted) database again under `key` (SQLCipher's sqlite3_rekey): every
    // page is rewritten; the old key opens nothing afterwards.
    void rekey(RawKey key);

private:
    void open(const std::string& path, Mode mode);
    void configure();

    sqlite3* db_ = nullptr;
    std::string path_;
    std::unordered_map<std::string, std::unique_ptr<Statement>> cache_;
};

class Statement {
public:
    Statement(sqlite3* db, std::string_view sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    Statement(Statement&& other) noexcept;

    // Binds are 1-based like SQLite's; chaining keeps call sites short.
    Statement& bind(int index, std::int64_t v);
    Statement& bind(int index, int v) { return bind(index, static_cast<std::int64_t>(v)); }
    Statement& bind(int index, double v);
    Statement& bind(int index, std::string_view v);
    Statement& bind(int index, const char* v) { return bind(index, std::string_view(v)); }
    Statement& bind(int index, const std::string& v) { return bind(index, std::string_view(v)); }
    Statement& bindNull(int index);
    // Bytes that are not text (a FieldPack): stored as a BLOB, read back with blob().
    Statement& bindBlob(int index, std::string_view bytes);
    Statement& bind(int index, const std::optional<std::string>& v);

    // Returns true while there is a row to read.
    bool step();
    // Runs a statement that returns no rows.
    void run();
    void reset();

    bool isNull(int col) const;
    std::int64_t integer(int col) const;
    double real(int col) const;
    std::string text(int col) const;
    // Views valid until the next step() or reset(): read without copying.
    std::string_view textView(int col) const;
    std::string blob(int col) const;
    std::string_view blobView(int col) const;
    std::optional<std::string> optText(int col) const;

private:
    friend class Database;  // binds a key without a copy (exportEncrypted)
    sqlite3* db_ = nullptr;
    sqlite3_stmt* stmt_ = nullptr;
};

// BEGIN IMMEDIATE on construction, ROLLBACK on destruction unless committed: a half-applied
// batch can never be left behind by an exception. Nested, it is a savepoint of the outer one.
class Transaction {
public:
    enum class Kind { Deferred, Immediate };
    // Inside another transaction it becomes a savepoint of it, so that a unit built from smaller
    // transactional steps (a record created with its first fields) commits or fails as one.
    explicit Transaction(Database& db, Kind kind = Kind::Immediate);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

private:
    Database& db_;
    bool nested_ = false;
    bool done_ = false;
};

// A named savepoint inside a transaction: released on release(), rolled back (and released) on
// destruction otherwise, so one unit of a larger transaction can fail alone.
class Savepoint {
public:
    explicit Savepoint(Database& db);
    ~Savepoint();
    Savepoint(const Savepoint&) = delete;
    Savepoint& operator=(const Savepoint&) = delete;
    void release();

private:
    Database& db_;
    bool done_ = false;
};

// The size of a WAL-mode database's write-ahead log (0 when there is none): what decides when a
// checkpoint on a connection of its own is worth running.
std::uintmax_t walBytes(const std::string& dbPath);

// Makes every commit in a WAL-mode database's log durable (fdatasync of the -wal file): what a
// commit at synchronous=FULL would do, without a commit to carry it, so no page is written (and,
// in an encrypted file, encrypted) only to get an fsync. No log, nothing to sync. Throws Error.
void syncWal(const std::string& dbPath);

// True when the file starts with plain SQLite's header ("SQLite format 3"): a database written
// without a key. An encrypted file starts with random bytes.
bool isPlainDatabaseFile(const std::string& path);

}  // namespace tandem::sql
