// The questions of the form's current section, one row each, with everything a view needs to
// draw one: type, options, value, visibility (show_if), the validation message beside it,
// read-only, and whether a failed submit flagged it. FormController owns the state.
#pragma once

#include "Template.h"

#include <QAbstractListModel>
#include <QtQml/qqmlregistration.h>

namespace tandem::app {

class FormController;

class QuestionModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("FormController.questions holds the current section's questions")
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    enum Roles {
        CodeRole = Qt::UserRole + 1,
        TextRole,
        TypeRole,
        OptionsRole,
        RequiredRole,
        VisibleRole,
        ValueRole,
        ErrorRole,
        ReadOnlyRole,
        MinRole,
        MaxRole,
        HintRole,
        MissingRole,
        AlertRole,
    };
    Q_ENUM(Roles)

    explicit QuestionModel(FormController* form);
    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;
    int count() const { return rowCount(); }

    // Shows another section (or none): a new page, so a reset.
    void showSection(const Section* section);
    // The row of a question in the current section, or -1.
    Q_INVOKABLE int rowOf(const QString& code) const;
    void changed(int row, const QList<int>& roles);
    void changedAll(const QList<int>& roles);
    const Section* section() const { return section_; }

signals:
    void countChanged();

private:
    FormController* form_;
    const Section* section_ = nullptr;
};

}  // namespace tandem::app
