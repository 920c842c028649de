// The records half of SqliteSession: the per-session record cache, its flush, and the pull
// queries, which read records in sequence order straight from the table (its row id is the
// record's sequence) and keep those visible through the caller's keys.
#include "SqliteSession.h"

#include <algorithm>
#include <set>
#include <stdexcept>

namespace tandem::server {
namespace {

using nlohmann::json;

// Codes and keys contain no spaces (agency codes, partnership names, user names are checked where
// they are made), so a list of them is kept as one space-separated text.
std::vector<std::string> splitCodes(std::string_view text) {
    std::vector<std::string> keys;
    size_t at = 0;
    while (at < text.size()) {
        const size_t end = text.find(' ', at);
        const size_t stop = end == std::string_view::npos ? text.size() : end;
        if (stop > at) keys.emplace_back(text.substr(at, stop - at));
        at = stop + 1;
    }
    return keys;
}

constexpr const char* kHeaderColumns =
    "seq, id, kind, partnership, owner, assignee, parent, review, supporting, contributing, deleted";

RecordRow readHeader(sql::Statement& s) {
    RecordRow r;
    r.seq = s.integer(0);
    r.id = s.text(1);
    r.kind = s.text(2);
    r.partnership = s.text(3);
    r.owner = s.text(4);
    r.assignee = s.text(5);
    r.parent = s.text(6);
    r.review = s.text(7);
    r.supporting = splitCodes(s.textView(8));
    r.contributing = splitCodes(s.textView(9));
    r.deleted = s.integer(10) != 0;
    return r;
}

// The columns set when a record is made, as one text to compare.
std::string fixedColumns(const RecordRow& r) { return r.kind + '\n' + r.partnership + '\n' + r.parent + '\n' + r.review; }

StoredField toStored(const PackedField& f) {
    return StoredField{json::parse(f.value), f.seq, f.rank, std::string(f.user), std::string(f.agency), f.device};
}

}  // namespace

std::string joinCodes(const std::vector<std::string>& codes) {
    std::string out;
    for (const auto& k : codes) {
        if (k.empty() || k.find(' ') != std::string::npos) throw std::invalid_argument("bad code or key \"" + k + "\"");
        if (!out.empty()) out += ' ';
        out += k;
    }
    return out;
}

std::string audienceText(const std::vector<std::string>& keys) { return " " + joinCodes(keys) + " "; }

bool visibleThrough(std::string_view audience, const std::vector<std::string>& keys) {
    for (const auto& k : keys) {
        for (size_t at = audience.find(k); at != std::string_view::npos; at = audience.find(k, at + 1))
            if (at > 0 && audience[at - 1] == ' ' && at + k.size() < audience.size() && audience[at + k.size()] == ' ')
                return true;
    }
    return false;
}

SqliteSession::Cached& SqliteSession::load(const std::string& id) {
    auto [it, fresh] = records_.try_emplace(id);
    Cached& c = it->second;
    if (!fresh) return c;
    auto& s = stmt(std::string("SELECT ") + kHeaderColumns + ", audience, fields, rid FROM records WHERE id = ?");
    s.bind(1, id);
    if (s.step()) {
        c.row = readHeader(s);
        c.stored = c.hasHeader = true;
        c.audience = s.text(11);
        c.fields = FieldPack(s.blob(12));
        c.rid = s.integer(13);
        c.fixed = fixedColumns(c.row);
    }
    s.reset();
    return c;
}

std::optional<RecordRow> SqliteSession::record(const std::string& id) {
    Cached& c = load(id);
    if (!c.hasHeader) return std::nullopt;
    return c.row;
}

void SqliteSession::putRecord(const RecordRow& r, const std::vector<std::string>& audienceKeys) {
    Cached& c = load(r.id);
    const std::vector<std::string> old = c.hasHeader ? splitCodes(c.audience) : std::vector<std::string>{};
    std::set<std::string> next;
    if (!r.deleted) next.insert(audienceKeys.begin(), audienceKeys.end());
    // Keys the record had and lost are logged at its new sequence, so devices that saw it
    // through them are told to remove it.
    for (const auto& key : old) {
        if (next.count(key)) continue;
        stmt("INSERT INTO scope_exits(seq, record_id, key) VALUES (?, ?, ?)").bind(1, r.seq).bind(2, r.id).bind(3, key).run();
    }
    c.row = r;
    c.hasHeader = true;
    c.audience = audienceText(std::vector<std::string>(next.begin(), next.end()));
    c.dirty = true;
}

std::vector<std::string> SqliteSession::audience(const std::string& recordId) {
    const Cached& c = load(recordId);
    return c.hasHeader ? splitCodes(c.audience) : std::vector<std::string>{};
}

std::optional<StoredField> SqliteSession::field(const std::string& recordId, const std::string& name) {
    const Cached& c = load(recordId);
    if (auto it = c.written.find(name); it != c.written.end()) return it->second;
    if (auto f = c.fields.find(name)) return toStored(*f);
    return std::nullopt;
}

std::map<std::string, StoredField> SqliteSession::fields(const std::string& recordId) {
    const Cached& c = load(recordId);
    std::map<std::string, StoredField> out;
    c.fields.forEach([&](const PackedField& f) { out.emplace(std::string(f.name), toStored(f)); });
    for (const auto& [name, f] : c.written) out[name] = f;
    return out;
}

void SqliteSession::putField(const std::string& recordId, const std::string& name, const StoredField& f) {
    Cached& c = load(recordId);
    c.written[name] = f;
    c.dirty = true;
}

void SqliteSession::flush(bool final) {
    for (auto& [id, c] : records_) {
        if (!c.dirty) continue;
        // Fields may be put before their record's header (createRecord does); a query in between
        // does not see the record yet, as it would not see a row not yet written.
        if (!c.hasHeader) {
            if (final) throw std::logic_error("fields were written for record " + id + ", which has no header");
            continue;
        }
        // The stored fields and those written since, both in name order, merged into one pack.
        FieldPackWriter w(true, c.fields.bytes().size() + 64 * c.written.size());
        FieldPack::Reader stored(c.fields.bytes());
        PackedField f;
        bool more = stored.next(f);
        auto put = c.written.begin();
        while (more || put != c.written.end()) {
            if (put == c.written.end() || (more && f.name < put->first)) {
                w.add(f.name, f.value, f.seq, FieldWriter{f.rank, std::string(f.user), std::string(f.agency), f.device});
                more = stored.next(f);
                continue;
            }
            if (more && f.name == put->first) more = stored.next(f);  // the written value replaces it
            const StoredField& v = put->second;
            w.add(put->first, v.value.dump(), v.seq, FieldWriter{v.rank, v.user, v.agency, v.device});
            ++put;
        }
        c.fields = w.finish();
        c.written.clear();
        const RecordRow& r = c.row;
        // A record's kind, partnership, parent and review are set when it is made; an update
        // leaves them (and the index on review) alone, unless a re-import changed them.
        if (c.stored && fixedColumns(r) != c.fixed) {
            stmt("UPDATE records SET kind = ?, partnership = ?, parent = ?, review = ? WHERE rid = ?")
                .bind(1, r.kind).bind(2, r.partnership).bind(3, r.parent).bind(4, r.review).bind(5, c.rid).run();
        }
        if (c.stored) {
            stmt("UPDATE records SET seq = ?, owner = ?, assignee = ?, supporting = ?, contributing = ?, deleted = ?, "
                 "audience = ?, fields = ? WHERE rid = ?")
                .bind(1, r.seq).bind(2, r.owner).bind(3, r.assignee).bind(4, joinCodes(r.supporting))
                .bind(5, joinCodes(r.contributing)).bind(6, r.deleted ? 1 : 0).bind(7, c.audience)
                .bindBlob(8, c.fields.bytes()).bind(9, c.rid).run();
        } else {
            stmt("INSERT INTO records(seq, id, kind, partnership, owner, assignee, parent, review, supporting, "
                 "contributing, deleted, audience, fields) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .bind(1, r.seq).bind(2, r.id).bind(3, r.kind).bind(4, r.partnership).bind(5, r.owner).bind(6, r.assignee)
                .bind(7, r.parent).bind(8, r.review).bind(9, joinCodes(r.supporting)).bind(10, joinCodes(r.contributing))
                .bind(11, r.deleted ? 1 : 0).bind(12, c.audience).bindBlob(13, c.fields.bytes()).run();
        }
        if (!c.stored) c.rid = c_.db.lastInsertRowId();
        c.fixed = fixedColumns(r);
        c.stored = true;
        c.dirty = false;
    }
    if (seqDirty_) {
        setMeta("seq", std::to_string(*seq_));
        seqDirty_ = false;
    }
}

std::vector<RecordRow> SqliteSession::recordsOfReview(const std::string& reviewId) {
    flush();
    std::vector<RecordRow> out;
    auto& s = stmt(std::string("SELECT ") + kHeaderColumns + " FROM records WHERE review = ? AND deleted = 0");
    s.bind(1, reviewId);
    while (s.step()) out.push_back(readHeader(s));
    return out;
}

std::vector<RecordRow> SqliteSession::recordsOfKind(const std::string& kind) {
    flush();
    std::vector<RecordRow> out;
    auto& s = stmt(std::string("SELECT ") + kHeaderColumns + " FROM records WHERE kind = ? AND deleted = 0 ORDER BY seq");
    s.bind(1, kind);
    while (s.step()) out.push_back(readHeader(s));
    return out;
}

void SqliteSession::forEachRecordOfKind(
    const std::string& kind, const std::string& partnership,
    const std::function<void(const RecordRow&, std::map<std::string, json>&)>& visit) {
    flush();  // this session's own writes are in the rows read below
    auto& s = stmt(std::string("SELECT ") + kHeaderColumns +
                   ", fields FROM records WHERE kind = ? AND partnership = ? AND deleted = 0 ORDER BY seq");
    s.bind(1, kind).bind(2, partnership);
    std::map<std::string, json> fields;
    while (s.step()) {
        const RecordRow row = readHeader(s);
        fields.clear();
        FieldPack(std::string(s.blobView(11))).forEach([&](const PackedField& f) {
            fields.emplace(std::string(f.name), json::parse(f.value));
        });
        visit(row, fields);
    }
    s.reset();
}

void SqliteSession::forEachChangedRecord(const std::vector<std::string>& keys, std::int64_t after, std::int64_t upto,
                                         int limit, const std::function<void(const RecordView&)>& visit) {
    flush();
    if (keys.empty() || limit <= 0) return;
    // A range of the table in row order; the audience is matched here rather than joined in SQL.
    auto& s = stmt("SELECT seq, id, kind, partnership, owner, audience, fields FROM records "
                   "WHERE seq > ? AND seq <= ? AND deleted = 0 ORDER BY seq");
    s.bind(1, after).bind(2, upto);
    int seen = 0;
    while (seen < limit && s.step()) {
        if (!visibleThrough(s.textView(5), keys)) continue;
        visit(RecordView{s.textView(1), s.textView(2), s.textView(3), s.textView(4), s.integer(0), s.blobView(6)});
        ++seen;
    }
    s.reset();
}

std::int64_t SqliteSession::countChangedRecords(const std::vector<std::string>& keys, std::int64_t after,
                                                std::int64_t upto) {
    flush();
    if (keys.empty()) return 0;
    auto& s = stmt("SELECT audience FROM records WHERE seq > ? AND seq <= ? AND deleted = 0");
    s.bind(1, after).bind(2, upto);
    std::int64_t n = 0;
    while (s.step()) n += visibleThrough(s.textView(0), keys) ? 1 : 0;
    return n;
}

std::vector<std::string> SqliteSession::removals(const std::vector<std::string>& keys, std::int64_t after,
                                                 std::int64_t upto) {
    flush();
    std::vector<std::string> out;
    if (keys.empty()) return out;
    // A record is removed from a device when it left through one of the device's keys and is not
    // visible through any other of them now.
    std::string in;
    for (size_t i = 0; i < keys.size(); ++i) in += i ? ",?" : "?";
    auto& s = stmt("SELECT DISTINCT e.record_id, r.audience FROM scope_exits e LEFT JOIN records r ON r.id = e.record_id "
                   "WHERE e.seq > ? AND e.seq <= ? AND e.key IN (" + in + ") ORDER BY e.record_id");
    s.bind(1, after).bind(2, upto);
    for (size_t i = 0; i < keys.size(); ++i) s.bind(3 + static_cast<int>(i), keys[i]);
    while (s.step())
        if (!visibleThrough(s.textView(1), keys)) out.push_back(s.text(0));
    return out;
}

std::int64_t SqliteSession::count(const std::string& table) {
    flush();
    if (table == "fields") {
        std::int64_t n = 0;
        auto& s = stmt("SELECT fields FROM records");
        while (s.step()) n += static_cast<std::int64_t>(FieldPack(s.blob(0)).count());
        return n;
    }
    static const std::set<std::string> allowed{"users", "devices", "agencies", "records",
                                               "conflicts", "rejections", "push_results", "scope_exits"};
    if (!allowed.count(table)) throw std::invalid_argument("unknown table " + table);
    auto& s = stmt("SELECT count(*) FROM " + table);
    s.step();
    const auto n = s.integer(0);
    s.reset();
    return n;
}

}  // namespace tandem::server
