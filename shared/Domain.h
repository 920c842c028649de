// The vocabulary shared by device and server: roles, record kinds and workflow statuses, with
// their wire names. Wire names are the strings in JSON and in SQLite; enums are for code.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tandem {

enum class Role { Practitioner, AgencyLead, BusinessOffice, Board };

enum class RecordKind {
    Agency,
    Template,
    Review,
    Finding,
    Recommendation,
    Action,
    ActionUpdate,
    Round,
    AuditReturn,
    CaseAudit,
};

std::string_view toString(Role r);
std::optional<Role> roleFromString(std::string_view s);
std::string_view toString(RecordKind k);
std::optional<RecordKind> kindFromString(std::string_view s);

// Action status, in the order a plan usually moves through it.
namespace action_status {
inline constexpr std::string_view NotStarted = "not_started";
inline constexpr std::string_view InProgress = "in_progress";
inline constexpr std::string_view SubmittedForClosure = "submitted_for_closure";
inline constexpr std::string_view Closed = "closed";
inline constexpr std::string_view Returned = "returned";
inline constexpr std::string_view Superseded = "superseded";
bool valid(std::string_view s);
}  // namespace action_status

namespace return_status {
inline constexpr std::string_view Assigned = "assigned";
inline constexpr std::string_view InProgress = "in_progress";
inline constexpr std::string_view Submitted = "submitted";
inline constexpr std::string_view Approved = "approved";
inline constexpr std::string_view Returned = "returned";
inline constexpr std::string_view Received = "received";
inline constexpr std::string_view Moderated = "moderated";
inline constexpr std::string_view Closed = "closed";
bool valid(std::string_view s);
// Answers are editable by the completing agency only while the return is in its hands.
bool editableByAgency(std::string_view s);
}  // namespace return_status

// An ISO calendar date YYYY-MM-DD that exists (no 2023-02-30).
bool isIsoDate(std::string_view s);

}  // namespace tandem
