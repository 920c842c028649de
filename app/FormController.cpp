#include "FormController.h"

#include "Labels.h"
#include "Session.h"
#include "Workflow.h"

#include <QLocale>

namespace tandem::app {
namespace {

using nlohmann::json;

std::string answerText(const json& v) {
    if (v.is_null()) return {};
    if (v.is_string()) return v.get<std::string>();
    return v.dump();
}

QString sentence(std::string s) {
    if (!s.empty()) s[0] = char(std::toupper(static_cast<unsigned char>(s[0])));
    if (!s.empty() && s.back() != '.') s += '.';
    return qs(s);
}

QString number(double d) { return QLocale::c().toString(d, 'g', 12); }

}  // namespace

FormController::FormController(QObject* parent) : QObject(parent), session_(Session::instance()), questions_(this) {
    connect(session_, &Session::dataRefreshed, this, [this] {
        if (!selfEdit_) refreshRecord();
    });
    connect(session_, &Session::signedInChanged, this, &FormController::reload);
    connect(session_, &Session::recordChanged, this, [this](const QString& id) {
        if (!selfEdit_ && id == id_) refreshRecord();
    });
}

void FormController::setReturnId(const QString& id) {
    if (id == id_) return;
    id_ = id;
    reload();
}

void FormController::reload() {
    tmpl_.reset();
    rec_.reset();
    answers_.clear();
    errors_.clear();
    missing_.clear();
    loadError_.clear();
    title_ = round_ = agency_ = {};
    current_ = 0;
    sync::Replica* replica = session_->replica();
    if (replica && !id_.isEmpty()) {
        rec_ = replica->record(id_.toStdString());
        if (!rec_ || rec_->kind != "audit_return") {
            rec_.reset();
            loadError_ = "This return is not on this device.";
        } else if (!(tmpl_ = session_->workspace()->templateOf(*rec_))) {
            loadError_ = "The template of this return is not on this device yet: sync first.";
        }
    }
    if (tmpl_) {
        const Lookups& lookups = session_->lookups();
        title_ = qs(tmpl_->title);
        auto r = lookups.roundTitles.find(rec_->text("round"));
        round_ = qs(r != lookups.roundTitles.end() ? r->second : rec_->text("title"));
        agency_ = qs(lookups.agencyName(rec_->owner));
        actor_ = actorFor(session_->identity(), *rec_);
        for (const auto& [name, value] : rec_->fields)
            if (name.rfind("a.", 0) == 0 && !value.is_null() && !answerText(value).empty()) answers_[name.substr(2)] = answerText(value);
    }
    questions_.showSection(tmpl_ && !tmpl_->sections.empty() ? &tmpl_->sections[0] : nullptr);
    emit loaded();
    emit currentSectionChanged();
    emit changed();
}

// After a sync or someone else's edit: new values, same template; keep the page and messages.
void FormController::refreshRecord() {
    sync::Replica* replica = session_->replica();
    if (!tmpl_ || !replica) return reload();
    auto fresh = replica->record(id_.toStdString());
    if (!fresh) return reload();
    rec_ = std::move(fresh);
    actor_ = actorFor(session_->identity(), *rec_);
    answers_.clear();
    for (const auto& [name, value] : rec_->fields)
        if (name.rfind("a.", 0) == 0 && !value.is_null() && !answerText(value).empty()) answers_[name.substr(2)] = answerText(value);
    questions_.changedAll({QuestionModel::ValueRole, QuestionModel::VisibleRole, QuestionModel::ReadOnlyRole,
                           QuestionModel::AlertRole});
    emit changed();
}

QString FormController::status() const { return rec_ ? qs(rec_->text("status")) : QString(); }
QString FormController::statusLabel() const { return rec_ ? returnStatusLabel(rec_->text("status")) : QString(); }

std::optional<std::string> FormController::answerOf(std::string_view code) const {
    auto it = answers_.find(std::string(code));
    if (it == answers_.end()) return std::nullopt;
    return it->second;
}

std::vector<bool> FormController::visibility() const {
    std::vector<bool> out;
    if (const Section* s = questions_.section()) {
        const AnswerLookup lookup = [this](std::string_view c) { return answerOf(c); };
        for (const auto& q : s->questions) out.push_back(isVisible(q, lookup));
    }
    return out;
}

void FormController::setCurrentSection(int index) {
    if (!tmpl_ || index < 0 || index >= int(tmpl_->sections.size()) || index == current_) return;
    current_ = index;
    questions_.showSection(&tmpl_->sections[size_t(index)]);
    emit currentSectionChanged();
}

int FormController::sectionOf(const QString& code) const {
    if (!tmpl_) return -1;
    for (size_t i = 0; i < tmpl_->sections.size(); ++i)
        for (const auto& q : tmpl_->sections[i].questions)
            if (qs(q.code) == code) return int(i);
    return -1;
}

QVariantList FormController::sections() const {
    QVariantList out;
    if (!tmpl_) return out;
    const AnswerLookup lookup = [this](std::string_view c) { return answerOf(c); };
    for (const auto& s : tmpl_->sections) {
        int answered = 0, total = 0, missing = 0;
        for (const auto& q : s.questions) {
            if (!isVisible(q, lookup)) continue;
            ++total;
            answered += answers_.count(q.code) ? 1 : 0;
            missing += missing_.count(q.code) ? 1 : 0;
        }
        out << QVariantMap{{"code", qs(s.code)}, {"title", qs(s.title)}, {"answered", answered}, {"total", total}, {"missing", missing}};
    }
    return out;
}

int FormController::answeredCount() const {
    int n = 0;
    for (const auto& s : sections()) n += s.toMap().value("answered").toInt();
    return n;
}

int FormController::questionCount() const {
    int n = 0;
    for (const auto& s : sections()) n += s.toMap().value("total").toInt();
    return n;
}

QString FormController::progressText() const { return QString("%1 of %2 answered").arg(answeredCount()).arg(questionCount()); }

bool FormController::mayAnswer(const Question& q) const {
    if (!rec_) return false;
    const OwnershipRule* rule = findRule(RecordKind::AuditReturn, "a." + q.code, q.writer);
    if (!rule) return false;
    const auto rank = writerRank(*rule, RecordKind::AuditReturn, actor_);
    if (!rank) return false;
    return !checkEditable(RecordKind::AuditReturn, *rule, rule->writers[size_t(*rank)], rec_->text("status"), false);
}

bool FormController::editable() const {
    if (!tmpl_) return false;
    for (const auto& s : tmpl_->sections)
        for (const auto& q : s.questions)
            if (q.writer.empty()) return mayAnswer(q);
    return false;
}

bool FormController::mayMoveTo(const std::string& to) const {
    // Moving to the status it already has is no transition (a lead viewing a submitted return
    // must not be offered "Submit" again).
    if (!rec_ || !tmpl_ || rec_->text("status") == to) return false;
    const OwnershipRule* rule = findRule(RecordKind::AuditReturn, "status");
    const auto rank = rule ? writerRank(*rule, RecordKind::AuditReturn, actor_) : std::nullopt;
    if (!rank) return false;
    if (checkReturnTransition(rec_->text("status"), to, actor_)) return false;
    return !checkEditable(RecordKind::AuditReturn, *rule, rule->writers[size_t(*rank)], rec_->text("status"), false);
}

QString FormController::returnComment() const {
    if (!rec_ || rec_->text("status") != "returned") return {};
    const std::string lead = rec_->text("lead_comment"), bo = rec_->text("return_reason");
    return qs(!bo.empty() ? bo : lead);
}

QVariantList FormController::missing() const {
    QVariantList out;
    if (!tmpl_) return out;
    for (size_t i = 0; i < tmpl_->sections.size(); ++i)
        for (const auto& q : tmpl_->sections[i].questions)
            if (missing_.count(q.code)) out << QVariantMap{{"code", qs(q.code)}, {"text", qs(q.text)}, {"section", int(i)}};
    return out;
}

QString FormController::alertOf(const Question& q) const {
    if (!q.alertIf) return {};
    auto a = answerOf(q.code);
    if (!a) return {};
    return std::find(q.alertIf->in.begin(), q.alertIf->in.end(), *a) != q.alertIf->in.end() ? qs(q.alertIf->message) : QString();
}

QVariant FormController::questionData(const Question& q, int role) const {
    switch (role) {
        case Qt::DisplayRole:
        case QuestionModel::TextRole: return qs(q.text);
        case QuestionModel::CodeRole: return qs(q.code);
        case QuestionModel::TypeRole: return qs(q.type);
        case QuestionModel::OptionsRole: {
            QVariantList options;
            auto scale = tmpl_->scales.find(q.scale);
            if (!q.scale.empty() && scale != tmpl_->scales.end())
                for (const auto& o : scale->second) options << QVariantMap{{"value", qs(o.value)}, {"label", qs(o.label)}};
            else
                for (const auto& o : q.options) options << QVariantMap{{"value", qs(o)}, {"label", qs(o)}};
            return options;
        }
        case QuestionModel::RequiredRole: return q.required;
        case QuestionModel::VisibleRole: return isVisible(q, [this](std::string_view c) { return answerOf(c); });
        case QuestionModel::ValueRole: return qs(answerOf(q.code).value_or(""));
        case QuestionModel::ErrorRole: {
            auto it = errors_.find(q.code);
            return it != errors_.end() ? it->second : QString();
        }
        case QuestionModel::ReadOnlyRole: return !mayAnswer(q);
        case QuestionModel::MinRole: return q.min ? QVariant(*q.min) : QVariant();
        case QuestionModel::MaxRole: return q.max ? QVariant(*q.max) : QVariant();
        case QuestionModel::HintRole:
            if (q.type == "date") return QStringLiteral("A date, YYYY-MM-DD");
            if (q.type == "number") {
                if (q.min && q.max) return number(*q.min) + " – " + number(*q.max);
                if (q.min) return "At least " + number(*q.min);
                if (q.max) return "At most " + number(*q.max);
                return QStringLiteral("A number");
            }
            if (!q.writer.empty() && q.writer == "business_office") return QStringLiteral("Completed by the business office");
            return QString();
        case QuestionModel::MissingRole: return missing_.count(q.code) > 0;
        case QuestionModel::AlertRole: return alertOf(q);
    }
    return {};
}

QString FormController::answer(const QString& code, const QString& text) {
    auto* ws = session_->workspace();
    if (!tmpl_ || !ws) return "Open a return first.";
    const std::string c = code.toStdString();
    const Question* q = tmpl_->question(c);
    if (!q) return "This form has no question " + code + ".";
    const int row = questions_.rowOf(code);
    auto fail = [&](const QString& message) {
        errors_[c] = message;
        questions_.changed(row, {QuestionModel::ErrorRole});
        return message;
    };
    if (!mayAnswer(*q)) return fail(q->writer == "business_office" ? "Only the business office completes this answer."
                                                                    : "This return cannot be changed by you now.");
    const std::string t = text.trimmed().toStdString();
    json value = t.empty() ? json(nullptr) : json(t);
    if (!t.empty() && q->type == "number") {
        bool ok = false;
        const double d = QString::fromStdString(t).toDouble(&ok);
        if (!ok) return fail("Must be a number.");
        value = d;
    }
    if (auto bad = validateAnswer(*tmpl_, *q, value)) return fail(sentence(*bad));
    if (answerOf(c).value_or("") == t && !errors_.count(c)) return {};  // nothing changed: no edit to queue
    const auto r = ws->answer(id_.toStdString(), c, t);
    if (!r.ok) return fail(qs(r.message));

    const auto before = visibility();
    errors_.erase(c);
    missing_.erase(c);
    if (t.empty()) answers_.erase(c);
    else answers_[c] = q->type == "number" ? answerText(value.get<double>() == double(static_cast<long long>(value.get<double>()))
                                                              ? json(static_cast<long long>(value.get<double>())) : value)
                                           : t;
    questions_.changed(row, {QuestionModel::ValueRole, QuestionModel::ErrorRole, QuestionModel::MissingRole, QuestionModel::AlertRole});
    const auto after = visibility();
    for (size_t i = 0; i < after.size() && i < before.size(); ++i)
        if (after[i] != before[i]) questions_.changed(int(i), {QuestionModel::VisibleRole});
    // A warning list on show follows the answers as they are fixed.
    if (!warnings_.isEmpty()) warnings_ = scanForPersonalData();
    afterEdit();
    if (const QString alert = alertOf(*q); !alert.isEmpty()) emit alertRaised(code, alert);
    return {};
}

void FormController::afterEdit() {
    selfEdit_ = true;
    session_->recordEdited(id_.toStdString());
    selfEdit_ = false;
    // The status may have moved (the first answer starts a return): read it back.
    if (auto fresh = session_->replica()->record(id_.toStdString())) {
        const bool statusMoved = fresh->text("status") != rec_->text("status");
        rec_ = std::move(fresh);
        if (statusMoved) questions_.changedAll({QuestionModel::ReadOnlyRole});
    }
    emit changed();
}

QVariantList FormController::scanForPersonalData() const {
    QVariantList out;
    auto* ws = session_->workspace();
    if (!ws) return out;
    for (const auto& w : ws->personalDataWarnings(id_.toStdString()))
        out << QVariantMap{{"code", qs(w.question)}, {"text", qs(w.questionText)}, {"finding", qs(w.finding)},
                           {"section", sectionOf(qs(w.question))}};
    return out;
}

QStringList FormController::submit() { return submitChecked(false); }
QStringList FormController::submitAnyway() { return submitChecked(true); }

QStringList FormController::submitChecked(bool acknowledged) {
    auto* ws = session_->workspace();
    if (!tmpl_ || !ws) {
        emit refused("Open a return first.");
        return {};
    }
    const auto missing = missingRequired(*tmpl_, [this](std::string_view c) { return answerOf(c); });
    if (!missing.empty()) {
        missing_ = std::set<std::string>(missing.begin(), missing.end());
        QStringList codes;
        for (const auto& m : missing) codes << qs(m);
        setCurrentSection(sectionOf(codes.front()));
        questions_.changedAll({QuestionModel::MissingRole});
        emit changed();
        emit focusQuestion(codes.front());
        return codes;
    }
    missing_.clear();
    warnings_ = acknowledged ? QVariantList() : scanForPersonalData();
    if (!warnings_.isEmpty()) {
        const QString first = warnings_.front().toMap().value("code").toString();
        setCurrentSection(sectionOf(first));
        emit changed();
        emit focusQuestion(first);
        return {};
    }
    const auto r = ws->submit(id_.toStdString());
    if (!r.ok) {
        emit refused(qs(r.message));
        return {};
    }
    afterEdit();
    questions_.changedAll({QuestionModel::ReadOnlyRole, QuestionModel::MissingRole});
    emit submitted();
    return {};
}

QString FormController::approve() {
    auto* ws = session_->workspace();
    if (!tmpl_ || !ws) return "Open a return first.";
    const auto r = ws->approve(id_.toStdString());
    if (!r.ok) return qs(r.message);
    afterEdit();
    return {};
}

QString FormController::sendBack(const QString& comment) {
    auto* ws = session_->workspace();
    if (!tmpl_ || !ws) return "Open a return first.";
    const auto r = ws->sendBack(id_.toStdString(), comment.trimmed().toStdString());
    if (!r.ok) return qs(r.message);
    afterEdit();
    return {};
}

QVariantList FormController::sendToOptions() const {
    QVariantList out;
    sync::Replica* replica = session_->replica();
    if (!rec_ || !tmpl_ || !replica || tmpl_->kind != "section11" || !session_->isAgencyLead() || !actor_.owner) return out;
    const std::string status = rec_->text("status");
    if (status != "assigned" && status != "in_progress" && status != "returned" && status != "submitted") return out;
    const auto agency = replica->record("agency:" + rec_->owner);
    if (!agency) return out;
    const auto all = agency->fields.find("partnerships");
    if (all == agency->fields.end() || !all->second.is_array()) return out;
    const auto chosen = rec_->fields.find("send_to");
    for (const auto& p : all->second) {
        if (!p.is_string() || p == rec_->partnership) continue;
        const bool checked = chosen != rec_->fields.end() && chosen->second.is_array() &&
                             std::find(chosen->second.begin(), chosen->second.end(), p) != chosen->second.end();
        out << QVariantMap{{"code", qs(p.get<std::string>())}, {"checked", checked}};
    }
    return out;
}

QString FormController::setSendTo(const QStringList& partnerships) {
    auto* ws = session_->workspace();
    if (!tmpl_ || !ws) return "Open a return first.";
    std::vector<std::string> codes;
    for (const auto& p : partnerships) codes.push_back(p.toStdString());
    const auto r = ws->setSendTo(id_.toStdString(), codes);
    if (!r.ok) return qs(r.message);
    afterEdit();
    return {};
}

}  // namespace tandem::app
