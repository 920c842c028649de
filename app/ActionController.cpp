#include "ActionController.h"

#include "Session.h"
#include "Workflow.h"

namespace tandem::app {
namespace {

QString transitionLabel(const std::string& from, const std::string& to) {
    if (to == "in_progress") return from == "not_started" ? "Start work" : "Back to in progress";
    if (to == "submitted_for_closure") return "Submit for closure";
    if (to == "closed") return "Close";
    if (to == "returned") return "Return to the lead agency";
    if (to == "superseded") return "Mark superseded";
    if (to == "not_started") return "Mark not started";
    return actionStatusLabel(to);
}

// Whether the actor may write `field` of the action as it stands (owner classes, locks).
bool mayWrite(const sync::LocalRecord& action, const Actor& actor, std::string_view field) {
    const OwnershipRule* rule = findRule(RecordKind::Action, field);
    if (!rule) return false;
    const auto rank = writerRank(*rule, RecordKind::Action, actor);
    if (!rank) return false;
    return !checkEditable(RecordKind::Action, *rule, rule->writers[size_t(*rank)], action.text("status"), false);
}

}  // namespace

ActionController::ActionController(QObject* parent) : QObject(parent), session_(Session::instance()) {
    connect(session_, &Session::dataRefreshed, this, &ActionController::reload);
    connect(session_, &Session::signedInChanged, this, &ActionController::reload);
    connect(session_, &Session::recordChanged, this, [this](const QString& id) {
        if (id == id_) reload();
    });
}

void ActionController::setActionId(const QString& id) {
    if (id == id_) return;
    id_ = id;
    reload();
}

void ActionController::reload() {
    sync::Replica* replica = session_->replica();
    const auto rec = replica && !id_.isEmpty() ? replica->record(id_.toStdString()) : std::nullopt;
    exists_ = rec && rec->kind == "action";
    if (!exists_) {
        reference_ = title_ = finding_ = recommendation_ = review_ = leadAgency_ = targetDate_ = status_ = rag_ = {};
        ragOverride_ = ragOverrideReason_ = {};
        supporting_ = pendingFields_ = {};
        canOverrideRag_ = canAddProgress_ = false;
        transitions_ = {};
        progress_.clearRows();
        emit changed();
        return;
    }
    const Lookups& lookups = session_->lookups();
    const auto& a = *rec;
    auto code = lookups.reviewCodes.find(a.text("review"));
    const std::string reviewCode = code != lookups.reviewCodes.end() ? code->second : a.text("review");
    auto reviewTitle = lookups.reviewTitles.find(a.text("review"));
    review_ = qs(reviewCode) + (reviewTitle != lookups.reviewTitles.end() ? ": " + qs(reviewTitle->second) : QString());
    reference_ = qs(reviewCode + " " + a.text("no"));
    title_ = qs(a.text("title"));
    const auto recommendation = replica->record(a.text("recommendation"));
    recommendation_ = recommendation ? qs(recommendation->text("no") + ". " + recommendation->text("text")) : QString();
    const auto finding = recommendation ? replica->record(recommendation->text("finding")) : std::nullopt;
    finding_ = finding ? qs(finding->text("no") + ". " + finding->text("text")) : QString();
    leadAgency_ = qs(lookups.agencyName(a.text("lead_agency", a.owner)));
    supporting_.clear();
    if (auto it = a.fields.find("supporting_agencies"); it != a.fields.end() && it->second.is_array())
        for (const auto& s : it->second)
            if (s.is_string()) supporting_ << qs(lookups.agencyName(s.get<std::string>()));
    targetDate_ = qs(a.text("target_date"));
    status_ = qs(a.text("status"));
    rag_ = qs(sync::Workspace::ragOf(a, today()));
    ragOverride_ = qs(a.text("rag_override"));
    ragOverrideReason_ = qs(a.text("rag_override_reason"));
    pendingFields_.clear();
    for (const auto& f : a.pendingFields) pendingFields_ << qs(f);

    const Actor actor = actorFor(session_->identity(), a);
    canOverrideRag_ = mayWrite(a, actor, "rag_override") && status_ != "closed" && status_ != "superseded";
    const std::string myRole = session_->identity().role;
    canAddProgress_ = myRole != "board" && (actor.owner || actor.supporting || actor.businessOffice);
    transitions_.clear();
    if (mayWrite(a, actor, "status") || actor.businessOffice)
        for (const char* to : {"not_started", "in_progress", "submitted_for_closure", "returned", "closed", "superseded"}) {
            if (a.text("status") == to) continue;
            if (checkActionTransition(a.text("status"), to, actor)) continue;
            // The business office decides closure in the ClosurePanel, which asks for the evidence
            // or the reason each decision needs.
            if (actor.businessOffice && (std::string_view(to) == "closed" || std::string_view(to) == "returned" ||
                                         std::string_view(to) == "superseded"))
                continue;
            transitions_ << QVariantMap{{"to", QString(to)}, {"label", transitionLabel(a.text("status"), to)}};
        }
    progress_.reload(*replica, lookups, a.id);
    emit changed();
}

void ActionController::edited() { session_->recordEdited(id_.toStdString()); }

QString ActionController::setStatus(const QString& to) {
    auto* ws = session_->workspace();
    if (!ws || !exists_) return "Open an action first.";
    const auto r = ws->setField(id_.toStdString(), "status", to.toStdString());
    if (!r.ok) return qs(r.message);
    edited();
    return {};
}

QString ActionController::setRagOverride(const QString& rag, const QString& reason) {
    auto* ws = session_->workspace();
    if (!ws || !exists_) return "Open an action first.";
    if (!rag.isEmpty() && reason.trimmed().isEmpty()) return "Say why the RAG is overridden: a reason is required.";
    if (rag == ragOverride_ && reason.trimmed() == ragOverrideReason_) return {};
    const auto r = ws->setField(id_.toStdString(), "rag_override", rag.toStdString());
    if (!r.ok) return qs(r.message);
    const auto why = ws->setField(id_.toStdString(), "rag_override_reason", rag.isEmpty() ? std::string() : reason.trimmed().toStdString());
    edited();
    return why.ok ? QString() : qs(why.message);
}

QString ActionController::addProgressUpdate(const QString& narrative, const QString& proposedRag) {
    auto* ws = session_->workspace();
    if (!ws || !exists_) return "Open an action first.";
    const auto r = ws->addProgressUpdate(id_.toStdString(), narrative.trimmed().toStdString(), proposedRag.toStdString());
    if (!r.ok) return qs(r.message);
    edited();
    return {};
}

}  // namespace tandem::app
