#include "Protocol.h"

#include <algorithm>
#include <set>

namespace tandem::protocol {
namespace {

using nlohmann::json;

const json& member(const json& j, const char* key) {
    if (!j.is_object()) throw ProtocolError("expected an object");
    auto it = j.find(key);
    if (it == j.end()) throw ProtocolError(std::string("missing \"") + key + "\"");
    return *it;
}

std::string str(const json& j, const char* key) {
    const json& v = member(j, key);
    if (!v.is_string()) throw ProtocolError(std::string("\"") + key + "\" must be a string");
    return v.get<std::string>();
}

std::string optStr(const json& j, const char* key) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return {};
    if (!it->is_string()) throw ProtocolError(std::string("\"") + key + "\" must be a string");
    return it->get<std::string>();
}

// `what` names the value in an error; it is called only then, so a page of a million
// integers builds no message strings.
template <typename Describe>
std::int64_t checkedInt(const json& v, const Describe& what) {
    if (!v.is_number_integer()) throw ProtocolError(std::string(what()) + " must be an integer");
    if (v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX))
        throw ProtocolError(std::string(what()) + " is too large");
    return v.get<std::int64_t>();
}

std::int64_t integer(const json& j, const char* key) {
    return checkedInt(member(j, key), [key] { return std::string("\"") + key + "\""; });
}

const json& array(const json& j, const char* key) {
    const json& v = member(j, key);
    if (!v.is_array()) throw ProtocolError(std::string("\"") + key + "\" must be an array");
    return v;
}

const json& object(const json& j, const char* key) {
    const json& v = member(j, key);
    if (!v.is_object()) throw ProtocolError(std::string("\"") + key + "\" must be an object");
    return v;
}

bool boolean(const json& j, const char* key) {
    const json& v = member(j, key);
    if (!v.is_boolean()) throw ProtocolError(std::string("\"") + key + "\" must be true or false");
    return v.get<bool>();
}

const json& optValue(const json& j, const char* key) {
    static const json null;
    auto it = j.find(key);
    return it == j.end() ? null : *it;
}

}  // namespace

int jsonNestingDepth(std::string_view text) {
    int depth = 0, deepest = 0;
    bool inString = false, escaped = false;
    for (char ch : text) {
        if (inString) {
            if (escaped) escaped = false;
            else if (ch == '\\') escaped = true;
            else if (ch == '"') inString = false;
            continue;
        }
        if (ch == '"') inString = true;
        else if (ch == '[' || ch == '{') deepest = std::max(deepest, ++depth);
        else if ((ch == ']' || ch == '}') && depth > 0) --depth;
    }
    return deepest;
}

std::string_view toString(Outcome o) {
    switch (o) {
        case Outcome::Applied: return "applied";
        case Outcome::Superseded: return "superseded";
        case Outcome::Rejected: return "rejected";
    }
    return "?";
}

std::optional<Outcome> outcomeFromString(std::string_view s) {
    if (s == "applied") return Outcome::Applied;
    if (s == "superseded") return Outcome::Superseded;
    if (s == "rejected") return Outcome::Rejected;
    return std::nullopt;
}

json toJson(const Change& c) {
    return {{"id", c.id}, {"seq", c.seq}, {"record", c.record}, {"field", c.field},
            {"value", c.value}, {"base", c.base}};
}

json toJson(const ChangeResult& r) {
    json j = {{"id", r.id}, {"seq", r.seq}, {"outcome", toString(r.outcome)}, {"server_seq", r.serverSeq}};
    if (!r.code.empty()) j["code"] = r.code;
    if (!r.message.empty()) j["message"] = r.message;
    return j;
}

json toJson(const Conflict& c) {
    return {{"id", c.id}, {"record", c.record}, {"kind", c.kind}, {"field", c.field},
            {"winner", {{"value", c.winnerValue}, {"user", c.winnerUser}, {"agency", c.winnerAgency}}},
            {"loser", {{"value", c.loserValue}, {"user", c.loserUser}, {"agency", c.loserAgency}}},
            {"rule", c.rule}, {"at", c.at}, {"seq", c.seq}};
}

json toJson(const Rejection& r) {
    return {{"id", r.id}, {"record", r.record}, {"field", r.field}, {"value", r.value},
            {"user", r.user}, {"code", r.code}, {"message", r.message}, {"at", r.at}, {"seq", r.seq}};
}

json toJson(const PullPage& p) {
    if (p.refetch) return {{"refetch", true}, {"cursor", 0}};
    std::map<std::string, std::int64_t> index;
    for (const auto& r : p.records)
        for (const auto& [name, _] : r.fields) index.emplace(name, 0);
    json names = json::array();
    for (auto& [name, i] : index) {
        i = static_cast<std::int64_t>(names.size());
        names.push_back(name);
    }
    json records = json::array(), conflicts = json::array(), rejections = json::array();
    for (const auto& r : p.records) {
        json fields = json::array();
        for (const auto& [name, f] : r.fields) {
            fields.push_back(index[name]);
            fields.push_back(f.value);
            // Wraps instead of overflowing for sequences far apart; the decoder undoes it exactly.
            fields.push_back(static_cast<std::int64_t>(static_cast<std::uint64_t>(r.seq) - static_cast<std::uint64_t>(f.seq)));
        }
        records.push_back(json::array({r.id, r.kind, r.partnership, r.owner, r.seq, std::move(fields)}));
    }
    for (const auto& c : p.conflicts) conflicts.push_back(toJson(c));
    for (const auto& r : p.rejections) rejections.push_back(toJson(r));
    return {{"cursor", p.cursor}, {"more", p.more}, {"fields", std::move(names)}, {"records", std::move(records)},
            {"removals", p.removals}, {"conflicts", std::move(conflicts)}, {"rejections", std::move(rejections)}};
}

Change changeFromJson(const json& j) {
    Change c;
    c.id = str(j, "id");
    c.seq = integer(j, "seq");
    c.record = str(j, "record");
    c.field = str(j, "field");
    c.value = member(j, "value");
    c.base = integer(j, "base");
    if (c.id.empty() || c.id.size() > 64) throw ProtocolError("\"id\" must be 1 to 64 characters");
    if (c.record.empty() || c.record.size() > 64) throw ProtocolError("\"record\" must be 1 to 64 characters");
    if (c.field.empty() || c.field.size() > 128) throw ProtocolError("\"field\" must be 1 to 128 characters");
    if (c.seq < 1) throw ProtocolError("\"seq\" must be at least 1");
    if (c.base < 0) throw ProtocolError("\"base\" must not be negative");
    return c;
}

ChangeResult changeResultFromJson(const json& j) {
    ChangeResult r;
    r.id = str(j, "id");
    r.seq = integer(j, "seq");
    auto o = outcomeFromString(str(j, "outcome"));
    if (!o) throw ProtocolError("unknown outcome");
    r.outcome = *o;
    r.serverSeq = integer(j, "server_seq");
    r.code = optStr(j, "code");
    r.message = optStr(j, "message");
    return r;
}

namespace {

const std::string& recordText(const json& r, size_t i, const char* what) {
    if (!r[i].is_string()) throw ProtocolError(std::string("the record's ") + what + " must be a string");
    return r[i].get_ref<const std::string&>();
}

// One record of a page in the compact form; `names` is the page's field-name table.
RecordState recordFromJson(json& r, const std::vector<std::string>& names) {
    if (!r.is_array() || r.size() != 6)
        throw ProtocolError("a record must be [id, kind, partnership, owner, seq, fields]");
    RecordState out;
    out.id = recordText(r, 0, "id");
    out.kind = recordText(r, 1, "kind");
    out.partnership = recordText(r, 2, "partnership");
    out.owner = recordText(r, 3, "owner");
    out.seq = checkedInt(r[4], [&] { return "the sequence of record \"" + out.id + "\""; });
    json& fields = r[5];
    if (!fields.is_array() || fields.size() % 3 != 0)
        throw ProtocolError("the fields of record \"" + out.id + "\" must be [name index, value, seq delta, ...]");
    for (size_t i = 0; i < fields.size(); i += 3) {
        const std::int64_t n = checkedInt(fields[i], [&] { return "a field name index of record \"" + out.id + "\""; });
        if (n < 0 || static_cast<std::uint64_t>(n) >= names.size())
            throw ProtocolError("record \"" + out.id + "\" names field " + std::to_string(n) + ", not in \"fields\"");
        const std::string& name = names[static_cast<size_t>(n)];
        const std::int64_t delta = checkedInt(fields[i + 2], [&] { return "the sequence delta of field \"" + name + "\""; });
        const auto seq = static_cast<std::int64_t>(static_cast<std::uint64_t>(out.seq) - static_cast<std::uint64_t>(delta));
        if (!out.fields.emplace(name, FieldValue{std::move(fields[i + 1]), seq}).second)
            throw ProtocolError("record \"" + out.id + "\" has field \"" + name + "\" twice");
    }
    return out;
}

}  // namespace

Conflict conflictFromJson(const json& j) {
    Conflict c;
    c.id = str(j, "id");
    c.record = str(j, "record");
    c.kind = str(j, "kind");
    c.field = str(j, "field");
    const json& w = object(j, "winner");
    const json& l = object(j, "loser");
    c.winnerValue = optValue(w, "value");
    c.winnerUser = optStr(w, "user");
    c.winnerAgency = optStr(w, "agency");
    c.loserValue = optValue(l, "value");
    c.loserUser = optStr(l, "user");
    c.loserAgency = optStr(l, "agency");
    c.rule = str(j, "rule");
    c.at = str(j, "at");
    c.seq = integer(j, "seq");
    return c;
}

Rejection rejectionFromJson(const json& j) {
    Rejection r;
    r.id = str(j, "id");
    r.record = str(j, "record");
    r.field = str(j, "field");
    r.value = optValue(j, "value");
    r.user = optStr(j, "user");
    r.code = str(j, "code");
    r.message = str(j, "message");
    r.at = str(j, "at");
    r.seq = integer(j, "seq");
    return r;
}

PullPage pullPageFromJson(json j) {
    PullPage p;
    if (!j.is_object()) throw ProtocolError("expected an object");
    if (j.contains("refetch") && boolean(j, "refetch")) {
        p.refetch = true;
        return p;
    }
    p.cursor = integer(j, "cursor");
    p.more = boolean(j, "more");
    std::vector<std::string> names;
    for (const auto& n : array(j, "fields")) {
        if (!n.is_string() || n.get_ref<const std::string&>().empty())
            throw ProtocolError("\"fields\" must hold field names");
        names.push_back(n.get<std::string>());
    }
    if (std::set<std::string>(names.begin(), names.end()).size() != names.size())
        throw ProtocolError("\"fields\" names a field twice");
    array(j, "records");  // present and an array
    json& records = *j.find("records");
    p.records.reserve(records.size());
    for (size_t i = 0; i < records.size(); ++i) {
        try {
            p.records.push_back(recordFromJson(records[i], names));
        } catch (const ProtocolError& e) {
            throw ProtocolError("records[" + std::to_string(i) + "]: " + e.what());
        }
    }
    for (const auto& r : array(j, "removals")) {
        if (!r.is_string()) throw ProtocolError("\"removals\" must hold record ids");
        p.removals.push_back(r.get<std::string>());
    }
    for (const auto& c : array(j, "conflicts")) p.conflicts.push_back(conflictFromJson(c));
    for (const auto& r : array(j, "rejections")) p.rejections.push_back(rejectionFromJson(r));
    return p;
}

}  // namespace tandem::protocol
