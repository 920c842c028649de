// The authorization matrix of tst_authz, written from sync-design.md and domain.md rather than
// from shared/Ownership.cpp: who may write each field (writer classes), who may see each record
// (scope), which workflow step belongs to whom, and which record states lock a field. The
// expected answer for a cell is computed here from those tables alone; the server is then asked.
#pragma once

#include "Domain.h"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

namespace tandem::test::authz {

// Who sees a record (sync-design.md "Scope"): the business office its whole partnership, the
// board the action plans, an agency lead everything of their agency, a practitioner their
// agency's actions and what is assigned to them.
enum class Scope {
    Everyone,        // reference data: the partnership's agencies, published templates
    Parties,         // reviews, actions and updates: all staff of the agencies party to them
    RoundAgencies,   // an audit round: the business office, the board, leads of its agencies
    Return,          // an audit return: the business office, the owner's lead, the assignee
    CaseAuditLeads,  // a case audit: the business office, leads of the lead and contributing agencies
};

// The state a record is in, for fields other than status.
enum class Lock {
    None,
    ForAgencies,  // a closed action, a submitted or approved return: only the business office writes
    ForEveryone,  // an approved progress update: append-only
};

// Who owns a workflow step (domain.md "Audit workflow", the action statuses).
enum class By {
    Nobody,          // not a status cell
    AgencyParties,   // the lead or a supporting agency, any of their staff (starting work)
    OwnerLead,       // the lead of the owning agency (submitting an action for closure)
    Completing,      // the completing agency: its lead or the assigned practitioner
    BusinessOffice,  // closing actions, receiving returns
};

struct RecordDef {
    std::string name;  // the logical name the fixture maps to a record id
    RecordKind kind;
    Scope scope;
    std::string owner;                    // owner agency (author's agency for an update)
    std::vector<std::string> supporting;  // supporting agencies (actions)
    std::vector<std::string> contributing;
    std::string assignee;
    std::vector<std::string> parties;  // agencies whose staff see it (Parties, RoundAgencies)
    Lock lock = Lock::None;
};

struct ActorDef {
    std::string name;
    Role role;
    std::string agency;
    std::string code;  // two letters for the summary table
};

// One cell row: a field of a record, with the writer classes the design gives it, highest
// precedence first ("bo", "own", "sup", "con"; empty: nobody on a device).
struct Target {
    std::string record, field;
    std::string writers;
    bool leadOnly = false;      // within the agency classes, only the agency lead
    By by = By::Nobody;         // for status cells: who owns the step to `value`
    std::string value;          // JSON text; empty: chosen from the field type
};

inline const std::string kOwn = "STH-SCHOOLS", kSup = "STH-COLLEGE", kOther = "STH-CSC", kOutsider = "CATCH22";

inline const std::vector<ActorDef>& actors() {
    static const std::vector<ActorDef> a = {
        {"bo.sthelens", Role::BusinessOffice, "SHC-BO", "BO"},
        {"board.sthelens", Role::Board, "SHC-BO", "BD"},
        {"lead.schools", Role::AgencyLead, kOwn, "OL"},          // owner agency's lead
        {"pc.schools.assigned", Role::Practitioner, kOwn, "OA"}, // owner practitioner, assignee
        {"pc.schools", Role::Practitioner, kOwn, "OP"},          // owner practitioner, not assigned
        {"lead.college", Role::AgencyLead, kSup, "SL"},          // supporting / contributing lead
        {"pc.college", Role::Practitioner, kSup, "SP"},          // supporting practitioner
        {"lead.csc", Role::AgencyLead, kOther, "XL"},            // another agency, party to the review
        {"pc.csc", Role::Practitioner, kOther, "XP"},
        {"lead.catch22", Role::AgencyLead, kOutsider, "ZL"},     // another agency, party to nothing
    };
    return a;
}

inline const std::vector<RecordDef>& records() {
    const std::vector<std::string> review{kOwn, kSup, kOther}, action{kOwn, kSup};
    static const std::vector<RecordDef> r = {
        {"agency", RecordKind::Agency, Scope::Everyone, kOwn, {}, {}, "", {}},
        {"template", RecordKind::Template, Scope::Everyone, "", {}, {}, "", {}},
        {"review", RecordKind::Review, Scope::Parties, "SHC-BO", {}, {}, "", review},
        {"finding", RecordKind::Finding, Scope::Parties, "SHC-BO", {}, {}, "", review},
        {"recommendation", RecordKind::Recommendation, Scope::Parties, "SHC-BO", {}, {}, "", review},
        {"action", RecordKind::Action, Scope::Parties, kOwn, {kSup}, {}, "", action},  // in_progress
        {"action.not_started", RecordKind::Action, Scope::Parties, kOwn, {kSup}, {}, "", action},
        {"action.submitted", RecordKind::Action, Scope::Parties, kOwn, {kSup}, {}, "", action},
        {"action.closed", RecordKind::Action, Scope::Parties, kOwn, {kSup}, {}, "", action, Lock::ForAgencies},
        {"update", RecordKind::ActionUpdate, Scope::Parties, kOwn, {}, {}, "", action},  // by lead.schools
        {"update.approved", RecordKind::ActionUpdate, Scope::Parties, kSup, {}, {}, "", action, Lock::ForEveryone},
        {"round", RecordKind::Round, Scope::RoundAgencies, "SHC-BO", {}, {}, "", action},
        // Section 11 return of the owner agency, assigned, not started.
        {"return", RecordKind::AuditReturn, Scope::Return, kOwn, {}, {}, "pc.schools.assigned", {}},
        // Case-file returns of the neglect audit: the owner's approved (locked for it), the
        // contributing agency's in progress.
        {"case_return.approved", RecordKind::AuditReturn, Scope::Return, kOwn, {}, {}, "pc.schools.assigned", {},
         Lock::ForAgencies},
        {"case_return.college", RecordKind::AuditReturn, Scope::Return, kSup, {}, {}, "pc.college", {}},
        {"case_audit", RecordKind::CaseAudit, Scope::CaseAuditLeads, kOwn, {}, {kSup}, "", {}},
    };
    return r;
}

inline const RecordDef& recordDef(const std::string& name) {
    for (const auto& r : records())
        if (r.name == name) return r;
    throw std::logic_error("no record " + name);
}

struct RuleTargets {
    RecordKind kind;
    std::string pattern;  // the ownership rule's field, as Ownership.cpp spells it
    std::vector<Target> targets;
};

// The design's writer classes (sync-design.md "Records, owners, fields"), one entry per rule of
// the ownership table. Where the design is silent: reference data and rounds belong to the
// business office (it "publishes templates, opens audit rounds, sets action plans"); ids, links
// and provenance (template, round, author, created_at) are set by the server, so nobody writes
// them from a device; published templates never change.
inline const std::vector<RuleTargets>& designTable() {
    using K = RecordKind;
    static const std::vector<RuleTargets> t = {
        // The partnership's case-code pattern is mirrored onto its business office's record by the server.
        {K::Agency, "case_code_pattern", {{"agency", "case_code_pattern", ""}}},
        {K::Agency, "*", {{"agency", "name", "bo"}}},
        {K::Template, "*", {{"template", "title", "", false, By::Nobody, "{\"title\":\"x\"}"}}},
        {K::Review, "code", {{"review", "code", "bo"}}},
        {K::Review, "title", {{"review", "title", "bo"}}},
        {K::Review, "review_type", {{"review", "review_type", "bo"}}},
        {K::Finding, "review", {{"finding", "review", "bo"}}},
        {K::Finding, "no", {{"finding", "no", "bo"}}},
        {K::Finding, "text", {{"finding", "text", "bo"}}},
        {K::Recommendation, "finding", {{"recommendation", "finding", "bo"}}},
        {K::Recommendation, "no", {{"recommendation", "no", "bo"}}},
        {K::Recommendation, "text", {{"recommendation", "text", "bo"}}},
        // Action: "title, description, target date, priority, closure decision: business office".
        {K::Action, "review", {{"action", "review", "bo"}}},
        {K::Action, "recommendation", {{"action", "recommendation", "bo"}}},
        {K::Action, "no", {{"action", "no", "bo"}}},
        {K::Action, "title", {{"action", "title", "bo"}, {"action.closed", "title", "bo"}}},
        {K::Action, "description", {{"action", "description", "bo"}}},
        {K::Action, "target_date", {{"action", "target_date", "bo"}}},
        {K::Action, "target_date_reason", {{"action", "target_date_reason", "bo"}}},
        {K::Action, "priority", {{"action", "priority", "bo"}}},
        {K::Action, "lead_agency", {{"action", "lead_agency", "bo"}}},
        {K::Action, "supporting_agencies", {{"action", "supporting_agencies", "bo"}}},
        {K::Action, "closure_decision", {{"action", "closure_decision", "bo"}}},
        {K::Action, "closure_evidence", {{"action", "closure_evidence", "bo"}}},
        {K::Action, "retest_date", {{"action", "retest_date", "bo"}}},
        // business-office.md: the closure date and the learning an action came from are the
        // business office's; the target date history is written by the server alone.
        {K::Action, "closure_date", {{"action", "closure_date", "bo"}}},
        {K::Action, "source", {{"action", "source", "bo"}}},
        {K::Action, "target_date_history", {{"action", "target_date_history", "", false, By::Nobody, "[]"}}},
        {K::Action, "anonymised", {{"action", "anonymised", "", false, By::Nobody, "true"}}},  // retention
        // "status (up to submitted for closure), progress, lead officer, proposed RAG: owner
        // agency, then supporting agencies"; the closure decision is the business office's.
        {K::Action, "status",
         {{"action", "status", "own,sup,bo", false, By::OwnerLead, "\"submitted_for_closure\""},
          {"action.not_started", "status", "own,sup,bo", false, By::AgencyParties, "\"in_progress\""},
          // Closing needs the evidence of impact (business-office.md), which this fixture lacks:
          // the business office's own step here is reopening a closed action.
          {"action.closed", "status", "own,sup,bo", false, By::BusinessOffice, "\"in_progress\""}}},
        {K::Action, "progress", {{"action", "progress", "own,sup"}, {"action.closed", "progress", "own,sup"}}},
        {K::Action, "lead_officer", {{"action", "lead_officer", "own,sup"}}},
        {K::Action, "rag_override", {{"action", "rag_override", "own,sup"}}},
        {K::Action, "rag_override_reason", {{"action", "rag_override_reason", "own,sup"}}},
        // "action update: everything: its author's agency (append-only once approved)"; the
        // agency lead approves (domain.md).
        {K::ActionUpdate, "action", {{"update", "action", "own"}}},
        {K::ActionUpdate, "narrative", {{"update", "narrative", "own"}, {"update.approved", "narrative", "own"}}},
        {K::ActionUpdate, "proposed_rag", {{"update", "proposed_rag", "own"}}},
        {K::ActionUpdate, "approved", {{"update", "approved", "own", true}}},
        {K::ActionUpdate, "author", {{"update", "author", ""}}},
        {K::ActionUpdate, "created_at", {{"update", "created_at", ""}}},
        {K::Round, "review", {{"round", "review", ""}}},
        {K::Round, "*", {{"round", "title", "bo"}}},
        // "audit return: answers, self scores: owner agency; moderated scores, moderator notes:
        // business office". The agency lead assigns work and comments.
        {K::AuditReturn, "status",
         {{"return", "status", "own,bo", false, By::Completing, "\"in_progress\""},
          {"case_return.approved", "status", "own,bo", false, By::BusinessOffice, "\"received\""},
          {"case_return.college", "status", "own,bo", false, By::Completing, "\"submitted\""}}},
        {K::AuditReturn, "assignee", {{"return", "assignee", "own", true}}},
        {K::AuditReturn, "lead_comment", {{"return", "lead_comment", "own", true}}},
        {K::AuditReturn, "a.*",
         {{"return", "a.S1.rating", "own", false, By::Nobody, "\"green\""},
          {"return", "a.S1.evidence", "own", false, By::Nobody, "\"Policy on the intranet\""},
          {"return", "a.S1.moderated", "bo", false, By::Nobody, "\"amber\""},  // writer: business_office
          {"case_return.approved", "a.G.grade", "own", false, By::Nobody, "\"good\""},
          {"case_return.approved", "a.G.moderated_grade", "bo", false, By::Nobody, "\"requires_improvement\""},
          {"case_return.college", "a.N2", "own", false, By::Nobody, "\"yes\""}}},
        {K::AuditReturn, "moderator_note", {{"return", "moderator_note", "bo"}}},
        {K::AuditReturn, "return_reason", {{"return", "return_reason", "bo,own"}}},
        {K::AuditReturn, "template", {{"return", "template", ""}}},
        {K::AuditReturn, "round", {{"return", "round", ""}}},
        {K::AuditReturn, "case_audit", {{"case_return.college", "case_audit", ""}}},
        {K::AuditReturn, "title", {{"return", "title", ""}}},
        {K::AuditReturn, "due_date", {{"return", "due_date", "bo"}}},
        // business-office.md "Agencies in several partnerships": send_to by the agency lead,
        // send_results and copied_from by the server.
        {K::AuditReturn, "send_to", {{"return", "send_to", "own", true, By::Nobody, "[\"knowsley\"]"}}},
        {K::AuditReturn, "send_results", {{"return", "send_results", ""}}},
        {K::AuditReturn, "copied_from", {{"return", "copied_from", ""}}},
        // Retention: when a return closed, and whether its free text has been cleared since.
        {K::AuditReturn, "closed_date", {{"return", "closed_date", "", false, By::Nobody, "\"2026-01-01\""}}},
        {K::AuditReturn, "anonymised", {{"return", "anonymised", "", false, By::Nobody, "true"}}},
        // "multi-agency case audit: overall grade and summary: lead agency, then contributing".
        {K::CaseAudit, "case_code", {{"case_audit", "case_code", "bo"}}},
        {K::CaseAudit, "theme", {{"case_audit", "theme", "bo"}}},
        {K::CaseAudit, "round", {{"case_audit", "round", ""}}},
        {K::CaseAudit, "contributing_agencies", {{"case_audit", "contributing_agencies", "bo"}}},
        {K::CaseAudit, "overall_grade", {{"case_audit", "overall_grade", "own,con"}}},
        {K::CaseAudit, "summary", {{"case_audit", "summary", "own,con"}}},
        {K::CaseAudit, "agreed_grade", {{"case_audit", "agreed_grade", "bo"}}},
        {K::CaseAudit, "learning", {{"case_audit", "learning", "bo"}}},
    };
    return t;
}

inline bool has(const std::vector<std::string>& v, const std::string& x) {
    return std::find(v.begin(), v.end(), x) != v.end();
}

inline bool visible(const ActorDef& a, const RecordDef& r) {
    const bool office = a.role == Role::BusinessOffice, board = a.role == Role::Board, lead = a.role == Role::AgencyLead;
    switch (r.scope) {
        case Scope::Everyone: return true;
        case Scope::Parties: return office || board || has(r.parties, a.agency);
        case Scope::RoundAgencies: return office || board || (lead && has(r.parties, a.agency));
        case Scope::Return: return office || (lead && a.agency == r.owner) || a.name == r.assignee;
        case Scope::CaseAuditLeads:
            return office || (lead && (a.agency == r.owner || has(r.contributing, a.agency)));
    }
    return false;
}

inline bool ownsStep(By by, const ActorDef& a, const RecordDef& r) {
    const bool lead = a.role == Role::AgencyLead;
    switch (by) {
        case By::Nobody: return false;
        case By::AgencyParties: return a.agency == r.owner || has(r.supporting, a.agency);
        case By::OwnerLead: return lead && a.agency == r.owner;
        case By::Completing: return a.agency == r.owner && (lead || a.name == r.assignee);
        case By::BusinessOffice: return a.role == Role::BusinessOffice;
    }
    return false;
}

// The answer the design gives: "applied", or the rejection code.
inline std::string expectedOutcome(const ActorDef& a, const RecordDef& r, const Target& t) {
    if (!visible(a, r)) return "unknown_record";  // outside the scope: its existence is not shared
    if (a.role == Role::Board) return "not_a_writer";  // the board reads
    std::string matched;
    size_t from = 0;
    while (matched.empty() && from < t.writers.size()) {
        const size_t comma = std::min(t.writers.find(',', from), t.writers.size());
        const std::string c = t.writers.substr(from, comma - from);
        from = comma + 1;
        if (c == "bo") {
            if (a.role == Role::BusinessOffice) matched = c;
            continue;
        }
        const bool in = c == "own" ? a.agency == r.owner : c == "sup" ? has(r.supporting, a.agency) : has(r.contributing, a.agency);
        if (!in || (t.leadOnly && a.role != Role::AgencyLead)) continue;
        // A practitioner completes only the returns assigned to them.
        if (r.kind == RecordKind::AuditReturn && a.role == Role::Practitioner && a.name != r.assignee) continue;
        matched = c;
    }
    if (matched.empty()) return "not_a_writer";
    if (t.by != By::Nobody) return ownsStep(t.by, a, r) ? "applied" : "not_allowed";
    if (r.lock == Lock::ForEveryone || (r.lock == Lock::ForAgencies && matched != "bo")) return "locked";
    return "applied";
}

}  // namespace tandem::test::authz
