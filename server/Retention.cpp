#include "Retention.h"

#include "BackgroundThread.h"
#include "Domain.h"
#include "Ids.h"
#include "RecordWrites.h"
#include "Scope.h"
#include "Template.h"

#include <algorithm>
#include <iostream>
#include <set>

namespace tandem::server {
namespace {

using nlohmann::json;

std::string settingKey(const std::string& kind) { return "retention." + kind; }

std::string text(const std::optional<StoredField>& f) {
    return f && f->value.is_string() ? f->value.get<std::string>() : std::string();
}

// `date` minus `days`, both YYYY-MM-DD; ISO dates then compare as text.
std::string daysBefore(const std::string& date, int days) {
    using namespace std::chrono;
    const year_month_day ymd{year(std::stoi(date.substr(0, 4))), month(static_cast<unsigned>(std::stoi(date.substr(5, 2)))),
                             day(static_cast<unsigned>(std::stoi(date.substr(8, 2))))};
    const year_month_day back{sys_days(ymd) - std::chrono::days(days)};
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(back.year()), static_cast<unsigned>(back.month()),
                  static_cast<unsigned>(back.day()));
    return buf;
}

// Free text a person wrote about the work on an action, as opposed to the plan's own wording.
const std::vector<std::string> kActionFreeText{"progress", "lead_officer", "rag_override_reason", "target_date_reason"};
// Notes on a return besides its answers.
const std::vector<std::string> kReturnFreeText{"lead_comment", "moderator_note", "return_reason"};

class Sweep {
public:
    Sweep(StoreSession& s, RetentionRun& run) : s_(s), run_(run) {}

    // Every value cleared and the record marked deleted: its audience empties, so each key it
    // was visible through is logged as a scope exit and every device holding it removes it.
    void erase(RecordRow row) {
        const std::int64_t seq = s_.nextSeq();
        for (const auto& [name, f] : s_.fields(row.id))
            if (!f.value.is_null()) s_.putField(row.id, name, StoredField{nullptr, seq, 0, kSystemUser, "", 0});
        row.deleted = true;
        row.seq = seq;
        s_.putRecord(row, {});
        s_.eraseNotices(row.id);
        ++run_.deleted;
        run_.records.push_back(row.id);
        audited_.push_back({row.id, row.kind, "deleted"});
    }

    // The named fields cleared at one new sequence, so every device pulls the cleared values.
    void clear(RecordRow row, const std::vector<std::string>& names) {
        const std::int64_t seq = s_.nextSeq();
        for (const auto& name : names)
            if (auto f = s_.field(row.id, name); f && !f->value.is_null())
                s_.putField(row.id, name, StoredField{nullptr, seq, 0, kSystemUser, "", 0});
        row.seq = seq;
        s_.putField(row.id, "anonymised", StoredField{true, seq, 0, kSystemUser, "", 0});
        s_.putRecord(row, audienceFor(s_, row));
        s_.eraseNotices(row.id);
        ++run_.anonymised;
        run_.records.push_back(row.id);
        audited_.push_back({row.id, row.kind, "anonymised"});
    }

    void actions(const RetentionRule& rule, const std::string& cutoff) {
        std::vector<RecordRow> expired, updates;
        for (const auto& a : s_.recordsOfKind("action")) {
            if (a.partnership != rule.partnership) continue;
            const std::string status = text(s_.field(a.id, "status"));
            if (status != action_status::Closed && status != action_status::Superseded) continue;
            const std::string on = text(s_.field(a.id, "closure_date"));
            if (on.empty() || on >= cutoff) continue;
            if (rule.mode == RetentionMode::Anonymise && s_.field(a.id, "anonymised")) continue;
            expired.push_back(a);
        }
        if (expired.empty()) return;
        std::set<std::string> ids;
        for (const auto& a : expired) ids.insert(a.id);
        for (const auto& u : s_.recordsOfKind("action_update"))
            if (ids.count(u.parent)) updates.push_back(u);
        // The updates go first and either way: they are people's narratives, not figures.
        for (const auto& u : updates) erase(u);
        for (const auto& a : expired) {
            if (rule.mode == RetentionMode::Delete) erase(a);
            else clear(a, kActionFreeText);
        }
    }

    void returns(const RetentionRule& rule, const std::string& cutoff) {
        for (const auto& r : s_.recordsOfKind("audit_return")) {
            if (r.partnership != rule.partnership) continue;
            if (text(s_.field(r.id, "status")) != return_status::Closed) continue;
            std::string on = text(s_.field(r.id, "closed_date"));
            if (on.empty()) on = text(s_.field(r.id, "due_date"));
            if (on.empty() || on >= cutoff) continue;
            if (rule.mode == RetentionMode::Delete) {
                erase(r);
                continue;
            }
            if (s_.field(r.id, "anonymised")) continue;
            std::vector<std::string> names = kReturnFreeText;
            const auto def = s_.field(text(s_.field(r.id, "template")), "definition");
            auto parsed = def ? parseTemplate(def->value) : TemplateParse{};
            for (const auto& [name, f] : s_.fields(r.id)) {
                if (name.rfind("a.", 0) != 0 || !f.value.is_string()) continue;
                const Question* q = parsed.tmpl ? parsed.tmpl->question(name.substr(2)) : nullptr;
                // Without its template every string answer is treated as free text.
                if (!q || q->type == "text") names.push_back(name);
            }
            clear(r, names);
        }
    }

    json audited_ = json::array();

private:
    StoreSession& s_;
    RetentionRun& run_;
};

}  // namespace

bool retainableKind(const std::string& kind) { return kind == "action" || kind == "audit_return"; }

std::vector<std::string> setRetention(Store& store, const RetentionRule& rule, const AuditWho& who) {
    std::vector<std::string> errors;
    if (!retainableKind(rule.kind))
        errors.push_back("retention can be set for action or audit_return, not \"" + rule.kind + "\"");
    if (rule.days < 0 || rule.days > 36500) errors.push_back("the period must be 1 to 36500 days (0 or off: none)");
    if (!errors.empty()) return errors;
    store.write([&](StoreSession& s) {
        const auto agencies = s.agencies();
        const bool known = std::any_of(agencies.begin(), agencies.end(), [&](const AgencyRow& a) {
            return std::find(a.partnerships.begin(), a.partnerships.end(), rule.partnership) != a.partnerships.end();
        });
        if (!known) {
            errors.push_back("unknown partnership " + rule.partnership);
            return;
        }
        const std::string mode = rule.mode == RetentionMode::Delete ? "delete" : "anonymise";
        s.setPartnershipSetting(rule.partnership, settingKey(rule.kind), rule.days ? std::to_string(rule.days) + " " + mode : "");
        appendAudit(s, who, "write", "set-retention",
                    json::array({{{"partnership", rule.partnership}, {"kind", rule.kind}, {"days", rule.days}, {"mode", mode}}}));
    });
    return errors;
}

std::vector<RetentionRule> retentionRules(Store& store) {
    std::vector<RetentionRule> out;
    store.read([&](StoreSession& s) {
        for (const auto& setting : s.partnershipSettings()) {
            if (setting.key.rfind("retention.", 0) != 0 || setting.value.empty()) continue;
            RetentionRule r{setting.partnership, setting.key.substr(10)};
            const auto space = setting.value.find(' ');
            r.days = std::stoi(setting.value.substr(0, space));
            r.mode = setting.value.substr(space + 1) == "delete" ? RetentionMode::Delete : RetentionMode::Anonymise;
            out.push_back(r);
        }
    });
    return out;
}

RetentionRun applyRetention(Store& store, const std::string& today, const AuditWho& who) {
    if (!isIsoDate(today)) throw std::invalid_argument("today must be YYYY-MM-DD");
    const auto rules = retentionRules(store);
    RetentionRun run;
    store.write([&](StoreSession& s) {
        run = RetentionRun{};
        Sweep sweep(s, run);
        for (const auto& rule : rules) {
            const std::string cutoff = daysBefore(today, rule.days);
            if (rule.kind == "action") sweep.actions(rule, cutoff);
            if (rule.kind == "audit_return") sweep.returns(rule, cutoff);
        }
        if (!sweep.audited_.empty()) appendAudit(s, who, "write", "retention", sweep.audited_);
    });
    return run;
}

RetentionJob::RetentionJob(Store& store, std::chrono::hours every) : store_(store), every_(every) {
    thread_ = std::thread([this] { loop(); });
}

RetentionJob::~RetentionJob() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

void RetentionJob::loop() {
    blockSignalsInThisThread();
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        lock.unlock();
        try {
            const auto run = applyRetention(store_, todayIso(), AuditWho{kSystemUser, 0});
            if (run.deleted || run.anonymised)
                std::cerr << "tandem-server: retention deleted " << run.deleted << " and anonymised " << run.anonymised
                          << " records\n";
        } catch (const std::exception& e) {
            std::cerr << "tandem-server: retention failed, nothing was changed: " << e.what() << "\n";
        }
        lock.lock();
        wake_.wait_for(lock, every_, [this] { return stopping_; });
    }
}

}  // namespace tandem::server
