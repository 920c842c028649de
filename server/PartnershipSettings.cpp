#include "PartnershipSettings.h"

#include "CaseCode.h"
#include "RecordWrites.h"
#include "Scope.h"

#include <algorithm>

namespace tandem::server {

std::vector<std::string> setCaseCodePattern(Store& store, const std::string& partnership, const std::string& pattern,
                                            const AuditWho& who) {
    std::vector<std::string> errors;
    if (!pattern.empty())
        if (auto bad = caseCodePatternError(pattern)) errors.push_back(*bad);
    if (!errors.empty()) return errors;
    store.write([&](StoreSession& s) {
        std::optional<AgencyRow> office;
        for (const auto& a : s.agencies())
            if (a.sector == "business_office" &&
                std::find(a.partnerships.begin(), a.partnerships.end(), partnership) != a.partnerships.end()) {
                office = a;
                break;
            }
        if (!office) {
            errors.push_back("unknown partnership " + partnership + " (no business office agency is in it)");
            return;
        }
        auto row = s.record("agency:" + office->code);
        if (!row) {
            errors.push_back("the business office agency " + office->code + " has no record (import agencies again)");
            return;
        }
        s.setPartnershipSetting(partnership, std::string(kCaseCodePatternSetting), pattern);
        const std::int64_t seq = s.nextSeq();
        const nlohmann::json value = pattern.empty() ? nlohmann::json() : nlohmann::json(pattern);
        s.putField(row->id, std::string(kCaseCodePatternSetting), StoredField{value, seq, 0, kSystemUser, "", 0});
        row->seq = seq;
        s.putRecord(*row, audienceFor(s, *row));
        appendAudit(s, who, "write", "set-case-code-pattern",
                    nlohmann::json::array({{{"partnership", partnership}, {"pattern", value}, {"record", row->id}}}));
    });
    return errors;
}

}  // namespace tandem::server
