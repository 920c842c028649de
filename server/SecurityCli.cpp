#include "SecurityCli.h"

#include "AuditLog.h"
#include "Ids.h"
#include "PartnershipSettings.h"
#include "Retention.h"

#include <charconv>
#include <iostream>
#include <stdexcept>

namespace tandem::server {
namespace {

const std::string& arg(const std::vector<std::string>& args, size_t i, const char* what) {
    if (i >= args.size()) throw std::invalid_argument(std::string("missing ") + what);
    return args[i];
}

int refused(const std::vector<std::string>& errors) {
    for (const auto& e : errors) std::cerr << e << "\n";
    std::cerr << "nothing was changed\n";
    return 1;
}

int verifyAudit(Store& store) {
    const auto v = verifyAuditLog(store);
    if (v.broken) {
        std::cerr << "audit log broken at entry " << v.brokenId << ": " << *v.broken << "\n"
                  << v.verified << " entries verified before it\n";
        return 1;
    }
    std::cout << "verified " << v.verified << " audit log entries; head hash " << (v.headHash.empty() ? "-" : v.headHash)
              << "\n";
    return 0;
}

int setRetentionCommand(Store& store, const std::vector<std::string>& args, const std::map<std::string, std::string>& options) {
    RetentionRule rule{arg(args, 0, "partnership"), arg(args, 1, "record kind")};
    const std::string& days = arg(args, 2, "period in days (or off)");
    if (days != "off") {
        auto [end, ec] = std::from_chars(days.data(), days.data() + days.size(), rule.days);
        if (ec != std::errc() || end != days.data() + days.size() || rule.days < 1)
            throw std::invalid_argument("the period must be a whole number of days from 1, or off");
    }
    const auto mode = options.count("mode") ? options.at("mode") : std::string("anonymise");
    if (mode != "anonymise" && mode != "delete") throw std::invalid_argument("--mode must be anonymise or delete");
    rule.mode = mode == "delete" ? RetentionMode::Delete : RetentionMode::Anonymise;
    if (auto errors = setRetention(store, rule); !errors.empty()) return refused(errors);
    if (rule.days == 0) std::cout << "no retention period for " << rule.kind << " in " << rule.partnership << "\n";
    else
        std::cout << rule.kind << " records of " << rule.partnership << " are " << (mode == "delete" ? "deleted" : "anonymised")
                  << " " << rule.days << " days after they close\n";
    return 0;
}

int applyRetentionCommand(Store& store, const std::map<std::string, std::string>& options) {
    const std::string today = options.count("today") ? options.at("today") : todayIso();
    const auto run = applyRetention(store, today, commandLineOperator());
    std::cout << "retention as of " << today << ": deleted " << run.deleted << ", anonymised " << run.anonymised
              << " records\n";
    return 0;
}

int listSettings(Store& store) {
    store.read([](StoreSession& s) {
        for (const auto& setting : s.partnershipSettings())
            if (!setting.value.empty()) std::cout << setting.partnership << "\t" << setting.key << "\t" << setting.value << "\n";
    });
    return 0;
}

}  // namespace

std::optional<int> runSecurityCommand(const std::string& command, Store& store, const std::vector<std::string>& args,
                                      const std::map<std::string, std::string>& options) {
    if (command == "verify-audit") return verifyAudit(store);
    if (command == "set-retention") return setRetentionCommand(store, args, options);
    if (command == "apply-retention") return applyRetentionCommand(store, options);
    if (command == "list-settings") return listSettings(store);
    if (command == "set-case-code-pattern") {
        const std::string& pattern = arg(args, 1, "pattern (or off)");
        const std::string& partnership = arg(args, 0, "partnership");
        if (auto errors = setCaseCodePattern(store, partnership, pattern == "off" ? "" : pattern); !errors.empty())
            return refused(errors);
        std::cout << (pattern == "off" ? "no case code pattern for " + partnership
                                       : "case codes of " + partnership + " must match " + pattern)
                  << "\n";
        return 0;
    }
    return std::nullopt;
}

}  // namespace tandem::server
