// The pull page on the wire, written. A page is most of what a sync moves (a 100,000-record
// download is 30 MB of JSON), so neither side goes through a document tree: the server writes
// the text from the stored packs, whose values are JSON text already, and the device reads it
// with nlohmann's SAX parser straight into new packs (PullPageReader.cpp). The punctuation between
// values is all that is written here; every value and string goes through nlohmann or
// appendJsonString.
#include "PageWriter.h"

#include <charconv>

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

PageWriter::PageWriter() { records_text_.reserve(1 << 20); }

void PageWriter::addRecord(std::string_view id, std::string_view kind, std::string_view partnership,
                           std::string_view owner, std::int64_t seq, std::string_view fields) {
    std::string& out = records_text_;
    out += records_++ ? ",[" : "[";
    appendJsonString(out, id);
    out += ',';
    appendJsonString(out, kind);
    out += ',';
    appendJsonString(out, partnership);
    out += ',';
    appendJsonString(out, owner);
    out += ',';
    appendInt(out, seq);
    out += ",[";
    bool first = true;
    FieldPack::Reader reader(fields);
    for (PackedField f; reader.next(f);) {
        auto it = index_.find(f.name);
        if (it == index_.end()) {
            it = index_.emplace(std::string(f.name), static_cast<std::int64_t>(names_.size())).first;
            names_.push_back(&it->first);
        }
        if (!first) out += ',';
        first = false;
        appendInt(out, it->second);
        out += ',';
        out.append(f.value);
        out += ',';
        appendInt(out, delta(seq, f.seq));
    }
    out += "]]";
}

std::string PageWriter::finish(const PullPage& p) {
    std::string out = "{";
    if (p.results) {
        // First, so that a reader of the push's answer meets it before the records.
        out += "\"results\":[";
        for (size_t i = 0; i < p.results->size(); ++i) {
            if (i) out += ',';
            appendDump(out, toJson((*p.results)[i]));
        }
        out += "],";
    }
    if (p.refetch) return out + R"("refetch":true,"cursor":0})";
    out.reserve(out.size() + records_text_.size() + 256);
    out += "\"cursor\":";
    appendInt(out, p.cursor);
    out += p.more ? ",\"more\":true" : ",\"more\":false";
    if (p.total >= 0) {
        out += ",\"total\":";
        appendInt(out, p.total);
    }
    out += ",\"fields\":[";
    for (size_t i = 0; i < names_.size(); ++i) {
        if (i) out += ',';
        appendJsonString(out, *names_[i]);
    }
    out += "],\"records\":[";
    out += records_text_;
    out += "],\"removals\":[";
    for (size_t i = 0; i < p.removals.size(); ++i) {
        if (i) out += ',';
        appendJsonString(out, p.removals[i]);
    }
    out += "],\"conflicts\":[";
    for (size_t i = 0; i < p.conflicts.size(); ++i) {
        if (i) out += ',';
        appendDump(out, toJson(p.conflicts[i]));
    }
    out += "],\"rejections\":[";
    for (size_t i = 0; i < p.rejections.size(); ++i) {
        if (i) out += ',';
        appendDump(out, toJson(p.rejections[i]));
    }
    out += "]}";
    return out;
}

std::string toText(const PullPage& p) {
    PageWriter w;
    for (const auto& r : p.records) w.addRecord(r.id, r.kind, r.partnership, r.owner, r.seq, r.fields.bytes());
    return w.finish(p);
}

}  // namespace tandem::protocol
