// Words the app shows for machine values (statuses, RAG, fields, merge rules), who the user is to
// a record (the Actor the shared rules judge), and the names lists show in place of ids.
#pragma once

#include "Ownership.h"
#include "Replica.h"
#include "Template.h"

#include <QString>

#include <map>
#include <memory>
#include <set>
#include <string>

namespace tandem::app {

QString actionStatusLabel(const std::string& status);
QString returnStatusLabel(const std::string& status);
QString roleLabel(const std::string& role);
// "target_date" -> "Target date"; answers ("a.Q3") are labelled by the caller with the question text.
QString fieldLabel(const std::string& field);
// A merge rule stored in a conflict, as a sentence naming the agency whose value stands.
QString ruleSentence(const std::string& rule, const std::string& winnerAgency);
// A JSON value as a person reads it ("" for null, strings without quotes, lists comma-separated).
QString valueText(const nlohmann::json& value);
QString qs(const std::string& s);
std::string today();  // YYYY-MM-DD, local calendar

// How the signed-in user stands to a record, as Workspace and the server judge it.
Actor actorFor(const sync::Identity& me, const sync::LocalRecord& record);

// Names shown in lists in place of ids, read once per sync from the replica.
struct Lookups {
    std::map<std::string, std::string> agencyNames;   // agency code -> name
    std::map<std::string, std::string> reviewCodes;   // review id -> code
    std::map<std::string, std::string> reviewTitles;  // review id -> title
    std::map<std::string, std::string> roundTitles;   // round id -> title
    struct TemplateInfo {
        std::string key, kind, title;
        int questionCount = 0;
        std::shared_ptr<const Template> tmpl;  // null when the definition does not parse
    };
    std::map<std::string, TemplateInfo> templates;  // template id -> info
    // Question codes a list needs the answers of to count visible questions: show_if
    // controllers and the questions they hide, across all templates.
    std::set<std::string> conditionCodes;

    void load(sync::Replica& replica);
    std::string agencyName(const std::string& code) const;
};

}  // namespace tandem::app
