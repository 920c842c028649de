// An audit, checklist or data-return template: the questions a return answers, their scales
// and the rules the form engine applies (show_if, alert_if, required, writer). Parsed from the
// published JSON, validated once, then immutable; a change is a new version with the same key.
#pragma once

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace re2 {
class RE2;
}

namespace tandem {

struct ScaleOption {
    std::string value;  // what is stored in an answer
    std::string label;  // what a person sees
};
using Scale = std::vector<ScaleOption>;

// Show a question only when another (choice) question's answer is one of `in`.
struct Condition {
    std::string question;
    std::vector<std::string> in;
};

// Warn at once, on the device, when the answer is one of `in` (a live safeguarding concern
// must not wait for a sync to be noticed).
struct Alert {
    std::vector<std::string> in;
    std::string message;
};

struct Question {
    std::string code, text, type /*choice|text|number|date*/, scale;
    std::vector<std::string> options;  // plain values, for a choice without a named scale
    bool required = false;
    std::optional<double> min, max;  // number questions
    std::string pattern;             // text questions: a regex (RE2 syntax) the whole answer matches
    // The pattern compiled once by parseTemplate. RE2 matches in linear time without recursion,
    // so no pattern and no answer can hang or overflow the server (std::regex could do both).
    std::shared_ptr<const re2::RE2> compiledPattern;
    std::optional<Condition> showIf;
    std::optional<Alert> alertIf;
    std::string writer;  // empty: the completing agency; "business_office": moderation only
};

struct Section {
    std::string code, title;
    std::vector<Question> questions;
};

struct Template {
    std::string key;
    int version = 0;
    std::string kind, title, theme, note;
    std::map<std::string, std::vector<ScaleOption>> scales;
    std::vector<Section> sections;
    nlohmann::json source;  // the JSON as published, kept whole so unknown keys survive a round trip

    const Question* question(std::string_view code) const;  // nullptr when there is none
    // The values a choice question accepts (its scale's, else its options); empty otherwise.
    std::vector<std::string> allowedValues(const Question&) const;
};

struct TemplateParse {
    std::optional<Template> tmpl;     // set only when errors is empty
    std::vector<std::string> errors;  // sentences led by a JSON path, e.g.
                                      // sections[2].questions[4].scale: unknown scale "rag5"
};

// Checks everything a form engine relies on, reporting every problem. Unknown keys are ignored.
TemplateParse parseTemplate(const nlohmann::json&);

// A new version must keep the key, raise the version, and keep every question code (answers
// and reports across versions are joined on codes). One sentence per problem; empty when fine.
std::vector<std::string> checkNewVersion(const Template& previous, const Template& next);

// Whether `value` is an acceptable answer to `q`; a sentence ("must be at least 0") when not.
// null is always accepted: it clears an answer.
std::optional<std::string> validateAnswer(const Template&, const Question& q, const nlohmann::json& value);

// The current answer to a question, as text (choice values as stored, numbers as written);
// nullopt when unanswered.
using AnswerLookup = std::function<std::optional<std::string>(std::string_view code)>;

// show_if: hidden when the controlling answer is absent or not among the listed values.
bool isVisible(const Question&, const AnswerLookup& answerOf);

// Codes of required questions that are visible and unanswered, in template order. A question
// hidden because its controller is itself hidden stays hidden (a hidden answer is not counted).
std::vector<std::string> missingRequired(const Template&, const AnswerLookup& answerOf);

}  // namespace tandem
