#include "ModerationController.h"

#include "Labels.h"
#include "Session.h"
#include "Workflow.h"

#include <algorithm>

namespace tandem::app {
namespace {

std::string answerText(const sync::LocalRecord& rec, const std::string& code) {
    auto it = rec.fields.find("a." + code);
    if (it == rec.fields.end() || it->second.is_null()) return {};
    return it->second.is_string() ? it->second.get<std::string>() : it->second.dump();
}

}  // namespace

ModerationController::ModerationController(QObject* parent) : QObject(parent), session_(Session::instance()) {
    connect(session_, &Session::dataRefreshed, this, [this] {
        if (!selfEdit_) reload();
    });
    connect(session_, &Session::signedInChanged, this, &ModerationController::reload);
    connect(session_, &Session::recordChanged, this, [this](const QString&) {
        if (!selfEdit_) reload();
    });
}

void ModerationController::setReturnId(const QString& id) {
    if (id == id_) return;
    id_ = id;
    setMessage({});
    reload();
}

void ModerationController::reload() {
    // The pairs point into the template: drop them with it.
    pairs_.clear();
    tmpl_.reset();
    rec_.reset();
    caseAudit_.reset();
    caseReturns_.clear();
    sync::Replica* replica = session_->replica();
    if (replica && !id_.isEmpty()) {
        rec_ = replica->record(id_.toStdString());
        if (rec_ && rec_->kind == "audit_return") tmpl_ = session_->workspace()->templateOf(*rec_);
    }
    if (tmpl_) {
        // A moderation question pairs with the agency's own choice question on the same scale
        // in its section (S1.moderated with S1.rating, G.moderated_grade with G.grade).
        for (const auto& s : tmpl_->sections)
            for (const auto& m : s.questions) {
                if (m.writer != "business_office") continue;
                auto self = std::find_if(s.questions.begin(), s.questions.end(), [&](const Question& q) {
                    return q.writer.empty() && q.type == "choice" && q.scale == m.scale;
                });
                if (self != s.questions.end()) pairs_.push_back({&s, &*self, &m});
            }
        const std::string caseId = rec_->text("case_audit");
        if (!caseId.empty()) {
            caseAudit_ = replica->record(caseId);
            if (caseAudit_)
                for (auto& r : replica->records("audit_return"))
                    if (r.text("case_audit") == caseId) caseReturns_.push_back(std::move(r));
            const Lookups& lookups = session_->lookups();
            std::sort(caseReturns_.begin(), caseReturns_.end(), [&](const auto& a, const auto& b) {
                return lookups.agencyName(a.owner) < lookups.agencyName(b.owner);
            });
        }
    } else {
        rec_.reset();
    }
    emit changed();
}

QString ModerationController::agency() const { return rec_ ? qs(session_->lookups().agencyName(rec_->owner)) : QString(); }
QString ModerationController::status() const { return rec_ ? qs(rec_->text("status")) : QString(); }
QString ModerationController::statusLabel() const { return rec_ ? returnStatusLabel(rec_->text("status")) : QString(); }
QString ModerationController::moderatorNote() const { return rec_ ? qs(rec_->text("moderator_note")) : QString(); }

QString ModerationController::labelOf(const Question& q, const std::string& value) const {
    if (value.empty()) return {};
    auto scale = tmpl_->scales.find(q.scale);
    if (scale != tmpl_->scales.end())
        for (const auto& o : scale->second)
            if (o.value == value) return qs(o.label);
    return qs(value);
}

QVariantList ModerationController::standards() const {
    QVariantList out;
    if (!rec_) return out;
    for (const auto& p : pairs_) {
        QVariantList options, evidence;
        if (auto scale = tmpl_->scales.find(p.moderated->scale); scale != tmpl_->scales.end())
            for (const auto& o : scale->second) options << QVariantMap{{"value", qs(o.value)}, {"label", qs(o.label)}};
        for (const auto& q : p.section->questions)
            if (q.type == "text" && q.writer.empty())
                if (const std::string t = answerText(*rec_, q.code); !t.empty())
                    evidence << QVariantMap{{"label", qs(q.text)}, {"text", qs(t)}};
        const std::string self = answerText(*rec_, p.self->code), moderated = answerText(*rec_, p.moderated->code);
        out << QVariantMap{{"section", qs(p.section->code)},        {"title", qs(p.section->title)},
                           {"selfCode", qs(p.self->code)},          {"selfValue", qs(self)},
                           {"selfLabel", labelOf(*p.self, self)},   {"moderatedCode", qs(p.moderated->code)},
                           {"moderatedValue", qs(moderated)},       {"moderatedLabel", labelOf(*p.moderated, moderated)},
                           {"options", options},                    {"evidence", evidence}};
    }
    return out;
}

QString ModerationController::progressText() const {
    if (!rec_) return {};
    const auto moderated = std::count_if(pairs_.begin(), pairs_.end(),
                                         [&](const Pair& p) { return !answerText(*rec_, p.moderated->code).empty(); });
    return QString("%1 of %2 moderated").arg(moderated).arg(pairs_.size());
}

bool ModerationController::canReceive() const {
    return rec_ && session_->isBusinessOffice() && rec_->text("status") == return_status::Approved;
}
bool ModerationController::canModerate() const {
    return rec_ && session_->isBusinessOffice() && rec_->text("status") == return_status::Received;
}
bool ModerationController::scoresEditable() const {
    if (!rec_ || !session_->isBusinessOffice()) return false;
    const std::string s = rec_->text("status");
    return s == return_status::Approved || s == return_status::Received || s == return_status::Moderated;
}

QString ModerationController::caseAuditId() const { return caseAudit_ ? qs(caseAudit_->id) : QString(); }
QString ModerationController::caseCode() const { return caseAudit_ ? qs(caseAudit_->text("case_code")) : QString(); }
QString ModerationController::agreedGrade() const { return caseAudit_ ? qs(caseAudit_->text("agreed_grade")) : QString(); }
QString ModerationController::caseLearning() const { return caseAudit_ ? qs(caseAudit_->text("learning")) : QString(); }

const ModerationController::Pair* ModerationController::gradePair() const {
    // A case-file audit grades the agency's practice once: its (last) moderated pair.
    return pairs_.empty() ? nullptr : &pairs_.back();
}

const Question* ModerationController::learningQuestion() const {
    const Pair* g = gradePair();
    if (!g) return nullptr;
    const Question* first = nullptr;
    for (const auto& q : g->section->questions) {
        if (q.type != "text" || !q.writer.empty()) continue;
        if (q.code.find("learning") != std::string::npos) return &q;
        if (!first) first = &q;
    }
    return first;
}

QVariantList ModerationController::gradeOptions() const {
    QVariantList out;
    const Pair* g = gradePair();
    if (!g) return out;
    if (auto scale = tmpl_->scales.find(g->moderated->scale); scale != tmpl_->scales.end())
        for (const auto& o : scale->second) out << QVariantMap{{"value", qs(o.value)}, {"label", qs(o.label)}};
    return out;
}

QVariantList ModerationController::caseReturns() const {
    QVariantList out;
    const Pair* g = gradePair();
    const Question* learning = learningQuestion();
    const Lookups& lookups = session_->lookups();
    for (const auto& r : caseReturns_) {
        const std::string grade = g ? answerText(r, g->self->code) : "", moderated = g ? answerText(r, g->moderated->code) : "";
        out << QVariantMap{{"recordId", qs(r.id)},
                           {"agency", qs(lookups.agencyName(r.owner))},
                           {"agencyCode", qs(r.owner)},
                           {"statusLabel", returnStatusLabel(r.text("status"))},
                           {"grade", qs(grade)},
                           {"gradeLabel", g ? labelOf(*g->self, grade) : QString()},
                           {"moderatedLabel", g ? labelOf(*g->moderated, moderated) : QString()},
                           {"learning", learning ? qs(answerText(r, learning->code)) : QString()}};
    }
    return out;
}

QVariantList ModerationController::caseAgencies() const {
    QVariantList out;
    const Lookups& lookups = session_->lookups();
    for (const auto& r : caseReturns_) out << QVariantMap{{"code", qs(r.owner)}, {"name", qs(lookups.agencyName(r.owner))}};
    return out;
}

QString ModerationController::done(bool ok, const std::string& why, const std::string& recordId) {
    if (!ok) {
        setMessage(qs(why));
        return message_;
    }
    setMessage({});
    selfEdit_ = true;
    session_->recordEdited(recordId);
    selfEdit_ = false;
    reload();
    return {};
}

QString ModerationController::setModerated(const QString& code, const QString& value) {
    sync::Workspace* ws = session_->workspace();
    if (!rec_ || !ws) return "Open a return first.";
    const auto r = ws->answer(rec_->id, code.toStdString(), value.toStdString());
    return done(r.ok, r.message, rec_->id);
}

QString ModerationController::receive() {
    sync::Workspace* ws = session_->workspace();
    if (!rec_ || !ws) return "Open a return first.";
    const auto r = ws->receive(rec_->id);
    return done(r.ok, r.message, rec_->id);
}

QString ModerationController::markModerated(const QString& note) {
    sync::Workspace* ws = session_->workspace();
    if (!rec_ || !ws) return "Open a return first.";
    const auto r = ws->markModerated(rec_->id, note.trimmed().toStdString());
    return done(r.ok, r.message, rec_->id);
}

QString ModerationController::agreeCase(const QString& grade, const QString& learning) {
    sync::Workspace* ws = session_->workspace();
    if (!caseAudit_ || !ws) return "This return is not part of a case audit.";
    const std::string id = caseAudit_->id;
    const auto r = ws->agreeCase(id, grade.toStdString(), learning.trimmed().toStdString());
    return done(r.ok, r.message, id);
}

QString ModerationController::actionFromLearning(const QString& title, const QString& leadAgency, const QString& targetDate) {
    sync::Workspace* ws = session_->workspace();
    if (!caseAudit_ || !ws) return "This return is not part of a case audit.";
    const auto r = ws->actionFromLearning(caseAudit_->id, title.trimmed().toStdString(), leadAgency.toStdString(),
                                          targetDate.trimmed().toStdString());
    const QString result = done(r.ok, r.message, r.ok ? r.id : caseAudit_->id);
    if (r.ok) {
        session_->reloadAll();  // the new action joins the action lists
        emit actionMade(qs(r.id));
    }
    return result;
}

void ModerationController::setMessage(const QString& m) {
    if (m == message_) return;
    message_ = m;
    emit messageChanged();
}

}  // namespace tandem::app
