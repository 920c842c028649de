#include "PlanController.h"

#include "Session.h"

#include <QDate>
#include <QRegularExpression>

#include <algorithm>

namespace tandem::app {
namespace {

using Row = PlanModel::Row;

// The leading whole number of "2", "2b" or "2.3" (0 when there is none).
int leadingNumber(const QString& no) {
    int n = 0;
    for (QChar c : no) {
        if (!c.isDigit()) break;
        n = n * 10 + c.digitValue();
    }
    return n;
}

}  // namespace

PlanController::PlanController(QObject* parent) : QObject(parent), session_(Session::instance()) {
    connect(session_, &Session::dataRefreshed, this, &PlanController::reload);
    connect(session_, &Session::signedInChanged, this, &PlanController::reload);
    // Any local edit may be a plan record (or change an action's status or RAG): the outline is
    // small enough to re-read whole.
    connect(session_, &Session::recordChanged, this, &PlanController::reload);
    reload();
}

bool PlanController::canEdit() const { return session_->signedIn() && session_->isBusinessOffice(); }

QString PlanController::partnership() const {
    const auto& ps = session_->identity().partnerships;
    return ps.empty() ? QString() : qs(ps.front());
}

QStringList PlanController::reviewTypes() const {
    return {"SCR", "LCSPR", "Rapid review", "Practice learning review", "Audit"};
}

void PlanController::reload() {
    sync::Replica* replica = session_->replica();
    if (!replica || !canEdit()) {
        outline_.clearRows();
        agencies_.clear();
        emit changed();
        return;
    }
    outline_.reload(*replica, session_->lookups(), today());
    std::vector<std::pair<QString, QString>> byName;
    for (const auto& [code, name] : session_->lookups().agencyNames) byName.emplace_back(qs(name), qs(code));
    std::sort(byName.begin(), byName.end());
    agencies_.clear();
    for (const auto& [name, code] : byName) agencies_ << QVariantMap{{"code", code}, {"name", name}};
    emit changed();
}

std::string PlanController::reviewOf(const std::string& recordId) const {
    for (const Row& r : outline_.outline())
        if (r.id == recordId) return r.reviewId;
    return {};
}

QString PlanController::checkNumber(const std::string& kind, const std::string& reviewId, const QString& no) const {
    if (no.trimmed().isEmpty()) return "Give it a number.";
    static const QRegularExpression shape("^[0-9A-Za-z][0-9A-Za-z.\\-]{0,15}$");
    if (!shape.match(no.trimmed()).hasMatch())
        return "A number is letters, digits and dots, such as 2, 1a or 2.3.";
    for (const Row& r : outline_.outline())
        if (r.reviewId == reviewId && r.kind == kind && r.number == no.trimmed())
            return QString("This review already has %1 %2.").arg(qs(kind), no.trimmed());
    return {};
}

QString PlanController::created(const sync::EditResult& r, const std::string& reviewId) {
    if (!r.ok) return qs(r.message);
    lastCreated_ = qs(r.id);
    session_->recordEdited(r.id);
    outline_.expand(qs(reviewId.empty() ? r.id : reviewId));
    emit changed();
    return {};
}

QString PlanController::createReview(const QString& code, const QString& title, const QString& reviewType) {
    auto* ws = session_->workspace();
    if (!ws || !canEdit()) return "Only the business office sets action plans.";
    const QString c = code.trimmed().toUpper();
    static const QRegularExpression shape("^[A-Z0-9][A-Z0-9\\-]{1,31}$");
    if (c.isEmpty()) return "Give the review a code, such as SH-SCR-JSH.";
    if (!shape.match(c).hasMatch()) return "A review code is capital letters, digits and hyphens, such as SH-SCR-JSH.";
    for (const Row& r : outline_.outline())
        if (r.kind == "review" && r.number == c) return QString("A review %1 is already on this device.").arg(c);
    if (title.trimmed().isEmpty()) return "Give the review its title, such as the child's pseudonym (Child JSH).";
    if (reviewType.trimmed().isEmpty()) return "Say what kind of review it is.";
    const auto r = ws->createRecord(RecordKind::Review, partnership().toStdString(),
                                    {{"code", c.toStdString()},
                                     {"title", title.trimmed().toStdString()},
                                     {"review_type", reviewType.trimmed().toStdString()}});
    return created(r, {});
}

QString PlanController::createFinding(const QString& reviewId, const QString& no, const QString& text) {
    auto* ws = session_->workspace();
    if (!ws || !canEdit()) return "Only the business office sets action plans.";
    const std::string review = reviewId.toStdString();
    if (reviewOf(review) != review) return "Choose the review the finding belongs to.";
    if (auto bad = checkNumber("finding", review, no); !bad.isEmpty()) return bad;
    if (text.trimmed().isEmpty()) return "Write the finding: what went wrong in the system.";
    const auto r = ws->createRecord(RecordKind::Finding, review,
                                    {{"no", no.trimmed().toStdString()}, {"text", text.trimmed().toStdString()}});
    return created(r, review);
}

QString PlanController::createRecommendation(const QString& findingId, const QString& no, const QString& text) {
    auto* ws = session_->workspace();
    if (!ws || !canEdit()) return "Only the business office sets action plans.";
    const std::string finding = findingId.toStdString();
    const std::string review = reviewOf(finding);
    if (review.empty()) return "Choose the finding the recommendation answers.";
    if (auto bad = checkNumber("recommendation", review, no); !bad.isEmpty()) return bad;
    if (text.trimmed().isEmpty()) return "Write the recommendation: what the partnership should do.";
    const auto r = ws->createRecord(RecordKind::Recommendation, finding,
                                    {{"no", no.trimmed().toStdString()}, {"text", text.trimmed().toStdString()}});
    return created(r, review);
}

QString PlanController::createAction(const QString& parentId, const QString& no, const QString& title,
                                     const QString& leadAgency, const QString& targetDate) {
    auto* ws = session_->workspace();
    if (!ws || !canEdit()) return "Only the business office sets action plans.";
    const std::string parent = parentId.toStdString();
    const std::string review = reviewOf(parent);
    if (review.empty()) return "Choose the recommendation (or review) the action answers.";
    if (auto bad = checkNumber("action", review, no); !bad.isEmpty()) return bad;
    if (title.trimmed().isEmpty()) return "Say what will be done: the action needs a title.";
    if (leadAgency.isEmpty()) return "Choose the lead agency: every action has one.";
    if (!session_->lookups().agencyNames.count(leadAgency.toStdString()))
        return QString("%1 is not an agency of this partnership.").arg(leadAgency);
    const QString date = targetDate.trimmed();
    if (!date.isEmpty() && !QDate::fromString(date, Qt::ISODate).isValid())
        return "Give the target date as a date (YYYY-MM-DD), or leave it empty.";
    std::map<std::string, nlohmann::json> fields = {{"no", no.trimmed().toStdString()},
                                                    {"title", title.trimmed().toStdString()},
                                                    {"lead_agency", leadAgency.toStdString()}};
    if (!date.isEmpty()) fields["target_date"] = date.toStdString();
    const auto r = ws->createRecord(RecordKind::Action, parent, fields);
    return created(r, review);
}

QString PlanController::editText(const QString& recordId, const QString& text) {
    auto* ws = session_->workspace();
    if (!ws || !canEdit()) return "Only the business office edits action plans.";
    const std::string id = recordId.toStdString();
    const auto it = std::find_if(outline_.outline().begin(), outline_.outline().end(),
                                 [&](const Row& r) { return r.id == id; });
    if (it == outline_.outline().end()) return "That record is not on this device.";
    if (text.trimmed().isEmpty()) return "The text cannot be empty.";
    if (it->text == text.trimmed()) return {};
    const bool titled = it->kind == "review" || it->kind == "action";
    const auto r = ws->setField(id, titled ? "title" : "text", text.trimmed().toStdString());
    if (!r.ok) return qs(r.message);
    session_->recordEdited(id);
    return {};
}

QString PlanController::suggestNumber(const QString& kind, const QString& parentId) const {
    const std::string parent = parentId.toStdString();
    const std::string review = reviewOf(parent);
    const auto& rows = outline_.outline();
    auto taken = [&](const std::string& k, const QString& no) {
        return std::any_of(rows.begin(), rows.end(),
                           [&](const Row& r) { return r.reviewId == review && r.kind == k && r.number == no; });
    };
    auto nextFree = [&](const std::string& k, const QString& prefix, int from) {
        for (int n = from;; ++n)
            if (!taken(k, prefix + QString::number(n))) return prefix + QString::number(n);
    };
    if (kind == "finding") {
        int top = 0;
        for (const Row& r : rows)
            if (r.reviewId == review && r.kind == "finding") top = std::max(top, leadingNumber(r.number));
        return nextFree("finding", "", top + 1);
    }
    // The finding a recommendation answers, or the one above the recommendation an action answers.
    auto at = std::find_if(rows.begin(), rows.end(), [&](const Row& r) { return r.id == parent; });
    if (at == rows.end()) return {};
    auto findingAbove = [&](decltype(at) from) -> QString {
        for (auto it = from;; --it) {
            if (it->kind == "finding") return it->number;
            if (it->kind == "review" || it == rows.begin()) return {};
        }
    };
    if (kind == "recommendation") {
        const QString f = at->number;
        for (char letter = 'a'; letter <= 'z'; ++letter)
            if (!taken("recommendation", f + QChar(letter))) return f + QChar(letter);
        return {};
    }
    if (at->kind == "recommendation") {
        const QString f = findingAbove(at);
        return nextFree("action", f.isEmpty() ? QString() : f + ".", 1);
    }
    return nextFree("action", "", 1);
}

}  // namespace tandem::app
