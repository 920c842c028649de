// The business office moderating one return: each standard's self score beside the moderated
// score (a template question with `writer: business_office`), with the evidence the agency gave,
// the moderator's note, and receive / mark moderated. For a return of a multi-agency case audit
// it also lays every agency's return for that case side by side (grade and learning), holds the
// agreed grade and learning, and makes an action from the learning.
#pragma once

#include "Replica.h"
#include "Template.h"

#include <QObject>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

#include <optional>

namespace tandem::app {

class Session;

class ModerationController : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString returnId READ returnId WRITE setReturnId NOTIFY changed)
    Q_PROPERTY(bool exists READ exists NOTIFY changed)
    Q_PROPERTY(QString agency READ agency NOTIFY changed)
    Q_PROPERTY(QString status READ status NOTIFY changed)
    Q_PROPERTY(QString statusLabel READ statusLabel NOTIFY changed)
    // [{section, title, selfCode, selfValue, selfLabel, moderatedCode, moderatedValue,
    //   moderatedLabel, options: [{value, label}], evidence: [{label, text}]}]
    Q_PROPERTY(QVariantList standards READ standards NOTIFY changed)
    Q_PROPERTY(QString progressText READ progressText NOTIFY changed)
    Q_PROPERTY(QString moderatorNote READ moderatorNote NOTIFY changed)
    Q_PROPERTY(bool canReceive READ canReceive NOTIFY changed)
    Q_PROPERTY(bool canModerate READ canModerate NOTIFY changed)
    Q_PROPERTY(bool scoresEditable READ scoresEditable NOTIFY changed)
    Q_PROPERTY(bool isCaseAudit READ isCaseAudit NOTIFY changed)
    Q_PROPERTY(QString caseAuditId READ caseAuditId NOTIFY changed)
    Q_PROPERTY(QString caseCode READ caseCode NOTIFY changed)
    // Every agency's return for this case: [{recordId, agency, agencyCode, statusLabel, grade,
    // gradeLabel, moderatedLabel, learning}].
    Q_PROPERTY(QVariantList caseReturns READ caseReturns NOTIFY changed)
    Q_PROPERTY(QVariantList gradeOptions READ gradeOptions NOTIFY changed)
    Q_PROPERTY(QString agreedGrade READ agreedGrade NOTIFY changed)
    Q_PROPERTY(QString caseLearning READ caseLearning NOTIFY changed)
    // The agencies auditing this case, for the lead of an action: [{code, name}].
    Q_PROPERTY(QVariantList caseAgencies READ caseAgencies NOTIFY changed)
    Q_PROPERTY(QString message READ message NOTIFY messageChanged)

public:
    explicit ModerationController(QObject* parent = nullptr);

    QString returnId() const { return id_; }
    void setReturnId(const QString& id);
    bool exists() const { return tmpl_.has_value(); }
    QString agency() const;
    QString status() const;
    QString statusLabel() const;
    QVariantList standards() const;
    QString progressText() const;
    QString moderatorNote() const;
    bool canReceive() const;
    bool canModerate() const;
    bool scoresEditable() const;
    bool isCaseAudit() const { return caseAudit_.has_value(); }
    QString caseAuditId() const;
    QString caseCode() const;
    QVariantList caseReturns() const;
    QVariantList gradeOptions() const;
    QString agreedGrade() const;
    QString caseLearning() const;
    QVariantList caseAgencies() const;
    QString message() const { return message_; }

    // Each returns "" when done, else the sentence shown (also in `message`).
    Q_INVOKABLE QString setModerated(const QString& code, const QString& value);
    Q_INVOKABLE QString receive();
    Q_INVOKABLE QString markModerated(const QString& note);
    Q_INVOKABLE QString agreeCase(const QString& grade, const QString& learning);
    Q_INVOKABLE QString actionFromLearning(const QString& title, const QString& leadAgency, const QString& targetDate);

signals:
    void changed();
    void messageChanged();
    // An action was made from the case's learning (its id, to open it).
    void actionMade(const QString& actionId);

private:
    struct Pair {
        const Section* section;
        const Question* self;
        const Question* moderated;
    };
    void reload();
    QString done(bool ok, const std::string& why, const std::string& recordId);
    void setMessage(const QString& m);
    QString labelOf(const Question& q, const std::string& value) const;
    const Pair* gradePair() const;
    const Question* learningQuestion() const;

    Session* session_;
    QString id_, message_;
    std::optional<Template> tmpl_;
    std::optional<sync::LocalRecord> rec_, caseAudit_;
    std::vector<sync::LocalRecord> caseReturns_;
    std::vector<Pair> pairs_;
    bool selfEdit_ = false;
};

}  // namespace tandem::app
