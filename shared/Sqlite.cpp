#include "Sqlite.h"

#include <sodium.h>
#include <sqlite3.h>

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <filesystem>
#include <utility>

namespace tandem::sql {
namespace {

[[noreturn]] void fail(sqlite3* db, int rc, std::string_view context) {
    std::string msg(context);
    msg += ": ";
    msg += db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    throw Error(rc, msg);
}

// SQLite counts every allocation under one process-wide mutex unless told not to: with many
// connections at work at once (the server's workers; 500 simulated devices in one benchmark
// process) threads queued on it in every sqlite3_malloc. Nothing here reads the counters.
void configureOnce() {
    static const bool done = [] {
        sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);  // SQLITE_MISUSE if already initialized: harmless
        return sqlite3_initialize() == SQLITE_OK;
    }();
    (void)done;
}

// SQLCipher's spelling of a raw key, x'<64 hex digits>', in a buffer wiped when it goes: the
// only place the key exists as text.
class KeyText {
public:
    explicit KeyText(RawKey key) {
        text_[0] = 'x';
        text_[1] = '\'';
        sodium_bin2hex(text_.data() + 2, 65, key.data(), key.size());
        text_[66] = '\'';
        text_[67] = '\0';
    }
    ~KeyText() { sodium_memzero(text_.data(), text_.size()); }
    KeyText(const KeyText&) = delete;
    KeyText& operator=(const KeyText&) = delete;
    const char* data() const { return text_.data(); }
    static constexpr int kLength = 67;

private:
    std::array<char, 68> text_{};
};

// SQLCipher 3's own default is 1024-byte pages; 4096 is SQLite's, so an encrypted page holds what
// a plain one did and a commit encrypts and authenticates four times fewer pages. Every
// connection to an encrypted file must say the same before its first read.
constexpr const char* kCipherPageSize = "4096";

}  // namespace

bool Error::notADatabase() const { return code_ == SQLITE_NOTADB; }

Database::Database(const std::string& path, Mode mode) : path_(path) {
    open(path, mode);
    configure();
}

Database::Database(const std::string& path, RawKey key, Mode mode) : path_(path) {
    open(path, mode);
    try {
        {
            const KeyText text(key);
            const int rc = sqlite3_key(db_, text.data(), KeyText::kLength);
            if (rc != SQLITE_OK) fail(db_, rc, "key");
        }
        exec(std::string("PRAGMA cipher_page_size = ") + kCipherPageSize);
        // The key is only checked when the first page is read: read it now, so that a wrong key
        // fails here with SQLITE_NOTADB and not in the middle of whatever the caller does next.
        exec("SELECT count(*) FROM sqlite_master");
        configure();
    } catch (...) {
        sqlite3_close_v2(db_);
        db_ = nullptr;
        throw;
    }
}

void Database::open(const std::string& path, Mode mode) {
    configureOnce();
    const int flags = mode == Mode::ReadOnly ? SQLITE_OPEN_READONLY
                                             : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    const int rc = sqlite3_open_v2(path.c_str(), &db_, flags | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        std::string msg = "cannot open database " + path + ": " +
                          (db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc));
        sqlite3_close(db_);
        db_ = nullptr;
        throw Error(rc, msg);
    }
}

void Database::configure() {
    // Writers on the server queue behind each other; a few seconds covers any batch.
    sqlite3_busy_timeout(db_, 10000);
    exec("PRAGMA foreign_keys = ON");
}

void Database::exportEncrypted(const std::string& target, RawKey key) {
    {
        // Bound, not spliced into the SQL text: SQLite keeps no copy of a static binding.
        const KeyText text(key);
        Statement attach(db_, "ATTACH DATABASE ? AS encrypted KEY ?");
        if (sqlite3_bind_text(attach.stmt_, 1, target.c_str(), -1, SQLITE_TRANSIENT) != SQLITE_OK ||
            sqlite3_bind_text(attach.stmt_, 2, text.data(), KeyText::kLength, SQLITE_STATIC) != SQLITE_OK)
            fail(db_, sqlite3_errcode(db_), "attach");
        attach.run();
    }
    try {
        exec(std::string("PRAGMA encrypted.cipher_page_size = ") + kCipherPageSize);
        exec("SELECT sqlcipher_export('encrypted')");
    } catch (...) {
        exec("DETACH DATABASE encrypted");
        throw;
    }
    exec("DETACH DATABASE encrypted");
}

void Database::rekey(RawKey key) {
    const KeyText text(key);
    const int rc = sqlite3_rekey(db_, text.data(), KeyText::kLength);
    if (rc != SQLITE_OK) fail(db_, rc, "rekey");
}

Database::~Database() {
    cache_.clear();  // statements are finalized before their connection closes
    if (db_) sqlite3_close_v2(db_);
}

Database::Database(Database&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), path_(std::move(other.path_)), cache_(std::move(other.cache_)) {}

Database& Database::operator=(Database&& other) noexcept {
    if (this != &other) {
        cache_.clear();
        if (db_) sqlite3_close_v2(db_);
        db_ = std::exchange(other.db_, nullptr);
        path_ = std::move(other.path_);
        cache_ = std::move(other.cache_);
    }
    return *this;
}

Statement& Database::cached(const std::string& sql) {
    auto it = cache_.find(sql);
    if (it == cache_.end()) it = cache_.emplace(sql, std::make_unique<Statement>(prepare(sql))).first;
    it->second->reset();
    return *it->second;
}

void Database::resetCached() {
    for (auto& [_, s] : cache_) s->reset();
}

void Database::exec(std::string_view sql) {
    std::string s(sql);
    char* err = nullptr;
    const int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
        std::string msg = err ? err : sqlite3_errstr(rc);
        sqlite3_free(err);
        throw Error(rc, "sql: " + msg);
    }
}

Statement Database::prepare(std::string_view sql) { return Statement(db_, sql); }

std::int64_t Database::lastInsertRowId() const { return sqlite3_last_insert_rowid(db_); }

int Database::changes() const { return sqlite3_changes(db_); }

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
    const int rc = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr);
    if (rc != SQLITE_OK) fail(db, rc, "prepare");
}

Statement::~Statement() {
    if (stmt_) sqlite3_finalize(stmt_);
}

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_), stmt_(std::exchange(other.stmt_, nullptr)) {}

Statement& Statement::bind(int index, std::int64_t v) {
    const int rc = sqlite3_bind_int64(stmt_, index, v);
    if (rc != SQLITE_OK) fail(db_, rc, "bind");
    return *this;
}

Statement& Statement::bind(int index, double v) {
    const int rc = sqlite3_bind_double(stmt_, index, v);
    if (rc != SQLITE_OK) fail(db_, rc, "bind");
    return *this;
}

Statement& Statement::bind(int index, std::string_view v) {
    const int rc = sqlite3_bind_text(stmt_, index, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    if (rc != SQLITE_OK) fail(db_, rc, "bind");
    return *this;
}

Statement& Statement::bindBlob(int index, std::string_view v) {
    const int rc = sqlite3_bind_blob(stmt_, index, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    if (rc != SQLITE_OK) fail(db_, rc, "bind");
    return *this;
}

Statement& Statement::bindNull(int index) {
    const int rc = sqlite3_bind_null(stmt_, index);
    if (rc != SQLITE_OK) fail(db_, rc, "bind");
    return *this;
}

Statement& Statement::bind(int index, const std::optional<std::string>& v) {
    return v ? bind(index, std::string_view(*v)) : bindNull(index);
}

bool Statement::step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail(db_, rc, "step");
}

void Statement::run() {
    step();
    reset();
}

void Statement::reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

bool Statement::isNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

std::int64_t Statement::integer(int col) const { return sqlite3_column_int64(stmt_, col); }

double Statement::real(int col) const { return sqlite3_column_double(stmt_, col); }

std::string Statement::text(int col) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
    return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, col))) : std::string();
}

std::string_view Statement::textView(int col) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
    return p ? std::string_view(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, col))) : std::string_view();
}

std::string_view Statement::blobView(int col) const {
    const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt_, col));
    return p ? std::string_view(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, col))) : std::string_view();
}

std::string Statement::blob(int col) const { return std::string(blobView(col)); }

std::optional<std::string> Statement::optText(int col) const {
    if (isNull(col)) return std::nullopt;
    return text(col);
}

// BEGIN, COMMIT, SAVEPOINT and RELEASE run from cached statements: a small sync runs a few
// transactions, and parsing each of these again was a tenth of its time on the device.
Transaction::Transaction(Database& db, Kind kind) : db_(db), nested_(!sqlite3_get_autocommit(db.handle())) {
    if (nested_)
        db_.cached("SAVEPOINT nested_tx").run();
    else
        db_.cached(kind == Kind::Immediate ? "BEGIN IMMEDIATE" : "BEGIN").run();
}

Transaction::~Transaction() {
    if (!done_) {
        try {
            db_.exec(nested_ ? "ROLLBACK TO nested_tx; RELEASE nested_tx" : "ROLLBACK");
        } catch (...) {
            // A failed rollback leaves SQLite to roll back on close; nothing more to do here.
        }
    }
}

void Transaction::commit() {
    db_.cached(nested_ ? "RELEASE nested_tx" : "COMMIT").run();
    done_ = true;
}

Savepoint::Savepoint(Database& db) : db_(db) { db_.cached("SAVEPOINT unit").run(); }

Savepoint::~Savepoint() {
    if (!done_) {
        try {
            db_.exec("ROLLBACK TO unit; RELEASE unit");
        } catch (...) {
            // The enclosing transaction is rolled back by its owner when this fails.
        }
    }
}

void Savepoint::release() {
    db_.cached("RELEASE unit").run();
    done_ = true;
}

bool isPlainDatabaseFile(const std::string& path) {
    static constexpr char kHeader[] = "SQLite format 3";  // with its NUL: 16 bytes
    char head[sizeof kHeader] = {};
    std::ifstream in(path, std::ios::binary);
    return in.read(head, sizeof head) && std::memcmp(head, kHeader, sizeof kHeader) == 0;
}

std::uintmax_t walBytes(const std::string& dbPath) {
    std::error_code ec;
    const auto n = std::filesystem::file_size(dbPath + "-wal", ec);
    return ec ? 0 : n;
}

void syncWal(const std::string& dbPath) {
    const std::string wal = dbPath + "-wal";
    const int fd = ::open(wal.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT) return;
        throw Error(SQLITE_IOERR, "cannot open " + wal + " to sync it: " + std::strerror(errno));
    }
    const int rc = ::fdatasync(fd);
    const int err = errno;
    ::close(fd);
    if (rc != 0) throw Error(SQLITE_IOERR_FSYNC, "cannot sync " + wal + ": " + std::strerror(err));
}

}  // namespace tandem::sql
