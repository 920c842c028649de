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

const json& object(const json& j, const char* key) {
    const json& v = member(j, key);
    if (!v.is_object()) throw ProtocolError(std::string("\"") + key + "\" must be an object");
    return v;
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
    json j = json::array({r.seq, toString(r.outcome), r.serverSeq});
    if (!r.code.empty() || !r.message.empty()) j.push_back(r.code);
    if (!r.message.empty()) j.push_back(r.message);
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
    if (!j.is_array() || j.size() < 3 || j.size() > 5)
        throw ProtocolError("a result must be [seq, outcome, server_seq, code?, message?]");
    ChangeResult r;
    r.seq = checkedInt(j[0], [] { return "a result's seq"; });
    if (!j[1].is_string()) throw ProtocolError("a result's outcome must be a string");
    auto o = outcomeFromString(j[1].get_ref<const std::string&>());
    if (!o) throw ProtocolError("unknown outcome");
    r.outcome = *o;
    r.serverSeq = checkedInt(j[2], [] { return "a result's server_seq"; });
    for (size_t i = 3; i < j.size(); ++i)
        if (!j[i].is_string()) throw ProtocolError("a result's code and message must be strings");
    if (j.size() > 3) r.code = j[3].get<std::string>();
    if (j.size() > 4) r.message = j[4].get<std::string>();
    return r;
}

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

}  // namespace tandem::protocol
