#include "QuestionModel.h"

#include "FormController.h"

namespace tandem::app {

QuestionModel::QuestionModel(FormController* form) : QAbstractListModel(form), form_(form) {
    connect(this, &QAbstractItemModel::modelReset, this, &QuestionModel::countChanged);
}

int QuestionModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() || !section_ ? 0 : int(section_->questions.size());
}

QVariant QuestionModel::data(const QModelIndex& index, int role) const {
    if (!section_ || !index.isValid() || index.row() >= rowCount()) return {};
    const Question& q = section_->questions[size_t(index.row())];
    return form_->questionData(q, role);
}

QHash<int, QByteArray> QuestionModel::roleNames() const {
    return {{CodeRole, "code"},         {TextRole, "text"},       {TypeRole, "type"},     {OptionsRole, "options"},
            {RequiredRole, "required"}, {VisibleRole, "visible"}, {ValueRole, "value"},   {ErrorRole, "error"},
            {ReadOnlyRole, "readOnly"}, {MinRole, "min"},         {MaxRole, "max"},       {HintRole, "hint"},
            {MissingRole, "missing"},   {AlertRole, "alert"}};
}

void QuestionModel::showSection(const Section* section) {
    beginResetModel();
    section_ = section;
    endResetModel();
}

int QuestionModel::rowOf(const QString& code) const {
    if (!section_) return -1;
    for (size_t i = 0; i < section_->questions.size(); ++i)
        if (QString::fromStdString(section_->questions[i].code) == code) return int(i);
    return -1;
}

void QuestionModel::changed(int row, const QList<int>& roles) {
    if (row < 0 || row >= rowCount()) return;
    emit dataChanged(index(row), index(row), roles);
}

void QuestionModel::changedAll(const QList<int>& roles) {
    if (rowCount() > 0) emit dataChanged(index(0), index(rowCount() - 1), roles);
}

}  // namespace tandem::app
