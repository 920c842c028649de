#include "Push.h"

#include "ApiError.h"
#include "AuditLog.h"
#include "CaseCode.h"
#include "Ids.h"
#include "Merge.h"
#include "RecordWrites.h"
#include "Scope.h"
#include "Workflow.h"

#include <algorithm>

namespace tandem::server {
namespace {

using nlohmann::json;
using protocol::ChangeResult;
using protocol::Outcome;

std::string writersText(const OwnershipRule& rule) {
    if (rule.writers.empty()) return "nobody (it is set by the server)";
    std::string out;
    for (size_t i = 0; i < rule.writers.size(); ++i) {
        if (i) out += i + 1 == rule.writers.size() ? " or " : ", ";
        out += std::string(toString(rule.writers[i]));
    }
    if (rule.agencyLeadOnly) out += " (agency lead)";
    return out;
}

bool isStatusField(const OwnershipRule& rule) {
    return rule.type == FieldType::ActionStatus || rule.type == FieldType::ReturnStatus;
}

std::string stringValue(const std::optional<StoredField>& f) {
    return f && f->value.is_string() ? f->value.get<std::string>() : std::string();
}


bool visibleTo(StoreSession& s, const std::string& recordId, const std::vector<std::string>& keys) {
    const auto audience = s.audience(recordId);
    return std::any_of(audience.begin(), audience.end(), [&](const std::string& k) {
        return std::find(keys.begin(), keys.end(), k) != keys.end();
    });
}

// The kinds a new action-plan record may hang under.
bool parentFits(const std::string& kind, const std::string& parentKind) {
    if (kind == "finding") return parentKind == "review";
    if (kind == "recommendation") return parentKind == "finding";
    if (kind == "action") return parentKind == "recommendation" || parentKind == "review";
    return false;
}

}  // namespace

std::vector<ChangeResult> PushProcessor::push(const Caller& caller, const std::vector<protocol::Change>& changes) {
    if (changes.size() > kMaxChangesPerPush)
        throw ApiError(413, "batch_too_large", "A push may carry at most 1000 changes.");
    std::vector<ChangeResult> results;
    const auto keys = keysFor(caller.user, caller.partnerships);
    store_.write([&](StoreSession& s) {
        results.clear();
        auto device = s.device(caller.device.id);
        if (!device || device->revoked) throw ApiError(401, "device_revoked", "This device has been revoked.");
        std::int64_t last = device->lastSeq;
        // The audit entry of this push: one per unit, listing each new change and its outcome
        // (replays were recorded the first time). One insert per push keeps the hot path cheap.
        json audited = json::array();
        for (const auto& c : changes) {
            if (c.seq <= last) {
                // A replay: answer what was answered the first time.
                auto prior = s.resultByDeviceSeq(device->id, c.seq);
                if (!prior) throw ApiError(409, "sequence_unknown", "The server has no result for sequence " + std::to_string(c.seq) + ".");
                if (prior->id != c.id)
                    throw ApiError(409, "sequence_reused", "Sequence " + std::to_string(c.seq) + " was already used by another change.");
                results.push_back(*prior);
                continue;
            }
            if (c.seq != last + 1)
                throw ApiError(409, "sequence_gap", "Expected change sequence " + std::to_string(last + 1) + " but got " +
                                                        std::to_string(c.seq) + "; nothing was applied.");
            // The same change may come again from a re-registered device: answer it once.
            ChangeResult r;
            if (auto earlier = s.resultByChangeId(c.id)) {
                r = *earlier;
                r.seq = c.seq;
            } else {
                r = apply(s, caller, keys, c);
                json entry = {c.record, c.field, std::string(protocol::toString(r.outcome)), r.serverSeq};
                if (!r.code.empty()) entry.push_back(r.code);
                audited.push_back(std::move(entry));
            }
            s.putResult(device->id, r);
            last = c.seq;
            results.push_back(r);
        }
        s.setDeviceLastSeq(device->id, last);
        if (!audited.empty()) appendAudit(s, AuditWho{caller.user.username, caller.device.id}, "write", "push", audited);
    });
    return results;
}

ChangeResult PushProcessor::reject(StoreSession& s, const Caller& caller, const protocol::Change& c,
                                   const std::string& code, const std::string& message) {
    // The value goes back to its author with the reason; one too large to be valid anywhere is
    // kept as its size and beginning, or every later pull of the author would carry it again.
    json value = c.value;
    if (const std::string text = c.value.dump(); text.size() > kMaxRejectedValueBytes) {
        size_t cut = 1000;
        while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // whole UTF-8 characters
        value = {{"truncated", true}, {"bytes", text.size()}, {"start", text.substr(0, cut)}};
    }
    protocol::Rejection rj{c.id, c.record, c.field, value, caller.user.username, code, message, nowIso(), s.nextSeq()};
    s.putRejection(rj, {"u:" + caller.user.username});
    return ChangeResult{c.id, c.seq, Outcome::Rejected, rj.seq, code, message};
}

std::shared_ptr<const Template> PushProcessor::templateOf(StoreSession& s, const std::string& templateId) {
    {
        std::lock_guard lock(templatesMutex_);
        if (auto it = templates_.find(templateId); it != templates_.end()) return it->second;
    }
    auto def = s.field(templateId, "definition");
    if (!def) return nullptr;
    auto parsed = parseTemplate(def->value);
    if (!parsed.tmpl) return nullptr;
    auto t = std::make_shared<const Template>(std::move(*parsed.tmpl));
    std::lock_guard lock(templatesMutex_);
    templates_[templateId] = t;
    return t;
}

ChangeResult PushProcessor::create(StoreSession& s, const Caller& caller, const std::vector<std::string>& keys,
                                  const protocol::Change& c) {
    if (!c.value.is_object() || !c.value.contains("kind") || !c.value["kind"].is_string() ||
        !c.value.contains("parent") || !c.value["parent"].is_string())
        return reject(s, caller, c, "invalid_value", "A new record needs a kind and a parent.");
    const auto kind = c.value["kind"].get<std::string>();
    if (kind != "action_update" && kind != "review" && kind != "finding" && kind != "recommendation" && kind != "action")
        return reject(s, caller, c, "not_a_writer", "Records of kind \"" + kind + "\" cannot be created from a device.");
    if (s.record(c.record)) return reject(s, caller, c, "record_exists", "A record with this id already exists.");
    if (kind == "action_update") return createUpdate(s, caller, c);
    return createPlanRecord(s, caller, keys, c);
}

ChangeResult PushProcessor::createPlanRecord(StoreSession& s, const Caller& caller, const std::vector<std::string>& keys,
                                             const protocol::Change& c) {
    const auto kind = c.value["kind"].get<std::string>();
    const auto parentId = c.value["parent"].get<std::string>();
    // Nobody else ever may: answered before the parent is looked up, so it reveals nothing.
    if (caller.user.role != toString(Role::BusinessOffice))
        return reject(s, caller, c, "not_a_writer", "Only the business office of the partnership may create a " + kind + ".");
    RecordRow row;
    row.id = c.record;
    row.kind = kind;
    row.owner = caller.user.agency;  // the business office owns the review and its findings
    std::map<std::string, json> fields;
    if (kind == "review") {
        row.partnership = parentId;
    } else {
        auto parent = s.record(parentId);
        // A parent outside the caller's scope is answered as unknown: its existence is not shared.
        if (!parent || parent->deleted || !parentFits(kind, parent->kind) || !visibleTo(s, parent->id, keys))
            return reject(s, caller, c, "unknown_record",
                          "The parent of this new " + kind + " does not exist or is not shared with you.");
        row.partnership = parent->partnership;
        row.parent = parent->id;
        row.review = parent->kind == "review" ? parent->id : parent->review;
        if (kind == "finding") fields["review"] = row.review;
        if (kind == "recommendation") fields["finding"] = parent->id;
        if (kind == "action") {
            fields["review"] = row.review;
            if (parent->kind == "recommendation") fields["recommendation"] = parent->id;
        }
    }
    if (!actorFor(caller.user, caller.partnerships, row).businessOffice)
        return reject(s, caller, c, "not_a_writer", "Only the business office of " + row.partnership + " may create a " + kind + ".");
    if (kind == "action") {
        const json lead = c.value.value("lead_agency", json());
        auto agency = s.agency(lead.is_string() ? lead.get<std::string>() : "");
        if (!agency || std::find(agency->partnerships.begin(), agency->partnerships.end(), row.partnership) ==
                           agency->partnerships.end())
            return reject(s, caller, c, "invalid_value", "A new action needs a lead agency of this partnership.");
        row.owner = agency->code;
        fields["lead_agency"] = agency->code;
        fields["supporting_agencies"] = json::array();
        fields["status"] = std::string(action_status::NotStarted);
    }
    const auto seq = createRecord(s, row, fields, caller.user.username, caller.user.agency);
    // The lead agency becomes party to the review: its staff now see the review's records.
    if (kind == "action") refreshReviewAudience(s, row.review);
    return ChangeResult{c.id, c.seq, Outcome::Applied, seq, "", ""};
}

ChangeResult PushProcessor::createUpdate(StoreSession& s, const Caller& caller, const protocol::Change& c) {
    const auto kind = c.value["kind"].get<std::string>();
    auto action = s.record(c.value["parent"].get<std::string>());
    if (!action || action->deleted || action->kind != "action")
        return reject(s, caller, c, "unknown_record", "The action for this progress update does not exist.");
    const Actor actor = actorFor(caller.user, caller.partnerships, *action);
    if (actor.role == Role::Board || !(actor.owner || actor.supporting || actor.businessOffice))
        return reject(s, caller, c, "not_a_writer", "Only the lead or a supporting agency of the action may add a progress update.");
    RecordRow row;
    row.id = c.record;
    row.kind = kind;
    row.partnership = action->partnership;
    row.owner = caller.user.agency;
    row.parent = action->id;
    row.review = action->review;
    const auto seq = createRecord(s, row,
                                  {{"action", action->id}, {"author", caller.user.username}, {"created_at", nowIso()},
                                   {"approved", false}},
                                  caller.user.username, caller.user.agency);
    return ChangeResult{c.id, c.seq, Outcome::Applied, seq, "", ""};
}

ChangeResult PushProcessor::apply(StoreSession& s, const Caller& caller, const std::vector<std::string>& keys,
                                  const protocol::Change& c) {
    if (c.field == protocol::kCreateField) return create(s, caller, keys, c);
    auto rec = s.record(c.record);
    // Records outside the caller's scope are answered as unknown: their existence is not shared.
    if (!rec || rec->deleted || !visibleTo(s, rec->id, keys))
        return reject(s, caller, c, "unknown_record", "This record does not exist or is not shared with you.");
    const auto kind = *kindFromString(rec->kind);

    std::shared_ptr<const Template> tmpl;
    const Question* question = nullptr;
    if (kind == RecordKind::AuditReturn && c.field.rfind("a.", 0) == 0) {
        tmpl = templateOf(s, stringValue(s.field(rec->id, "template")));
        if (!tmpl) return reject(s, caller, c, "unknown_field", "The template of this return is missing on the server.");
        question = tmpl->question(c.field.substr(2));
        if (!question) return reject(s, caller, c, "unknown_field", "The template has no question " + c.field.substr(2) + ".");
    }
    const OwnershipRule* rule = findRule(kind, c.field, question ? std::string_view(question->writer) : std::string_view());
    if (!rule) return reject(s, caller, c, "unknown_field", "A " + rec->kind + " has no field \"" + c.field + "\".");

    const Actor actor = actorFor(caller.user, caller.partnerships, *rec);
    const auto rank = writerRank(*rule, kind, actor);
    if (!rank)
        return reject(s, caller, c, "not_a_writer",
                      "Only " + writersText(*rule) + " may change \"" + c.field + "\" of this " + rec->kind + ".");
    if (auto bad = checkValueShape(rule->type, c.value))
        return reject(s, caller, c, "invalid_value", "\"" + c.field + "\" " + *bad + ".");
    if (question)
        if (auto bad = validateAnswer(*tmpl, *question, c.value))
            return reject(s, caller, c, "invalid_value", "Answer to " + question->code + " " + *bad + ".");
    // A case code follows the partnership's pattern, so that no name or date of birth stands in for one.
    if (isCaseCodeField(kind, c.field, question) && c.value.is_string()) {
        const auto pattern = s.partnershipSetting(rec->partnership, std::string(kCaseCodePatternSetting));
        if (auto bad = checkCaseCode(pattern.value_or(""), c.value.get_ref<const std::string&>()))
            return reject(s, caller, c, std::string(kCaseCodeRejection), *bad);
    }

    const std::string status = stringValue(s.field(rec->id, "status"));
    const auto approved = s.field(rec->id, "approved");
    if (auto locked = checkEditable(kind, *rule, rule->writers[static_cast<size_t>(*rank)], status,
                                    approved && approved->value == json(true)))
        return reject(s, caller, c, locked->code, locked->message);
    if (kind == RecordKind::Action && c.field == "lead_agency") {
        auto a = s.agency(c.value.is_string() ? c.value.get<std::string>() : "");
        if (!a || std::find(a->partnerships.begin(), a->partnerships.end(), rec->partnership) == a->partnerships.end())
            return reject(s, caller, c, "invalid_value", "The lead agency must be an agency of this partnership.");
    }
    if (kind == RecordKind::AuditReturn && c.field == "assignee" && !c.value.is_null()) {
        auto u = s.userByName(c.value.get<std::string>());
        if (!u || u->agency != rec->owner)
            return reject(s, caller, c, "invalid_value", "Returns can be assigned only to users of the completing agency.");
    }

    const auto current = s.field(rec->id, c.field);
    std::optional<FieldState> state;
    if (current) state = FieldState{current->value, current->seq, current->rank, current->device};
    MergeDecision decision;
    if (isStatusField(*rule)) {
        // Workflow: judged against the server's state now, whatever the author saw.
        const std::string to = c.value.get<std::string>();
        auto refusal = kind == RecordKind::Action ? checkActionTransition(status, to, actor)
                                                  : checkReturnTransition(status, to, actor);
        if (refusal) return reject(s, caller, c, refusal->code, refusal->message);
        if (kind == RecordKind::Action && to != status)
            if (auto incomplete = checkClosureDecision(to, stringValue(s.field(rec->id, "closure_evidence")),
                                                       stringValue(s.field(rec->id, "closure_decision"))))
                return reject(s, caller, c, incomplete->code, incomplete->message);
    } else {
        decision = decide(state, IncomingEdit{c.value, c.base, *rank, caller.device.id});
    }

    auto conflictFor = [&](const std::string& id, const json& winValue, const std::string& winUser,
                           const std::string& winAgency, const json& loseValue, const std::string& loseUser,
                           const std::string& loseAgency) {
        protocol::Conflict k{id, rec->id, rec->kind, c.field, winValue, winUser, winAgency,
                             loseValue, loseUser, loseAgency, std::string(decision.rule), nowIso(), s.nextSeq()};
        s.putConflict(k, {"p:" + rec->partnership, "a:" + rec->owner, "u:" + loseUser});
        return k.seq;
    };

    if (decision.outcome == MergeOutcome::Superseded) {
        const auto seq = conflictFor(c.id, current->value, current->user, current->agency, c.value, caller.user.username,
                                     caller.user.agency);
        return ChangeResult{c.id, c.seq, Outcome::Superseded, seq, std::string(decision.rule),
                            "A concurrent edit by a higher-precedence writer stands."};
    }
    if (!decision.changesField) return ChangeResult{c.id, c.seq, Outcome::Applied, current->seq, "", ""};
    const std::int64_t seq = s.nextSeq();
    s.putField(rec->id, c.field, StoredField{c.value, seq, *rank, caller.user.username, caller.user.agency, caller.device.id});
    RecordRow updated = *rec;
    updated.seq = seq;
    if (kind == RecordKind::Action && c.field == "lead_agency") updated.owner = c.value.get<std::string>();
    if (kind == RecordKind::Action && c.field == "supporting_agencies")
        updated.supporting = c.value.get<std::vector<std::string>>();
    if (kind == RecordKind::AuditReturn && c.field == "assignee")
        updated.assignee = c.value.is_null() ? std::string() : c.value.get<std::string>();
    s.putRecord(updated, audienceFor(s, updated));
    afterWrite(s, caller, updated, c.field, current, c.value, seq);
    if (kind == RecordKind::Action && (c.field == "lead_agency" || c.field == "supporting_agencies"))
        refreshReviewAudience(s, rec->review);
    if (decision.conflict)
        conflictFor(newUuid(), c.value, caller.user.username, caller.user.agency, current->value, current->user, current->agency);
    return ChangeResult{c.id, c.seq, Outcome::Applied, seq, decision.conflict ? std::string(decision.rule) : "", ""};
}

void PushProcessor::afterWrite(StoreSession& s, const Caller& caller, const RecordRow& rec, const std::string& field,
                               const std::optional<StoredField>& before, const json& value, std::int64_t seq) {
    auto serverWrite = [&](const std::string& id, const std::string& name, const json& v) {
        s.putField(id, name, StoredField{v, seq, 0, kSystemUser, "", 0});
    };
    const std::string was = before && before->value.is_string() ? before->value.get<std::string>() : std::string();
    if (rec.kind == "action" && field == "target_date" && !was.empty() && value != before->value) {
        // Setting the first date is no move; every later one is kept, however many there are.
        json history = json::array();
        if (auto h = s.field(rec.id, "target_date_history"); h && h->value.is_array()) history = h->value;
        history.push_back({{"from", was}, {"to", value}, {"reason", stringValue(s.field(rec.id, "target_date_reason"))},
                           {"by", caller.user.username}, {"on", todayIso()}});
        serverWrite(rec.id, "target_date_history", history);
    }
    if (rec.kind == "action" && field == "status" && value == action_status::Closed && was != action_status::Closed &&
        stringValue(s.field(rec.id, "closure_date")).empty())
        serverWrite(rec.id, "closure_date", todayIso());
    // A closed return's retention period runs from this date (server/Retention.h).
    if (rec.kind == "audit_return" && field == "status" && value == return_status::Closed && was != return_status::Closed)
        serverWrite(rec.id, "closed_date", todayIso());
    if (rec.kind == "audit_return" && field == "status" && value == return_status::Approved && was != return_status::Approved)
        sendCopies(s, caller, rec, seq);
}

void PushProcessor::sendCopies(StoreSession& s, const Caller& caller, const RecordRow& source, std::int64_t seq) {
    const auto sendTo = s.field(source.id, "send_to");
    if (!sendTo || !sendTo->value.is_array() || sendTo->value.empty()) return;
    const std::string templateId = stringValue(s.field(source.id, "template"));
    const std::string key = stringValue(s.field(templateId, "key"));
    const auto tmpl = templateOf(s, templateId);
    const auto agency = s.agency(source.owner);
    // The agency's own answers travel; the business office's moderation stays with each partnership.
    auto agencyAnswer = [&](const std::string& name) {
        if (name.rfind("a.", 0) != 0) return false;
        const Question* q = tmpl ? tmpl->question(name.substr(2)) : nullptr;
        return q && q->writer != "business_office";
    };
    std::map<std::string, json> answers;
    for (const auto& [name, f] : s.fields(source.id))
        if (agencyAnswer(name)) answers[name] = f.value;
    json results = json::object();
    for (const auto& p : sendTo->value) {
        const std::string partnership = p.get<std::string>();
        if (partnership == source.partnership) {
            results[partnership] = "this is the return's own partnership";
            continue;
        }
        if (!agency || std::find(agency->partnerships.begin(), agency->partnerships.end(), partnership) == agency->partnerships.end()) {
            results[partnership] = "agency is not a member";
            continue;
        }
        std::optional<RecordRow> target;
        for (const auto& r : s.recordsOfKind("audit_return")) {
            if (r.deleted || r.partnership != partnership || r.owner != source.owner) continue;
            if (!return_status::editableByAgency(stringValue(s.field(r.id, "status")))) continue;
            if (!stringValue(s.field(r.id, "case_audit")).empty()) continue;  // a case's return is of that case alone
            if (stringValue(s.field(stringValue(s.field(r.id, "template")), "key")) != key) continue;
            target = r;
            break;
        }
        if (!target) {
            results[partnership] = "no open round of this template";
            continue;
        }
        // A copy of its own sequence: records never share one, so a pull page cut between them loses nothing.
        const std::int64_t copySeq = s.nextSeq();
        auto agencyWrite = [&](const std::string& name, const json& v) {
            s.putField(target->id, name, StoredField{v, copySeq, 0, caller.user.username, caller.user.agency, 0});
        };
        for (const auto& [name, f] : s.fields(target->id))
            if (agencyAnswer(name) && !answers.count(name) && !f.value.is_null()) agencyWrite(name, nullptr);
        for (const auto& [name, v] : answers) agencyWrite(name, v);
        agencyWrite("status", std::string(return_status::Approved));
        s.putField(target->id, "copied_from", StoredField{source.id, copySeq, 0, kSystemUser, "", 0});
        target->seq = copySeq;
        s.putRecord(*target, audienceFor(s, *target));
        results[partnership] = "copied to " + target->id;
    }
    s.putField(source.id, "send_results", StoredField{results, seq, 0, kSystemUser, "", 0});
}

}  // namespace tandem::server
