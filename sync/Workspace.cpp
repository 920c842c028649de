#include "Workspace.h"

#include "CaseCode.h"
#include "Ids.h"
#include "Ownership.h"
#include "PersonalData.h"
#include "Rag.h"
#include "Workflow.h"

#include <algorithm>
#include <chrono>
#include <ctime>

namespace tandem::sync {
namespace {

using nlohmann::json;

bool contains(const std::vector<std::string>& v, const std::string& x) {
    return std::find(v.begin(), v.end(), x) != v.end();
}

std::vector<std::string> stringList(const LocalRecord& r, const std::string& field) {
    auto it = r.fields.find(field);
    if (it == r.fields.end() || !it->second.is_array()) return {};
    std::vector<std::string> out;
    for (const auto& v : it->second)
        if (v.is_string()) out.push_back(v.get<std::string>());
    return out;
}


}  // namespace

std::string Workspace::caseCodePattern(const std::string& partnership) {
    for (const auto& a : replica_.records("agency"))
        if (a.text("sector") == "business_office" && contains(stringList(a, "partnerships"), partnership))
            return a.text(std::string(kCaseCodePatternSetting));
    return {};
}

std::vector<Workspace::PersonalDataWarning> Workspace::personalDataWarnings(const std::string& returnId) {
    std::vector<PersonalDataWarning> out;
    auto rec = replica_.record(returnId);
    if (!rec) return out;
    auto tmpl = templateOf(*rec);
    if (!tmpl) return out;
    for (const auto& section : tmpl->sections)
        for (const auto& q : section.questions) {
            if (q.type != "text") continue;
            const std::string answer = rec->text("a." + q.code);
            for (const auto& hit : findPersonalData(answer)) out.push_back({q.code, q.text, describe(hit)});
        }
    return out;
}

std::vector<LocalRecord> Workspace::actions() { return replica_.records("action"); }
std::vector<LocalRecord> Workspace::returns() { return replica_.records("audit_return"); }

std::vector<LocalRecord> Workspace::progressUpdates(const std::string& actionId) {
    auto all = replica_.records("action_update");
    std::vector<LocalRecord> out;
    for (auto& u : all)
        if (u.text("action") == actionId) out.push_back(std::move(u));
    return out;
}

std::string Workspace::ragOf(const LocalRecord& a, const std::string& today) {
    return deriveRag(a.text("status"), a.text("target_date"), a.text("rag_override"), today);
}

std::optional<Template> Workspace::templateOf(const LocalRecord& r) {
    auto t = replica_.record(r.text("template"));
    if (!t) return std::nullopt;
    auto it = t->fields.find("definition");
    if (it == t->fields.end()) return std::nullopt;
    auto parsed = parseTemplate(it->second);
    return parsed.tmpl;
}

EditResult Workspace::check(const LocalRecord& rec, const std::string& field, const json& value) {
    const auto kind = kindFromString(rec.kind);
    if (!kind) return EditResult::refused("Unknown record kind " + rec.kind + ".");
    const auto me = replica_.identity();
    if (!me) return EditResult::refused("Sign in first.");
    std::string questionWriter;
    std::optional<Template> tmpl;
    const Question* q = nullptr;
    if (*kind == RecordKind::AuditReturn && field.rfind("a.", 0) == 0) {
        tmpl = templateOf(rec);
        if (!tmpl) return EditResult::refused("The template of this return is not on this device yet; sync first.");
        q = tmpl->question(field.substr(2));
        if (!q) return EditResult::refused("The template has no question " + field.substr(2) + ".");
        questionWriter = q->writer;
    }
    const OwnershipRule* rule = findRule(*kind, field, questionWriter);
    if (!rule) return EditResult::refused("A " + rec.kind + " has no field \"" + field + "\".");
    Actor actor;
    actor.role = roleFromString(me->role).value_or(Role::Board);
    actor.businessOffice = actor.role == Role::BusinessOffice && contains(me->partnerships, rec.partnership);
    actor.owner = me->agency == rec.owner;
    actor.supporting = contains(stringList(rec, "supporting_agencies"), me->agency);
    actor.contributing = contains(stringList(rec, "contributing_agencies"), me->agency);
    actor.assignee = rec.text("assignee") == me->user;
    const auto rank = writerRank(*rule, *kind, actor);
    if (!rank) return EditResult::refused("You may not change \"" + field + "\" of this " + rec.kind + ".");
    if (auto bad = checkValueShape(rule->type, value)) return EditResult::refused("\"" + field + "\" " + *bad + ".");
    if (q)
        if (auto bad = validateAnswer(*tmpl, *q, value)) return EditResult::refused("Answer to " + q->code + " " + *bad + ".");
    if (isCaseCodeField(*kind, field, q) && value.is_string())
        if (auto bad = checkCaseCode(caseCodePattern(rec.partnership), value.get_ref<const std::string&>()))
            return EditResult::refused(*bad);
    const std::string status = rec.text("status");
    if (rule->type == FieldType::ActionStatus && status != value.get<std::string>()) {
        if (auto no = checkActionTransition(status, value.get<std::string>(), actor)) return EditResult::refused(no->message);
        if (auto no = checkClosureDecision(value.get<std::string>(), rec.text("closure_evidence"), rec.text("closure_decision")))
            return EditResult::refused(no->message);
    }
    if (rule->type == FieldType::ReturnStatus)
        if (auto no = checkReturnTransition(status, value.get<std::string>(), actor)) return EditResult::refused(no->message);
    auto approved = rec.fields.find("approved");
    if (auto locked = checkEditable(*kind, *rule, rule->writers[static_cast<size_t>(*rank)], status,
                                    approved != rec.fields.end() && approved->second == json(true)))
        return EditResult::refused(locked->message);
    return {};
}

EditResult Workspace::setField(const std::string& recordId, const std::string& field, const json& value) {
    auto rec = replica_.record(recordId);
    if (!rec) return EditResult::refused("No record " + recordId + " on this device.");
    auto ok = check(*rec, field, value);
    if (!ok.ok) return ok;
    return {true, "", outbox_.enqueue(recordId, field, value)};
}

EditResult Workspace::setFieldText(const std::string& recordId, const std::string& field, const std::string& text) {
    auto rec = replica_.record(recordId);
    if (!rec) return EditResult::refused("No record " + recordId + " on this device.");
    const auto kind = kindFromString(rec->kind);
    const OwnershipRule* rule = kind ? findRule(*kind, field) : nullptr;
    json value = text;
    if (rule && rule->type == FieldType::Boolean) value = text == "true" || text == "yes";
    if (rule && rule->type == FieldType::AgencyList) {
        value = json::array();
        size_t start = 0;
        while (start <= text.size()) {
            const size_t end = text.find(',', start);
            const std::string item = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
            if (!item.empty()) value.push_back(item);
            if (end == std::string::npos) break;
            start = end + 1;
        }
    }
    return setField(recordId, field, value);
}

EditResult Workspace::addProgressUpdate(const std::string& actionId, const std::string& narrative,
                                        const std::string& proposedRag) {
    auto action = replica_.record(actionId);
    if (!action || action->kind != "action") return EditResult::refused("No action " + actionId + " on this device.");
    const auto me = replica_.identity();
    if (!me) return EditResult::refused("Sign in first.");
    const bool party = me->agency == action->owner || contains(stringList(*action, "supporting_agencies"), me->agency) ||
                       me->role == "business_office";
    if (!party || me->role == "board")
        return EditResult::refused("Only the lead or a supporting agency of the action may add a progress update.");
    if (narrative.empty()) return EditResult::refused("A progress update needs a narrative.");
    if (auto bad = checkValueShape(FieldType::Rag, proposedRag)) return EditResult::refused("Proposed RAG " + *bad + ".");
    const std::string id = outbox_.create("action_update", actionId, action->partnership, me->agency);
    outbox_.enqueue(id, "narrative", narrative);
    if (!proposedRag.empty()) outbox_.enqueue(id, "proposed_rag", proposedRag);
    return {true, "", id};
}

EditResult Workspace::answer(const std::string& returnId, const std::string& code, const std::string& text) {
    auto rec = replica_.record(returnId);
    if (!rec || rec->kind != "audit_return") return EditResult::refused("No return " + returnId + " on this device.");
    auto tmpl = templateOf(*rec);
    if (!tmpl) return EditResult::refused("The template of this return is not on this device yet; sync first.");
    const Question* q = tmpl->question(code);
    if (!q) return EditResult::refused("The template has no question " + code + ".");
    json value = text;
    if (text.empty()) value = nullptr;
    else if (q->type == "number") {
        try {
            size_t used = 0;
            const double d = std::stod(text, &used);
            if (used != text.size()) throw std::invalid_argument(text);
            value = d == static_cast<double>(static_cast<long long>(d)) ? json(static_cast<long long>(d)) : json(d);
        } catch (const std::exception&) {
            return EditResult::refused("Answer to " + code + " must be a number.");
        }
    }
    auto ok = check(*rec, "a." + code, value);
    if (!ok.ok) return ok;
    // The first answer starts the return: assigned moves to in progress with it.
    if (rec->text("status") == "assigned") {
        auto moved = setField(returnId, "status", "in_progress");
        if (!moved.ok) return moved;
    }
    return {true, "", outbox_.enqueue(returnId, "a." + code, value)};
}

EditResult Workspace::transition(const std::string& returnId, const std::string& to) {
    auto rec = replica_.record(returnId);
    if (!rec || rec->kind != "audit_return") return EditResult::refused("No return " + returnId + " on this device.");
    return setField(returnId, "status", to);
}

EditResult Workspace::submit(const std::string& returnId) {
    auto rec = replica_.record(returnId);
    if (!rec || rec->kind != "audit_return") return EditResult::refused("No return " + returnId + " on this device.");
    auto tmpl = templateOf(*rec);
    if (!tmpl) return EditResult::refused("The template of this return is not on this device yet; sync first.");
    auto answerOf = [&](std::string_view code) -> std::optional<std::string> {
        auto it = rec->fields.find("a." + std::string(code));
        if (it == rec->fields.end() || it->second.is_null()) return std::nullopt;
        return it->second.is_string() ? it->second.get<std::string>() : it->second.dump();
    };
    const auto missing = missingRequired(*tmpl, answerOf);
    if (!missing.empty()) {
        std::string list;
        for (const auto& m : missing) list += (list.empty() ? "" : ", ") + m;
        return EditResult::refused(std::to_string(missing.size()) + " required answers are missing: " + list + ".");
    }
    return transition(returnId, "submitted");
}

EditResult Workspace::resolveConflict(const std::string& conflictId, bool applyMine) {
    for (const auto& c : replica_.conflicts(true)) {
        if (c.id != conflictId) continue;
        EditResult r;
        if (applyMine) {
            r = setField(c.record, c.field, c.loserValue);
            if (!r.ok) return r;
        }
        replica_.markConflictResolved(c.id);
        return r;
    }
    return EditResult::refused("No conflict " + conflictId + " on this device.");
}

EditResult Workspace::approve(const std::string& returnId) { return transition(returnId, "approved"); }

EditResult Workspace::sendBack(const std::string& returnId, const std::string& comment) {
    auto rec = replica_.record(returnId);
    if (!rec || rec->kind != "audit_return") return EditResult::refused("No return " + returnId + " on this device.");
    if (comment.empty()) return EditResult::refused("Say why the return goes back: a comment is required.");
    const auto me = replica_.identity();
    const std::string field = me && me->role == "business_office" ? "return_reason" : "lead_comment";
    auto ok = check(*rec, "status", "returned");
    if (!ok.ok) return ok;
    // The comment travels with the return: judge it as it will be, returned.
    LocalRecord returned = *rec;
    returned.fields["status"] = "returned";
    ok = check(returned, field, comment);
    if (!ok.ok) return ok;
    outbox_.enqueue(returnId, "status", "returned");
    return {true, "", outbox_.enqueue(returnId, field, comment)};
}

EditResult Workspace::queueAll(const std::string& recordId, const std::vector<std::pair<std::string, json>>& edits) {
    auto rec = replica_.record(recordId);
    if (!rec) return EditResult::refused("No record " + recordId + " on this device.");
    LocalRecord after = *rec;
    for (const auto& [field, value] : edits) {
        auto ok = check(after, field, value);
        if (!ok.ok) return ok;
        after.fields[field] = value;
    }
    // All the edits or none: a crash half-way must not leave a closure without its evidence.
    sql::Transaction tx(replica_.db());
    std::string last;
    for (const auto& [field, value] : edits) last = outbox_.enqueue(recordId, field, value);
    tx.commit();
    return {true, "", last};
}

EditResult Workspace::createRecord(RecordKind kind, const std::string& parent, const std::map<std::string, json>& fields) {
    const auto me = replica_.identity();
    if (!me) return EditResult::refused("Sign in first.");
    const std::string kindName(toString(kind));
    auto parentOfKind = [&](std::initializer_list<const char*> kinds) -> std::optional<LocalRecord> {
        auto p = replica_.record(parent);
        if (!p) return std::nullopt;
        for (const char* k : kinds)
            if (p->kind == k) return p;
        return std::nullopt;
    };
    LocalRecord draft;
    draft.kind = kindName;
    draft.owner = me->agency;
    // The links the server sets when it creates the record, shown on the device until then.
    std::vector<std::pair<std::string, json>> edits;
    json extra = json::object();
    switch (kind) {
        case RecordKind::Review:
            draft.partnership = parent;
            break;
        case RecordKind::Finding: {
            auto review = parentOfKind({"review"});
            if (!review) return EditResult::refused("No review " + parent + " on this device.");
            draft.partnership = review->partnership;
            edits.emplace_back("review", parent);
            break;
        }
        case RecordKind::Recommendation: {
            auto finding = parentOfKind({"finding"});
            if (!finding) return EditResult::refused("No finding " + parent + " on this device.");
            draft.partnership = finding->partnership;
            edits.emplace_back("finding", parent);
            break;
        }
        case RecordKind::Action: {
            auto up = parentOfKind({"recommendation", "review"});
            if (!up) return EditResult::refused("No recommendation or review " + parent + " on this device.");
            draft.partnership = up->partnership;
            if (up->kind == "review") {
                edits.emplace_back("review", parent);
            } else {
                auto finding = replica_.record(up->text("finding"));
                if (finding) edits.emplace_back("review", finding->text("review"));
                edits.emplace_back("recommendation", parent);
            }
            auto lead = fields.find("lead_agency");
            if (lead == fields.end() || !lead->second.is_string() || lead->second.get<std::string>().empty())
                return EditResult::refused("A new action needs a lead agency.");
            const std::string code = lead->second.get<std::string>();
            auto agency = replica_.record("agency:" + code);
            if (!agency || !contains(stringList(*agency, "partnerships"), draft.partnership))
                return EditResult::refused("The lead agency must be an agency of " + draft.partnership + ".");
            draft.owner = code;
            extra["lead_agency"] = code;
            break;
        }
        default:
            return EditResult::refused("Only reviews, findings, recommendations and actions are created this way.");
    }
    if (me->role != "business_office" || !contains(me->partnerships, draft.partnership))
        return EditResult::refused("Only the business office of " + draft.partnership + " may create a " + kindName + ".");
    for (const auto& [field, value] : fields) edits.emplace_back(field, value);
    for (const auto& [field, value] : edits) {
        auto ok = check(draft, field, value);
        if (!ok.ok) return ok;
        draft.fields[field] = value;
    }
    // The record and its first fields in one transaction: a crash leaves all of it or none.
    sql::Transaction tx(replica_.db());
    const std::string id = outbox_.create(kindName, parent, draft.partnership, draft.owner, extra);
    for (const auto& [field, value] : edits) outbox_.enqueue(id, field, value);
    tx.commit();
    return {true, "", id};
}

EditResult Workspace::changeTargetDate(const std::string& actionId, const std::string& date, const std::string& reason) {
    if (reason.empty()) return EditResult::refused("Say why the target date changes: a reason is required.");
    if (!isIsoDate(date)) return EditResult::refused("The target date must be a date YYYY-MM-DD.");
    // The reason goes first: the server files it with the move in the action's history.
    return queueAll(actionId, {{"target_date_reason", reason}, {"target_date", date}});
}

EditResult Workspace::closeAction(const std::string& actionId, const std::string& impactEvidence,
                                  const std::string& closureDate, const std::string& retestDate) {
    std::vector<std::pair<std::string, json>> edits{{"closure_evidence", impactEvidence},
                                                    {"closure_date", closureDate.empty() ? todayIso() : closureDate}};
    if (!retestDate.empty()) edits.emplace_back("retest_date", retestDate);
    edits.emplace_back("status", std::string(action_status::Closed));
    return queueAll(actionId, edits);
}

EditResult Workspace::returnAction(const std::string& actionId, const std::string& reason) {
    return queueAll(actionId, {{"closure_decision", reason}, {"status", std::string(action_status::Returned)}});
}

EditResult Workspace::supersedeAction(const std::string& actionId, const std::string& reason) {
    return queueAll(actionId, {{"closure_decision", reason}, {"status", std::string(action_status::Superseded)}});
}

EditResult Workspace::receive(const std::string& returnId) { return transition(returnId, "received"); }

EditResult Workspace::markModerated(const std::string& returnId, const std::string& note) {
    auto rec = replica_.record(returnId);
    if (!rec || rec->kind != "audit_return") return EditResult::refused("No return " + returnId + " on this device.");
    return queueAll(returnId, {{"moderator_note", note}, {"status", std::string(return_status::Moderated)}});
}

EditResult Workspace::agreeCase(const std::string& caseAuditId, const std::string& grade, const std::string& learning) {
    auto rec = replica_.record(caseAuditId);
    if (!rec || rec->kind != "case_audit") return EditResult::refused("No case audit " + caseAuditId + " on this device.");
    return queueAll(caseAuditId, {{"agreed_grade", grade}, {"learning", learning}});
}

EditResult Workspace::actionFromLearning(const std::string& caseAuditId, const std::string& title,
                                         const std::string& leadAgency, const std::string& targetDate) {
    auto ca = replica_.record(caseAuditId);
    if (!ca || ca->kind != "case_audit") return EditResult::refused("No case audit " + caseAuditId + " on this device.");
    auto round = replica_.record(ca->text("round"));
    const std::string review = round ? round->text("review") : std::string();
    if (review.empty()) return EditResult::refused("The round of this case audit has no learning review on this device; sync first.");
    if (title.empty()) return EditResult::refused("An action needs a title.");
    std::map<std::string, json> fields{{"title", title}, {"lead_agency", leadAgency}, {"source", caseAuditId}};
    if (!targetDate.empty()) fields["target_date"] = targetDate;
    return createRecord(RecordKind::Action, review, fields);
}

EditResult Workspace::setSendTo(const std::string& returnId, const std::vector<std::string>& partnerships) {
    auto rec = replica_.record(returnId);
    if (!rec || rec->kind != "audit_return") return EditResult::refused("No return " + returnId + " on this device.");
    return setField(returnId, "send_to", json(partnerships));
}

}  // namespace tandem::sync
