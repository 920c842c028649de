// Reads a pull page with nlohmann's SAX parser (see PullPageText.cpp for why no document tree).
// The reader is a small state machine over the page's shape; values it does not read itself
// (answers that are lists or objects, conflicts, rejections, members it does not know) are
// captured as nlohmann values. Every refusal is a ProtocolError naming where the page is wrong.
#include "Protocol.h"

#include <algorithm>
#include <set>

namespace tandem::protocol {
namespace {

using nlohmann::json;

enum class At { Start, Top, Names, Records, Record, RecordFields, Removals, Conflicts, Rejections, Results, Finished };

// The members a page must have, as bits, so that each is seen once.
enum Member : unsigned {
    kCursor = 1, kMore = 2, kFields = 4, kRecords = 8, kRemovals = 16, kConflicts = 32, kRejections = 64,
    kRefetch = 128, kTotal = 256, kResults = 512
};
constexpr unsigned kRequired = kCursor | kMore | kFields | kRecords | kRemovals | kConflicts | kRejections;

struct MemberName {
    const char* name;
    Member bit;
};
constexpr MemberName kMembers[] = {{"cursor", kCursor},     {"more", kMore},           {"fields", kFields},
                                   {"records", kRecords},   {"removals", kRemovals},   {"conflicts", kConflicts},
                                   {"rejections", kRejections}, {"refetch", kRefetch}, {"total", kTotal},
                                   {"results", kResults}};

const char* const kHeaderNames[] = {"id", "kind", "partnership", "owner"};

struct RawField {
    std::int64_t name = 0;
    std::string value;  // JSON text
    std::int64_t seq = 0;
};

// A record read before the page's "fields": its names are resolved at the end.
struct Unresolved {
    size_t index;
    std::vector<RawField> fields;
};

class PageReader final : public json::json_sax_t {
public:
    PullPage finish();

    bool null() override { return scalar(json(nullptr), "null"); }
    bool boolean(bool v) override { return scalar(json(v), v ? "true" : "false"); }
    bool number_integer(number_integer_t v) override { return integer(v, false); }
    bool number_unsigned(number_unsigned_t v) override {
        return integer(static_cast<std::int64_t>(v), v > static_cast<std::uint64_t>(INT64_MAX));
    }
    bool number_float(number_float_t v, const string_t&) override { return scalar(json(v), {}); }
    bool string(string_t& v) override;
    bool binary(binary_t&) override { fail("binary values are not JSON"); }
    bool start_object(std::size_t) override { return open(true); }
    bool key(string_t& k) override;
    bool end_object() override { return close(); }
    bool start_array(std::size_t) override { return open(false); }
    bool end_array() override { return close(); }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& e) override {
        fail(std::string("not valid JSON: ") + e.what());
    }

private:
    [[noreturn]] static void fail(const std::string& why) { throw ProtocolError(why); }
    [[noreturn]] void failRecord(const std::string& why) const {
        fail("records[" + std::to_string(page_.records.size()) + "]: " + why);
    }
    std::string recordName() const { return "record \"" + header_[0] + "\""; }

    bool scalar(json v, std::string_view text);
    bool integer(std::int64_t v, bool tooLarge);
    bool open(bool object);
    bool close();
    // A value where any value may stand: a field's value, a notice, an unknown member.
    void anyValue(json v);
    // Refuses a value of the wrong shape for a known member; an unknown one is ignored.
    void topValue();
    void endRecord();
    FieldPack resolve(std::vector<RawField>& fields, const std::string& id) const;

    // Captured values: the stack of open containers and the key waiting for its value.
    void captureOpen(bool object);
    void captureAdd(json v);
    bool capturing() const { return !capture_.empty(); }

    PullPage page_;
    At at_ = At::Start;
    unsigned seen_ = 0;
    std::string key_;  // the page member being read
    int depth_ = 0;
    std::vector<std::string> names_;
    bool namesKnown_ = false;

    size_t pos_ = 0;  // position in the record array
    std::string header_[4];
    std::int64_t seq_ = 0;
    size_t fieldPos_ = 0;  // position in the record's fields array
    RawField field_;
    std::vector<RawField> fields_;
    std::vector<Unresolved> unresolved_;
    mutable std::vector<size_t> stamp_;  // per name: 1 + the record that last used it
    std::vector<size_t> rank_;           // per name: its place in name order
    void rankNames() {
        std::vector<size_t> order(names_.size());
        for (size_t i = 0; i < order.size(); ++i) order[i] = i;
        std::sort(order.begin(), order.end(), [this](size_t a, size_t b) { return names_[a] < names_[b]; });
        rank_.assign(names_.size(), 0);
        for (size_t r = 0; r < order.size(); ++r) rank_[order[r]] = r;
    }

    json captured_;
    std::vector<json*> capture_;
    std::string captureKey_;
};

bool PageReader::string(string_t& v) {
    if (capturing()) return captureAdd(json(std::move(v))), true;
    switch (at_) {
        case At::Record:
            if (pos_ >= 4) break;
            header_[pos_++] = std::move(v);
            return true;
        case At::RecordFields:
            if (fieldPos_ % 3 != 1) break;
            field_.value.clear();
            appendJsonString(field_.value, v);
            ++fieldPos_;
            return true;
        case At::Names:
            if (v.empty()) fail("\"fields\" must hold field names");
            names_.push_back(std::move(v));
            return true;
        case At::Removals:
            page_.removals.push_back(std::move(v));
            return true;
        default:
            break;
    }
    json j(std::move(v));
    return scalar(std::move(j), {});
}

bool PageReader::integer(std::int64_t v, bool tooLarge) {
    if (!capturing()) {
        if (at_ == At::Record && pos_ == 4) {
            if (tooLarge) failRecord("the sequence of " + recordName() + " is too large");
            seq_ = v;
            ++pos_;
            return true;
        }
        if (at_ == At::RecordFields && fieldPos_ % 3 != 1) {
            if (tooLarge) failRecord("a number of " + recordName() + " is too large");
            if (fieldPos_ % 3 == 0) {
                field_.name = v;
            } else {
                // The sequence below the record's, wrapping as the writer wrapped it.
                field_.seq = static_cast<std::int64_t>(static_cast<std::uint64_t>(seq_) - static_cast<std::uint64_t>(v));
                fields_.push_back(std::move(field_));
                field_ = RawField{};
            }
            ++fieldPos_;
            return true;
        }
        if (at_ == At::Top && (key_ == "cursor" || key_ == "total")) {
            if (tooLarge) fail("\"" + key_ + "\" is too large");
            (key_ == "cursor" ? page_.cursor : page_.total) = v;
            at_ = At::Top;
            return true;
        }
    }
    return tooLarge ? scalar(json(static_cast<std::uint64_t>(v)), {}) : scalar(json(v), {});
}

bool PageReader::scalar(json v, std::string_view text) {
    if (capturing()) return captureAdd(std::move(v)), true;
    switch (at_) {
        case At::Start: fail("expected an object");
        case At::Top:
            if (key_ == "more" || key_ == "refetch") {
                if (!v.is_boolean()) fail("\"" + key_ + "\" must be true or false");
                (key_ == "more" ? page_.more : page_.refetch) = v.get<bool>();
                return true;
            }
            topValue();
            return true;
        case At::Names: fail("\"fields\" must hold field names");
        case At::Records: failRecord("a record must be [id, kind, partnership, owner, seq, fields]");
        case At::Record:
            if (pos_ < 4) failRecord("the record's " + std::string(kHeaderNames[pos_]) + " must be a string");
            if (pos_ == 4) failRecord("the sequence of " + recordName() + " must be an integer");
            if (pos_ == 5) failRecord("the fields of " + recordName() + " must be [name index, value, seq delta, ...]");
            failRecord("a record must be [id, kind, partnership, owner, seq, fields]");
        case At::RecordFields:
            if (fieldPos_ % 3 == 0) failRecord("a field name index of " + recordName() + " must be an integer");
            if (fieldPos_ % 3 == 2) failRecord("the sequence delta of a field of " + recordName() + " must be an integer");
            field_.value = text.empty() ? v.dump() : std::string(text);
            ++fieldPos_;
            return true;
        case At::Removals: fail("\"removals\" must hold record ids");
        case At::Results: fail("\"results\" must hold change results");
        case At::Conflicts:
        case At::Rejections: anyValue(std::move(v)); return true;
        case At::Finished: break;
    }
    fail("unexpected value after the page");
}

void PageReader::topValue() {
    for (const auto& m : kMembers) {
        if (key_ != m.name) continue;
        if (m.bit == kCursor || m.bit == kTotal) fail("\"" + key_ + "\" must be an integer");
        if (m.bit == kMore || m.bit == kRefetch) fail("\"" + key_ + "\" must be true or false");
        fail("\"" + key_ + "\" must be an array");
    }
}

bool PageReader::key(string_t& k) {
    if (capturing()) {
        captureKey_ = std::move(k);
        return true;
    }
    if (at_ != At::Top) fail("unexpected object key \"" + k + "\"");
    key_ = std::move(k);
    for (const auto& m : kMembers) {
        if (key_ != m.name) continue;
        if (seen_ & m.bit) fail("\"" + key_ + "\" appears twice");
        seen_ |= m.bit;
    }
    return true;
}

bool PageReader::open(bool object) {
    if (++depth_ > kMaxJsonDepth) fail("the page nests deeper than " + std::to_string(kMaxJsonDepth) + " levels");
    if (capturing()) return captureOpen(object), true;
    switch (at_) {
        case At::Start:
            if (!object) fail("expected an object");
            at_ = At::Top;
            return true;
        case At::Top:
            if (object) {
                topValue();
                return captureOpen(true), true;  // an unknown member, read and dropped
            }
            if (key_ == "fields") at_ = At::Names;
            else if (key_ == "records") at_ = At::Records;
            else if (key_ == "removals") at_ = At::Removals;
            else if (key_ == "conflicts") at_ = At::Conflicts;
            else if (key_ == "rejections") at_ = At::Rejections;
            else if (key_ == "results") {
                at_ = At::Results;
                page_.results.emplace();
            } else {
                topValue();
                captureOpen(false);
            }
            return true;
        case At::Records:
            if (object) failRecord("a record must be [id, kind, partnership, owner, seq, fields]");
            at_ = At::Record;
            pos_ = 0;
            fields_.clear();
            return true;
        case At::Record:
            if (pos_ < 4) failRecord("the record's " + std::string(kHeaderNames[pos_]) + " must be a string");
            if (pos_ == 4) failRecord("the sequence of " + recordName() + " must be an integer");
            if (pos_ > 5 || object)
                failRecord("the fields of " + recordName() + " must be [name index, value, seq delta, ...]");
            at_ = At::RecordFields;
            fieldPos_ = 0;
            return true;
        case At::RecordFields:
            if (fieldPos_ % 3 == 0) failRecord("a field name index of " + recordName() + " must be an integer");
            if (fieldPos_ % 3 == 2) failRecord("the sequence delta of a field of " + recordName() + " must be an integer");
            captureOpen(object);
            return true;
        case At::Names: fail("\"fields\" must hold field names");
        case At::Removals: fail("\"removals\" must hold record ids");
        case At::Conflicts:
        case At::Rejections:
        case At::Results: captureOpen(object); return true;
        case At::Finished: break;
    }
    fail("unexpected value after the page");
}

bool PageReader::close() {
    --depth_;
    if (capturing()) {
        capture_.pop_back();
        if (!capturing()) anyValue(std::move(captured_));
        return true;
    }
    switch (at_) {
        case At::Top: at_ = At::Finished; return true;
        case At::Names:
            if (std::set<std::string>(names_.begin(), names_.end()).size() != names_.size())
                fail("\"fields\" names a field twice");
            namesKnown_ = true;
            stamp_.assign(names_.size(), 0);
            rankNames();
            at_ = At::Top;
            return true;
        case At::Records:
        case At::Removals:
        case At::Conflicts:
        case At::Rejections:
        case At::Results: at_ = At::Top; return true;
        case At::Record:
            if (pos_ != 6) failRecord("a record must be [id, kind, partnership, owner, seq, fields]");
            endRecord();
            at_ = At::Records;
            return true;
        case At::RecordFields:
            if (fieldPos_ % 3 != 0)
                failRecord("the fields of " + recordName() + " must be [name index, value, seq delta, ...]");
            at_ = At::Record;
            pos_ = 6;
            return true;
        default: break;
    }
    fail("unbalanced page");
}

void PageReader::anyValue(json v) {
    if (at_ == At::RecordFields) {
        field_.value = v.dump(-1, ' ', false, json::error_handler_t::replace);
        ++fieldPos_;
    } else if (at_ == At::Conflicts) {
        page_.conflicts.push_back(conflictFromJson(v));
    } else if (at_ == At::Rejections) {
        page_.rejections.push_back(rejectionFromJson(v));
    } else if (at_ == At::Results) {
        page_.results->push_back(changeResultFromJson(v));
    }
    // Anything else was an unknown member: dropped.
}

void PageReader::captureOpen(bool object) {
    json fresh = object ? json::object() : json::array();
    if (!capturing()) {
        captured_ = std::move(fresh);
        capture_.push_back(&captured_);
        return;
    }
    json& parent = *capture_.back();
    if (parent.is_array()) {
        parent.push_back(std::move(fresh));
        capture_.push_back(&parent.back());
    } else {
        json& slot = parent[captureKey_];
        slot = std::move(fresh);
        capture_.push_back(&slot);
    }
}

void PageReader::captureAdd(json v) {
    json& parent = *capture_.back();
    if (parent.is_array()) parent.push_back(std::move(v));
    else parent[captureKey_] = std::move(v);
}

FieldPack PageReader::resolve(std::vector<RawField>& fields, const std::string& id) const {
    const size_t record = page_.records.size() + 1;
    bool ordered = true;
    for (size_t i = 0; i < fields.size(); ++i) {
        const std::int64_t n = fields[i].name;
        if (n < 0 || static_cast<std::uint64_t>(n) >= names_.size())
            fail("record \"" + id + "\" names field " + std::to_string(n) + ", not in \"fields\"");
        if (stamp_[static_cast<size_t>(n)] == record)
            fail("record \"" + id + "\" has field \"" + names_[static_cast<size_t>(n)] + "\" twice");
        stamp_[static_cast<size_t>(n)] = record;
        if (i && rank_[static_cast<size_t>(n)] < rank_[static_cast<size_t>(fields[i - 1].name)]) ordered = false;
    }
    // A pack is in name order; the page may list a record's fields in any order.
    if (!ordered)
        std::sort(fields.begin(), fields.end(), [this](const RawField& a, const RawField& b) {
            return rank_[static_cast<size_t>(a.name)] < rank_[static_cast<size_t>(b.name)];
        });
    size_t bytes = 1;
    for (const auto& f : fields) bytes += names_[static_cast<size_t>(f.name)].size() + f.value.size() + 12;
    FieldPackWriter w(false, bytes);
    for (const auto& f : fields) w.add(names_[static_cast<size_t>(f.name)], f.value, f.seq);
    return w.finish();
}

void PageReader::endRecord() {
    RecordState r{std::move(header_[0]), std::move(header_[1]), std::move(header_[2]), std::move(header_[3]), seq_, {}};
    if (namesKnown_) {
        try {
            r.fields = resolve(fields_, r.id);
        } catch (const ProtocolError& e) {
            failRecord(e.what());
        }
    } else {
        unresolved_.push_back(Unresolved{page_.records.size(), std::move(fields_)});
    }
    page_.records.push_back(std::move(r));
    fields_.clear();
}

PullPage PageReader::finish() {
    if (at_ != At::Finished) fail("the page ends early");
    if (seen_ & kRefetch && page_.refetch) {
        PullPage refetch;
        refetch.refetch = true;
        refetch.results = std::move(page_.results);
        return refetch;
    }
    for (const auto& m : kMembers)
        if ((kRequired & m.bit) && !(seen_ & m.bit)) fail(std::string("missing \"") + m.name + "\"");
    for (auto& u : unresolved_) {
        // Resolve as if in order, so that the duplicate check sees one record at a time.
        auto& r = page_.records[u.index];
        try {
            std::fill(stamp_.begin(), stamp_.end(), 0);
            r.fields = resolve(u.fields, r.id);
        } catch (const ProtocolError& e) {
            fail("records[" + std::to_string(u.index) + "]: " + e.what());
        }
    }
    return std::move(page_);
}

}  // namespace

PullPage pullPageFromText(std::string_view text) {
    PageReader reader;
    json::sax_parse(text, &reader, json::input_format_t::json, true, false);
    return reader.finish();
}

}  // namespace tandem::protocol
