// The sync protocol on the wire (JSON): push changes and their results, pull pages with record
// states, removals, conflicts and rejections. Shared by the server and the device so that both
// ends read and write the same shapes.
#pragma once

#include "FieldPack.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tandem::protocol {

// 3: push results are arrays without the change id (the device knows which change has which
// sequence), [seq, outcome, server_seq, code?, message?]; 10,000 results were 300 KB gzipped as
// objects repeating random change ids. 2: pull pages carry records in the compact form below (1
// sent a field-name-keyed object per record).
inline constexpr int kVersion = 4;
// Deeper JSON is refused before it is parsed: nothing in the protocol nests more than a few
// levels, and a recursive copy of a value nested 100 000 deep overflows a thread's stack.
inline constexpr int kMaxJsonDepth = 64;
// The deepest nesting of arrays and objects in a JSON text, found without parsing it.
int jsonNestingDepth(std::string_view text);
// A change that creates a record carries this field name and {"kind", "parent"} as its value.
inline constexpr std::string_view kCreateField = "@create";

// One field change from a device's outbox.
struct Change {
    std::string id;           // change id, a UUID made on the device
    std::int64_t seq = 0;     // the device's gapless sequence number
    std::string record;       // record id
    std::string field;
    nlohmann::json value;
    std::int64_t base = 0;    // field sequence the author saw
};

enum class Outcome { Applied, Superseded, Rejected };
std::string_view toString(Outcome o);
std::optional<Outcome> outcomeFromString(std::string_view s);

struct ChangeResult {
    std::string id;              // the change's id; not on the wire (the device matches by seq)
    std::int64_t seq = 0;
    Outcome outcome = Outcome::Applied;
    std::int64_t serverSeq = 0;  // sequence of the applied write, or of the conflict/rejection
    std::string code;            // rejection code, or the merge rule of a conflict
    std::string message;
};

// A record's latest state: its fields are packed as they are stored (with their writers on the
// server, without on the device; a page carries only names, values and sequences).
struct RecordState {
    std::string id;
    std::string kind;
    std::string partnership;
    std::string owner;
    std::int64_t seq = 0;  // the latest sequence that touched the record
    FieldPack fields;
};

// A concurrent edit that lost: both values and authors are kept for people to see and act on.
struct Conflict {
    std::string id;          // a superseded change's id; a new id when the earlier value lost
    std::string record;
    std::string kind;
    std::string field;
    nlohmann::json winnerValue;
    std::string winnerUser, winnerAgency;
    nlohmann::json loserValue;
    std::string loserUser, loserAgency;
    std::string rule;
    std::string at;          // ISO 8601 UTC
    std::int64_t seq = 0;
};

struct Rejection {
    std::string id;  // the rejected change's id
    std::string record;
    std::string field;
    nlohmann::json value;
    std::string user;
    std::string code;
    std::string message;
    std::string at;
    std::int64_t seq = 0;
};

// On the wire a page names each field once, in "fields", and a record is an array
//   [id, kind, partnership, owner, seq, [name index, value, seq delta, ...]]
// where a field's sequence is the record's minus the delta (0 for a field written with the
// record's latest change, which is most of them). 100 000 records of ten fields would otherwise
// repeat a million field names and seven-digit sequences.
struct PullPage {
    bool refetch = false;  // the cursor is older than the server keeps removals for
    std::int64_t cursor = 0;
    bool more = false;
    std::int64_t total = -1;  // records left to pull from the request's cursor, when asked for
    std::vector<RecordState> records;
    std::vector<std::string> removals;
    std::vector<Conflict> conflicts;
    std::vector<Rejection> rejections;
    // When the page answers a push that asked for it (POST /v1/push with "pull"): the push's
    // results, so that a sync with edits to send takes one round trip, not two.
    std::optional<std::vector<ChangeResult>> results;
};

nlohmann::json toJson(const Change& c);
nlohmann::json toJson(const ChangeResult& r);
nlohmann::json toJson(const Conflict& c);
nlohmann::json toJson(const Rejection& r);
// A page as JSON text, written straight from the records' packs: their values are JSON text
// already and are copied, not parsed and written again (PullPageText.cpp).
std::string toText(const PullPage& p);

// Decoders throw ProtocolError with a path and a sentence on a malformed document.
class ProtocolError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};
Change changeFromJson(const nlohmann::json& j);
ChangeResult changeResultFromJson(const nlohmann::json& j);
Conflict conflictFromJson(const nlohmann::json& j);
Rejection rejectionFromJson(const nlohmann::json& j);
// Reads a page from its JSON text with nlohmann's SAX parser, building each record's pack as it
// goes rather than a document tree first. Refuses invalid JSON, nesting deeper than
// kMaxJsonDepth, an unknown field index, a field twice and any member of the wrong shape.
PullPage pullPageFromText(std::string_view text);

}  // namespace tandem::protocol
