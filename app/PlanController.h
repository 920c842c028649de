// The business office's Plans tab: the outline of the partnership's action plans and the
// records it adds to them offline (a review, its findings, recommendations and actions) or
// whose texts it corrects. Every method answers "" when the change is queued, else a sentence
// saying what to put right; nothing is queued from a form that has a problem.
#pragma once

#include "PlanModel.h"
#include "Workspace.h"

#include <QObject>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

namespace tandem::app {

class Session;

class PlanController : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(tandem::app::PlanModel* outline READ outline CONSTANT)
    Q_PROPERTY(bool canEdit READ canEdit NOTIFY changed)
    Q_PROPERTY(QString partnership READ partnership NOTIFY changed)
    // {code, name} of the agencies a new action may be led by, by name.
    Q_PROPERTY(QVariantList agencies READ agencies NOTIFY changed)
    Q_PROPERTY(QStringList reviewTypes READ reviewTypes CONSTANT)
    // The record the last successful create made, so the view can show it.
    Q_PROPERTY(QString lastCreated READ lastCreated NOTIFY changed)

public:
    explicit PlanController(QObject* parent = nullptr);

    PlanModel* outline() { return &outline_; }
    bool canEdit() const;
    QString partnership() const;
    QVariantList agencies() const { return agencies_; }
    QStringList reviewTypes() const;
    QString lastCreated() const { return lastCreated_; }

    Q_INVOKABLE QString createReview(const QString& code, const QString& title, const QString& reviewType);
    Q_INVOKABLE QString createFinding(const QString& reviewId, const QString& no, const QString& text);
    Q_INVOKABLE QString createRecommendation(const QString& findingId, const QString& no, const QString& text);
    // `parentId` is a recommendation or a review; `targetDate` may be "" (set later).
    Q_INVOKABLE QString createAction(const QString& parentId, const QString& no, const QString& title,
                                     const QString& leadAgency, const QString& targetDate);
    // Corrects a review's title, a finding's or recommendation's text, or an action's title.
    Q_INVOKABLE QString editText(const QString& recordId, const QString& text);
    // The number a new record under `parentId` would usually take ("3", "2b", "2.3").
    Q_INVOKABLE QString suggestNumber(const QString& kind, const QString& parentId) const;

signals:
    void changed();

private:
    void reload();
    // "" when `no` is free for a `kind` in the review, else the sentence.
    QString checkNumber(const std::string& kind, const std::string& reviewId, const QString& no) const;
    QString created(const sync::EditResult& r, const std::string& reviewId);
    std::string reviewOf(const std::string& recordId) const;

    Session* session_;
    PlanModel outline_;
    QVariantList agencies_;
    QString lastCreated_;
};

}  // namespace tandem::app
