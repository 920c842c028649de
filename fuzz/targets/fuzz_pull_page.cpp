// A pull page as a device receives it, from a server it cannot trust: protocol::pullPageFromText,
// nlohmann's SAX parser under the page reader. A page it accepts must be valid JSON to nlohmann's
// own document parser too, and must survive toText -> pullPageFromText unchanged (field names,
// values and sequences, which travel as distances below their record's); anything else must be
// refused with ProtocolError, never another exception.
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
            x.fields.bytes() != y.fields.bytes())
            fuzz::fail("pull page: record " + x.id + " changed on a round trip");
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    protocol::PullPage page;
    try {
        page = protocol::pullPageFromText(text);
    } catch (const protocol::ProtocolError& e) {
        if (std::string(e.what()).empty()) fuzz::fail("pull page: a ProtocolError without a sentence");
        return 0;
    } catch (const std::exception& e) {
        fuzz::fail(std::string("pull page: threw ") + typeid(e).name() + " instead of ProtocolError: " + e.what());
    }
    if (json::parse(text, nullptr, false).is_discarded()) fuzz::fail("pull page: accepted text that is not JSON");
    if (page.refetch) return 0;
    try {
        same(page, protocol::pullPageFromText(protocol::toText(page)));
    } catch (const std::exception& e) {
        fuzz::fail(std::string("pull page: a page read once cannot be read again: ") + e.what());
    }
    return 0;
}
