#include "Push.h"

#include "ApiError.h"
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
            }
            s.putResult(device->id, r);
            last = c.seq;
            results.push_back(r);
        }
        s.setDeviceLastSeq(device->id, last);
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

ChangeResult PushProcessor::create(StoreSession& s, const Caller& caller, const protocol::Change& c) {
    if (!c.value.is_object() || !c.value.contains("kind") || !c.value["kind"].is_string() ||
        !c.value.contains("parent") || !c.value["parent"].is_string())
        return reject(s, caller, c, "invalid_value", "A new record needs a kind and a parent.");
    const auto kind = c.value["kind"].get<std::string>();
    if (kind != "action_update")
        return reject(s, caller, c, "not_a_writer", "Records of kind \"" + kind + "\" cannot be created from a device.");
    if (s.record(c.record)) return reject(s, caller, c, "record_exists", "A record with this id already exists.");
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
    if (c.field == protocol::kCreateField) return create(s, caller, c);
    auto rec = s.record(c.record);
    const auto audience = rec ? s.audience(rec->id) : std::vector<std::string>{};
    const bool visible = std::any_of(audience.begin(), audience.end(), [&](const std::string& k) {
        return std::find(keys.begin(), keys.end(), k) != keys.end();
    });
    // Records outside the caller's scope are answered as unknown: their existence is not shared.
    if (!rec || rec->deleted || !visible)
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
    if (kind == RecordKind::Action && (c.field == "lead_agency" || c.field == "supporting_agencies"))
        refreshReviewAudience(s, rec->review);
    if (decision.conflict)
        conflictFor(newUuid(), c.value, caller.user.username, caller.user.agency, current->value, current->user, current->agency);
    return ChangeResult{c.id, c.seq, Outcome::Applied, seq, decision.conflict ? std::string(decision.rule) : "", ""};
}

}  // namespace tandem::server
