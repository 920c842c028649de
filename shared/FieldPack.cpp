#include "FieldPack.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace tandem {
namespace {

void putVarint(std::string& out, std::uint64_t v) {
    while (v >= 0x80) {
        out.push_back(static_cast<char>((v & 0x7f) | 0x80));
        v >>= 7;
    }
    out.push_back(static_cast<char>(v));
}

void putText(std::string& out, std::string_view s) {
    putVarint(out, s.size());
    out.append(s);
}

}  // namespace

FieldPack::Reader::Reader(std::string_view bytes) : rest_(bytes) {
    if (rest_.empty()) return;  // an empty pack: no fields
    if (rest_[0] != kPlain && rest_[0] != kWithWriters) throw FieldPackError("unknown field pack format");
    writers_ = rest_[0] == kWithWriters;
    rest_.remove_prefix(1);
}

std::uint64_t FieldPack::Reader::varint() {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (rest_.empty()) throw FieldPackError("field pack cut short");
        const auto byte = static_cast<unsigned char>(rest_[0]);
        rest_.remove_prefix(1);
        v |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
        if (!(byte & 0x80)) return v;
    }
    throw FieldPackError("field pack integer too long");
}

std::string_view FieldPack::Reader::text() {
    const std::uint64_t n = varint();
    if (n > rest_.size()) throw FieldPackError("field pack string runs past its end");
    std::string_view s = rest_.substr(0, static_cast<size_t>(n));
    rest_.remove_prefix(static_cast<size_t>(n));
    return s;
}

bool FieldPack::Reader::next(PackedField& f) {
    if (rest_.empty()) return false;
    f.name = text();
    f.value = text();
    f.seq = static_cast<std::int64_t>(varint());
    if (writers_) {
        f.rank = static_cast<int>(varint());
        f.user = text();
        f.agency = text();
        f.device = static_cast<std::int64_t>(varint());
    } else {
        f.rank = 0;
        f.user = f.agency = {};
        f.device = 0;
    }
    return true;
}

std::optional<PackedField> FieldPack::find(std::string_view name) const {
    Reader r(bytes_);
    PackedField f;
    while (r.next(f)) {
        if (f.name == name) return f;
        if (f.name > name) break;  // fields are in name order
    }
    return std::nullopt;
}

size_t FieldPack::count() const {
    size_t n = 0;
    forEach([&](const PackedField&) { ++n; });
    return n;
}

void FieldPackBuilder::add(std::string_view name, std::string_view valueJson, std::int64_t seq,
                           const FieldWriter& writer) {
    fields_.push_back(Entry{std::string(name), std::string(valueJson), seq, writers_ ? writer : FieldWriter{}});
}

void FieldPackBuilder::addAll(const FieldPack& pack, const std::vector<std::string>& skip) {
    pack.forEach([&](const PackedField& f) {
        if (std::binary_search(skip.begin(), skip.end(), f.name)) return;
        add(f.name, f.value, f.seq, FieldWriter{f.rank, std::string(f.user), std::string(f.agency), f.device});
    });
}

FieldPack FieldPackBuilder::finish() {
    // Stable, so that of a name given twice the last one given is the one kept.
    std::stable_sort(fields_.begin(), fields_.end(), [](const Entry& a, const Entry& b) { return a.name < b.name; });
    size_t bytes = 1;
    for (const auto& e : fields_) bytes += e.name.size() + e.value.size() + e.writer.user.size() + e.writer.agency.size() + 16;
    FieldPackWriter w(writers_, bytes);
    for (size_t i = 0; i < fields_.size(); ++i) {
        const Entry& e = fields_[i];
        if (i + 1 < fields_.size() && fields_[i + 1].name == e.name) continue;
        w.add(e.name, e.value, e.seq, e.writer);
    }
    fields_.clear();
    return w.finish();
}

FieldPackWriter::FieldPackWriter(bool withWriters, size_t reserveBytes) : writers_(withWriters) {
    out_.reserve(reserveBytes);
    out_.push_back(writers_ ? FieldPack::kWithWriters : FieldPack::kPlain);
}

void FieldPackWriter::add(std::string_view name, std::string_view valueJson, std::int64_t seq, const FieldWriter& writer) {
    if (any_ && !(std::string_view(out_).substr(lastAt_, lastSize_) < name))
        throw std::logic_error("field pack names out of order: " + std::string(name));
    any_ = true;
    putVarint(out_, name.size());
    lastAt_ = out_.size();
    lastSize_ = name.size();
    out_.append(name);
    putText(out_, valueJson);
    putVarint(out_, static_cast<std::uint64_t>(seq));
    if (writers_) {
        putVarint(out_, static_cast<std::uint64_t>(writer.rank));
        putText(out_, writer.user);
        putText(out_, writer.agency);
        putVarint(out_, static_cast<std::uint64_t>(writer.device));
    }
}

FieldPack FieldPackWriter::finish() {
    FieldPack p(std::move(out_));
    out_.clear();
    out_.push_back(writers_ ? FieldPack::kWithWriters : FieldPack::kPlain);
    any_ = false;
    return p;
}

void appendJsonString(std::string& out, std::string_view s) {
    const bool plain = std::all_of(s.begin(), s.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u >= 0x20 && u < 0x80 && c != '"' && c != '\\';
    });
    if (plain) {
        out.push_back('"');
        out.append(s);
        out.push_back('"');
        return;
    }
    out += nlohmann::json(std::string(s)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string decodeJsonText(std::string_view stored) {
    if (stored.size() < 2 || stored.front() != '"' || stored.back() != '"') return {};
    // Most values need no unescaping: skip the JSON parser for them.
    if (stored.find('\\') == std::string_view::npos) return std::string(stored.substr(1, stored.size() - 2));
    auto j = nlohmann::json::parse(stored, nullptr, false);
    return j.is_string() ? j.get<std::string>() : std::string();
}

}  // namespace tandem
