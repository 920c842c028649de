#include "Template.h"

#include "AgencyImport.h"  // isSlug: template keys are slugs like partnership names
#include "Csv.h"           // trimmed
#include "Domain.h"

#include <algorithm>
#include <charconv>
#include <climits>
#include <cmath>
#include <re2/re2.h>
#include <set>

namespace tandem {

using nlohmann::json;

namespace {

constexpr std::string_view kKinds[] = {"section11", "section175", "case_audit", "checklist", "data_return"};
constexpr std::string_view kTypes[] = {"choice", "text", "number", "date"};
constexpr size_t kMaxTextBytes = 20000;  // a narrative, not a document: files go in evidence

template <class Range>
bool contains(const Range& r, std::string_view v) {
    return std::find(std::begin(r), std::end(r), v) != std::end(r);
}

std::string inQuotes(std::string_view s) { return "\"" + std::string(s) + "\""; }

std::string joined(const std::vector<std::string>& values) {
    std::string out;
    for (const std::string& v : values) out += (out.empty() ? "" : ", ") + v;
    return out;
}

// 0 rather than 0.000000 in messages people read.
std::string formatNumber(double d) {
    if (std::trunc(d) == d && std::fabs(d) < 1e15) return std::to_string(static_cast<long long>(d));
    char buf[64];
    const auto res = std::to_chars(buf, buf + sizeof buf, d);
    return std::string(buf, res.ptr);
}

std::shared_ptr<const re2::RE2> compilePattern(const std::string& pattern) {
    RE2::Options options;
    options.set_log_errors(false);
    options.set_max_mem(1 << 20);  // a template's pattern is a short code format, never large
    return std::make_shared<const re2::RE2>(pattern, options);
}

// Walks the JSON once, filling a Template and collecting every problem with its path.
class TemplateReader {
public:
    explicit TemplateReader(std::vector<std::string>& errors) : errors_(errors) {}

    void read(const json& j, Template& t) {
        if (!j.is_object()) return error("", "a template must be a JSON object");
        if (readString(j, "key", "key", t.key, true) && !isSlug(t.key))
            error("key", inQuotes(t.key) + " must be lower-case letters, digits and hyphens");
        readVersion(j, t);
        if (readString(j, "kind", "kind", t.kind, true) && !contains(kKinds, t.kind))
            error("kind", "unknown kind " + inQuotes(t.kind) +
                              " (expected section11, section175, case_audit, checklist or data_return)");
        readString(j, "title", "title", t.title, true);
        readString(j, "theme", "theme", t.theme, false);
        readString(j, "note", "note", t.note, false);
        readScales(j, t);

        const json* sections = member(j, "sections");
        if (!sections) return error("sections", "missing");
        if (!sections->is_array() || sections->empty())
            return error("sections", "must be a non-empty list of sections");
        for (size_t s = 0; s < sections->size(); ++s) readSection((*sections)[s], path("sections", s), t);
        for (const Section& section : t.sections)
            for (const Question& q : section.questions) checkReferences(t, q, pathOf_.at(q.code));
    }

private:
    void error(const std::string& where, const std::string& what) {
        errors_.push_back(where.empty() ? what : where + ": " + what);
    }
    static std::string path(const std::string& base, size_t index) {
        return base + "[" + std::to_string(index) + "]";
    }
    static const json* member(const json& obj, const char* key) {
        const auto it = obj.find(key);
        return it == obj.end() ? nullptr : &*it;
    }

    // A string member; true when one was read. Required strings must also be non-empty.
    bool readString(const json& obj, const char* key, const std::string& where, std::string& out,
                    bool required) {
        const json* v = member(obj, key);
        if (!v || v->is_null()) {
            if (required) error(where, "missing");
            return false;
        }
        if (!v->is_string()) {
            error(where, "must be a string");
            return false;
        }
        out = v->get<std::string>();
        if (required && out.empty()) {
            error(where, "must not be empty");
            return false;
        }
        return true;
    }

    // A non-empty list of distinct non-empty strings.
    bool readValues(const json& v, const std::string& where, std::vector<std::string>& out) {
        if (!v.is_array() || v.empty()) {
            error(where, "must be a non-empty list of values");
            return false;
        }
        bool ok = true;
        for (size_t k = 0; k < v.size(); ++k) {
            if (!v[k].is_string() || v[k].get<std::string>().empty()) {
                error(path(where, k), "must be a non-empty string");
                ok = false;
            } else if (contains(out, v[k].get<std::string>())) {
                error(path(where, k), "duplicate value " + inQuotes(v[k].get<std::string>()));
                ok = false;
            } else {
                out.push_back(v[k].get<std::string>());
            }
        }
        return ok;
    }

    void readVersion(const json& j, Template& t) {
        const json* v = member(j, "version");
        if (!v) return error("version", "missing");
        // 2.0 is refused too: versions are counted, not measured.
        if (!v->is_number_integer() || (v->is_number_unsigned() && v->get<unsigned long long>() > INT_MAX) ||
            v->get<long long>() < 1 || v->get<long long>() > INT_MAX)
            return error("version", "must be a whole number of at least 1");
        t.version = v->get<int>();
    }

    void readScales(const json& j, Template& t) {
        const json* scales = member(j, "scales");
        if (!scales) return;
        if (!scales->is_object()) return error("scales", "must be an object of named scales");
        for (const auto& [name, options] : scales->items()) {
            const std::string where = "scales." + name;
            if (!options.is_array() || options.empty()) {
                error(where, "must be a non-empty list of {value, label}");
                continue;
            }
            Scale scale;
            for (size_t k = 0; k < options.size(); ++k) {
                const std::string at = path(where, k);
                if (!options[k].is_object()) {
                    error(at, "must be an object {value, label}");
                    continue;
                }
                ScaleOption o;
                const bool hasValue = readString(options[k], "value", at + ".value", o.value, true);
                readString(options[k], "label", at + ".label", o.label, true);
                if (hasValue && std::any_of(scale.begin(), scale.end(), [&](auto& x) { return x.value == o.value; }))
                    error(at + ".value", "duplicate value " + inQuotes(o.value));
                scale.push_back(std::move(o));
            }
            t.scales.emplace(name, std::move(scale));
        }
    }

    void readSection(const json& js, const std::string& where, Template& t) {
        if (!js.is_object()) return error(where, "must be an object");
        Section section;
        if (readString(js, "code", where + ".code", section.code, true)) {
            if (std::any_of(t.sections.begin(), t.sections.end(), [&](auto& s) { return s.code == section.code; }))
                error(where + ".code", "duplicate section code " + inQuotes(section.code));
        }
        readString(js, "title", where + ".title", section.title, true);
        const json* questions = member(js, "questions");
        if (!questions || !questions->is_array() || questions->empty()) {
            error(where + ".questions", "must be a non-empty list of questions");
        } else {
            for (size_t k = 0; k < questions->size(); ++k) {
                Question q;
                const std::string at = path(where + ".questions", k);
                if (readQuestion((*questions)[k], at, t, q)) section.questions.push_back(std::move(q));
            }
        }
        t.sections.push_back(std::move(section));
    }

    bool readQuestion(const json& jq, const std::string& at, const Template& t, Question& q) {
        if (!jq.is_object()) {
            error(at, "must be an object");
            return false;
        }
        bool keep = readString(jq, "code", at + ".code", q.code, true);
        if (keep && pathOf_.count(q.code)) {
            error(at + ".code", "duplicate question code " + inQuotes(q.code) + " (first at " + pathOf_[q.code] + ")");
            keep = false;
        }
        readString(jq, "text", at + ".text", q.text, true);
        if (readString(jq, "type", at + ".type", q.type, true) && !contains(kTypes, q.type))
            error(at + ".type", "unknown type " + inQuotes(q.type) + " (expected choice, text, number or date)");

        readString(jq, "scale", at + ".scale", q.scale, false);
        const json* options = member(jq, "options");
        if (options) readValues(*options, at + ".options", q.options);
        if (q.type == "choice") {
            if (!q.scale.empty() && options) {
                error(at, "give either scale or options, not both");
                q.scale.clear();  // only so that show_if/alert_if checks do not report again
            }
            else if (!q.scale.empty() && !t.scales.count(q.scale))
                error(at + ".scale", "unknown scale " + inQuotes(q.scale));
            else if (q.scale.empty() && !options)
                error(at, "a choice question needs a scale or options");
        } else if (!q.scale.empty() || options) {
            error(at, "scale and options apply to choice questions only");
        }

        if (const json* r = member(jq, "required")) {
            if (r->is_boolean()) q.required = r->get<bool>();
            else error(at + ".required", "must be true or false");
        }
        readBound(jq, "min", at, q, q.min);
        readBound(jq, "max", at, q, q.max);
        if (q.min && q.max && *q.min > *q.max)
            error(at + ".min", "min " + formatNumber(*q.min) + " is greater than max " + formatNumber(*q.max));
        if (readString(jq, "pattern", at + ".pattern", q.pattern, false)) {
            if (q.type != "text") error(at + ".pattern", "applies to text questions only");
            else if (auto re = compilePattern(q.pattern); !re->ok())
                error(at + ".pattern", "does not compile as a regular expression (" + re->error() + ")");
            else
                q.compiledPattern = std::move(re);
        }
        if (const json* s = member(jq, "show_if")) {
            Condition c;
            if (!s->is_object()) error(at + ".show_if", "must be an object {question, in}");
            else if (readString(*s, "question", at + ".show_if.question", c.question, true) &&
                     readValues(s->value("in", json()), at + ".show_if.in", c.in))
                q.showIf = std::move(c);
        }
        if (const json* a = member(jq, "alert_if")) {
            Alert alert;
            if (!a->is_object()) error(at + ".alert_if", "must be an object {in, message}");
            else if (readValues(a->value("in", json()), at + ".alert_if.in", alert.in) &&
                     readString(*a, "message", at + ".alert_if.message", alert.message, true))
                q.alertIf = std::move(alert);
        }
        if (readString(jq, "writer", at + ".writer", q.writer, false) && !q.writer.empty() &&
            q.writer != "business_office")
            error(at + ".writer", "unknown writer " + inQuotes(q.writer) + " (only \"business_office\" is allowed)");
        if (keep) pathOf_[q.code] = at;
        return keep;
    }

    void readBound(const json& jq, const char* key, const std::string& at, const Question& q,
                   std::optional<double>& out) {
        const json* b = member(jq, key);
        if (!b) return;
        const std::string where = at + "." + key;
        if (!b->is_number()) error(where, "must be a number");
        else if (q.type != "number") error(where, "applies to number questions only");
        else out = b->get<double>();
    }

    // show_if and alert_if name values, and show_if names a question: both need the whole
    // template, so they are checked once every question is known.
    void checkReferences(const Template& t, const Question& q, const std::string& at) {
        if (q.showIf) {
            const Question* controller = t.question(q.showIf->question);
            const std::string where = at + ".show_if.question";
            if (!controller) {
                error(where, "unknown question " + inQuotes(q.showIf->question));
            } else if (controller == &q) {
                error(where, "a question cannot depend on itself");
            } else if (controller->type != "choice") {
                error(where, inQuotes(controller->code) + " is not a choice question");
            } else {
                checkAllowed(t, *controller, q.showIf->in, at + ".show_if.in");
                // A loop (A shown if B, B shown if A) would hide both for ever.
                const Question* step = controller;
                for (size_t hops = 0; step && step->showIf && hops <= pathOf_.size(); ++hops) {
                    step = t.question(step->showIf->question);
                    if (step == &q) {
                        error(where, "the show_if chain from " + inQuotes(controller->code) + " leads back to this question");
                        break;
                    }
                }
            }
        }
        if (q.alertIf) {
            if (q.type != "choice") error(at + ".alert_if", "applies to choice questions only");
            else checkAllowed(t, q, q.alertIf->in, at + ".alert_if.in");
        }
    }

    void checkAllowed(const Template& t, const Question& q, const std::vector<std::string>& values,
                      const std::string& where) {
        const std::vector<std::string> allowed = t.allowedValues(q);
        if (allowed.empty()) return;  // the question's own scale error is already reported
        for (size_t k = 0; k < values.size(); ++k)
            if (!contains(allowed, values[k]))
                error(path(where, k), inQuotes(values[k]) + " is not an answer to " + inQuotes(q.code) +
                                          " (allowed: " + joined(allowed) + ")");
    }

    std::vector<std::string>& errors_;
    std::map<std::string, std::string> pathOf_;  // question code -> JSON path, for messages
};

// show_if followed up the chain: a question under a hidden controller is hidden too.
bool visibleInTemplate(const Template& t, const Question& q, const AnswerLookup& answerOf, int depth = 0) {
    if (!q.showIf) return true;
    if (const Question* c = t.question(q.showIf->question); c && depth < 64)
        if (!visibleInTemplate(t, *c, answerOf, depth + 1)) return false;
    return isVisible(q, answerOf);
}

}  // namespace

const Question* Template::question(std::string_view code) const {
    for (const Section& s : sections)
        for (const Question& q : s.questions)
            if (q.code == code) return &q;
    return nullptr;
}

std::vector<std::string> Template::allowedValues(const Question& q) const {
    if (q.type != "choice") return {};
    if (q.scale.empty()) return q.options;
    std::vector<std::string> values;
    if (const auto it = scales.find(q.scale); it != scales.end())
        for (const ScaleOption& o : it->second) values.push_back(o.value);
    return values;
}

TemplateParse parseTemplate(const json& j) {
    TemplateParse result;
    Template t;
    TemplateReader(result.errors).read(j, t);
    if (result.errors.empty()) {
        t.source = j;
        result.tmpl = std::move(t);
    }
    return result;
}

std::vector<std::string> checkNewVersion(const Template& previous, const Template& next) {
    std::vector<std::string> problems;
    if (next.key != previous.key)
        problems.push_back("key: must stay " + inQuotes(previous.key) + " (found " + inQuotes(next.key) + ")");
    if (next.version <= previous.version)
        problems.push_back("version: must be greater than " + std::to_string(previous.version) + " (found " +
                           std::to_string(next.version) + ")");
    for (const Section& s : previous.sections) {
        for (const Question& old : s.questions) {
            const Question* kept = next.question(old.code);
            if (!kept) {
                problems.push_back("question " + inQuotes(old.code) + " of version " + std::to_string(previous.version) +
                                   " is missing");
            } else if (kept->type != old.type) {
                // Answers given under the old version would no longer fit the question.
                problems.push_back("question " + inQuotes(old.code) + " changes type from " + old.type + " to " +
                                   kept->type);
            }
        }
    }
    return problems;
}

std::optional<std::string> validateAnswer(const Template& t, const Question& q, const json& value) {
    if (value.is_null()) return std::nullopt;
    if (q.type == "choice") {
        const std::vector<std::string> allowed = t.allowedValues(q);
        if (!value.is_string() || !contains(allowed, value.get<std::string>()))
            return "must be one of: " + joined(allowed);
        return std::nullopt;
    }
    if (q.type == "number") {
        if (!value.is_number() || !std::isfinite(value.get<double>())) return "must be a number";
        const double d = value.get<double>();
        if (q.min && d < *q.min) return "must be at least " + formatNumber(*q.min);
        if (q.max && d > *q.max) return "must be at most " + formatNumber(*q.max);
        return std::nullopt;
    }
    if (q.type == "text") {
        if (!value.is_string()) return "must be text";
        const std::string& s = value.get_ref<const std::string&>();
        if (s.size() > kMaxTextBytes) return "must be at most " + std::to_string(kMaxTextBytes) + " bytes long";
        // Blank text is no answer (missingRequired's business), not a badly formatted one.
        if (q.pattern.empty() || s.empty()) return std::nullopt;
        const auto re = q.compiledPattern ? q.compiledPattern : compilePattern(q.pattern);
        if (!re->ok()) return "cannot be checked: the template's pattern is not a valid regular expression";
        if (!RE2::FullMatch(s, *re)) return "does not match the expected format";
        return std::nullopt;
    }
    if (q.type == "date") {
        if (!value.is_string() || !isIsoDate(value.get<std::string>())) return "must be a date as YYYY-MM-DD";
        return std::nullopt;
    }
    return "cannot be answered: unknown question type " + inQuotes(q.type);
}

bool isVisible(const Question& q, const AnswerLookup& answerOf) {
    if (!q.showIf) return true;
    const std::optional<std::string> answer = answerOf(q.showIf->question);
    return answer && contains(q.showIf->in, *answer);
}

std::vector<std::string> missingRequired(const Template& t, const AnswerLookup& answerOf) {
    std::vector<std::string> missing;
    for (const Section& s : t.sections) {
        for (const Question& q : s.questions) {
            if (!q.required || !visibleInTemplate(t, q, answerOf)) continue;
            const std::optional<std::string> answer = answerOf(q.code);
            if (!answer || trimmed(*answer).empty()) missing.push_back(q.code);
        }
    }
    return missing;
}

}  // namespace tandem
