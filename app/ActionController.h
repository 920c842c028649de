// One action's detail page: what it answers (finding, recommendation), who leads and supports,
// target date, status and RAG, its progress updates, and the changes this user may make now.
// Every change is checked by Workspace (the server's rules, offline) before it is queued.
#pragma once

#include "ProgressUpdateModel.h"

#include <QObject>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

namespace tandem::app {

class Session;

class ActionController : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString actionId READ actionId WRITE setActionId NOTIFY changed)
    Q_PROPERTY(bool exists READ exists NOTIFY changed)
    Q_PROPERTY(QString reference READ reference NOTIFY changed)
    Q_PROPERTY(QString title READ title NOTIFY changed)
    Q_PROPERTY(QString finding READ finding NOTIFY changed)
    Q_PROPERTY(QString recommendation READ recommendation NOTIFY changed)
    Q_PROPERTY(QString review READ review NOTIFY changed)
    Q_PROPERTY(QString leadAgency READ leadAgency NOTIFY changed)
    Q_PROPERTY(QStringList supportingAgencies READ supportingAgencies NOTIFY changed)
    Q_PROPERTY(QString targetDate READ targetDate NOTIFY changed)
    Q_PROPERTY(QString status READ status NOTIFY changed)
    Q_PROPERTY(QString statusLabel READ statusLabel NOTIFY changed)
    Q_PROPERTY(QString rag READ rag NOTIFY changed)
    Q_PROPERTY(QString ragOverride READ ragOverride NOTIFY changed)
    Q_PROPERTY(QString ragOverrideReason READ ragOverrideReason NOTIFY changed)
    Q_PROPERTY(bool canOverrideRag READ canOverrideRag NOTIFY changed)
    Q_PROPERTY(bool canAddProgress READ canAddProgress NOTIFY changed)
    Q_PROPERTY(QVariantList transitions READ transitions NOTIFY changed)
    Q_PROPERTY(QAbstractItemModel* progress READ progress CONSTANT)
    Q_PROPERTY(QStringList pendingFields READ pendingFields NOTIFY changed)

public:
    explicit ActionController(QObject* parent = nullptr);

    QString actionId() const { return id_; }
    void setActionId(const QString& id);
    bool exists() const { return exists_; }
    QString reference() const { return reference_; }
    QString title() const { return title_; }
    QString finding() const { return finding_; }
    QString recommendation() const { return recommendation_; }
    QString review() const { return review_; }
    QString leadAgency() const { return leadAgency_; }
    QStringList supportingAgencies() const { return supporting_; }
    QString targetDate() const { return targetDate_; }
    QString status() const { return status_; }
    QString statusLabel() const { return actionStatusLabel(status_.toStdString()); }
    QString rag() const { return rag_; }
    QString ragOverride() const { return ragOverride_; }
    QString ragOverrideReason() const { return ragOverrideReason_; }
    bool canOverrideRag() const { return canOverrideRag_; }
    bool canAddProgress() const { return canAddProgress_; }
    QVariantList transitions() const { return transitions_; }
    QAbstractItemModel* progress() { return &progress_; }
    QStringList pendingFields() const { return pendingFields_; }

    // Each returns "" when the change is queued, else a sentence saying why it was refused.
    Q_INVOKABLE QString setStatus(const QString& to);
    Q_INVOKABLE QString setRagOverride(const QString& rag, const QString& reason);
    Q_INVOKABLE QString addProgressUpdate(const QString& narrative, const QString& proposedRag);

signals:
    void changed();

private:
    void reload();
    void edited();

    Session* session_;
    QString id_;
    bool exists_ = false;
    QString reference_, title_, finding_, recommendation_, review_, leadAgency_, targetDate_, status_, rag_,
        ragOverride_, ragOverrideReason_;
    QStringList supporting_, pendingFields_;
    bool canOverrideRag_ = false, canAddProgress_ = false;
    QVariantList transitions_;
    ProgressUpdateModel progress_;
};

}  // namespace tandem::app
