// The business office's "Open a round" form: the published templates and the partnership's
// agencies to choose from (read from the replica), every check the server would make before
// anything is sent, and open(), which posts the round from a worker thread (opening a round is
// online) and then syncs so the new round and its returns show.
#pragma once

#include <QObject>
#include <QStringList>
#include <QVariantList>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

#include <nlohmann/json.hpp>

#include <vector>

namespace tandem::app {

class Session;

class RoundController : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString partnership READ partnership NOTIFY choicesChanged)
    // [{key, title, kind, theme, version}], one per template key at its latest published version.
    Q_PROPERTY(QVariantList templates READ templates NOTIFY choicesChanged)
    // [{code, name, sector}] of the partnership, the business office itself left out.
    Q_PROPERTY(QVariantList agencies READ agencies NOTIFY choicesChanged)
    Q_PROPERTY(QString templateKey READ templateKey WRITE setTemplateKey NOTIFY specChanged)
    Q_PROPERTY(QString title READ title WRITE setTitle NOTIFY specChanged)
    Q_PROPERTY(QString theme READ theme WRITE setTheme NOTIFY specChanged)
    Q_PROPERTY(QString dueDate READ dueDate WRITE setDueDate NOTIFY specChanged)
    Q_PROPERTY(QString moderationDate READ moderationDate WRITE setModerationDate NOTIFY specChanged)
    Q_PROPERTY(QStringList selectedAgencies READ selectedAgencies WRITE setSelectedAgencies NOTIFY specChanged)
    // Case codes for a multi-agency case-file audit, separated by commas, spaces or new lines; a
    // line "CODE: AGENCY, AGENCY" says which agencies audit that case.
    Q_PROPERTY(QString cases READ cases WRITE setCases NOTIFY specChanged)
    Q_PROPERTY(bool needsCases READ needsCases NOTIFY specChanged)
    // Agency code -> user name of whoever completes its return (optional: its lead assigns it).
    Q_PROPERTY(QVariantMap assignees READ assignees NOTIFY specChanged)
    // What is wrong with the spec now, one sentence each (empty: it can be sent).
    Q_PROPERTY(QStringList problems READ problems NOTIFY specChanged)
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
    Q_PROPERTY(QString message READ message NOTIFY messageChanged)

public:
    explicit RoundController(QObject* parent = nullptr);

    QString partnership() const;
    QVariantList templates() const { return templates_; }
    QVariantList agencies() const { return agencies_; }
    QString templateKey() const { return templateKey_; }
    void setTemplateKey(const QString& key);
    QString title() const { return title_; }
    void setTitle(const QString& t);
    QString theme() const { return theme_; }
    void setTheme(const QString& t);
    QString dueDate() const { return dueDate_; }
    void setDueDate(const QString& d);
    QString moderationDate() const { return moderationDate_; }
    void setModerationDate(const QString& d);
    QStringList selectedAgencies() const { return selected_; }
    void setSelectedAgencies(const QStringList& codes);
    QString cases() const { return cases_; }
    void setCases(const QString& c);
    bool needsCases() const;
    QVariantMap assignees() const { return assignees_; }
    QStringList problems() const;
    bool busy() const { return busy_; }
    QString message() const { return message_; }

    Q_INVOKABLE void setAgencySelected(const QString& code, bool on);
    Q_INVOKABLE bool isAgencySelected(const QString& code) const { return selected_.contains(code); }
    Q_INVOKABLE void setAssignee(const QString& agency, const QString& user);
    // Re-reads templates and agencies (after a sync) and clears the form.
    Q_INVOKABLE void reset();
    // Sends the round when the spec has no problems; the answer comes as opened() or failed().
    Q_INVOKABLE bool open();
    // The spec as POST /v1/rounds takes it.
    nlohmann::json spec() const;
    // The day dates are checked against (YYYY-MM-DD); today unless set (tests).
    void setToday(const QString& day) { today_ = day; }

signals:
    void choicesChanged();
    void specChanged();
    void busyChanged();
    void messageChanged();
    void opened(const QString& roundId, int returns);
    void failed(const QString& message);

private:
    void readChoices();
    struct CaseLine {
        QString code;
        QStringList agencies;  // empty: every agency chosen audits the case
    };
    std::vector<CaseLine> caseLines() const;
    QStringList caseCodes() const;
    void setMessage(const QString& m);
    void finish(bool ok, const QString& roundId, int returns, const QString& message);

    Session* session_;
    QVariantList templates_, agencies_;
    QString templateKey_, title_, theme_, dueDate_, moderationDate_, cases_, message_, today_;
    QStringList selected_;
    QVariantMap assignees_;
    bool busy_ = false;
};

}  // namespace tandem::app
