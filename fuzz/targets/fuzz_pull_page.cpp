// A pull page as a device receives it, from a server it cannot trust: the depth check and
// nlohmann::json::parse as HttpTransport runs them, then protocol::pullPageFromJson. A page it
// accepts must survive toJson -> text -> pullPageFromJson unchanged (field names, values and
// sequences, which travel as distances below their record's); anything else must be refused
// with ProtocolError, never another exception.
#include "FuzzSupport.h"
#include "Protocol.h"

#include <cstdint>
#include <typeinfo>

using namespace tandem;
using nlohmann::json;

namespace {

void same(const protocol::PullPage& a, const protocol::PullPage& b) {
    if (a.refetch != b.refetch || a.cursor != b.cursor || a.more != b.more || a.records.size() != b.records.size() ||
        a.removals != b.removals || a.conflicts.size() != b.conflicts.size() || a.rejections.size() != b.rejections.size())
        fuzz::fail("pull page: the page changed on a round trip");
    for (size_t i = 0; i < a.records.size(); ++i) {
        const auto& x = a.records[i];
        const auto& y = b.records[i];
        if (x.id != y.id || x.kind != y.kind || x.partnership != y.partnership || x.owner != y.owner || x.seq != y.seq ||
            x.fields.size() != y.fields.size())
            fuzz::fail("pull page: record " + x.id + " changed on a round trip");
        for (const auto& [name, f] : x.fields) {
            auto it = y.fields.find(name);
            if (it == y.fields.end() || it->second.seq != f.seq || it->second.value.dump() != f.value.dump())
                fuzz::fail("pull page: field " + name + " of " + x.id + " changed on a round trip");
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    if (protocol::jsonNestingDepth(text) > protocol::kMaxJsonDepth) return 0;  // refused before parsing
    json j = json::parse(text, nullptr, false);
    if (j.is_discarded()) return 0;
    protocol::PullPage page;
    try {
        page = protocol::pullPageFromJson(std::move(j));
    } catch (const protocol::ProtocolError& e) {
        if (std::string(e.what()).empty()) fuzz::fail("pull page: a ProtocolError without a sentence");
        return 0;
    } catch (const std::exception& e) {
        fuzz::fail(std::string("pull page: threw ") + typeid(e).name() + " instead of ProtocolError: " + e.what());
    }
    if (page.refetch) return 0;
    try {
        same(page, protocol::pullPageFromJson(json::parse(protocol::toJson(page).dump(-1, ' ', false, json::error_handler_t::replace))));
    } catch (const std::exception& e) {
        fuzz::fail(std::string("pull page: a page read once cannot be read again: ") + e.what());
    }
    return 0;
}
