#include "Reports.h"

#include "ApiError.h"
#include "Domain.h"
#include "Figures.h"
#include "FiguresCsv.h"
#include "Ids.h"
#include "Rag.h"

#include <algorithm>
#include <chrono>

namespace tandem::server {
namespace {

using nlohmann::json;

// The default reporting period: the 90 days up to its end.
constexpr std::chrono::days kDefaultPeriod{90};

std::string param(const QueryParams& params, const char* key) {
    auto it = params.find(key);
    return it == params.end() ? std::string() : it->second;
}

bool contains(const std::vector<std::string>& v, const std::string& x) {
    return std::find(v.begin(), v.end(), x) != v.end();
}

std::string partnershipOf(const Caller& caller, const QueryParams& params) {
    const auto role = roleFromString(caller.user.role);
    if (role != Role::BusinessOffice && role != Role::Board)
        throw ApiError(403, "not_allowed",
                       "Only the business office and board members can read a partnership's figures.");
    std::string p = param(params, "partnership");
    if (p.empty()) {
        if (caller.partnerships.size() != 1)
            throw ApiError(400, "invalid_parameter",
                           "\"partnership\" is required: your agency belongs to " +
                               std::to_string(caller.partnerships.size()) + " partnerships.");
        return caller.partnerships.front();
    }
    if (!contains(caller.partnerships, p))
        throw ApiError(403, "not_allowed", "You are not in partnership \"" + p + "\", so you cannot read its figures.");
    return p;
}

std::string dateParam(const QueryParams& params, const char* key, const std::string& fallback) {
    auto it = params.find(key);
    if (it == params.end()) return fallback;
    if (!isIsoDate(it->second))
        throw ApiError(400, "invalid_parameter", std::string("\"") + key + "\" must be a date YYYY-MM-DD that exists.");
    return it->second;
}

figures::FigureRecord figureRecord(StoreSession& s, const RecordRow& row) {
    figures::FigureRecord r{row.id, row.kind, row.owner, row.supporting, row.contributing, {}};
    for (auto& [name, f] : s.fields(row.id)) r.fields.emplace(name, std::move(f.value));
    return r;
}

// The snapshot of one partnership, read in one session so that every figure is of the same
// moment (as_of.seq).
figures::FigureInput load(Store& store, const Caller& caller, const QueryParams& params) {
    figures::FigureInput in;
    in.partnership = partnershipOf(caller, params);
    in.time = nowIso();
    in.today = in.time.substr(0, 10);  // the same instant as the time
    in.to = dateParam(params, "to", in.today);
    in.from = dateParam(params, "from", isoDateOfDay(*isoDayNumber(in.to) - kDefaultPeriod.count()));
    if (in.from > in.to) throw ApiError(400, "invalid_parameter", "\"from\" must not be after \"to\".");
    in.roundId = param(params, "round");
    store.read([&](StoreSession& s) {
        in.seq = s.currentSeq();
        for (const auto& a : s.agencies())
            if (contains(a.partnerships, in.partnership)) in.agencies.push_back({a.code, a.name});
        // The partnership's own records; templates are reference data for every partnership.
        auto add = [&](const RecordRow& row, std::map<std::string, json>& fields) {
            in.records.push_back({row.id, row.kind, row.owner, row.supporting, row.contributing, std::move(fields)});
        };
        for (const char* kind : {"review", "action", "round", "audit_return", "case_audit"})
            s.forEachRecordOfKind(kind, in.partnership, add);
        for (const auto& row : s.recordsOfKind("template")) in.records.push_back(figureRecord(s, row));
    });
    if (!in.roundId.empty() && !figures::hasRound(in, in.roundId))
        throw ApiError(404, "not_found",
                       "There is no round \"" + in.roundId + "\" in partnership " + in.partnership + ".");
    return in;
}

}  // namespace

json figuresReport(Store& store, const Caller& caller, const QueryParams& params) {
    return figures::computeFigures(load(store, caller, params));
}

CsvReport figuresTableCsv(Store& store, const Caller& caller, const std::string& table, const QueryParams& params) {
    const auto& names = figures::tableNames();
    if (std::find(names.begin(), names.end(), table) == names.end())
        throw ApiError(404, "not_found", "There is no figures table \"" + table + "\".");
    const auto in = load(store, caller, params);
    const json doc = figures::computeFigures(in);
    return {table + "-" + in.partnership + "-" + in.today + ".csv", figures::tableCsv(doc.at("tables").at(table))};
}

}  // namespace tandem::server
