// Template JSON as an administrator publishes it: nlohmann::json::parse, tandem::parseTemplate,
// and on a template that parses, what the form engine and the server do with it: validateAnswer
// for every question against a spread of values, isVisible and missingRequired.
#include "FuzzSupport.h"
#include "Template.h"

#include <cstdint>
#include <set>

using namespace tandem;
using nlohmann::json;

namespace {

const std::vector<json>& probeValues() {
    static const std::vector<json> values = {
        json(nullptr), json(""), json(" "), json("x"), json("AB-1234"), json("2026-02-29"), json("2025-02-29"),
        json("green"), json("yes"), json(0), json(-1), json(1.5), json(-0.0), json(1e308), json(-1e308),
        json(9223372036854775807LL), json(18446744073709551615ULL), json(true), json::array(),
        json::object({{"a", 1}}), json(std::string(300, 'A')),
        // The longest text a device may send (kMaxTextLength): a pattern must cope with it.
        json(std::string(20000, 'A')),
    };
    return values;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
    const json j = json::parse(data, data + size, nullptr, false);
    if (j.is_discarded()) return 0;
    const TemplateParse parsed = parseTemplate(j);
    if (parsed.tmpl.has_value() == !parsed.errors.empty())
        fuzz::fail("parseTemplate: a template must come with no errors, and errors with no template");
    static const bool verbose = std::getenv("TANDEM_FUZZ_VERBOSE") != nullptr;
    for (const auto& e : parsed.errors) {
        if (e.empty()) fuzz::fail("parseTemplate: an empty error sentence");
        if (verbose) std::fprintf(stderr, "template: %s\n", e.c_str());
    }
    if (!parsed.tmpl) return 0;
    const Template& t = *parsed.tmpl;

    // Answers: every other question answered with its first allowed value (or text), the rest not.
    std::map<std::string, std::string, std::less<>> answers;
    std::set<std::string> requiredCodes;
    int n = 0;
    for (const Section& s : t.sections) {
        for (const Question& q : s.questions) {
            if (q.required) requiredCodes.insert(q.code);
            if (t.question(q.code) == nullptr) fuzz::fail("Template::question cannot find " + q.code);
            const auto allowed = t.allowedValues(q);
            for (const auto& v : allowed)
                if (validateAnswer(t, q, json(v))) fuzz::fail("validateAnswer refuses an allowed value of " + q.code);
            for (const json& v : probeValues()) {
                const auto why = validateAnswer(t, q, v);
                if (v.is_null() && why) fuzz::fail("validateAnswer refuses null (clearing) for " + q.code);
                if (why && why->empty()) fuzz::fail("validateAnswer: an empty reason for " + q.code);
            }
            // The template's own texts as answers reach the pattern with fuzzer-chosen input.
            (void)validateAnswer(t, q, json(t.title));
            (void)validateAnswer(t, q, json(q.text));
            if (n++ % 2 == 0) answers[q.code] = allowed.empty() ? std::string("x") : allowed.front();
        }
    }
    const AnswerLookup lookup = [&](std::string_view code) -> std::optional<std::string> {
        const auto it = answers.find(code);
        if (it == answers.end()) return std::nullopt;
        return it->second;
    };
    for (const Section& s : t.sections)
        for (const Question& q : s.questions) (void)isVisible(q, lookup);
    for (const auto& code : missingRequired(t, lookup)) {
        if (!requiredCodes.count(code)) fuzz::fail("missingRequired lists a question that is not required: " + code);
        if (answers.count(code)) fuzz::fail("missingRequired lists an answered question: " + code);
    }
    // A published template is its own next version only if the version rises; comparing it with
    // itself must not crash and must report that.
    if (checkNewVersion(t, t).empty()) fuzz::fail("checkNewVersion accepts the same version again");
    return 0;
}
