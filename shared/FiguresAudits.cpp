// The audit tables: return rates and late returns of the round, grades by theme over every case
// audit, answers per question, self-assessment against moderation, the Section 11 heat map, the
// comparison with the previous round of the same template, and the learning of each case.
#include "FiguresTables.h"

#include <algorithm>
#include <cmath>
#include <tuple>

namespace tandem::figures::detail {
namespace {

// The case-audit grade questions every case-audit template carries (docs/business-office.md).
const std::string kGrade = "G.grade";
const std::string kModeratedGrade = "G.moderated_grade";

std::string dueDateOf(const Snapshot& s, const FigureRecord& ret) {
    const std::string due = ret.text("due_date");
    if (!due.empty()) return due;
    const auto* round = s.record(ret.text("round"));
    return round ? round->text("due_date") : std::string();
}

std::vector<const FigureRecord*> ofAgency(const std::vector<const FigureRecord*>& returns, const std::string& code) {
    std::vector<const FigureRecord*> out;
    for (const auto* r : returns)
        if (r->owner == code) out.push_back(r);
    return out;
}

// The grade a case-audit return counts with: the moderated grade when set, else the agency's
// own, once the return is handed in; "" when it has none yet.
std::string gradeOf(const FigureRecord& ret) {
    const std::string moderated = answer(ret, kModeratedGrade);
    if (!moderated.empty()) return moderated;
    return submittedOrLater(ret.text("status")) ? answer(ret, kGrade) : std::string();
}

std::string labelOf(const Template& t, const Question& q, const std::string& value) {
    auto scale = t.scales.find(q.scale);
    if (scale != t.scales.end())
        for (const auto& o : scale->second)
            if (o.value == value) return o.label;
    return value;
}

bool isRag(const std::string& v) { return v == "green" || v == "amber" || v == "red"; }

// What round_comparison measures of one round.
struct RoundMeasures {
    long assigned = 0, submitted = 0;
    long selfRated = 0, selfGreen = 0, moderated = 0, moderatedGreen = 0;
    long graded = 0, goodOrBetter = 0;
    std::vector<std::string> returns, caseAudits;
};

RoundMeasures measure(const Snapshot& s, const FigureRecord* round) {
    RoundMeasures m;
    if (!round) return m;
    const auto* t = s.templateOf(*round);
    const auto pairs = t ? moderatedPairs(*t) : std::vector<ModeratedPair>{};
    for (const auto* ret : s.returnsOf(round)) {
        ++m.assigned;
        m.returns.push_back(ret->id);
        const bool handedIn = submittedOrLater(ret->text("status"));
        m.submitted += handedIn;
        for (const auto& p : pairs) {
            const std::string self = handedIn ? answer(*ret, p.self) : std::string();
            const std::string mod = answer(*ret, p.moderated);
            // Shares of green are over RAG ratings only: na and unanswered standards are left out.
            if (isRag(self)) {
                ++m.selfRated;
                m.selfGreen += self == "green";
            }
            if (isRag(mod)) {
                ++m.moderated;
                m.moderatedGreen += mod == "green";
            }
        }
    }
    for (const auto* ca : s.caseAuditsOf(round)) {
        m.caseAudits.push_back(ca->id);
        std::string grade = ca->text("agreed_grade");
        if (grade.empty()) grade = ca->text("overall_grade");
        if (grade.empty()) continue;
        ++m.graded;
        m.goodOrBetter += grade == "good" || grade == "outstanding";
    }
    return m;
}

}  // namespace

json returnRates(const Snapshot& s) {
    TableBuilder t("Return rates by agency");
    t.column("agency", "Agency", "text").column("name", "Name", "text").column("assigned", "Assigned", "number");
    t.column("submitted", "Submitted", "number").column("approved", "Approved", "number");
    t.column("rate", "Return rate", "percent").column("overdue", "Overdue", "number");
    const auto returns = s.returnsOf(s.round);
    for (const auto& code : s.agenciesOf(s.round)) {
        const auto mine = ofAgency(returns, code);
        long submitted = 0, approved = 0, overdue = 0;
        for (const auto* r : mine) {
            const std::string st = r->text("status");
            submitted += submittedOrLater(st);
            approved += approvedOrLater(st);
            const auto late = daysSince(s, dueDateOf(s, *r));
            overdue += !submittedOrLater(st) && late && *late > 0;
        }
        const long assigned = long(mine.size());
        t.row({code, s.agencyName(code), assigned, submitted, approved, percent(submitted, assigned), overdue},
              idsOf(mine));
    }
    return t.take();
}

json lateReturns(const Snapshot& s) {
    TableBuilder t("Late returns");
    t.column("agency", "Agency", "text").column("title", "Title", "text").column("assignee", "Assignee", "text");
    t.column("status", "Status", "text")
        .column("due_date", "Due", "date")
        .column("days_overdue", "Days overdue", "number");
    std::vector<std::pair<long, const FigureRecord*>> late;
    for (const auto* r : s.returnsOf(s.round)) {
        const auto days = daysSince(s, dueDateOf(s, *r));
        if (!submittedOrLater(r->text("status")) && days && *days > 0) late.emplace_back(*days, r);
    }
    std::sort(late.begin(), late.end(), [](const auto& x, const auto& y) {
        if (x.first != y.first) return x.first > y.first;
        return std::make_tuple(x.second->owner, x.second->text("title"), x.second->id) <
               std::make_tuple(y.second->owner, y.second->text("title"), y.second->id);
    });
    for (const auto& [days, r] : late)
        t.row({r->owner, r->text("title"), r->text("assignee"), r->text("status"), dueDateOf(s, *r), days}, {r->id});
    return t.take();
}

json gradesByTheme(const Snapshot& s) {
    TableBuilder t("Case-audit grades by theme");
    t.column("theme", "Theme", "text").column("grade", "Grade", "rating").column("returns", "Returns", "number");
    t.column("share", "Share", "percent");
    struct Theme {
        std::vector<std::string> grades;  // the scale's order, then any other value met
        std::map<std::string, std::vector<std::string>> returns;
        long graded = 0;
    };
    std::map<std::string, Theme> themes;
    for (const auto* r : s.returns) {
        const auto* tmpl = s.templateOf(*r);
        if (!tmpl || tmpl->kind != "case_audit") continue;
        const std::string grade = gradeOf(*r);
        if (grade.empty()) continue;
        const auto* ca = s.record(r->text("case_audit"));
        const auto* round = s.record(r->text("round"));
        std::string theme = ca ? ca->text("theme") : std::string();
        if (theme.empty() && round) theme = round->text("theme");
        if (theme.empty()) theme = tmpl->theme;
        Theme& th = themes[theme];
        if (th.grades.empty())
            if (const auto* q = tmpl->question(kGrade)) th.grades = tmpl->allowedValues(*q);
        if (std::find(th.grades.begin(), th.grades.end(), grade) == th.grades.end()) th.grades.push_back(grade);
        th.returns[grade].push_back(r->id);
        ++th.graded;
    }
    for (auto& [name, th] : themes)
        for (const auto& g : th.grades) {
            auto& ids = th.returns[g];
            t.row({name, g, ids.size(), percent(long(ids.size()), th.graded)}, ids);
        }
    return t.take();
}

json answersByQuestion(const Snapshot& s) {
    TableBuilder t("Answers by question");
    t.column("question", "Question", "text").column("text", "Text", "text").column("option", "Option", "text");
    t.column("label", "Label", "text").column("answers", "Answers", "number").column("share", "Share", "percent");
    const auto* tmpl = s.round ? s.templateOf(*s.round) : nullptr;
    if (!tmpl) return t.take();
    std::vector<const FigureRecord*> handedIn;
    for (const auto* r : s.returnsOf(s.round))
        if (submittedOrLater(r->text("status"))) handedIn.push_back(r);
    for (const auto& sec : tmpl->sections)
        for (const auto& q : sec.questions) {
            if (q.type != "choice") continue;
            long answered = 0;
            for (const auto* r : handedIn) answered += !answer(*r, q.code).empty();
            for (const auto& option : tmpl->allowedValues(q)) {
                std::vector<std::string> ids;
                for (const auto* r : handedIn)
                    if (answer(*r, q.code) == option) ids.push_back(r->id);
                const long n = long(ids.size());
                t.row({q.code, q.text, option, labelOf(*tmpl, q, option), n, percent(n, answered)}, std::move(ids));
            }
        }
    return t.take();
}

json selfVsModerated(const Snapshot& s) {
    TableBuilder t("Self-assessment against moderation");
    t.column("agency", "Agency", "text").column("standards", "Self-rated", "number");
    t.column("moderated", "Moderated", "number").column("same", "Same", "number");
    t.column("self_higher", "Self higher", "number").column("self_lower", "Self lower", "number");
    const auto* tmpl = s.round ? s.templateOf(*s.round) : nullptr;
    const auto pairs = tmpl ? moderatedPairs(*tmpl) : std::vector<ModeratedPair>{};
    const auto returns = s.returnsOf(s.round);
    for (const auto& code : s.agenciesOf(s.round)) {
        const auto mine = ofAgency(returns, code);
        long rated = 0, moderated = 0, same = 0, higher = 0, lower = 0;
        for (const auto* r : mine) {
            const bool handedIn = submittedOrLater(r->text("status"));
            for (const auto& p : pairs) {
                const std::string self = handedIn ? answer(*r, p.self) : std::string();
                const std::string mod = answer(*r, p.moderated);
                rated += !self.empty();
                moderated += !mod.empty();
                const auto a = ratingRank(self), b = ratingRank(mod);
                if (!a || !b) continue;  // na and unanswered are not compared
                same += *a == *b;
                higher += *a > *b;
                lower += *a < *b;
            }
        }
        t.row({code, rated, moderated, same, higher, lower}, idsOf(mine));
    }
    return t.take();
}

json section11Heatmap(const Snapshot& s) {
    TableBuilder t("Section 11 moderated ratings");
    t.column("agency", "Agency", "text");
    const auto* tmpl = s.round ? s.templateOf(*s.round) : nullptr;
    if (!tmpl || tmpl->kind != "section11") return t.take();
    const auto pairs = moderatedPairs(*tmpl);
    for (const auto& p : pairs) t.column(p.section, p.section, "rating");
    const auto returns = s.returnsOf(s.round);
    for (const auto& code : s.agenciesOf(s.round)) {
        const auto mine = ofAgency(returns, code);
        json cells = {code};
        for (const auto& p : pairs) {
            std::string rating;
            for (const auto* r : mine)
                if (rating.empty()) rating = answer(*r, p.moderated);
            cells.push_back(rating);
        }
        t.row(std::move(cells), idsOf(mine));
    }
    return t.take();
}

json roundComparison(const Snapshot& s) {
    TableBuilder t("This round against the previous one");
    // Counts are whole numbers; the rest are percents with one decimal, their change in points.
    t.column("measure", "Measure", "text").column("previous", "Previous round", "number");
    t.column("this", "This round", "number").column("change", "Change", "number");
    if (!s.round) return t.take();
    const RoundMeasures now = measure(s, s.round);
    const RoundMeasures before = measure(s, s.previous);
    const bool hasPrevious = s.previous != nullptr;
    auto records = [](std::vector<std::string> a, const std::vector<std::string>& b) {
        a.insert(a.end(), b.begin(), b.end());
        return a;
    };
    auto change = [](const json& a, const json& b) -> json {
        if (a.is_null() || b.is_null()) return nullptr;
        if (a.is_number_integer() && b.is_number_integer()) return b.get<long>() - a.get<long>();
        return std::round((b.get<double>() - a.get<double>()) * 10.0) / 10.0 + 0.0;  // + 0.0: never -0.0
    };
    auto row = [&](const char* name, json prev, json cur, const std::vector<std::string>& ids) {
        if (!hasPrevious) prev = nullptr;
        json delta = change(prev, cur);
        t.row({name, std::move(prev), std::move(cur), std::move(delta)}, ids);
    };
    const auto returns = records(before.returns, now.returns);
    row("Returns assigned", before.assigned, now.assigned, returns);
    row("Return rate", percent(before.submitted, before.assigned), percent(now.submitted, now.assigned), returns);
    row("Standards self-rated green", percent(before.selfGreen, before.selfRated),
        percent(now.selfGreen, now.selfRated), returns);
    row("Standards moderated green", percent(before.moderatedGreen, before.moderated),
        percent(now.moderatedGreen, now.moderated), returns);
    row("Case audits good or better", percent(before.goodOrBetter, before.graded),
        percent(now.goodOrBetter, now.graded), records(before.caseAudits, now.caseAudits));
    return t.take();
}

json roundLearning(const Snapshot& s) {
    TableBuilder t("Learning from each case");
    t.column("case", "Case", "text").column("agreed_grade", "Agreed grade", "rating");
    t.column("learning", "Learning", "text").column("returns_graded", "Returns graded", "number");
    auto cases = s.caseAuditsOf(s.round);
    std::sort(cases.begin(), cases.end(), [](const FigureRecord* a, const FigureRecord* b) {
        return std::make_tuple(a->text("case_code"), a->id) < std::make_tuple(b->text("case_code"), b->id);
    });
    for (const auto* ca : cases) {
        std::vector<std::string> ids{ca->id};
        long graded = 0;
        for (const auto* r : s.returns)
            if (r->text("case_audit") == ca->id) {
                ids.push_back(r->id);
                graded += !gradeOf(*r).empty();
            }
        t.row({ca->text("case_code"), ca->text("agreed_grade"), ca->text("learning"), graded}, std::move(ids));
    }
    return t.take();
}

}  // namespace tandem::figures::detail
