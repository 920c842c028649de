// What a user does with their replica, offline: list their actions and returns, change an
// action, add a progress update, answer a question, move a return through its workflow. Each
// edit is checked here first against the same ownership table, workflow and template rules
// the server applies, so a user hears at once, offline, what the server would refuse.
#pragma once

#include "Outbox.h"
#include "Replica.h"
#include "Template.h"

#include <nlohmann/json.hpp>

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

    std::optional<Template> templateOf(const LocalRecord& auditReturn);

private:
    EditResult check(const LocalRecord& rec, const std::string& field, const nlohmann::json& value);
    EditResult transition(const std::string& returnId, const std::string& to);

    Replica& replica_;
    Outbox outbox_;
};

}  // namespace tandem::sync
