#include "Scope.h"

#include <algorithm>
#include <set>

namespace tandem::server {
namespace {

bool contains(const std::vector<std::string>& v, const std::string& x) {
    return std::find(v.begin(), v.end(), x) != v.end();
}

std::set<std::string> partiesOfReview(StoreSession& s, const std::string& reviewId) {
    std::set<std::string> parties;
    for (const auto& r : s.recordsOfReview(reviewId)) {
        if (r.kind != "action") continue;
        parties.insert(r.owner);
        parties.insert(r.supporting.begin(), r.supporting.end());
    }
    return parties;
}

}  // namespace

std::vector<std::string> keysFor(const UserRow& user, const std::vector<std::string>& partnerships) {
    std::vector<std::string> keys{"all", "u:" + user.username};
    for (const auto& p : partnerships) keys.push_back("ref:" + p);
    const auto role = roleFromString(user.role).value_or(Role::Board);
    switch (role) {
        case Role::BusinessOffice:
            for (const auto& p : partnerships) keys.push_back("p:" + p);
            keys.push_back("a:" + user.agency);
            keys.push_back("ap:" + user.agency);
            break;
        case Role::AgencyLead:
            keys.push_back("a:" + user.agency);
            keys.push_back("ap:" + user.agency);
            break;
        case Role::Practitioner:
            keys.push_back("ap:" + user.agency);
            break;
        case Role::Board:
            for (const auto& p : partnerships) keys.push_back("bp:" + p);
            break;
    }
    return keys;
}

std::vector<std::string> audienceFor(StoreSession& s, const RecordRow& r) {
    std::vector<std::string> keys;
    if (r.deleted) return keys;
    const std::string& p = r.partnership;
    const auto kind = kindFromString(r.kind);
    if (!kind) return keys;
    switch (*kind) {
        case RecordKind::Template:
            keys.push_back("all");
            break;
        case RecordKind::Agency:
            if (auto a = s.agency(r.owner))
                for (const auto& ap : a->partnerships) keys.push_back("ref:" + ap);
            break;
        case RecordKind::Review:
        case RecordKind::Finding:
        case RecordKind::Recommendation:
            keys = {"p:" + p, "bp:" + p};
            for (const auto& a : partiesOfReview(s, r.kind == "review" ? r.id : r.review)) keys.push_back("ap:" + a);
            break;
        case RecordKind::Action:
            keys = {"p:" + p, "bp:" + p, "ap:" + r.owner};
            for (const auto& a : r.supporting) keys.push_back("ap:" + a);
            break;
        case RecordKind::ActionUpdate:
            if (auto action = s.record(r.parent)) return audienceFor(s, *action);
            break;
        case RecordKind::Round:
            keys = {"p:" + p, "bp:" + p};
            for (const auto& a : r.contributing) keys.push_back("a:" + a);
            break;
        case RecordKind::AuditReturn:
            keys = {"p:" + p, "a:" + r.owner};
            if (!r.assignee.empty()) keys.push_back("u:" + r.assignee);
            break;
        case RecordKind::CaseAudit:
            keys = {"p:" + p, "a:" + r.owner};
            for (const auto& a : r.contributing) keys.push_back("a:" + a);
            break;
    }
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    return keys;
}

void refreshReviewAudience(StoreSession& s, const std::string& reviewId) {
    std::vector<RecordRow> tree = s.recordsOfReview(reviewId);
    if (auto review = s.record(reviewId)) tree.push_back(*review);
    for (auto& r : tree) {
        const auto next = audienceFor(s, r);
        if (next == s.audience(r.id)) continue;
        r.seq = s.nextSeq();
        s.putRecord(r, next);
    }
}

Actor actorFor(const UserRow& user, const std::vector<std::string>& partnerships, const RecordRow& r) {
    Actor a;
    a.role = roleFromString(user.role).value_or(Role::Board);
    a.businessOffice = a.role == Role::BusinessOffice && contains(partnerships, r.partnership);
    a.owner = user.agency == r.owner;
    a.supporting = contains(r.supporting, user.agency);
    a.contributing = contains(r.contributing, user.agency);
    a.assignee = !r.assignee.empty() && r.assignee == user.username;
    return a;
}

}  // namespace tandem::server
