#include "RoundController.h"

#include "Domain.h"
#include "Labels.h"
#include "RoundOpener.h"
#include "Session.h"

#include <QDate>
#include <QFutureWatcher>
#include <QRegularExpression>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <map>

namespace tandem::app {
namespace {

using nlohmann::json;

constexpr auto kOffline = "Opening a round needs a connection to the server.";

QStringList listOf(const json& v) {
    QStringList out;
    if (v.is_array())
        for (const auto& x : v)
            if (x.is_string()) out << qs(x.get<std::string>());
    return out;
}

}  // namespace

RoundController::RoundController(QObject* parent) : QObject(parent), session_(Session::instance()) {
    connect(session_, &Session::dataRefreshed, this, &RoundController::readChoices);
    connect(session_, &Session::signedInChanged, this, &RoundController::reset);
    readChoices();
}

QString RoundController::partnership() const {
    const auto& p = session_->identity().partnerships;
    return p.empty() ? QString() : qs(p.front());
}

void RoundController::readChoices() {
    templates_.clear();
    agencies_.clear();
    sync::Replica* replica = session_->replica();
    if (replica) {
        // The latest published version of each template key.
        std::map<std::string, std::pair<int, QVariantMap>> latest;
        const Lookups& lookups = session_->lookups();
        for (const auto& t : replica->records("template")) {
            const auto v = t.fields.find("version");
            const int version = v != t.fields.end() && v->second.is_number_integer() ? v->second.get<int>() : 0;
            auto info = lookups.templates.find(t.id);
            const std::string theme = info != lookups.templates.end() && info->second.tmpl ? info->second.tmpl->theme : "";
            auto& slot = latest[t.text("key")];
            if (slot.second.isEmpty() || version > slot.first)
                slot = {version, QVariantMap{{"key", qs(t.text("key"))}, {"title", qs(t.text("title"))},
                                             {"kind", qs(t.text("kind"))}, {"theme", qs(theme)}, {"version", version}}};
        }
        std::vector<QVariantMap> sorted;
        for (auto& [key, entry] : latest) sorted.push_back(entry.second);
        std::sort(sorted.begin(), sorted.end(),
                  [](const QVariantMap& a, const QVariantMap& b) { return a["title"].toString() < b["title"].toString(); });
        for (auto& t : sorted) templates_ << t;

        const QString mine = partnership();
        std::vector<QVariantMap> agencies;
        for (const auto& a : replica->records("agency")) {
            auto p = a.fields.find("partnerships");
            if (p == a.fields.end() || !listOf(p->second).contains(mine) || a.text("sector") == "business_office") continue;
            agencies.push_back({{"code", qs(a.text("code"))}, {"name", qs(a.text("name"))}, {"sector", qs(a.text("sector"))}});
        }
        std::sort(agencies.begin(), agencies.end(),
                  [](const QVariantMap& a, const QVariantMap& b) { return a["name"].toString() < b["name"].toString(); });
        for (auto& a : agencies) agencies_ << a;
    }
    emit choicesChanged();
}

void RoundController::reset() {
    templateKey_ = title_ = theme_ = dueDate_ = moderationDate_ = cases_ = {};
    selected_.clear();
    assignees_.clear();
    setMessage({});
    readChoices();
    emit specChanged();
}

void RoundController::setTemplateKey(const QString& key) {
    if (key == templateKey_) return;
    templateKey_ = key;
    // A template's own theme is the round's unless the office says otherwise.
    for (const auto& t : templates_) {
        const QVariantMap m = t.toMap();
        if (m["key"].toString() == key && !m["theme"].toString().isEmpty()) theme_ = m["theme"].toString();
        if (m["key"].toString() == key && m["kind"].toString() == "section11") theme_ = "section11";
    }
    emit specChanged();
}

void RoundController::setTitle(const QString& t) {
    if (t == title_) return;
    title_ = t;
    emit specChanged();
}
void RoundController::setTheme(const QString& t) {
    if (t == theme_) return;
    theme_ = t;
    emit specChanged();
}
void RoundController::setDueDate(const QString& d) {
    if (d == dueDate_) return;
    dueDate_ = d;
    emit specChanged();
}
void RoundController::setModerationDate(const QString& d) {
    if (d == moderationDate_) return;
    moderationDate_ = d;
    emit specChanged();
}
void RoundController::setSelectedAgencies(const QStringList& codes) {
    if (codes == selected_) return;
    selected_ = codes;
    emit specChanged();
}
void RoundController::setCases(const QString& c) {
    if (c == cases_) return;
    cases_ = c;
    emit specChanged();
}

void RoundController::setAgencySelected(const QString& code, bool on) {
    if (on == selected_.contains(code)) return;
    if (on) selected_ << code;
    else selected_.removeAll(code);
    emit specChanged();
}

void RoundController::setAssignee(const QString& agency, const QString& user) {
    const QString name = user.trimmed();
    if (assignees_.value(agency).toString() == name) return;
    if (name.isEmpty()) assignees_.remove(agency);
    else assignees_[agency] = name;
    emit specChanged();
}

bool RoundController::needsCases() const {
    for (const auto& t : templates_)
        if (t.toMap()["key"].toString() == templateKey_) return t.toMap()["kind"].toString() == "case_audit";
    return false;
}

// "STH-0412, STH-1187" audits both cases by every agency chosen; a line "STH-0412: STH-CSC,
// MERPOL" names the agencies that audit that case, the first of them leading it.
std::vector<RoundController::CaseLine> RoundController::caseLines() const {
    static const QRegularExpression separators("[,;\\s]+");
    std::vector<CaseLine> out;
    for (const QString& line : cases_.split('\n', Qt::SkipEmptyParts)) {
        const qsizetype colon = line.indexOf(':');
        if (colon < 0) {
            for (const QString& code : line.split(separators, Qt::SkipEmptyParts)) out.push_back({code.trimmed(), {}});
            continue;
        }
        const QString code = line.left(colon).trimmed();
        QStringList agencies = line.mid(colon + 1).split(separators, Qt::SkipEmptyParts);
        for (auto& a : agencies) a = a.trimmed().toUpper();
        if (!code.isEmpty() || !agencies.isEmpty()) out.push_back({code, agencies});
    }
    return out;
}

QStringList RoundController::caseCodes() const {
    QStringList codes;
    for (const auto& c : caseLines()) codes << c.code;
    return codes;
}

QStringList RoundController::problems() const {
    QStringList out;
    if (templateKey_.isEmpty()) out << "Choose a template.";
    if (title_.trimmed().isEmpty()) out << "Give the round a title.";
    const QString day = today_.isEmpty() ? qs(today()) : today_;
    const QDate due = QDate::fromString(dueDate_, Qt::ISODate), now = QDate::fromString(day, Qt::ISODate);
    if (!isIsoDate(dueDate_.toStdString())) out << "Give a due date as YYYY-MM-DD.";
    else if (due < now) out << "The due date has already passed.";
    if (!moderationDate_.isEmpty()) {
        if (!isIsoDate(moderationDate_.toStdString())) out << "Give the moderation date as YYYY-MM-DD, or leave it empty.";
        else if (due.isValid() && QDate::fromString(moderationDate_, Qt::ISODate) < due)
            out << "The moderation meeting must not come before the due date.";
    }
    if (selected_.isEmpty()) out << "Choose at least one agency.";
    const QStringList codes = caseCodes();
    if (needsCases() && codes.isEmpty()) out << "A case-file audit needs the codes of the cases to audit.";
    if (QStringList(codes).removeDuplicates() > 0) out << "A case code is listed twice.";
    if (needsCases())
        for (const auto& c : caseLines()) {
            if (c.code.isEmpty()) out << "A line of agencies has no case code before its colon.";
            for (const QString& a : c.agencies)
                if (!selected_.contains(a))
                    out << QString("%1 audits case %2 but is not one of the agencies chosen.").arg(a, c.code);
        }
    return out;
}

json RoundController::spec() const {
    json agencies = json::array(), cases = json::array(), assignees = json::object();
    // In the order they were chosen: the first agency chosen leads each case.
    for (const QString& code : selected_) {
        agencies.push_back(code.toStdString());
        if (assignees_.contains(code)) assignees[code.toStdString()] = assignees_[code].toString().toStdString();
    }
    json caseAgencies = json::object();
    if (needsCases())
        for (const auto& c : caseLines()) {
            cases.push_back(c.code.toStdString());
            if (c.agencies.isEmpty()) continue;
            json list = json::array();
            for (const QString& a : c.agencies) list.push_back(a.toStdString());
            caseAgencies[c.code.toStdString()] = list;
        }
    // The partnership is the caller's own: the server takes it from the token.
    return json{{"template_key", templateKey_.toStdString()}, {"title", title_.trimmed().toStdString()},
                {"theme", theme_.trimmed().toStdString()},    {"due_date", dueDate_.toStdString()},
                {"moderation_date", moderationDate_.toStdString()}, {"agencies", agencies},
                {"cases", cases}, {"case_agencies", caseAgencies}, {"assignees", assignees}};
}

bool RoundController::open() {
    if (busy_) return false;
    const QStringList wrong = problems();
    if (!wrong.isEmpty()) {
        setMessage(wrong.join(' '));
        emit failed(message_);
        return false;
    }
    sync::Replica* replica = session_->replica();
    const auto token = replica ? replica->token() : std::nullopt;
    if (!token) {
        setMessage("Sign in online to open a round.");
        emit failed(message_);
        return false;
    }
    busy_ = true;
    emit busyChanged();
    setMessage({});
    auto* watcher = new QFutureWatcher<sync::OpenRoundResult>(this);
    connect(watcher, &QFutureWatcher<sync::OpenRoundResult>::finished, this, [this, watcher] {
        const sync::OpenRoundResult r = watcher->result();
        watcher->deleteLater();
        finish(r.ok, qs(r.roundId), r.returns, r.offline ? QString(kOffline) : qs(r.message));
    });
    watcher->setFuture(QtConcurrent::run([url = session_->serverUrl().toStdString(), t = *token, body = spec()] {
        try {
            sync::HttpTransport transport(url, std::chrono::seconds(20));
            return sync::openRound(transport, t, body);
        } catch (const std::exception& e) {
            sync::OpenRoundResult r;
            r.message = e.what();
            return r;
        }
    }));
    return true;
}

void RoundController::finish(bool ok, const QString& roundId, int returns, const QString& message) {
    busy_ = false;
    emit busyChanged();
    if (!ok) {
        setMessage(message.isEmpty() ? QStringLiteral("The server did not open the round.") : message);
        emit failed(message_);
        return;
    }
    setMessage(QString("Opened \"%1\" with %2 returns.").arg(title_.trimmed()).arg(returns));
    // The round and its returns reach this device like any other record.
    session_->sync()->syncNow();
    emit opened(roundId, returns);
}

void RoundController::setMessage(const QString& m) {
    if (m == message_) return;
    message_ = m;
    emit messageChanged();
}

}  // namespace tandem::app
