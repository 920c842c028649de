// The pull page on the wire, both ways. A page is most of what a sync moves (a 100,000-record
// download is 30 MB of JSON), so neither side goes through a document tree: the server writes
// the text from the stored packs, whose values are JSON text already, and the device reads it
// with nlohmann's SAX parser straight into new packs. The punctuation between values is all that
// is written here; every value and string goes through nlohmann or appendJsonString.
#include "Protocol.h"

#include <algorithm>
#include <charconv>
#include <unordered_map>

namespace tandem::protocol {
namespace {

using nlohmann::json;

void appendInt(std::string& out, std::int64_t v) {
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, r.ptr);
}

// A field's sequence as its distance below the record's; wraps instead of overflowing for
// sequences far apart, and the reader undoes it exactly.
std::int64_t delta(std::int64_t recordSeq, std::int64_t fieldSeq) {
    return static_cast<std::int64_t>(static_cast<std::uint64_t>(recordSeq) - static_cast<std::uint64_t>(fieldSeq));
}

void appendDump(std::string& out, const json& j) { out += j.dump(-1, ' ', false, json::error_handler_t::replace); }

}  // namespace

std::string toText(const PullPage& p) {
    if (p.refetch) return R"({"refetch":true,"cursor":0})";
    // Every field name of the page once, in name order; records refer to them by index.
    std::vector<std::string_view> names;
    for (const auto& r : p.records) r.fields.forEach([&](const PackedField& f) { names.push_back(f.name); });
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    std::unordered_map<std::string_view, std::int64_t> index;
    index.reserve(names.size());
    for (size_t i = 0; i < names.size(); ++i) index.emplace(names[i], static_cast<std::int64_t>(i));

    std::string out;
    size_t bytes = 256;
    for (const auto& r : p.records) bytes += r.fields.bytes().size() + r.id.size() + 64;
    out.reserve(bytes);
    out += "{\"cursor\":";
    appendInt(out, p.cursor);
    out += p.more ? ",\"more\":true" : ",\"more\":false";
    if (p.total >= 0) {
        out += ",\"total\":";
        appendInt(out, p.total);
    }
    out += ",\"fields\":[";
    for (size_t i = 0; i < names.size(); ++i) {
        if (i) out.push_back(',');
        appendJsonString(out, names[i]);
    }
    out += "],\"records\":[";
    for (size_t i = 0; i < p.records.size(); ++i) {
        const RecordState& r = p.records[i];
        out += i ? ",[" : "[";
        appendJsonString(out, r.id);
        out.push_back(',');
        appendJsonString(out, r.kind);
        out.push_back(',');
        appendJsonString(out, r.partnership);
        out.push_back(',');
        appendJsonString(out, r.owner);
        out.push_back(',');
        appendInt(out, r.seq);
        out += ",[";
        bool first = true;
        r.fields.forEach([&](const PackedField& f) {
            if (!first) out.push_back(',');
            first = false;
            appendInt(out, index.at(f.name));
            out.push_back(',');
            out.append(f.value);
            out.push_back(',');
            appendInt(out, delta(r.seq, f.seq));
        });
        out += "]]";
    }
    out += "],\"removals\":[";
    for (size_t i = 0; i < p.removals.size(); ++i) {
        if (i) out.push_back(',');
        appendJsonString(out, p.removals[i]);
    }
    out += "],\"conflicts\":[";
    for (size_t i = 0; i < p.conflicts.size(); ++i) {
        if (i) out.push_back(',');
        appendDump(out, toJson(p.conflicts[i]));
    }
    out += "],\"rejections\":[";
    for (size_t i = 0; i < p.rejections.size(); ++i) {
        if (i) out.push_back(',');
        appendDump(out, toJson(p.rejections[i]));
    }
    out += "]}";
    return out;
}

}  // namespace tandem::protocol
