#include "PersonalData.h"

#include <re2/re2.h>

namespace tandem {
namespace {

// The pieces, as RE2 syntax. A name is two or three capitalised words (an initial may sit between
// them); a date is numeric (12/03/2015, 1.2.15, 2015-03-12) or written (3 March 2016, 3rd of
// Mar 2016, March 3, 2016).
constexpr const char* kMonth =
    "(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|"
    "oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)";
const std::string kNumericDate = R"((?:\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}|\d{4}-\d{2}-\d{2}))";
const std::string kWrittenDate = std::string(R"((?:\d{1,2}(?i:st|nd|rd|th)?\s+(?i:of\s+)?)") + kMonth +
                                 R"(\.?,?\s+\d{2,4}|)" + kMonth + R"(\.?\s+\d{1,2}(?i:st|nd|rd|th)?,?\s+\d{4}))";
const std::string kDate = "(?:" + kNumericDate + "|" + kWrittenDate + ")";
const std::string kName = R"((?:[A-Z][a-z]+(?:['\-][A-Z]?[a-z]+)?\s+(?:[A-Z]\.?\s+)?[A-Z][a-z]+(?:['\-][A-Z]?[a-z]+)?))";
// "DOB", "D.O.B.", "d.o.b", "date of birth", "born", "born on", with what usually follows them.
const std::string kMarker = R"((?i:\bd\.?\s?o\.?\s?b\b\.?|\bdate\s+of\s+birth\b|\bborn(?:\s+on)?\b)[\s:,\-]*)";

// A date of birth, with the name before it when there is one: group 1 the whole, group 2 the name.
const re2::RE2& dateOfBirth() {
    static const re2::RE2 re("((?:(" + kName + R"()[\s,(]+)?)" + kMarker + kDate + ")");
    return re;
}
// A name followed at once by a date in brackets or after a comma: "Amy Jones (03/04/2016)".
const re2::RE2& nameWithDate() {
    static const re2::RE2 re("(" + kName + R"(\s*(?:\(\s*)" + kDate + R"(\s*\)|,\s*)" + kDate + "))");
    return re;
}

}  // namespace

std::vector<PersonalDataHit> findPersonalData(std::string_view text) {
    std::vector<PersonalDataHit> hits;
    re2::StringPiece rest(text.data(), text.size());
    std::string whole, name;
    while (RE2::FindAndConsume(&rest, dateOfBirth(), &whole, &name))
        hits.push_back({name.empty() ? PersonalDataHit::Kind::DateOfBirth : PersonalDataHit::Kind::NameWithDateOfBirth, whole});
    rest = re2::StringPiece(text.data(), text.size());
    while (RE2::FindAndConsume(&rest, nameWithDate(), &whole)) {
        // Already reported as a date of birth when a marker sits between them.
        bool seen = false;
        for (const auto& h : hits) seen = seen || h.excerpt.find(whole) != std::string::npos || whole.find(h.excerpt) != std::string::npos;
        if (!seen) hits.push_back({PersonalDataHit::Kind::NameWithDate, whole});
    }
    return hits;
}

std::string describe(const PersonalDataHit& hit) {
    switch (hit.kind) {
        case PersonalDataHit::Kind::DateOfBirth: return "looks like a date of birth: \"" + hit.excerpt + "\"";
        case PersonalDataHit::Kind::NameWithDateOfBirth:
            return "looks like a name with a date of birth: \"" + hit.excerpt + "\"";
        case PersonalDataHit::Kind::NameWithDate: return "looks like a name with a date: \"" + hit.excerpt + "\"";
    }
    return {};
}

}  // namespace tandem
