// Writes a pull page's JSON text one record at a time, from the record's packed fields: the server
// streams rows from its store into it and never builds the records first. Field names get their
// page index as they are first met; the page's "fields" list comes out with the rest in finish().
#pragma once

#include "Protocol.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace tandem::protocol {

class PageWriter {
public:
    PageWriter();
    // `fields` is a FieldPack's bytes (a view: a store's row need not be copied).
    void addRecord(std::string_view id, std::string_view kind, std::string_view partnership, std::string_view owner,
                   std::int64_t seq, std::string_view fields);
    size_t records() const { return records_; }
    // The whole page; `page` gives everything but the records, which were added.
    std::string finish(const PullPage& page);

private:
    struct Hash {
        using is_transparent = void;
        size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    std::unordered_map<std::string, std::int64_t, Hash, std::equal_to<>> index_;
    std::vector<const std::string*> names_;  // by index
    std::string records_text_;
    size_t records_ = 0;
};

}  // namespace tandem::protocol
