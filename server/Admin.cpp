#include "Admin.h"

#include "ActionPlanImport.h"
#include "AgencyImport.h"
#include "Auth.h"
#include "CaseCode.h"
#include "Domain.h"
#include "Ids.h"
#include "RecordWrites.h"
#include "Scope.h"
#include "SqliteStore.h"
#include "Template.h"

#include <algorithm>
#include <filesystem>
#include <set>

namespace tandem::server {
namespace {

using nlohmann::json;

std::string templateId(const std::string& key, int version) {
    return "template:" + key + ":" + std::to_string(version);
}

std::vector<std::string> lines(const std::vector<ImportError>& errors, std::string_view file) {
    std::vector<std::string> out;
    for (const auto& e : errors) out.push_back(formatErrors(file, {e}));
    for (auto& l : out)
        while (!l.empty() && l.back() == '\n') l.pop_back();
    return out;
}

bool inPartnership(const AgencyRow& a, const std::string& p) {
    return std::find(a.partnerships.begin(), a.partnerships.end(), p) != a.partnerships.end();
}

}  // namespace

std::string databasePath(const std::string& dataDir) {
    std::filesystem::create_directories(dataDir);
    return (std::filesystem::path(dataDir) / "tandem.db").string();
}

std::unique_ptr<Store> openDataDir(const std::string& dataDir) {
    return std::make_unique<SqliteStore>(databasePath(dataDir));
}

AdminResult importAgencies(Store& store, std::string_view csvText, std::string_view fileName) {
    AdminResult r;
    auto parsed = parseAgencies(csvText);
    r.errors = lines(parsed.errors, fileName);
    if (!r.ok()) return r;
    int added = 0;
    store.write([&](StoreSession& s) {
        for (const auto& a : parsed.agencies) {
            const bool known = s.agency(a.code).has_value();
            s.putAgency(AgencyRow{a.code, a.name, a.sector, a.partnerships});
            RecordRow row;
            row.id = "agency:" + a.code;
            row.kind = "agency";
            row.partnership = a.partnerships.front();
            row.owner = a.code;
            createRecord(s, row, {{"code", a.code}, {"name", a.name}, {"sector", a.sector}, {"partnerships", a.partnerships}});
            if (!known) ++added;
        }
        json ids = json::array();
        for (const auto& a : parsed.agencies) ids.push_back("agency:" + a.code);
        appendAudit(s, commandLineOperator(), "write", "import-agencies", ids);
    });
    r.summary = "imported " + std::to_string(parsed.agencies.size()) + " agencies (" + std::to_string(added) + " new)";
    return r;
}

AdminResult importActionPlans(Store& store, std::string_view csvText, std::string_view fileName) {
    AdminResult r;
    std::map<std::string, AgencyRow> agencies;
    store.read([&](StoreSession& s) {
        for (auto& a : s.agencies()) agencies[a.code] = a;
    });
    auto parsed = parseActionPlans(
        csvText,
        [&](std::string_view code, std::string_view p) {
            auto it = agencies.find(std::string(code));
            return it != agencies.end() && inPartnership(it->second, std::string(p));
        },
        [&](std::string_view code) { return agencies.count(std::string(code)) > 0; });
    r.errors = lines(parsed.errors, fileName);
    if (!r.ok()) return r;
    int actions = 0;
    store.write([&](StoreSession& s) {
        std::vector<std::string> existing;
        for (const auto& review : parsed.reviews)
            if (s.record("review:" + review.partnership + ":" + review.code))
                existing.push_back(std::string(fileName) + ": review " + review.code + " of " + review.partnership +
                                   " is already imported; nothing was imported");
        if (!existing.empty()) {
            r.errors = existing;
            return;
        }
        for (const auto& review : parsed.reviews) {
            const std::string p = review.partnership;
            const std::string rid = "review:" + p + ":" + review.code;
            RecordRow base;
            base.partnership = p;
            base.review = rid;
            // The business office of the partnership owns the review and its findings.
            for (const auto& [code, a] : agencies)
                if (a.sector == "business_office" && inPartnership(a, p) && base.owner.empty()) base.owner = code;
            for (const auto& f : review.findings) {
                RecordRow fr = base;
                fr.id = rid + ":finding:" + f.no;
                fr.kind = "finding";
                fr.parent = rid;
                createRecord(s, fr, {{"review", rid}, {"no", f.no}, {"text", f.text}});
                for (const auto& rec : f.recommendations) {
                    RecordRow rr = base;
                    rr.id = rid + ":recommendation:" + rec.no;
                    rr.kind = "recommendation";
                    rr.parent = fr.id;
                    createRecord(s, rr, {{"finding", fr.id}, {"no", rec.no}, {"text", rec.text}});
                    for (const auto& a : rec.actions) {
                        RecordRow ar = base;
                        ar.id = rid + ":action:" + a.no;
                        ar.kind = "action";
                        ar.parent = rr.id;
                        ar.owner = a.leadAgency;
                        ar.supporting = a.supporting;
                        createRecord(s, ar,
                                     {{"review", rid}, {"recommendation", rr.id}, {"no", a.no}, {"title", a.title},
                                      {"lead_agency", a.leadAgency}, {"supporting_agencies", a.supporting},
                                      {"target_date", a.targetDate}, {"status", a.status}, {"progress", a.progress}});
                        ++actions;
                    }
                }
            }
            RecordRow rv = base;
            rv.id = rid;
            rv.kind = "review";
            rv.review = "";
            createRecord(s, rv, {{"code", review.code}, {"title", review.title}, {"review_type", review.type}});
            refreshReviewAudience(s, rid);
        }
        json ids = json::array();
        for (const auto& review : parsed.reviews) ids.push_back("review:" + review.partnership + ":" + review.code);
        appendAudit(s, commandLineOperator(), "write", "import-plans", ids);
    });
    if (r.ok()) r.summary = "imported " + std::to_string(parsed.reviews.size()) + " reviews with " + std::to_string(actions) + " actions";
    return r;
}

AdminResult importTemplate(Store& store, const std::string& jsonText, std::string_view fileName) {
    AdminResult r;
    json doc;
    try {
        doc = json::parse(jsonText);
    } catch (const json::parse_error& e) {
        r.errors.push_back(std::string(fileName) + ": not valid JSON: " + e.what());
        return r;
    }
    auto parsed = parseTemplate(doc);
    for (const auto& e : parsed.errors) r.errors.push_back(std::string(fileName) + ": " + e);
    if (!r.ok()) return r;
    const Template& t = *parsed.tmpl;
    store.write([&](StoreSession& s) {
        const std::string id = templateId(t.key, t.version);
        if (auto same = s.field(id, "definition")) {
            // Published versions are immutable: the same file again is fine, a changed one is not.
            if (same->value != doc)
                r.errors.push_back(std::string(fileName) + ": " + t.key + " version " + std::to_string(t.version) +
                                   " is already published and cannot change; publish it as version " +
                                   std::to_string(t.version + 1));
            else
                r.summary = t.key + " version " + std::to_string(t.version) + " is already published";
            return;
        }
        // A new version keeps every question code of the latest earlier one.
        std::optional<Template> previous;
        for (const auto& rec : s.recordsOfKind("template")) {
            auto key = s.field(rec.id, "key");
            auto ver = s.field(rec.id, "version");
            if (!key || key->value != t.key || !ver || ver->value.get<int>() >= t.version) continue;
            auto prev = parseTemplate(s.field(rec.id, "definition")->value);
            if (prev.tmpl && (!previous || prev.tmpl->version > previous->version)) previous = std::move(prev.tmpl);
        }
        if (previous)
            for (const auto& e : checkNewVersion(*previous, t)) r.errors.push_back(std::string(fileName) + ": " + e);
        if (!r.ok()) return;
        RecordRow row;
        row.id = id;
        row.kind = "template";
        createRecord(s, row, {{"key", t.key}, {"version", t.version}, {"kind", t.kind}, {"title", t.title}, {"definition", doc}});
        appendAudit(s, commandLineOperator(), "write", "import-template", json::array({id}));
        r.summary = "published " + t.key + " version " + std::to_string(t.version);
    });
    return r;
}

AdminResult addUser(Store& store, const std::string& username, const std::string& password, const std::string& role,
                    const std::string& agency) {
    AdminResult r;
    const bool nameOk = !username.empty() && username.size() <= 64 &&
                        std::all_of(username.begin(), username.end(), [](char c) {
                            return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_';
                        });
    if (!nameOk) r.errors.push_back("user name must be 1 to 64 letters, digits, '.', '-' or '_'");
    if (const auto problem = passwordProblem(password); !problem.empty()) r.errors.push_back(problem);
    if (!roleFromString(role)) r.errors.push_back("role must be practitioner, agency_lead, business_office or board");
    store.read([&](StoreSession& s) {
        auto a = s.agency(agency);
        if (!a) r.errors.push_back("unknown agency \"" + agency + "\" (import agencies first)");
        else if (role == "business_office" && a->sector != "business_office")
            r.errors.push_back("business_office users must belong to a business office agency");
        if (s.userByName(username)) r.errors.push_back("user \"" + username + "\" already exists");
    });
    if (!r.ok()) return r;
    KdfCost cost = KdfCost::Interactive;
    store.read([&](StoreSession& s) { cost = kdfCostOf(s); });
    const std::string hash = hashPassword(password, cost);
    store.write([&](StoreSession& s) {
        s.addUser(UserRow{0, username, agency, role, hash, false});
        appendAudit(s, commandLineOperator(), "write", "add-user", json::array({"user:" + username}));
    });
    r.summary = "added " + role + " " + username + " of " + agency;
    return r;
}

AdminResult revokeDevice(Store& store, std::int64_t deviceId) {
    AdminResult r;
    store.write([&](StoreSession& s) {
        if (!s.device(deviceId)) r.errors.push_back("no device with id " + std::to_string(deviceId));
        else {
            s.revokeDevice(deviceId);
            appendAudit(s, commandLineOperator(), "write", "revoke-device", json::array({"device:" + std::to_string(deviceId)}));
        }
    });
    if (r.ok()) r.summary = "revoked device " + std::to_string(deviceId) + "; its replica is wiped at its next sync";
    return r;
}

AdminResult setUserDisabled(Store& store, const std::string& username, bool disabled) {
    AdminResult r;
    store.write([&](StoreSession& s) {
        auto u = s.userByName(username);
        if (!u) r.errors.push_back("no user \"" + username + "\"");
        else {
            s.setUserDisabled(u->id, disabled);
            appendAudit(s, commandLineOperator(), "write", disabled ? "disable-user" : "enable-user",
                        json::array({"user:" + username}));
        }
    });
    if (r.ok()) r.summary = (disabled ? "disabled " : "enabled ") + username;
    return r;
}

RoundOpened openRound(Store& store, const RoundSpec& spec, const AuditWho& who) {
    RoundOpened r;
    if (spec.title.empty()) r.errors.push_back("a round needs a title");
    if (!isIsoDate(spec.dueDate)) r.errors.push_back("due date must be YYYY-MM-DD");
    if (!spec.moderationDate.empty() && !isIsoDate(spec.moderationDate)) r.errors.push_back("moderation date must be YYYY-MM-DD");
    if (spec.agencies.empty()) r.errors.push_back("a round needs at least one agency");
    const std::set<std::string> roundAgencies(spec.agencies.begin(), spec.agencies.end());
    if (roundAgencies.size() != spec.agencies.size()) r.errors.push_back("an agency is listed twice");
    const std::set<std::string> cases(spec.cases.begin(), spec.cases.end());
    if (cases.size() != spec.cases.size()) r.errors.push_back("a case code is listed twice");
    for (const auto& [caseCode, agencies] : spec.caseAgencies) {
        if (!cases.count(caseCode)) r.errors.push_back("case_agencies names case " + caseCode + ", which is not in the round's cases");
        if (agencies.empty()) r.errors.push_back("case " + caseCode + " needs at least one agency");
        for (const auto& a : agencies)
            if (!roundAgencies.count(a)) r.errors.push_back("case " + caseCode + " names agency " + a + ", which is not in the round");
    }
    for (const auto& [agency, user] : spec.assignees)
        if (!roundAgencies.count(agency)) r.errors.push_back("assignee for " + agency + ", which is not in the round");
    store.write([&](StoreSession& s) {
        std::string tid;
        int bestVersion = 0;
        std::string templateKind;
        for (const auto& rec : s.recordsOfKind("template")) {
            auto key = s.field(rec.id, "key");
            auto ver = s.field(rec.id, "version");
            if (!key || key->value != spec.templateKey || !ver) continue;
            const int v = ver->value.get<int>();
            if ((spec.templateVersion == 0 && v > bestVersion) || v == spec.templateVersion) {
                bestVersion = v;
                tid = rec.id;
                templateKind = s.field(rec.id, "kind")->value.get<std::string>();
            }
        }
        if (tid.empty())
            r.errors.push_back("no published template " + spec.templateKey +
                               (spec.templateVersion ? " version " + std::to_string(spec.templateVersion) : ""));
        std::string bo;
        for (const auto& a : s.agencies())
            if (a.sector == "business_office" && inPartnership(a, spec.partnership) && bo.empty()) bo = a.code;
        if (bo.empty()) r.errors.push_back("unknown partnership " + spec.partnership);
        for (const auto& code : spec.agencies) {
            auto a = s.agency(code);
            if (!a || !inPartnership(*a, spec.partnership))
                r.errors.push_back("agency " + code + " is not in partnership " + spec.partnership);
        }
        for (const auto& [agency, user] : spec.assignees) {
            auto u = s.userByName(user);
            if (!u || u->agency != agency) r.errors.push_back("user " + user + " is not a user of " + agency);
        }
        if (templateKind == "case_audit" && spec.cases.empty()) r.errors.push_back("a case-file audit round needs case codes");
        const auto pattern = s.partnershipSetting(spec.partnership, std::string(kCaseCodePatternSetting)).value_or("");
        for (const auto& caseCode : spec.cases)
            if (checkCaseCode(pattern, caseCode))
                r.errors.push_back("case code " + caseCode + " does not follow the partnership's pattern " + pattern);
        if (!r.ok()) return;

        RecordRow round;
        round.id = newUuid();
        round.kind = "round";
        round.partnership = spec.partnership;
        round.owner = bo;
        round.contributing = spec.agencies;
        std::map<std::string, json> roundFields{
            {"title", spec.title}, {"template", tid}, {"theme", spec.theme}, {"due_date", spec.dueDate},
            {"moderation_date", spec.moderationDate}, {"agencies", spec.agencies}, {"cases", spec.cases}};
        if (!spec.cases.empty()) {
            // The review that actions made from the round's learning hang under.
            RecordRow review;
            review.id = newUuid();
            review.kind = "review";
            review.partnership = spec.partnership;
            review.owner = bo;
            std::string code = "AUDIT-" + round.id.substr(0, 6);
            std::transform(code.begin(), code.end(), code.begin(), [](unsigned char c) { return std::toupper(c); });
            createRecord(s, review, {{"code", code}, {"title", "Learning: " + spec.title}, {"review_type", "audit"}});
            roundFields["review"] = review.id;
            json caseAgencies = json::object();
            for (const auto& [caseCode, agencies] : spec.caseAgencies) caseAgencies[caseCode] = agencies;
            roundFields["case_agencies"] = caseAgencies;
        }
        createRecord(s, round, roundFields);
        json written = json::array({round.id});
        if (roundFields.count("review")) written.push_back(roundFields["review"]);
        auto makeReturn = [&](const std::string& agency, const std::string& caseAudit, const std::string& title) {
            RecordRow ret;
            ret.id = newUuid();
            ret.kind = "audit_return";
            ret.partnership = spec.partnership;
            ret.owner = agency;
            auto it = spec.assignees.find(agency);
            if (it != spec.assignees.end()) ret.assignee = it->second;
            std::map<std::string, json> fields{{"template", tid}, {"round", round.id}, {"title", title},
                                               {"status", "assigned"}, {"due_date", spec.dueDate}};
            if (!ret.assignee.empty()) fields["assignee"] = ret.assignee;
            if (!caseAudit.empty()) fields["case_audit"] = caseAudit;
            createRecord(s, ret, fields);
            written.push_back(ret.id);
            ++r.returns;
        };
        if (spec.cases.empty()) {
            for (const auto& a : spec.agencies) makeReturn(a, "", spec.title);
        } else {
            for (const auto& caseCode : spec.cases) {
                auto named = spec.caseAgencies.find(caseCode);
                const auto& agencies = named != spec.caseAgencies.end() ? named->second : spec.agencies;
                RecordRow ca;
                ca.id = newUuid();
                ca.kind = "case_audit";
                ca.partnership = spec.partnership;
                ca.owner = agencies.front();  // the first agency leads the case
                ca.contributing = std::vector<std::string>(agencies.begin() + 1, agencies.end());
                createRecord(s, ca, {{"case_code", caseCode}, {"theme", spec.theme}, {"round", round.id},
                                     {"contributing_agencies", ca.contributing}});
                written.push_back(ca.id);
                for (const auto& a : agencies) makeReturn(a, ca.id, spec.title + " - case " + caseCode);
            }
        }
        appendAudit(s, who, "write", "open-round", written);
        r.roundId = round.id;
        r.summary = "opened round \"" + spec.title + "\" with " + std::to_string(r.returns) + " returns";
    });
    return r;
}

RoundSpec roundSpecFromJson(const json& body, const std::string& partnership, std::vector<std::string>& errors) {
    RoundSpec spec;
    spec.partnership = partnership;
    auto text = [&](const char* key, bool required) {
        auto it = body.find(key);
        if (it == body.end() || it->is_null()) {
            if (required) errors.push_back(std::string("\"") + key + "\" is required");
            return std::string();
        }
        if (!it->is_string() || it->get_ref<const std::string&>().size() > 1000) {
            errors.push_back(std::string("\"") + key + "\" must be a string of at most 1000 characters");
            return std::string();
        }
        return it->get<std::string>();
    };
    auto list = [&](const json& v, const std::string& what) {
        std::vector<std::string> out;
        if (!v.is_array()) {
            errors.push_back(what + " must be a list of strings");
            return out;
        }
        for (const auto& e : v) {
            if (e.is_string() && !e.get_ref<const std::string&>().empty() && e.get_ref<const std::string&>().size() <= 64)
                out.push_back(e.get<std::string>());
            else
                errors.push_back(what + " must hold codes of 1 to 64 characters");
        }
        return out;
    };
    spec.templateKey = text("template_key", true);
    spec.title = text("title", true);
    spec.theme = text("theme", false);
    spec.dueDate = text("due_date", true);
    spec.moderationDate = text("moderation_date", false);
    if (auto v = body.find("template_version"); v != body.end() && !v->is_null()) {
        if (v->is_number_integer() && v->get<std::int64_t>() > 0 && v->get<std::int64_t>() < 100000)
            spec.templateVersion = v->get<int>();
        else
            errors.push_back("\"template_version\" must be a positive whole number");
    }
    if (auto v = body.find("agencies"); v != body.end()) spec.agencies = list(*v, "\"agencies\"");
    else errors.push_back("\"agencies\" is required");
    if (auto v = body.find("cases"); v != body.end() && !v->is_null()) spec.cases = list(*v, "\"cases\"");
    if (auto v = body.find("case_agencies"); v != body.end() && !v->is_null()) {
        if (!v->is_object()) errors.push_back("\"case_agencies\" must map case codes to lists of agencies");
        else
            for (const auto& [caseCode, agencies] : v->items())
                spec.caseAgencies[caseCode] = list(agencies, "\"case_agencies\" of " + caseCode);
    }
    if (auto v = body.find("assignees"); v != body.end() && !v->is_null()) {
        if (!v->is_object()) errors.push_back("\"assignees\" must map agencies to user names");
        else
            for (const auto& [agency, user] : v->items()) {
                if (user.is_string()) spec.assignees[agency] = user.get<std::string>();
                else errors.push_back("\"assignees\" of " + agency + " must be a user name");
            }
    }
    return spec;
}

}  // namespace tandem::server
