// The edits of a schedule: a random field of a random record the device holds, of every kind,
// with valid and invalid values, by the right and the wrong roles. The device's own checks
// refuse what it knows the server would; a share of those are queued anyway through the
// Outbox, as an older client or a stale device would, so the server's rejections are exercised.
#include "SimWorld.h"

#include "Outbox.h"

#include <algorithm>
#include <set>

namespace tandem::sim {

using nlohmann::json;

namespace {

const std::vector<std::string> kActionStatuses{"not_started", "in_progress", "submitted_for_closure",
                                               "closed",      "returned",    "superseded"};
const std::vector<std::string> kReturnStatuses{"assigned", "in_progress", "submitted", "approved",
                                               "returned", "received",    "moderated", "closed"};
const std::vector<std::string> kRags{"", "red", "amber", "green"};
const std::vector<std::string> kGrades{"outstanding", "good", "requires_improvement", "inadequate"};

}  // namespace

json World::text(Device& d) {
    // A shared pool makes concurrent edits that agree; the rest are unique and easy to trace.
    if (chance(0.2)) return chance(0.5) ? "agreed value A" : "agreed value B";
    return d.user + " #" + std::to_string(++counter_);
}

void World::attempt(Device& d, const std::string& what, const std::function<sync::EditResult()>& viaWorkspace,
                    const std::function<void()>& direct) {
    const auto before = d.outboxIds();
    const sync::EditResult r = viaWorkspace();
    bool forced = false;
    if (!r.ok) {
        ++stats["refused_on_device"];
        if (direct && chance(0.4)) {
            direct();
            forced = true;
            ++stats["queued_past_device"];
        }
    }
    const std::set<std::string> known(before.begin(), before.end());
    auto s = d.replica->db().prepare("SELECT change_id, record_id, field, value, base FROM outbox ORDER BY seq");
    int queued = 0;
    while (s.step()) {
        if (known.count(s.text(0))) continue;
        edits_.push_back(Edit{s.text(0), d.user, s.text(1), s.text(2), json::parse(s.text(3)), s.integer(4)});
        ++stats["edits"];
        ++queued;
    }
    log(d.user + " " + what + (r.ok ? "" : (forced ? " - refused on the device, queued anyway: " : " - refused: ") + r.message) +
        " [" + std::to_string(queued) + " queued]");
}

const sync::LocalRecord& World::pickAction(const std::vector<sync::LocalRecord>& actions) {
    if (chance(0.6)) {
        std::vector<size_t> hot;
        for (size_t i = 0; i < actions.size(); ++i)
            if (std::count(hotActions_.begin(), hotActions_.end(), actions[i].id)) hot.push_back(i);
        if (!hot.empty()) return actions[pickOf(hot)];
    }
    return pickOf(actions);
}

void World::edit(Device& d) {
    const auto actions = d.replica->records("action");
    const auto returns = d.replica->records("audit_return");
    const auto audits = d.replica->records("case_audit");
    const int roll = below(100);
    if (roll < 45 && !actions.empty()) return editAction(d, pickAction(actions));
    if (roll < 57 && !actions.empty()) return editUpdate(d, actions);
    if (roll < 84 && !returns.empty()) return editReturn(d, pickOf(returns));
    if (roll < 92 && !audits.empty()) return editCaseAudit(d, pickOf(audits));
    editAnyField(d);
}

void World::editAction(Device& d, const sync::LocalRecord& a) {
    const std::string id = a.id;
    auto set = [&](const std::string& field, const json& v) {
        attempt(d, "sets " + id + "." + field + " = " + v.dump(), [&] { return d.ws->setField(id, field, v); },
                [&] { sync::Outbox(*d.replica).enqueue(id, field, v); });
    };
    // Mostly the fields the lead and the supporting agencies share, where precedence decides.
    const int roll = below(10);
    if (roll < 3) return set("progress", text(d));
    if (roll < 5) return set("lead_officer", text(d));
    if (roll < 6) {
        set("rag_override", chance(0.1) ? std::string("purple") : pickOf(kRags));
        if (chance(0.7)) set("rag_override_reason", text(d));
        return;
    }
    if (roll < 8) return set("status", pickOf(kActionStatuses));
    if (roll < 9) {
        static const std::vector<std::string> office{"title", "description", "priority", "closure_decision",
                                                     "closure_evidence", "target_date_reason"};
        return set(pickOf(office), text(d));
    }
    const std::string field = chance(0.5) ? "target_date" : "retest_date";
    const std::string date = chance(0.85) ? "2027-0" + std::to_string(1 + below(9)) + "-1" + std::to_string(below(10))
                                          : std::string("2027-02-30");
    set(field, date);
}

void World::editUpdate(Device& d, const std::vector<sync::LocalRecord>& actions) {
    auto updates = d.replica->records("action_update");
    // Local updates have no server sequence and random ids: order them by when this run made them.
    auto ordinal = [&](const std::string& id) {
        auto it = updateOrdinal_.find(id);
        return it == updateOrdinal_.end() ? -1 : it->second;
    };
    std::stable_sort(updates.begin(), updates.end(),
                     [&](const auto& x, const auto& y) { return ordinal(x.id) < ordinal(y.id); });
    if (updates.empty() || chance(0.45)) {
        const auto& a = pickAction(actions);
        const std::string narrative = "Update " + std::to_string(++counter_) + " by " + d.user;
        const std::string rag = pickOf(kRags);
        std::string made;
        attempt(
            d, "adds a progress update to " + a.id,
            [&] {
                auto r = d.ws->addProgressUpdate(a.id, narrative, rag);
                if (r.ok) made = r.id;
                return r;
            },
            [&] {
                sync::Outbox out(*d.replica);
                made = out.create("action_update", a.id, a.partnership, d.agency);
                out.enqueue(made, "narrative", narrative);
            });
        if (!made.empty()) updateOrdinal_[made] = counter_;
        return;
    }
    const std::string id = pickOf(updates).id;
    std::string field = "narrative";
    json value = text(d);
    switch (below(4)) {
        case 0: break;
        case 1: field = "proposed_rag", value = pickOf(kRags); break;
        case 2: field = "approved", value = true; break;
        default: field = chance(0.5) ? "author" : "approved", value = chance(0.5) ? json(false) : json(d.user); break;
    }
    attempt(d, "sets update " + id + "." + field + " = " + value.dump(), [&] { return d.ws->setField(id, field, value); },
            [&] { sync::Outbox(*d.replica).enqueue(id, field, value); });
}

void World::editReturn(Device& d, const sync::LocalRecord& r) {
    const std::string id = r.id;
    auto set = [&](const std::string& field, const json& v) {
        attempt(d, "sets return " + id + "." + field + " = " + v.dump(), [&] { return d.ws->setField(id, field, v); },
                [&] { sync::Outbox(*d.replica).enqueue(id, field, v); });
    };
    auto direct = [&](const std::string& field, const json& v) {
        return [this, &d, id, field, v] { sync::Outbox(*d.replica).enqueue(id, field, v); };
    };
    const int roll = below(12);
    if (roll < 5) {
        const auto tmpl = d.ws->templateOf(r);
        if (!tmpl) return set("a.unknown", "x");
        std::vector<const Question*> questions;
        for (const auto& s : tmpl->sections)
            for (const auto& q : s.questions) questions.push_back(&q);
        const Question& q = *pickOf(questions);
        std::string answer;
        json value;
        const bool valid = chance(0.85);
        if (q.type == "choice") {
            const auto allowed = tmpl->allowedValues(q);
            answer = valid && !allowed.empty() ? pickOf(allowed) : "not-an-option";
            value = answer;
        } else if (q.type == "number") {
            const auto lo = static_cast<long long>(q.min.value_or(0)), hi = static_cast<long long>(q.max.value_or(100));
            const long long n = valid ? lo + below(static_cast<int>(hi - lo) + 1) : hi + 7;
            answer = std::to_string(n);
            value = n;
        } else if (q.type == "date") {
            answer = valid ? "2026-0" + std::to_string(1 + below(9)) + "-2" + std::to_string(below(8)) : "2026-02-30";
            value = answer;
        } else {
            answer = !q.pattern.empty() ? (valid ? "STH-" + std::to_string(1000 + below(9000)) : "no match")
                                        : text(d).get<std::string>();
            value = answer;
        }
        if (chance(0.05)) answer.clear(), value = nullptr;
        return attempt(d, "answers " + id + " " + q.code + " = " + value.dump(),
                       [&] { return d.ws->answer(id, q.code, answer); }, direct("a." + q.code, value));
    }
    switch (roll) {
        case 5: return attempt(d, "submits " + id, [&] { return d.ws->submit(id); }, direct("status", "submitted"));
        case 6: return attempt(d, "approves " + id, [&] { return d.ws->approve(id); }, direct("status", "approved"));
        case 7: {
            const std::string why = "Please add evidence (" + d.user + ")";
            return attempt(d, "sends back " + id, [&] { return d.ws->sendBack(id, why); }, direct("status", "returned"));
        }
        case 8: return set("status", pickOf(kReturnStatuses));
        case 9: {
            // Reassigning moves the return out of one practitioner's scope and into another's.
            std::vector<json> to{nullptr, "nobody.at.all"};
            for (const auto& other : devices_)
                if (other->agency == r.owner) to.push_back(other->user);
            return set("assignee", pickOf(to));
        }
        case 10: {
            static const std::vector<std::string> notes{"moderator_note", "return_reason", "lead_comment"};
            return set(pickOf(notes), text(d));
        }
        default: return set("due_date", chance(0.8) ? json("2027-03-1" + std::to_string(below(10))) : json("soon"));
    }
}

void World::editCaseAudit(Device& d, const sync::LocalRecord& c) {
    static const std::vector<std::string> fields{"overall_grade", "summary", "agreed_grade", "learning",
                                                 "case_code",     "theme",   "contributing_agencies"};
    const std::string field = pickOf(fields);
    json value = text(d);
    if (field == "overall_grade" || field == "agreed_grade") value = pickOf(kGrades);
    if (field == "contributing_agencies") value = json::array({"STH-CSC", "MERPOL", "STHK"});
    attempt(d, "sets case audit " + c.id + "." + field + " = " + value.dump(),
            [&] { return d.ws->setField(c.id, field, value); },
            [&] { sync::Outbox(*d.replica).enqueue(c.id, field, value); });
}

void World::editAnyField(Device& d) {
    // Any record the server sent, any of its fields (or one it does not have): reference data,
    // templates, reviews, rounds included. Who may write what is the server's to say.
    std::vector<sync::LocalRecord> all;
    for (auto& r : d.replica->records())
        if (!r.local) all.push_back(std::move(r));
    if (all.empty()) return;
    const auto& r = pickOf(all);
    std::vector<std::string> fields{"no_such_field"};
    for (const auto& [name, v] : r.fields)
        if (!(r.kind == "action" && (name == "lead_agency" || name == "supporting_agencies"))) fields.push_back(name);
    const std::string field = pickOf(fields);
    const json value = text(d);
    attempt(d, "sets " + r.kind + " " + r.id + "." + field + " = " + value.dump(),
            [&] { return d.ws->setField(r.id, field, value); },
            [&] { sync::Outbox(*d.replica).enqueue(r.id, field, value); });
}

}  // namespace tandem::sim
