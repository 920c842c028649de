#include "RecordWrites.h"

#include "Scope.h"

namespace tandem::server {

std::int64_t createRecord(StoreSession& s, RecordRow row, const std::map<std::string, nlohmann::json>& fields,
                          const std::string& user, const std::string& agency) {
    const std::int64_t seq = s.nextSeq();
    row.seq = seq;
    for (const auto& [name, value] : fields) s.putField(row.id, name, StoredField{value, seq, 0, user, agency});
    s.putRecord(row, audienceFor(s, row));
    return seq;
}

std::vector<std::string> partnershipsOf(StoreSession& s, const std::string& agencyCode) {
    if (auto a = s.agency(agencyCode)) return a->partnerships;
    return {};
}

}  // namespace tandem::server
