#include "ReplicaBuilder.h"

#include "Replica.h"
#include "Template.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <random>
#include <stdexcept>

namespace tandem::bench {
namespace {

using nlohmann::json;

const char* kWords[] = {"review",   "safeguarding", "training", "audit",     "schools",  "transfer", "police",
                        "referral", "assessment",   "neglect",  "strategy",  "meeting",  "health",   "partners",
                        "records",  "exploitation", "missing",  "children",  "families", "guidance", "threshold",
                        "escalation", "supervision", "domestic", "abuse",    "early",    "help",     "practice"};

std::string sentence(std::mt19937& rng, int words) {
    std::string s;
    for (int i = 0; i < words; ++i) {
        s += (i ? " " : "") + std::string(kWords[rng() % std::size(kWords)]);
        if (i == 0) s[0] = char(std::toupper(static_cast<unsigned char>(s[0])));
    }
    return s + ".";
}

std::string date(std::mt19937& rng) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", 2016 + int(rng() % 12), 1 + int(rng() % 12), 1 + int(rng() % 28));
    return buf;
}

// Pads a template to 75 questions with extra text questions in a last section.
json padded(json t) {
    int n = 0;
    for (const auto& s : t["sections"]) n += int(s["questions"].size());
    if (n >= 75) return t;
    json extra = {{"code", "PAD"}, {"title", "Further evidence"}, {"questions", json::array()}};
    for (int i = n; i < 75; ++i)
        extra["questions"].push_back({{"code", "PAD." + std::to_string(i)}, {"text", "Further evidence " + std::to_string(i)}, {"type", "text"}});
    t["sections"].push_back(extra);
    return t;
}

}  // namespace

std::string buildReplica(const std::string& path, const std::string& templateJson, const ReplicaSize& size) {
    if (std::filesystem::exists(path)) throw std::runtime_error(path + " exists already");
    const json definition = padded(json::parse(templateJson));
    const auto parsed = parseTemplate(definition);
    if (!parsed.tmpl) throw std::runtime_error("bad template: " + parsed.errors.front());
    const Template& tmpl = *parsed.tmpl;

    sync::Replica replica(path, benchKey(path));
    auto& db = replica.db();
    std::mt19937 rng(20261122);
    sql::Transaction tx(db);
    for (auto [k, v] : std::initializer_list<std::pair<const char*, std::string>>{
             {"server", "http://127.0.0.1:9"}, {"token", "bench"}, {"device_id", "1"}, {"user", "bench.user"},
             {"role", "practitioner"}, {"agency", "AG00"}, {"partnerships", "[\"bench\"]"}, {"cursor", "1"}})
        replica.setMeta(k, v);
    auto rec = db.prepare("INSERT INTO records(id, kind, partnership, owner, seq, local) VALUES (?, ?, 'bench', ?, ?, 0)");
    auto fld = db.prepare("INSERT INTO fields(record_id, name, value, seq) VALUES (?, ?, ?, ?)");
    std::int64_t seq = 0;
    auto put = [&](const std::string& id, const std::string& kind, const std::string& owner, const json& fields) {
        rec.bind(1, id).bind(2, kind).bind(3, owner).bind(4, ++seq).run();
        for (const auto& [name, value] : fields.items()) fld.bind(1, id).bind(2, name).bind(3, value.dump()).bind(4, seq).run();
    };
    auto agency = [](int i) {
        char b[16];
        std::snprintf(b, sizeof b, "AG%02d", i);
        return std::string(b);
    };
    for (int i = 0; i < size.agencies; ++i)
        put("agency:" + agency(i), "agency", agency(i), {{"code", agency(i)}, {"name", "Agency " + std::to_string(i) + " children's services"}});
    const std::string templateId = "template:" + tmpl.key + ":1";
    put(templateId, "template", "BO", {{"key", tmpl.key}, {"version", 1}, {"kind", tmpl.kind}, {"title", tmpl.title}, {"definition", definition}});
    for (int r = 0; r < size.reviews; ++r) {
        const std::string id = "review:bench:R" + std::to_string(r);
        put(id, "review", "BO", {{"code", "R" + std::to_string(r)}, {"title", sentence(rng, 3)}});
        put(id + ":finding:1", "finding", "BO", {{"review", id}, {"no", "1"}, {"text", sentence(rng, 25)}});
        put(id + ":recommendation:1", "recommendation", "BO", {{"finding", id + ":finding:1"}, {"no", "1"}, {"text", sentence(rng, 20)}});
    }
    const char* statuses[] = {"not_started", "in_progress", "in_progress", "submitted_for_closure", "closed", "returned"};
    for (int a = 0; a < size.actions; ++a) {
        const int r = a % size.reviews;
        const std::string review = "review:bench:R" + std::to_string(r);
        const std::string lead = agency(int(rng() % size.agencies));
        put(review + ":action:" + std::to_string(a), "action", lead,
            {{"review", review}, {"recommendation", review + ":recommendation:1"}, {"no", std::to_string(a / size.reviews + 1) + "." + std::to_string(a % 7 + 1)},
             {"title", sentence(rng, 12 + int(rng() % 10))}, {"lead_agency", lead}, {"supporting_agencies", json::array({agency(int(rng() % size.agencies))})},
             {"target_date", date(rng)}, {"status", statuses[rng() % std::size(statuses)]}, {"progress", sentence(rng, 15)}});
    }
    std::vector<const Question*> answerable;
    for (const auto& s : tmpl.sections)
        for (const auto& q : s.questions)
            if (!q.showIf && q.writer.empty() && q.pattern.empty()) answerable.push_back(&q);
    const char* returnStatuses[] = {"assigned", "in_progress", "in_progress", "submitted", "approved", "returned"};
    std::string openId;
    for (int i = 0; i < size.returns; ++i) {
        const std::string id = "return:" + std::to_string(i);
        const std::string owner = agency(i % size.agencies);
        json fields = {{"template", templateId}, {"round", "round:" + std::to_string(i % 20)}, {"title", "Round " + std::to_string(i % 20)},
                       {"status", returnStatuses[i % std::size(returnStatuses)]}, {"assignee", i % size.agencies == 0 ? "bench.user" : "someone.else"},
                       {"due_date", date(rng)}};
        for (int k = 0; k < size.answersPerReturn && k < int(answerable.size()); ++k) {
            const Question& q = *answerable[size_t(k)];
            const auto allowed = tmpl.allowedValues(q);
            fields["a." + q.code] = q.type == "choice" ? json(allowed.front())
                                    : q.type == "number" ? json(q.min.value_or(1))
                                    : q.type == "date" ? json("2026-01-15") : json(sentence(rng, 8));
        }
        put(id, "audit_return", owner, fields);
        if (openId.empty() && owner == "AG00" && fields["status"] == "in_progress") openId = id;
    }
    for (int r = 0; r < 20; ++r) put("round:" + std::to_string(r), "round", "BO", {{"title", "Round " + std::to_string(r)}, {"template", templateId}});
    tx.commit();
    return openId;
}

}  // namespace tandem::bench
