// The audit form engine: renders any template's return as sections of questions, saves every
// answer as it is given (there is no save button), validates beside the question, raises
// alert_if at once, keeps show_if visibility and progress current, and runs submit (listing
// and jumping to what is missing), approve and send back. Views hold no rules: all are here.
#pragma once

#include "QuestionModel.h"
#include "Ownership.h"
#include "Replica.h"
#include "Template.h"

#include <QObject>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

#include <map>
#include <optional>
#include <set>

namespace tandem::app {

class Session;

class FormController : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString returnId READ returnId WRITE setReturnId NOTIFY loaded)
    Q_PROPERTY(bool exists READ exists NOTIFY loaded)
    Q_PROPERTY(QString loadError READ loadError NOTIFY loaded)
    Q_PROPERTY(QString title READ title NOTIFY loaded)
    Q_PROPERTY(QString round READ round NOTIFY loaded)
    Q_PROPERTY(QString agency READ agency NOTIFY loaded)
    Q_PROPERTY(QString status READ status NOTIFY changed)
    Q_PROPERTY(QString statusLabel READ statusLabel NOTIFY changed)
    Q_PROPERTY(QVariantList sections READ sections NOTIFY changed)
    Q_PROPERTY(int currentSection READ currentSection WRITE setCurrentSection NOTIFY currentSectionChanged)
    Q_PROPERTY(int answeredCount READ answeredCount NOTIFY changed)
    Q_PROPERTY(int questionCount READ questionCount NOTIFY changed)
    Q_PROPERTY(QString progressText READ progressText NOTIFY changed)
    Q_PROPERTY(bool editable READ editable NOTIFY changed)
    Q_PROPERTY(bool canSubmit READ canSubmit NOTIFY changed)
    Q_PROPERTY(bool canApprove READ canApprove NOTIFY changed)
    Q_PROPERTY(bool canSendBack READ canSendBack NOTIFY changed)
    Q_PROPERTY(QString returnComment READ returnComment NOTIFY changed)
    Q_PROPERTY(QVariantList missing READ missing NOTIFY changed)
    // Text answers that look like a child's name or date of birth, found when submitting:
    // [{code, text, finding, section}]. Submit stops at them; the user fixes them (the list
    // follows each answer) or calls submitAnyway().
    Q_PROPERTY(QVariantList personalDataWarnings READ personalDataWarnings NOTIFY changed)
    Q_PROPERTY(QAbstractListModel* questions READ questions CONSTANT)
    // Agency lead of an agency in several partnerships, on a Section 11 return not yet approved:
    // the other partnerships that get a copy when it is approved, [{code, checked}].
    Q_PROPERTY(QVariantList sendToOptions READ sendToOptions NOTIFY changed)

public:
    explicit FormController(QObject* parent = nullptr);

    QString returnId() const { return id_; }
    void setReturnId(const QString& id);
    bool exists() const { return tmpl_.has_value(); }
    QString loadError() const { return loadError_; }
    QString title() const { return title_; }
    QString round() const { return round_; }
    QString agency() const { return agency_; }
    QString status() const;
    QString statusLabel() const;
    QVariantList sections() const;
    int currentSection() const { return current_; }
    void setCurrentSection(int index);
    int answeredCount() const;
    int questionCount() const;
    QString progressText() const;
    bool editable() const;
    bool canSubmit() const { return mayMoveTo("submitted"); }
    bool canApprove() const { return status() == "submitted" && mayMoveTo("approved"); }
    bool canSendBack() const { return status() == "submitted" && mayMoveTo("returned"); }
    QString returnComment() const;
    QVariantList missing() const;
    QVariantList personalDataWarnings() const { return warnings_; }
    QAbstractListModel* questions() { return &questions_; }
    QVariantList sendToOptions() const;

    // Saves an answer at once; "" when saved, else the message shown beside the question.
    Q_INVOKABLE QString answer(const QString& code, const QString& text);
    // The codes of required questions still missing (and jumps to the first); empty when the
    // return was submitted or refused (see `refused`).
    Q_INVOKABLE QStringList submit();
    // Submits although personalDataWarnings lists answers: the user has read them and decided.
    // The server does not refuse such text either; the check is a prompt, not a rule.
    Q_INVOKABLE QStringList submitAnyway();
    Q_INVOKABLE QString approve();
    Q_INVOKABLE QString sendBack(const QString& comment);
    // Sets the partnerships in sendToOptions that get a copy; "" when saved, else why not.
    Q_INVOKABLE QString setSendTo(const QStringList& partnerships);
    // The section holding a question, or -1.
    Q_INVOKABLE int sectionOf(const QString& code) const;

    // For QuestionModel.
    QVariant questionData(const Question& q, int role) const;

signals:
    void loaded();
    void changed();
    void currentSectionChanged();
    void alertRaised(const QString& code, const QString& message);
    void focusQuestion(const QString& code);
    void refused(const QString& message);
    void submitted();

private:
    void reload();
    void refreshRecord();
    bool mayAnswer(const Question& q) const;
    bool mayMoveTo(const std::string& to) const;
    std::optional<std::string> answerOf(std::string_view code) const;
    std::vector<bool> visibility() const;
    QString alertOf(const Question& q) const;
    void afterEdit();
    QVariantList scanForPersonalData() const;
    QStringList submitChecked(bool acknowledged);

    Session* session_;
    QString id_, loadError_, title_, round_, agency_;
    std::optional<Template> tmpl_;
    std::optional<sync::LocalRecord> rec_;
    Actor actor_;
    std::map<std::string, std::string> answers_;  // code -> answer text, answered only
    std::map<std::string, QString> errors_;
    std::set<std::string> missing_;
    QVariantList warnings_;
    int current_ = 0;
    bool selfEdit_ = false;
    QuestionModel questions_;
};

}  // namespace tandem::app
