#include "CaseCode.h"

#include "Template.h"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <memory>
#include <mutex>

namespace tandem {
namespace {

constexpr size_t kMaxPatternLength = 200;

std::shared_ptr<const re2::RE2> compiled(std::string_view pattern) {
    // A handful of partnerships each with one pattern: a small cache, emptied should it ever grow.
    static std::mutex mutex;
    static std::map<std::string, std::shared_ptr<const re2::RE2>, std::less<>> cache;
    std::lock_guard lock(mutex);
    if (auto it = cache.find(pattern); it != cache.end()) return it->second;
    if (cache.size() > 64) cache.clear();
    RE2::Options options;
    options.set_log_errors(false);
    options.set_max_mem(1 << 20);
    auto re = std::make_shared<const re2::RE2>(re2::StringPiece(pattern.data(), pattern.size()), options);
    cache.emplace(std::string(pattern), re);
    return re;
}

bool endsWith(std::string_view s, std::string_view end) {
    return s.size() >= end.size() && s.substr(s.size() - end.size()) == end;
}

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

}  // namespace

std::optional<std::string> caseCodePatternError(std::string_view pattern) {
    if (pattern.empty()) return "the case code pattern is empty";
    if (pattern.size() > kMaxPatternLength)
        return "the case code pattern is longer than " + std::to_string(kMaxPatternLength) + " characters";
    auto re = compiled(pattern);
    if (!re->ok()) return "the case code pattern is not a valid regular expression: " + re->error();
    return std::nullopt;
}

std::optional<std::string> checkCaseCode(std::string_view pattern, std::string_view code) {
    if (pattern.empty() || code.empty()) return std::nullopt;
    auto re = compiled(pattern);
    // A pattern that does not compile was refused when it was set; should one be stored anyway,
    // no code is refused for it.
    if (!re->ok()) return std::nullopt;
    if (RE2::FullMatch(re2::StringPiece(code.data(), code.size()), *re)) return std::nullopt;
    return "The case code \"" + std::string(code) + "\" does not follow the partnership's pattern " +
           std::string(pattern) + "; use the partnership case code, never a name or date of birth.";
}

bool isCaseCodeField(RecordKind kind, std::string_view field, const Question* question) {
    if (kind == RecordKind::CaseAudit) return field == "case_code";
    if (kind != RecordKind::AuditReturn || !question || question->type != "text") return false;
    return endsWith(question->code, "case_code") || lower(question->text).find("case code") != std::string::npos;
}

}  // namespace tandem
