#include "ActionAdminController.h"

#include "Session.h"

#include <QDate>

#include <algorithm>

namespace tandem::app {
namespace {

bool isDate(const QString& s) { return QDate::fromString(s, Qt::ISODate).isValid(); }

}  // namespace

ActionAdminController::ActionAdminController(QObject* parent) : QObject(parent), session_(Session::instance()) {
    connect(session_, &Session::dataRefreshed, this, &ActionAdminController::reload);
    connect(session_, &Session::signedInChanged, this, &ActionAdminController::reload);
    connect(session_, &Session::recordChanged, this, [this](const QString& id) {
        if (id == id_) reload();
    });
}

void ActionAdminController::setActionId(const QString& id) {
    if (id == id_) return;
    id_ = id;
    reload();
}

QString ActionAdminController::text(const char* field) const { return action_ ? qs(action_->text(field)) : QString(); }

QString ActionAdminController::leadAgency() const {
    return action_ ? qs(action_->text("lead_agency", action_->owner)) : QString();
}

QStringList ActionAdminController::supportingAgencies() const {
    QStringList out;
    if (!action_) return out;
    if (auto it = action_->fields.find("supporting_agencies"); it != action_->fields.end() && it->second.is_array())
        for (const auto& s : it->second)
            if (s.is_string()) out << qs(s.get<std::string>());
    return out;
}

bool ActionAdminController::canSupersede() const {
    const QString s = status();
    return canAdminister_ && s != "closed" && s != "superseded";
}

QString ActionAdminController::closureHint() const {
    if (!canAdminister_ || canClose()) return {};
    const QString s = status();
    if (s == "closed") return "Closed. Reopen it (back to in progress) if the re-test finds the change did not last.";
    if (s == "superseded") return "Superseded: replaced by other work.";
    return "The lead agency has not submitted this action for closure yet.";
}

void ActionAdminController::reload() {
    sync::Replica* replica = session_->replica();
    action_ = replica && !id_.isEmpty() ? replica->record(id_.toStdString()) : std::nullopt;
    if (action_ && action_->kind != "action") action_.reset();
    canAdminister_ = action_ && session_->isBusinessOffice() && actorFor(session_->identity(), *action_).businessOffice;
    if (!action_) {
        history_.clearRows();
        agencies_.clear();
        emit changed();
        return;
    }
    const auto& a = *action_;
    const bool moved = std::find(a.pendingFields.begin(), a.pendingFields.end(), "target_date") != a.pendingFields.end();
    auto history = a.fields.find("target_date_history");
    history_.reload(history != a.fields.end() ? history->second : nlohmann::json(),
                    moved ? a.text("target_date") : std::string(), moved ? a.text("target_date_reason") : std::string());
    std::vector<std::pair<QString, QString>> byName;
    for (const auto& [code, name] : session_->lookups().agencyNames) byName.emplace_back(qs(name), qs(code));
    std::sort(byName.begin(), byName.end());
    agencies_.clear();
    for (const auto& [name, code] : byName) agencies_ << QVariantMap{{"code", code}, {"name", name}};
    emit changed();
}

QString ActionAdminController::refusal() const {
    if (!action_) return "Open an action first.";
    if (!canAdminister_) return "Only the business office of the partnership decides this.";
    return {};
}

QString ActionAdminController::done(const sync::EditResult& r) {
    if (!r.ok) return qs(r.message);
    session_->recordEdited(id_.toStdString());
    return {};
}

QString ActionAdminController::saveDetails(const QString& title, const QString& description, const QString& priority,
                                           const QString& leadAgency, const QStringList& supportingAgencies) {
    if (auto no = refusal(); !no.isEmpty()) return no;
    auto* ws = session_->workspace();
    const auto& names = session_->lookups().agencyNames;
    if (title.trimmed().isEmpty()) return "Say what will be done: the action needs a title.";
    if (!names.count(leadAgency.toStdString())) return "Choose the lead agency: every action has one.";
    if (supportingAgencies.contains(leadAgency))
        return "The lead agency cannot also be a supporting agency of the same action.";
    for (const QString& s : supportingAgencies)
        if (!names.count(s.toStdString())) return QString("%1 is not an agency of this partnership.").arg(s);
    if (!priority.isEmpty() && !priorities().contains(priority)) return "Priority is High, Medium or Low.";

    std::vector<std::pair<std::string, nlohmann::json>> edits;
    auto differs = [&](const char* field, const QString& now) {
        if (now.trimmed() != text(field)) edits.emplace_back(field, now.trimmed().toStdString());
    };
    differs("title", title);
    differs("description", description);
    differs("priority", priority);
    if (leadAgency != this->leadAgency()) edits.emplace_back("lead_agency", leadAgency.toStdString());
    if (supportingAgencies != this->supportingAgencies()) {
        nlohmann::json list = nlohmann::json::array();
        for (const QString& s : supportingAgencies) list.push_back(s.toStdString());
        edits.emplace_back("supporting_agencies", list);
    }
    for (size_t i = 0; i < edits.size(); ++i) {
        const auto r = ws->setField(id_.toStdString(), edits[i].first, edits[i].second);
        // Earlier fields stay queued: each is an edit of its own, as it would be from a form
        // saved field by field, and the sentence says which one was refused.
        if (!r.ok) {
            if (i > 0) session_->recordEdited(id_.toStdString());
            return fieldLabel(edits[i].first) + ": " + qs(r.message);
        }
    }
    if (!edits.empty()) session_->recordEdited(id_.toStdString());
    return {};
}

QString ActionAdminController::changeTargetDate(const QString& date, const QString& reason) {
    if (auto no = refusal(); !no.isEmpty()) return no;
    const QString d = date.trimmed();
    if (!isDate(d)) return "Give the new target date as a date (YYYY-MM-DD).";
    if (d == targetDate()) return "That is already the target date.";
    if (reason.trimmed().isEmpty()) return "Say why the target date moves: a reason is required.";
    return done(session_->workspace()->changeTargetDate(id_.toStdString(), d.toStdString(), reason.trimmed().toStdString()));
}

QString ActionAdminController::close(const QString& impactEvidence, const QString& closureDate, const QString& retestDate) {
    if (auto no = refusal(); !no.isEmpty()) return no;
    if (!closureDate.trimmed().isEmpty() && !isDate(closureDate.trimmed()))
        return "Give the closure date as a date (YYYY-MM-DD), or leave it empty for today.";
    if (!retestDate.trimmed().isEmpty() && !isDate(retestDate.trimmed()))
        return "Give the re-test date as a date (YYYY-MM-DD), or leave it empty.";
    return done(session_->workspace()->closeAction(id_.toStdString(), impactEvidence.trimmed().toStdString(),
                                                   closureDate.trimmed().toStdString(),
                                                   retestDate.trimmed().toStdString()));
}

QString ActionAdminController::returnToLead(const QString& reason) {
    if (auto no = refusal(); !no.isEmpty()) return no;
    return done(session_->workspace()->returnAction(id_.toStdString(), reason.trimmed().toStdString()));
}

QString ActionAdminController::supersede(const QString& reason) {
    if (auto no = refusal(); !no.isEmpty()) return no;
    return done(session_->workspace()->supersedeAction(id_.toStdString(), reason.trimmed().toStdString()));
}

}  // namespace tandem::app
