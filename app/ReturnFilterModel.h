// A view of the returns: "mine" (assigned to me, my drafts, returned to me), "approval" (my
// agency's submitted returns, for agency leads) or "all"; with a search as you type.
#pragma once

#include "ReturnListModel.h"

#include <QSortFilterProxyModel>
#include <QtQml/qqmlregistration.h>

namespace tandem::app {

class ReturnFilterModel : public QSortFilterProxyModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString view READ view WRITE setView NOTIFY filterChanged)
    Q_PROPERTY(QString search READ search WRITE setSearch NOTIFY filterChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    explicit ReturnFilterModel(QObject* parent = nullptr);
    void setReturns(ReturnListModel* returns);
    // Who "mine" and "approval" are about.
    void setViewer(const QString& user, const QString& agency, bool agencyLead);

    QString view() const { return view_; }
    QString search() const { return search_; }
    void setView(const QString& v);
    void setSearch(const QString& s);
    int count() const { return rowCount(); }
    Q_INVOKABLE QString recordIdAt(int row) const;

signals:
    void filterChanged();
    void countChanged();

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    ReturnListModel* returns_ = nullptr;
    QString view_ = "all", search_, needle_, user_, agency_;
    bool lead_ = false;
};

}  // namespace tandem::app
