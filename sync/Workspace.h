// What a user does with their replica, offline: list their actions and returns, change an
// action, add a progress update, answer a question, move a return through its workflow. Each
// edit is checked here first against the same ownership table, workflow and template rules
// the server applies, so a user hears at once, offline, what the server would refuse.
#pragma once

#include "Domain.h"
#include "Outbox.h"
#include "Replica.h"
#include "Template.h"

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tandem::sync {

struct EditResult {
    bool ok = true;
    std::string message;  // why it was refused, when it was
    std::string id;       // the change id or the new record's id
    static EditResult refused(std::string why) { return {false, std::move(why), {}}; }
};

class Workspace {
public:
    explicit Workspace(Replica& replica) : replica_(replica), outbox_(replica) {}

    std::vector<LocalRecord> actions();
    std::vector<LocalRecord> returns();
    std::vector<LocalRecord> progressUpdates(const std::string& actionId);

    // Derived RAG of an action on `today` (YYYY-MM-DD): its override when set, else red when
    // overdue, amber when due within 30 days, green otherwise; closed actions have none.
    static std::string ragOf(const LocalRecord& action, const std::string& today);

    // Any field of any record, checked against the ownership table.
    EditResult setField(const std::string& recordId, const std::string& field, const nlohmann::json& value);
    // As setField, with the value given as text and read by the field's type.
    EditResult setFieldText(const std::string& recordId, const std::string& field, const std::string& text);
    EditResult addProgressUpdate(const std::string& actionId, const std::string& narrative, const std::string& proposedRag);
    // Answers a question; the value text is read by the question's type ("" clears it).
    EditResult answer(const std::string& returnId, const std::string& questionCode, const std::string& text);
    EditResult submit(const std::string& returnId);
    EditResult approve(const std::string& returnId);
    EditResult sendBack(const std::string& returnId, const std::string& comment);

    // Acts on a conflict this user can see: "mine" makes the losing value a new edit (judged
    // afresh by the server), "theirs" accepts the value that stands. Either way it is resolved.
    EditResult resolveConflict(const std::string& conflictId, bool applyMine);

    // Business office: creates a review (parent: partnership code), finding (parent: review id),
    // recommendation (parent: finding id) or action (parent: recommendation or review id; fields
    // must include lead_agency) offline; id in EditResult::id.
    EditResult createRecord(RecordKind kind, const std::string& parent, const std::map<std::string, nlohmann::json>& fields);
    // Business office: a new target date with the reason kept in the action's history.
    EditResult changeTargetDate(const std::string& actionId, const std::string& date, const std::string& reason);
    // Business office closure decisions. closureDate "" means today; retestDate may be "".
    EditResult closeAction(const std::string& actionId, const std::string& impactEvidence, const std::string& closureDate,
                           const std::string& retestDate);
    EditResult returnAction(const std::string& actionId, const std::string& reason);
    EditResult supersedeAction(const std::string& actionId, const std::string& reason);
    // Business office moderation: receive a return its agency lead has approved (the workflow
    // has no step from submitted), then mark it moderated with a note (moderated scores are
    // answers to writer:business_office questions, set with answer()).
    EditResult receive(const std::string& returnId);
    EditResult markModerated(const std::string& returnId, const std::string& note);
    // Business office: a case audit's agreed grade and learning; and an action made from its
    // learning (under the round's audit review, source = case audit id).
    EditResult agreeCase(const std::string& caseAuditId, const std::string& grade, const std::string& learning);
    EditResult actionFromLearning(const std::string& caseAuditId, const std::string& title,
                                  const std::string& leadAgency, const std::string& targetDate);
    // Agency lead: the other partnerships that get a copy of this return when it is approved.
    EditResult setSendTo(const std::string& returnId, const std::vector<std::string>& partnerships);

    std::optional<Template> templateOf(const LocalRecord& auditReturn);

    // The partnership's case-code pattern as its business office's agency record brings it
    // (server/PartnershipSettings.h); empty when it has none. Case codes are checked against it
    // before they are queued, as the server checks them.
    std::string caseCodePattern(const std::string& partnership);
    // Text answers of a return that look like a child's name or date of birth
    // (shared/PersonalData.h), in template order: the user is warned before submitting and may
    // fix them or submit anyway.
    struct PersonalDataWarning {
        std::string question;  // its code
        std::string questionText;
        std::string finding;   // describe(hit): what it looks like, with the words
    };
    std::vector<PersonalDataWarning> personalDataWarnings(const std::string& returnId);

private:
    EditResult check(const LocalRecord& rec, const std::string& field, const nlohmann::json& value);
    EditResult transition(const std::string& returnId, const std::string& to);
    // Checks a batch of edits of one record as they will land, each on the record as the ones
    // before it leave it, and queues them all or none.
    EditResult queueAll(const std::string& recordId, const std::vector<std::pair<std::string, nlohmann::json>>& edits);

    Replica& replica_;
    Outbox outbox_;
};

}  // namespace tandem::sync
