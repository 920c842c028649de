// The business office's side of one action: what the action is (title, description, priority,
// lead and supporting agencies), its target date (moved only with a reason, the history of
// dates kept) and the panel's closure decision (close with the evidence of impact and a date to
// re-test by audit, return to the lead agency with a reason, or supersede). Each method answers
// "" when the change is queued, else the sentence saying why it was refused.
#pragma once

#include "TargetDateHistoryModel.h"
#include "Workspace.h"

#include <QObject>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

namespace tandem::app {

class Session;

class ActionAdminController : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString actionId READ actionId WRITE setActionId NOTIFY changed)
    // The signed-in user is the business office of this action's partnership.
    Q_PROPERTY(bool canAdminister READ canAdminister NOTIFY changed)
    Q_PROPERTY(QString title READ title NOTIFY changed)
    Q_PROPERTY(QString description READ description NOTIFY changed)
    Q_PROPERTY(QString priority READ priority NOTIFY changed)
    Q_PROPERTY(QString leadAgency READ leadAgency NOTIFY changed)  // a code
    Q_PROPERTY(QStringList supportingAgencies READ supportingAgencies NOTIFY changed)  // codes
    Q_PROPERTY(QString targetDate READ targetDate NOTIFY changed)
    Q_PROPERTY(QString targetDateText READ targetDateText NOTIFY changed)  // "30 Jun 2016"
    Q_PROPERTY(QString status READ status NOTIFY changed)
    Q_PROPERTY(QString closureEvidence READ closureEvidence NOTIFY changed)
    Q_PROPERTY(QString closureDate READ closureDate NOTIFY changed)
    Q_PROPERTY(QString retestDate READ retestDate NOTIFY changed)
    Q_PROPERTY(QString closureDecision READ closureDecision NOTIFY changed)
    Q_PROPERTY(bool canClose READ canClose NOTIFY changed)
    Q_PROPERTY(bool canReturn READ canReturn NOTIFY changed)
    Q_PROPERTY(bool canSupersede READ canSupersede NOTIFY changed)
    // Why closing is not offered now ("" when it is).
    Q_PROPERTY(QString closureHint READ closureHint NOTIFY changed)
    Q_PROPERTY(QAbstractItemModel* history READ history CONSTANT)
    Q_PROPERTY(QVariantList agencies READ agencies NOTIFY changed)  // {code, name}, by name
    Q_PROPERTY(QStringList priorities READ priorities CONSTANT)

public:
    explicit ActionAdminController(QObject* parent = nullptr);

    QString actionId() const { return id_; }
    void setActionId(const QString& id);
    bool canAdminister() const { return canAdminister_; }
    QString title() const { return text("title"); }
    QString description() const { return text("description"); }
    QString priority() const { return text("priority"); }
    QString leadAgency() const;
    QStringList supportingAgencies() const;
    QString targetDate() const { return text("target_date"); }
    QString targetDateText() const { return TargetDateHistoryModel::dayText(targetDate()); }
    QString status() const { return text("status"); }
    QString closureEvidence() const { return text("closure_evidence"); }
    QString closureDate() const { return text("closure_date"); }
    QString retestDate() const { return text("retest_date"); }
    QString closureDecision() const { return text("closure_decision"); }
    bool canClose() const { return canAdminister_ && status() == "submitted_for_closure"; }
    bool canReturn() const { return canAdminister_ && status() == "submitted_for_closure"; }
    bool canSupersede() const;
    QString closureHint() const;
    QAbstractItemModel* history() { return &history_; }
    QVariantList agencies() const { return agencies_; }
    QStringList priorities() const { return {"High", "Medium", "Low"}; }

    // Writes the fields that differ from the action as it stands; nothing when one is wrong.
    Q_INVOKABLE QString saveDetails(const QString& title, const QString& description, const QString& priority,
                                    const QString& leadAgency, const QStringList& supportingAgencies);
    Q_INVOKABLE QString changeTargetDate(const QString& date, const QString& reason);
    // `closureDate` "" means today; `retestDate` may be "".
    Q_INVOKABLE QString close(const QString& impactEvidence, const QString& closureDate, const QString& retestDate);
    Q_INVOKABLE QString returnToLead(const QString& reason);
    Q_INVOKABLE QString supersede(const QString& reason);

signals:
    void changed();

private:
    void reload();
    QString text(const char* field) const;
    QString done(const sync::EditResult& r);
    QString refusal() const;

    Session* session_;
    QString id_;
    std::optional<sync::LocalRecord> action_;
    bool canAdminister_ = false;
    QVariantList agencies_;
    TargetDateHistoryModel history_;
};

}  // namespace tandem::app
