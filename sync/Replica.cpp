#include "Replica.h"

#include "BackgroundThread.h"
#include "ReplicaSchema.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <stdexcept>

namespace tandem::sync {
namespace {

using nlohmann::json;

json parseOr(const std::string& text) {
    return json::parse(text, nullptr, false);
}

}  // namespace

std::string LocalRecord::text(const std::string& name, const std::string& fallback) const {
    auto it = fields.find(name);
    return it != fields.end() && it->second.is_string() ? it->second.get<std::string>() : fallback;
}

sql::Database Replica::openFile(const std::string& path, const ReplicaKey& key) {
    if (path == ":memory:") return sql::Database(path);
    if (!key) throw std::invalid_argument("the replica file " + path + " is opened with its key");
    return sql::Database(path, key.raw());
}

Replica::Replica(const std::string& path) : path_(path), db_(openFile(path, {})) { prepare(); }

Replica::Replica(const std::string& path, ReplicaKey key) : path_(path), key_(std::move(key)), db_(openFile(path, key_)) {
    prepare();
}

void Replica::prepare() {
    if (path_ != ":memory:") db_.exec("PRAGMA journal_mode = WAL");
    // NORMAL in WAL mode: a commit is durable against the process dying at any point (what the
    // crash tests kill), and the file is never corrupted; only a power cut of the laptop can lose
    // the last commits before the next checkpoint. What that costs is bounded: a lost pulled
    // page is pulled again from the older cursor, and a lost outbox entry is an edit the server
    // never saw (the user makes it again): SyncEngine syncs the WAL before any push, so no entry
    // the server has taken can be lost and its sequence number reused. The server's store stays
    // FULL. FULL here cost one fsync per pulled page and per edit.
    db_.exec("PRAGMA synchronous = NORMAL");
    // SQLite's automatic checkpoints would copy the log into the file inside whichever commit
    // passes 1000 pages: the last page of a download, or the user's next edit. The replica
    // checkpoints in the background instead (checkpointInBackground), at the end of each sync.
    db_.exec("PRAGMA wal_autocheckpoint = 0");
    // Statement journals and temporary indexes in memory: no temporary file is written for them,
    // and none is left holding a copy of the user's pages.
    db_.exec("PRAGMA temp_store = MEMORY");
    // Every page read from the encrypted file is decrypted and authenticated. With SQLite's
    // default 2 MB cache a push of 10,000 edits over a device's whole scope read 8,500 pages
    // back from the file (12% of its CPU); a device's scope (a few thousand records, a few MB)
    // fits in this. The cache takes memory only as pages are read into it.
    db_.exec("PRAGMA cache_size = -" + std::to_string(kCacheKb));
    sql::Transaction tx(db_);
    prepareReplicaSchema(db_);
    tx.commit();
}

std::optional<std::string> Replica::meta(const std::string& key) {
    auto& s = db_.cached("SELECT value FROM meta WHERE key = ?");
    s.bind(1, key);
    std::optional<std::string> value;
    if (s.step()) value = s.text(0);
    s.reset();
    return value;
}

void Replica::setMeta(const std::string& key, const std::string& value) {
    db_.cached("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)").bind(1, key).bind(2, value).run();
}

std::optional<Identity> Replica::identity() {
    auto user = meta("user");
    if (!user) return std::nullopt;
    Identity id;
    id.server = meta("server").value_or("");
    id.user = *user;
    id.role = meta("role").value_or("");
    id.agency = meta("agency").value_or("");
    id.partnerships = parseOr(meta("partnerships").value_or("[]")).get<std::vector<std::string>>();
    id.deviceId = std::stoll(meta("device_id").value_or("0"));
    return id;
}

std::optional<std::string> Replica::token() { return meta("token"); }

std::int64_t Replica::cursor() { return std::stoll(meta("cursor").value_or("0")); }

namespace {
constexpr const char* kRecordColumns = "id, kind, partnership, owner, seq, local, fields";
}  // namespace

std::vector<Replica::Pending> Replica::pendingOf(const std::string& id) {
    std::vector<Pending> out;
    auto& o = db_.cached("SELECT field, value FROM outbox WHERE record_id = ? ORDER BY seq");
    o.bind(1, id);
    while (o.step()) out.push_back({o.text(0), o.text(1)});
    return out;
}

LocalRecord Replica::readRecord(sql::Statement& h, const std::vector<Pending>& pending) {
    LocalRecord r;
    r.id = h.text(0);
    r.kind = h.text(1);
    r.partnership = h.text(2);
    r.owner = h.text(3);
    r.seq = h.integer(4);
    r.local = h.integer(5) != 0;
    FieldPack(h.blob(6)).forEach([&](const PackedField& f) {
        std::string name(f.name);
        r.fields[name] = parseOr(std::string(f.value));
        r.fieldSeqs[std::move(name)] = f.seq;
    });
    // Pending edits in the order they were made: the last one is what the user sees.
    for (const auto& p : pending) {
        if (p.field == protocol::kCreateField) continue;
        r.fields[p.field] = parseOr(p.value);
        if (std::find(r.pendingFields.begin(), r.pendingFields.end(), p.field) == r.pendingFields.end())
            r.pendingFields.push_back(p.field);
    }
    return r;
}

std::optional<LocalRecord> Replica::record(const std::string& id) {
    auto& h = db_.cached(std::string("SELECT ") + kRecordColumns + " FROM records WHERE id = ?");
    h.bind(1, id);
    if (!h.step()) return std::nullopt;
    auto pending = pendingOf(id);
    LocalRecord r = readRecord(h, pending);
    h.reset();
    return r;
}

std::vector<LocalRecord> Replica::records(const std::string& kind) {
    // The outbox once for all of them rather than once per record.
    std::map<std::string, std::vector<Pending>> pending;
    auto o = db_.prepare("SELECT record_id, field, value FROM outbox ORDER BY seq");
    while (o.step()) pending[o.text(0)].push_back({o.text(1), o.text(2)});
    static const std::vector<Pending> none;
    std::vector<LocalRecord> out;
    auto h = db_.prepare(std::string("SELECT ") + kRecordColumns + " FROM records" + (kind.empty() ? "" : " WHERE kind = ?") +
                         " ORDER BY seq DESC, id");
    if (!kind.empty()) h.bind(1, kind);
    while (h.step()) {
        auto it = pending.find(std::string(h.textView(0)));
        out.push_back(readRecord(h, it == pending.end() ? none : it->second));
    }
    return out;
}

std::vector<LocalConflict> Replica::conflicts(bool includeResolved) {
    std::vector<LocalConflict> out;
    auto s = db_.prepare(std::string("SELECT id, record_id, kind, field, winner_value, winner_user, winner_agency, "
                                     "loser_value, loser_user, loser_agency, rule, at, seq, resolved FROM conflicts") +
                         (includeResolved ? "" : " WHERE resolved = 0") + " ORDER BY seq");
    while (s.step()) {
        LocalConflict c;
        c.id = s.text(0);
        c.record = s.text(1);
        c.kind = s.text(2);
        c.field = s.text(3);
        c.winnerValue = parseOr(s.text(4));
        c.winnerUser = s.text(5);
        c.winnerAgency = s.text(6);
        c.loserValue = parseOr(s.text(7));
        c.loserUser = s.text(8);
        c.loserAgency = s.text(9);
        c.rule = s.text(10);
        c.at = s.text(11);
        c.seq = s.integer(12);
        c.resolved = s.integer(13) != 0;
        out.push_back(std::move(c));
    }
    return out;
}

std::vector<LocalRejection> Replica::rejections(bool includeDismissed) {
    std::vector<LocalRejection> out;
    auto s = db_.prepare(std::string("SELECT id, record_id, field, value, user, code, message, at, seq, dismissed FROM rejections") +
                         (includeDismissed ? "" : " WHERE dismissed = 0") + " ORDER BY seq");
    while (s.step()) {
        LocalRejection r;
        r.id = s.text(0);
        r.record = s.text(1);
        r.field = s.text(2);
        r.value = parseOr(s.text(3));
        r.user = s.text(4);
        r.code = s.text(5);
        r.message = s.text(6);
        r.at = s.text(7);
        r.seq = s.integer(8);
        r.dismissed = s.integer(9) != 0;
        out.push_back(std::move(r));
    }
    return out;
}

std::int64_t Replica::pendingCount() {
    auto& s = db_.cached("SELECT count(*) FROM outbox");
    s.step();
    const auto n = s.integer(0);
    s.reset();
    return n;
}

std::int64_t Replica::recordCount(const std::string& kind) {
    auto s = db_.prepare(kind.empty() ? "SELECT count(*) FROM records" : "SELECT count(*) FROM records WHERE kind = ?");
    if (!kind.empty()) s.bind(1, kind);
    s.step();
    return s.integer(0);
}

void Replica::applyPage(const protocol::PullPage& page, const std::function<void()>& beforeCommit) {
    sql::Transaction tx(db_);
    writePage(page, PageKind::Incremental);
    if (beforeCommit) beforeCommit();
    tx.commit();
}

void Replica::writePage(const protocol::PullPage& page, PageKind pageKind) {
    // A record's row is replaced whole: the server sends every field of a changed record. A
    // record made here and sent back by the server becomes a server record (local = 0).
    // Up to kRowsPerInsert rows go in one statement rather than one statement each.
    constexpr size_t kRowsPerInsert = 16;
    // The records of an incremental page are mostly already here: each is updated where its row
    // stands. INSERT OR REPLACE would delete the row and insert it again under a new rowid,
    // rewriting its old and new table pages and an entry in each of the three indexes: in a small
    // sync, four pages more to encrypt and write. A record that is new, or whose kind or parent
    // changed, goes through the insert below. A download's records are mostly new: all go there.
    std::vector<const protocol::RecordState*> news;
    std::vector<std::string> parents(kRowsPerInsert);
    if (pageKind == PageKind::Incremental) {
        auto& update = db_.cached(
            "UPDATE records SET partnership = ?, owner = ?, seq = ?, local = 0, fields = ? WHERE id = ? AND kind = ? AND parent = ?");
        for (const auto& r : page.records) {
            parents[0] = parentOf(r.kind, r.fields);
            update.bind(1, r.partnership).bind(2, r.owner).bind(3, r.seq).bindBlob(4, r.fields.bytes())
                .bind(5, r.id).bind(6, r.kind).bind(7, parents[0]).run();
            if (db_.changes() == 0) news.push_back(&r);
        }
    } else {
        for (const auto& r : page.records) news.push_back(&r);
    }
    auto putOf = [&](size_t rows) -> sql::Statement& {
        std::string text = "INSERT OR REPLACE INTO records(id, kind, partnership, owner, seq, local, parent, fields) "
                           "VALUES (?, ?, ?, ?, ?, 0, ?, ?)";
        for (size_t i = 1; i < rows; ++i) text += ", (?, ?, ?, ?, ?, 0, ?, ?)";
        return db_.cached(text);
    };
    // In id order a page's inserts walk the id index from left to right instead of jumping about
    // it, so a leaf shared by several of its records is found in the cache. A page holds a record
    // at most once.
    std::vector<const protocol::RecordState*>& ordered = news;
    std::sort(ordered.begin(), ordered.end(), [](auto* a, auto* b) { return a->id < b->id; });
    for (size_t at = 0; at < ordered.size();) {
        const size_t rows = std::min(ordered.size() - at, kRowsPerInsert);
        sql::Statement& put = putOf(rows);
        for (size_t i = 0; i < rows; ++i) {
            const protocol::RecordState& r = *ordered[at + i];
            const int col = static_cast<int>(7 * i);
            parents[i] = parentOf(r.kind, r.fields);
            put.bind(col + 1, r.id).bind(col + 2, r.kind).bind(col + 3, r.partnership).bind(col + 4, r.owner)
                .bind(col + 5, r.seq).bind(col + 6, parents[i]).bindBlob(col + 7, r.fields.bytes());
        }
        put.run();
        at += rows;
    }
    auto& delRecord = db_.cached("DELETE FROM records WHERE id = ? AND local = 0");
    for (const auto& id : page.removals) delRecord.bind(1, id).run();
    auto& putConflict = db_.cached(
        "INSERT OR IGNORE INTO conflicts(id, seq, record_id, kind, field, winner_value, winner_user, winner_agency, "
        "loser_value, loser_user, loser_agency, rule, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    for (const auto& c : page.conflicts)
        putConflict.bind(1, c.id).bind(2, c.seq).bind(3, c.record).bind(4, c.kind).bind(5, c.field)
            .bind(6, c.winnerValue.dump()).bind(7, c.winnerUser).bind(8, c.winnerAgency).bind(9, c.loserValue.dump())
            .bind(10, c.loserUser).bind(11, c.loserAgency).bind(12, c.rule).bind(13, c.at).run();
    auto& putRejection = db_.cached(
        "INSERT OR IGNORE INTO rejections(id, seq, record_id, field, value, user, code, message, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    for (const auto& r : page.rejections)
        putRejection.bind(1, r.id).bind(2, r.seq).bind(3, r.record).bind(4, r.field).bind(5, r.value.dump())
            .bind(6, r.user).bind(7, r.code).bind(8, r.message).bind(9, r.at).run();
    setMeta("cursor", std::to_string(page.cursor));
    if (!page.more) setMeta("full_download", "0");
}

PageBatch::PageBatch(Replica& replica) : replica_(replica) {
    auto& db = replica_.db();
    auto size = db.prepare("PRAGMA cache_size");
    cacheSize_ = size.step() ? size.text(0) : "-2000";
    size.reset();
    // The B-trees of a large download, held in memory between commits so that pages written by
    // one page of records are not spilled to the WAL and read back by the next.
    db.exec("PRAGMA cache_size = -" + std::to_string(kCacheKb));
}

PageBatch::~PageBatch() {
    tx_.reset();
    try {
        if (indexesDropped_ && !finished_) {
            // Ended early (offline, cancelled): the lists must not stay without their indexes.
            sql::Transaction tx(replica_.db());
            replica_.db().exec(kReplicaIndexes);
            tx.commit();
        }
        replica_.db().exec("PRAGMA cache_size = " + cacheSize_);
    } catch (...) {
        // Only speed is at stake: the file rebuilds its indexes when it is opened again.
    }
}

void PageBatch::apply(const protocol::PullPage& page, const std::function<void()>& beforeCommit) {
    if (!tx_) {
        tx_.emplace(replica_.db());
        since_ = std::chrono::steady_clock::now();
        if (!indexesDropped_ && !lastPage_) {
            auto servers = replica_.db().prepare("SELECT 1 FROM records WHERE local = 0 LIMIT 1");
            if (!servers.step()) {
                replica_.db().exec(kDropReplicaIndexes);
                indexesDropped_ = true;
            }
        }
    }
    replica_.writePage(page, Replica::PageKind::Download);
    pending_ += static_cast<std::int64_t>(page.records.size() + page.removals.size()) + 1;
    if (!page.more) {
        if (indexesDropped_) replica_.db().exec(kReplicaIndexes);
        lastPage_ = true;
    }
    if (beforeCommit) beforeCommit();
    if (!page.more || pending_ >= kRecordsPerCommit || std::chrono::steady_clock::now() - since_ >= kTimePerCommit)
        commit();
}

void PageBatch::commit() {
    if (!tx_) return;
    tx_->commit();
    tx_.reset();
    pending_ = 0;
    finished_ = lastPage_;
}

void Replica::checkpointInBackground() {
    if (path_ == ":memory:" || checkpointing_) return;  // one at a time; the next sync comes back
    if (sql::walBytes(path_) < kCheckpointAfterBytes) return;
    waitForCheckpoint();
    checkpointing_ = true;
    checkpointer_ = std::thread([this, path = path_, key = key_] {
        blockSignalsInThisThread();
        try {
            sql::Database db(path, key.raw());
            db.exec("PRAGMA wal_checkpoint(PASSIVE)");
        } catch (...) {
            // The next sync tries again; closing the last connection checkpoints too.
        }
        checkpointing_ = false;
    });
}

void Replica::waitForCheckpoint() {
    if (checkpointer_.joinable()) checkpointer_.join();
}

Replica::~Replica() { waitForCheckpoint(); }

void Replica::resetForRefetch() {
    sql::Transaction tx(db_);
    db_.exec("DELETE FROM records WHERE local = 0");
    setMeta("cursor", "0");
    setMeta("full_download", "1");
    tx.commit();
}

void Replica::wipe() {
    sql::Transaction tx(db_);
    db_.exec("DELETE FROM records; DELETE FROM outbox; DELETE FROM conflicts; "
             "DELETE FROM rejections; DELETE FROM meta; DELETE FROM figures_cache;");
    tx.commit();
    // Give the freed pages back and overwrite them, so nothing is left to recover from the file.
    db_.exec("PRAGMA secure_delete = ON");
    db_.exec("VACUUM");
    // Without its salt the key cannot be derived again from any password: whatever a disk may
    // still hold of the old pages stays ciphertext for good.
    std::error_code ec;
    std::filesystem::remove(saltPath(path_), ec);
}

void Replica::markConflictResolved(const std::string& id) {
    db_.prepare("UPDATE conflicts SET resolved = 1 WHERE id = ?").bind(1, id).run();
}

void Replica::dismissRejection(const std::string& id) {
    db_.prepare("UPDATE rejections SET dismissed = 1 WHERE id = ?").bind(1, id).run();
}

}  // namespace tandem::sync
