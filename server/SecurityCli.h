// The server's data protection commands (audit log, retention, case-code pattern), kept apart
// from ServerCli.cpp, which hands them every command it does not know itself.
#pragma once

#include "Store.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tandem::server {

inline constexpr const char* kSecurityUsage = R"(  verify-audit DIR                          walk the audit log's hash chain; exit 1 naming the
                                            first broken entry
  set-retention DIR PARTNERSHIP KIND DAYS|off [--mode anonymise|delete]
                                            KIND: action or audit_return (Retention.h says from when)
  apply-retention DIR [--today YYYY-MM-DD]  delete or anonymise what has expired (serve does it
                                            at start and daily)
  set-case-code-pattern DIR PARTNERSHIP PATTERN|off
                                            an RE2 regex every case code must match whole
  list-settings DIR                         every partnership's retention and case-code pattern
)";

// Runs `command` when it is one of these; nullopt when it is not. `args` follow DIR.
// Returns the exit code: 0 done, 1 refused or failed (precise lines on stderr).
std::optional<int> runSecurityCommand(const std::string& command, Store& store, const std::vector<std::string>& args,
                                      const std::map<std::string, std::string>& options);

}  // namespace tandem::server
