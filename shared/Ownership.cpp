#include "Ownership.h"

#include <nlohmann/json.hpp>

namespace tandem {
namespace {

using W = WriterClass;
using K = RecordKind;
using F = FieldType;

const std::vector<OwnershipRule>& table() {
    static const std::vector<OwnershipRule> rules = {
        // Reference data is set by the business office (or by the admin import).
        // The partnership's case-code pattern, mirrored by the server onto its business office's
        // record so that devices see it (server/PartnershipSettings.h).
        {K::Agency, "case_code_pattern", F::Text, {}},
        {K::Agency, "*", F::Text, {W::BusinessOffice}},
        {K::Template, "*", F::Json, {}},
        {K::Review, "code", F::Text, {W::BusinessOffice}},
        {K::Review, "title", F::Text, {W::BusinessOffice}},
        {K::Review, "review_type", F::Text, {W::BusinessOffice}},
        {K::Finding, "review", F::Text, {W::BusinessOffice}},
        {K::Finding, "no", F::Text, {W::BusinessOffice}},
        {K::Finding, "text", F::Text, {W::BusinessOffice}},
        {K::Recommendation, "finding", F::Text, {W::BusinessOffice}},
        {K::Recommendation, "no", F::Text, {W::BusinessOffice}},
        {K::Recommendation, "text", F::Text, {W::BusinessOffice}},
        // Action: what and when belong to the business office...
        {K::Action, "review", F::Text, {W::BusinessOffice}},
        {K::Action, "recommendation", F::Text, {W::BusinessOffice}},
        {K::Action, "no", F::Text, {W::BusinessOffice}},
        {K::Action, "title", F::Text, {W::BusinessOffice}},
        {K::Action, "description", F::Text, {W::BusinessOffice}},
        {K::Action, "target_date", F::Date, {W::BusinessOffice}},
        {K::Action, "target_date_reason", F::Text, {W::BusinessOffice}},
        {K::Action, "priority", F::Text, {W::BusinessOffice}},
        {K::Action, "lead_agency", F::Text, {W::BusinessOffice}},
        {K::Action, "supporting_agencies", F::AgencyList, {W::BusinessOffice}},
        {K::Action, "closure_decision", F::Text, {W::BusinessOffice}},
        {K::Action, "closure_evidence", F::Text, {W::BusinessOffice}},
        {K::Action, "retest_date", F::Date, {W::BusinessOffice}},
        {K::Action, "closure_date", F::Date, {W::BusinessOffice}},
        {K::Action, "source", F::Text, {W::BusinessOffice}},  // the case audit whose learning it came from
        // Appended by the server whenever target_date moves: {from, to, reason, by, on} entries.
        {K::Action, "target_date_history", F::Json, {}},
        // Set by retention once the action's free text is cleared (server/Retention.h).
        {K::Action, "anonymised", F::Boolean, {}},
        // ...how it is going belongs to the agencies doing it, the lead agency first.
        {K::Action, "status", F::ActionStatus, {W::OwnerAgency, W::SupportingAgency, W::BusinessOffice}},
        {K::Action, "progress", F::Text, {W::OwnerAgency, W::SupportingAgency}},
        {K::Action, "lead_officer", F::Text, {W::OwnerAgency, W::SupportingAgency}},
        {K::Action, "rag_override", F::Rag, {W::OwnerAgency, W::SupportingAgency}},
        {K::Action, "rag_override_reason", F::Text, {W::OwnerAgency, W::SupportingAgency}},
        // A progress update belongs to its author's agency; the lead approves it.
        {K::ActionUpdate, "action", F::Text, {W::OwnerAgency}},
        {K::ActionUpdate, "narrative", F::Text, {W::OwnerAgency}},
        {K::ActionUpdate, "proposed_rag", F::Rag, {W::OwnerAgency}},
        {K::ActionUpdate, "approved", F::Boolean, {W::OwnerAgency}, true},
        {K::ActionUpdate, "author", F::Text, {}},
        {K::ActionUpdate, "created_at", F::Text, {}},
        {K::Round, "review", F::Text, {}},  // a case-audit round's learning review, made with it
        {K::Round, "*", F::Text, {W::BusinessOffice}},
        // Audit return: answers and self scores are the completing agency's...
        {K::AuditReturn, "status", F::ReturnStatus, {W::OwnerAgency, W::BusinessOffice}},
        {K::AuditReturn, "assignee", F::Text, {W::OwnerAgency}, true},
        {K::AuditReturn, "lead_comment", F::Text, {W::OwnerAgency}, true},
        {K::AuditReturn, "a.*", F::Answer, {W::OwnerAgency}},
        // ...moderation is the business office's.
        {K::AuditReturn, "moderator_note", F::Text, {W::BusinessOffice}},
        {K::AuditReturn, "return_reason", F::Text, {W::BusinessOffice, W::OwnerAgency}},
        {K::AuditReturn, "template", F::Text, {}},
        {K::AuditReturn, "round", F::Text, {}},
        {K::AuditReturn, "case_audit", F::Text, {}},
        {K::AuditReturn, "title", F::Text, {}},
        {K::AuditReturn, "due_date", F::Date, {W::BusinessOffice}},
        // Agencies in several partnerships: the lead names the partnerships that get a copy on
        // approval; the server writes what happened and, on each copy, where it came from.
        {K::AuditReturn, "send_to", F::AgencyList, {W::OwnerAgency}, true},
        {K::AuditReturn, "send_results", F::Json, {}},
        {K::AuditReturn, "copied_from", F::Text, {}},
        // When it was closed (its retention period runs from then) and whether retention has
        // cleared its free text since; both written by the server only.
        {K::AuditReturn, "closed_date", F::Date, {}},
        {K::AuditReturn, "anonymised", F::Boolean, {}},
        // Multi-agency case audit: the overall view is led by the lead agency.
        {K::CaseAudit, "case_code", F::Text, {W::BusinessOffice}},
        {K::CaseAudit, "theme", F::Text, {W::BusinessOffice}},
        {K::CaseAudit, "round", F::Text, {}},
        {K::CaseAudit, "contributing_agencies", F::AgencyList, {W::BusinessOffice}},
        {K::CaseAudit, "overall_grade", F::Text, {W::OwnerAgency, W::ContributingAgency}},
        {K::CaseAudit, "summary", F::Text, {W::OwnerAgency, W::ContributingAgency}},
        {K::CaseAudit, "agreed_grade", F::Text, {W::BusinessOffice}},
        {K::CaseAudit, "learning", F::Text, {W::BusinessOffice}},
    };
    return rules;
}

// Moderation questions in a template (`writer: business_office`) are a separate class.
const OwnershipRule kModeratedAnswer{K::AuditReturn, "a.*", F::Answer, {W::BusinessOffice}};

bool matches(std::string_view pattern, std::string_view field) {
    if (!pattern.empty() && pattern.back() == '*') {
        const auto prefix = pattern.substr(0, pattern.size() - 1);
        return field.size() > prefix.size() && field.substr(0, prefix.size()) == prefix;
    }
    return pattern == field;
}

bool inClass(W c, const Actor& a) {
    switch (c) {
        case W::BusinessOffice: return a.businessOffice;
        case W::OwnerAgency: return a.owner;
        case W::SupportingAgency: return a.supporting;
        case W::ContributingAgency: return a.contributing;
    }
    return false;
}

}  // namespace

std::string_view toString(WriterClass c) {
    switch (c) {
        case W::BusinessOffice: return "business_office";
        case W::OwnerAgency: return "owner_agency";
        case W::SupportingAgency: return "supporting_agency";
        case W::ContributingAgency: return "contributing_agency";
    }
    return "?";
}

std::span<const OwnershipRule> ownershipTable() { return table(); }

const OwnershipRule* findRule(RecordKind kind, std::string_view field, std::string_view questionWriter) {
    for (const auto& r : table()) {
        if (r.kind != kind || !matches(r.field, field)) continue;
        if (r.type == F::Answer && questionWriter == "business_office") return &kModeratedAnswer;
        return &r;
    }
    return nullptr;
}

std::optional<int> writerRank(const OwnershipRule& rule, RecordKind kind, const Actor& actor) {
    if (actor.role == Role::Board) return std::nullopt;  // the board reads, never writes
    for (size_t i = 0; i < rule.writers.size(); ++i) {
        const W c = rule.writers[i];
        if (!inClass(c, actor)) continue;
        const bool agencyClass = c != W::BusinessOffice;
        if (agencyClass && rule.agencyLeadOnly && actor.role != Role::AgencyLead) continue;
        // A practitioner completes only the returns assigned to them; the lead any of the agency's.
        if (agencyClass && kind == K::AuditReturn && actor.role == Role::Practitioner && !actor.assignee)
            continue;
        return static_cast<int>(i);
    }
    return std::nullopt;
}

std::optional<std::string> checkValueShape(FieldType type, const nlohmann::json& v) {
    auto textOk = [&](const nlohmann::json& s) {
        return s.is_string() && s.get_ref<const std::string&>().size() <= kMaxTextLength;
    };
    switch (type) {
        case F::Text:
            if (v.is_null() || textOk(v)) return std::nullopt;
            return "must be a string of at most 20000 bytes";
        case F::Date:
            if (v.is_null() || (v.is_string() && (v.get_ref<const std::string&>().empty() ||
                                                  isIsoDate(v.get_ref<const std::string&>()))))
                return std::nullopt;
            return "must be a date YYYY-MM-DD";
        case F::ActionStatus:
            if (v.is_string() && action_status::valid(v.get_ref<const std::string&>())) return std::nullopt;
            return "must be one of not_started, in_progress, submitted_for_closure, closed, returned, superseded";
        case F::ReturnStatus:
            if (v.is_string() && return_status::valid(v.get_ref<const std::string&>())) return std::nullopt;
            return "must be a return status";
        case F::Rag: {
            if (v.is_null()) return std::nullopt;
            if (v.is_string()) {
                const auto& s = v.get_ref<const std::string&>();
                if (s.empty() || s == "red" || s == "amber" || s == "green") return std::nullopt;
            }
            return "must be red, amber, green or empty";
        }
        case F::AgencyList:
            if (v.is_array()) {
                for (const auto& e : v)
                    if (!e.is_string() || e.get_ref<const std::string&>().size() > 64)
                        return "must be a list of agency codes";
                return std::nullopt;
            }
            return "must be a list of agency codes";
        case F::Boolean:
            if (v.is_boolean()) return std::nullopt;
            return "must be true or false";
        case F::Json:
            if (v.is_object() || v.is_array()) return std::nullopt;
            return "must be an object";
        case F::Answer:
            return std::nullopt;  // the template decides
    }
    return "unknown field type";
}

}  // namespace tandem
