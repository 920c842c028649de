// A record's fields in one blob: how both stores keep a record (one row per record instead of one
// row per field) and what a pull page is written from. Each field is its name, its value as JSON
// text, its sequence and, on the server, who wrote it. Values stay JSON text (made by nlohmann)
// so that a pull page splices them as they are, and a reader parses only the fields it needs.
//
// Layout: a format byte (kPlain, or kWithWriters on the server), then per field, in name order:
// name, value, seq, and with writers rank, user, agency, device. Strings are a LEB128 length and
// bytes, integers LEB128 of their 64-bit two's complement. Every read is bounds-checked: a damaged
// blob throws FieldPackError, it never reads outside itself.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace tandem {

class FieldPackError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Who wrote a field, as the server's merge needs it (devices keep none of this).
struct FieldWriter {
    int rank = 0;             // precedence of the writer class, 0 highest
    std::string user;
    std::string agency;
    std::int64_t device = 0;  // the device whose edit set it; 0 for server writes
};

// One field read from a pack; the views point into the pack's bytes.
struct PackedField {
    std::string_view name;
    std::string_view value;  // JSON text
    std::int64_t seq = 0;
    int rank = 0;
    std::string_view user, agency;
    std::int64_t device = 0;
};

class FieldPack {
public:
    static constexpr char kPlain = '\x01';
    static constexpr char kWithWriters = '\x02';

    FieldPack() = default;
    // Takes stored bytes as they are; they are checked as they are read.
    explicit FieldPack(std::string bytes) : bytes_(std::move(bytes)) {}

    const std::string& bytes() const { return bytes_; }
    std::string release() { return std::move(bytes_); }
    bool withWriters() const { return !bytes_.empty() && bytes_[0] == kWithWriters; }

    // Calls fn(const PackedField&) for each field in name order.
    template <class Fn>
    void forEach(Fn&& fn) const {
        Reader r(bytes_);
        PackedField f;
        while (r.next(f)) fn(f);
    }
    std::optional<PackedField> find(std::string_view name) const;
    size_t count() const;

    // Sequential reader over a pack's bytes, for loops that stop early.
    class Reader {
    public:
        explicit Reader(std::string_view bytes);
        bool next(PackedField& out);

    private:
        std::uint64_t varint();
        std::string_view text();
        std::string_view rest_;
        bool writers_ = false;
    };

private:
    std::string bytes_;
};

// Writes a pack from fields given in strictly increasing name order (what a reader of a sorted
// source has at hand: no sorting, no copies).
class FieldPackWriter {
public:
    explicit FieldPackWriter(bool withWriters = false, size_t reserveBytes = 0);
    // Throws std::logic_error when `name` does not come after the previous one.
    void add(std::string_view name, std::string_view valueJson, std::int64_t seq, const FieldWriter& writer = {});
    FieldPack finish();

private:
    std::string out_;
    bool writers_;
    size_t lastAt_ = 0, lastSize_ = 0;  // the previous name, where it sits in out_
    bool any_ = false;
};

// Builds a pack from fields given in any order; a name given twice keeps the last value.
class FieldPackBuilder {
public:
    explicit FieldPackBuilder(bool withWriters = false) : writers_(withWriters) {}
    void add(std::string_view name, std::string_view valueJson, std::int64_t seq, const FieldWriter& writer = {});
    // Every field of `pack` except those named in `skip` (sorted), as they are.
    void addAll(const FieldPack& pack, const std::vector<std::string>& skip = {});
    size_t size() const { return fields_.size(); }
    FieldPack finish();

private:
    struct Entry {
        std::string name, value;
        std::int64_t seq;
        FieldWriter writer;
    };
    bool writers_;
    std::vector<Entry> fields_;
};

// The JSON text of a string, as nlohmann writes it (invalid UTF-8 replaced): most strings need
// no escaping and skip the serializer.
void appendJsonString(std::string& out, std::string_view s);
// A stored JSON string value decoded; "" for anything that is not a JSON string.
std::string decodeJsonText(std::string_view stored);

}  // namespace tandem
