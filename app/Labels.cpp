#include "Labels.h"

#include "ReplicaQueries.h"
#include "Template.h"

#include <QDate>

#include <algorithm>

namespace tandem::app {

QString qs(const std::string& s) { return QString::fromStdString(s); }

std::string today() { return QDate::currentDate().toString(Qt::ISODate).toStdString(); }

QString actionStatusLabel(const std::string& s) {
    static const std::map<std::string, QString> labels = {
        {"not_started", "Not started"}, {"in_progress", "In progress"}, {"submitted_for_closure", "Submitted for closure"},
        {"closed", "Closed"},           {"returned", "Returned"},       {"superseded", "Superseded"}};
    auto it = labels.find(s);
    return it != labels.end() ? it->second : qs(s);
}

QString returnStatusLabel(const std::string& s) {
    static const std::map<std::string, QString> labels = {
        {"assigned", "Assigned"}, {"in_progress", "Draft"},     {"submitted", "Submitted"}, {"approved", "Approved"},
        {"returned", "Returned"}, {"received", "Received"},     {"moderated", "Moderated"}, {"closed", "Closed"}};
    auto it = labels.find(s);
    return it != labels.end() ? it->second : qs(s);
}

QString roleLabel(const std::string& role) {
    static const std::map<std::string, QString> labels = {{"practitioner", "Practitioner"},
                                                          {"agency_lead", "Agency lead"},
                                                          {"business_office", "Business office"},
                                                          {"board", "Board member"}};
    auto it = labels.find(role);
    return it != labels.end() ? it->second : qs(role);
}

QString fieldLabel(const std::string& field) {
    static const std::map<std::string, QString> labels = {
        {"rag_override", "RAG override"}, {"rag_override_reason", "Reason for the RAG override"},
        {"lead_comment", "Lead's comment"}, {"return_reason", "Reason for return"}, {"proposed_rag", "Proposed RAG"}};
    auto it = labels.find(field);
    if (it != labels.end()) return it->second;
    QString s = qs(field);
    s.replace('_', ' ');
    if (!s.isEmpty()) s[0] = s[0].toUpper();
    return s;
}

QString ruleSentence(const std::string& rule, const std::string& winnerAgency) {
    const QString who = qs(winnerAgency);
    if (rule == "higher_precedence_wins")
        return QString("%1 has the stronger claim to this field: its value stands.").arg(who);
    if (rule == "same_class_later_arrival_wins")
        return QString("Both edits had the same standing; the one that reached the server last (%1's) stands.").arg(who);
    if (rule == "same_value") return "Both edits gave the same value.";
    return QString("Decided by the rule \"%1\"; %2's value stands.").arg(qs(rule), who);
}

QString valueText(const nlohmann::json& v) {
    if (v.is_null()) return {};
    if (v.is_string()) return qs(v.get<std::string>());
    if (v.is_boolean()) return v.get<bool>() ? "Yes" : "No";
    if (v.is_array()) {
        QStringList parts;
        for (const auto& x : v) parts << valueText(x);
        return parts.join(", ");
    }
    return qs(v.dump());
}

Actor actorFor(const sync::Identity& me, const sync::LocalRecord& rec) {
    auto listHas = [&](const char* field) {
        auto it = rec.fields.find(field);
        if (it == rec.fields.end() || !it->second.is_array()) return false;
        return std::any_of(it->second.begin(), it->second.end(), [&](const nlohmann::json& x) { return x == me.agency; });
    };
    Actor a;
    a.role = roleFromString(me.role).value_or(Role::Board);
    a.businessOffice = a.role == Role::BusinessOffice &&
                       std::find(me.partnerships.begin(), me.partnerships.end(), rec.partnership) != me.partnerships.end();
    a.owner = me.agency == rec.owner;
    a.supporting = listHas("supporting_agencies");
    a.contributing = listHas("contributing_agencies");
    a.assignee = rec.text("assignee") == me.user;
    return a;
}

void Lookups::load(sync::Replica& replica) {
    agencyNames.clear();
    for (const auto& [id, name] : sync::fieldOfKind(replica, "agency", "name"))
        agencyNames[id.rfind("agency:", 0) == 0 ? id.substr(7) : id] = name;
    reviewCodes = sync::fieldOfKind(replica, "review", "code");
    reviewTitles = sync::fieldOfKind(replica, "review", "title");
    roundTitles = sync::fieldOfKind(replica, "round", "title");
    templates.clear();
    conditionCodes.clear();
    for (const auto& t : replica.records("template")) {
        TemplateInfo info;
        info.key = t.text("key");
        info.kind = t.text("kind");
        info.title = t.text("title");
        auto def = t.fields.find("definition");
        if (def != t.fields.end()) {
            if (auto parsed = parseTemplate(def->second); parsed.tmpl) {
                if (info.title.empty()) info.title = parsed.tmpl->title;
                if (info.kind.empty()) info.kind = parsed.tmpl->kind;
                for (const auto& s : parsed.tmpl->sections) {
                    info.questionCount += static_cast<int>(s.questions.size());
                    for (const auto& q : s.questions)
                        if (q.showIf) conditionCodes.insert({q.code, q.showIf->question});
                }
                info.tmpl = std::make_shared<const Template>(std::move(*parsed.tmpl));
            }
        }
        templates[t.id] = info;
    }
}

std::string Lookups::agencyName(const std::string& code) const {
    auto it = agencyNames.find(code);
    return it != agencyNames.end() && !it->second.empty() ? it->second : code;
}

}  // namespace tandem::app
