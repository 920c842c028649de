#include "Domain.h"

#include <array>
#include <utility>

namespace tandem {
namespace {

constexpr std::array<std::pair<Role, std::string_view>, 4> kRoles{{
    {Role::Practitioner, "practitioner"},
    {Role::AgencyLead, "agency_lead"},
    {Role::BusinessOffice, "business_office"},
    {Role::Board, "board"},
}};

constexpr std::array<std::pair<RecordKind, std::string_view>, 10> kKinds{{
    {RecordKind::Agency, "agency"},
    {RecordKind::Template, "template"},
    {RecordKind::Review, "review"},
    {RecordKind::Finding, "finding"},
    {RecordKind::Recommendation, "recommendation"},
    {RecordKind::Action, "action"},
    {RecordKind::ActionUpdate, "action_update"},
    {RecordKind::Round, "round"},
    {RecordKind::AuditReturn, "audit_return"},
    {RecordKind::CaseAudit, "case_audit"},
}};

template <typename Table, typename E>
std::string_view nameOf(const Table& t, E e) {
    for (const auto& [v, n] : t)
        if (v == e) return n;
    return "?";
}

template <typename E, typename Table>
std::optional<E> valueOf(const Table& t, std::string_view s) {
    for (const auto& [v, n] : t)
        if (n == s) return v;
    return std::nullopt;
}

}  // namespace

std::string_view toString(Role r) { return nameOf(kRoles, r); }
std::optional<Role> roleFromString(std::string_view s) { return valueOf<Role>(kRoles, s); }
std::string_view toString(RecordKind k) { return nameOf(kKinds, k); }
std::optional<RecordKind> kindFromString(std::string_view s) { return valueOf<RecordKind>(kKinds, s); }

bool action_status::valid(std::string_view s) {
    return s == NotStarted || s == InProgress || s == SubmittedForClosure || s == Closed ||
           s == Returned || s == Superseded;
}

bool return_status::valid(std::string_view s) {
    return s == Assigned || s == InProgress || s == Submitted || s == Approved || s == Returned ||
           s == Received || s == Moderated || s == Closed;
}

bool return_status::editableByAgency(std::string_view s) {
    return s == Assigned || s == InProgress || s == Returned;
}

bool isIsoDate(std::string_view s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
    for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (s[i] < '0' || s[i] > '9') return false;
    const int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    const int m = (s[5] - '0') * 10 + (s[6] - '0');
    const int d = (s[8] - '0') * 10 + (s[9] - '0');
    if (m < 1 || m > 12 || d < 1) return false;
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    const int max = (m == 2 && leap) ? 29 : kDays[m - 1];
    return d <= max;
}

}  // namespace tandem
