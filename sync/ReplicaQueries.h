// Fast read-only queries for list screens: every action or return with the fields a list shows,
// in a few set-based queries (Replica::records() reads each record field by field, too slow for
// 100,000 actions). Pending outbox values are laid over server values, as Replica does.
#pragma once

#include "Replica.h"

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace tandem::sync {

struct ActionRow {
    std::string id, owner, review, no, title, leadAgency, targetDate, status, ragOverride;
    bool pending = false;   // an unsynced local edit
    bool conflict = false;  // an open conflict
};

struct ReturnRow {
    std::string id, owner, title, templateId, round, status, assignee, dueDate;
    int answered = 0;  // answer fields holding a value
    // Answers to the questions named in the query's `conditionCodes` (show_if controllers and
    // the questions they hide), code -> text; absent when unanswered. A list counts visible
    // questions from these exactly as the form does, without holding every answer in memory.
    std::map<std::string, std::string> conditionAnswers;
    bool pending = false;
    bool conflict = false;
};

struct ProgressRow {
    std::string id, narrative, proposedRag, author, agency, createdAt;
    bool approved = false;
    bool pending = false;
};

// All actions, or only `onlyId` when given. The streaming forms hand each row to `sink` as it
// is read, so a list of 100,000 never sits in memory twice.
std::vector<ActionRow> actionRows(Replica& replica, const std::string& onlyId = {});
void forEachAction(Replica& replica, const std::function<void(ActionRow&)>& sink, const std::string& onlyId = {});
std::vector<ReturnRow> returnRows(Replica& replica, const std::string& onlyId = {},
                                  const std::set<std::string>& conditionCodes = {});
void forEachReturn(Replica& replica, const std::function<void(ReturnRow&)>& sink, const std::string& onlyId = {},
                   const std::set<std::string>& conditionCodes = {});
// Both lists in one pass over the fields table (the first screen shows both).
void forEachListRow(Replica& replica, const std::function<void(ActionRow&)>& actions,
                    const std::function<void(ReturnRow&)>& returns, const std::set<std::string>& conditionCodes = {});
// Progress updates of one action, oldest first.
std::vector<ProgressRow> progressRows(Replica& replica, const std::string& actionId);

// One string field of every record of a kind: id -> value (agency names, review codes, ...).
std::map<std::string, std::string> fieldOfKind(Replica& replica, const std::string& kind, const std::string& field);

// A JSON-encoded string value as stored in the replica, decoded; "" for anything else.
std::string decodeText(const std::string& stored);

}  // namespace tandem::sync
