// The actions a user asked to see: by review, status (or "open"), RAG, due date, and a search
// as you type over reference, title and lead agency. Order comes from ActionListModel.
#pragma once

#include "ActionListModel.h"

#include <QSortFilterProxyModel>
#include <QtQml/qqmlregistration.h>

namespace tandem::app {

class ActionFilterModel : public QSortFilterProxyModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString search READ search WRITE setSearch NOTIFY filterChanged)
    Q_PROPERTY(QString review READ review WRITE setReview NOTIFY filterChanged)
    Q_PROPERTY(QString status READ status WRITE setStatus NOTIFY filterChanged)
    Q_PROPERTY(QString rag READ rag WRITE setRag NOTIFY filterChanged)
    Q_PROPERTY(QString dueBefore READ dueBefore WRITE setDueBefore NOTIFY filterChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(QStringList reviews READ reviews NOTIFY choicesChanged)
    Q_PROPERTY(QStringList statuses READ statuses NOTIFY choicesChanged)
    // The same choices for a combo box: {value, label}, "open" first ("Open (not closed)").
    Q_PROPERTY(QVariantList statusOptions READ statusOptions NOTIFY choicesChanged)

public:
    explicit ActionFilterModel(QObject* parent = nullptr);
    void setActions(ActionListModel* actions);

    QString search() const { return search_; }
    QString review() const { return review_; }
    QString status() const { return status_; }
    QString rag() const { return rag_; }
    QString dueBefore() const { return dueBefore_; }
    void setSearch(const QString& s);
    void setReview(const QString& s);
    void setStatus(const QString& s);
    void setRag(const QString& s);
    void setDueBefore(const QString& s);
    int count() const { return rowCount(); }
    QStringList reviews() const;
    QStringList statuses() const;
    QVariantList statusOptions() const;

    // The record id at a row of this (filtered) model, "" when out of range.
    Q_INVOKABLE QString recordIdAt(int row) const;
    Q_INVOKABLE void clearFilters();

signals:
    void filterChanged();
    void countChanged();
    void choicesChanged();

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    void refilter();
    void matchSearch();
    ActionListModel* actions_ = nullptr;
    QString search_, review_, status_, rag_, dueBefore_;
    std::string needle_, due_;
    int statusIndex_ = -1, ragIndex_ = -1;  // -1: any
    // Search as you type narrows: the matches of each prefix typed so far, so a longer needle
    // tests only the rows its prefix matched and a backspace reuses what was computed. Dropped
    // when the source rows change.
    std::vector<std::pair<std::string, std::vector<bool>>> matches_;
};

}  // namespace tandem::app
