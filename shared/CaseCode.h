// Partnership case codes: a partnership sets the pattern its codes follow (an RE2 regex the
// whole code must match, e.g. ^[A-Z]{2,4}-\d{4,6}$), and both the device (before queueing) and
// the server (rejecting with `case_code_pattern`) check every case code written against it. A
// code that follows the pattern cannot be a child's name or initials with a date of birth.
#pragma once

#include "Domain.h"

#include <optional>
#include <string>
#include <string_view>

namespace tandem {

struct Question;

inline constexpr std::string_view kCaseCodePatternSetting = "case_code_pattern";
inline constexpr std::string_view kCaseCodeRejection = "case_code_pattern";

// Why `pattern` cannot be a partnership's case-code pattern (not valid RE2, empty, over 200
// characters); nullopt when it can.
std::optional<std::string> caseCodePatternError(std::string_view pattern);

// nullopt when `code` matches `pattern` whole (or there is no pattern, or no code: clearing a
// case code is always allowed); otherwise the sentence a user sees. Compiled patterns are kept,
// so a check is one match.
std::optional<std::string> checkCaseCode(std::string_view pattern, std::string_view code);

// Whether a field holds a case code: a case audit's `case_code`, or the answer to a template
// question whose code ends in "case_code" or whose text asks for a case code.
bool isCaseCodeField(RecordKind kind, std::string_view field, const Question* question);

}  // namespace tandem
