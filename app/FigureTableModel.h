// One table of the consolidated figures (docs/business-office.md: columns with a type, rows of
// cells and the record ids behind each row) for a dashboard card: a table model whose rows the
// card's table lists, with helpers that give the card's chart its categories and series.
#pragma once

#include <QAbstractTableModel>
#include <QStringList>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

#include <nlohmann/json.hpp>

namespace tandem::app {

class FigureTableModel : public QAbstractTableModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("DashboardController.table(name) gives the figure tables")
    Q_PROPERTY(QString name READ name CONSTANT)
    Q_PROPERTY(QString title READ title NOTIFY tableChanged)
    Q_PROPERTY(int count READ count NOTIFY tableChanged)
    // [{key, label, type}] in column order.
    Q_PROPERTY(QVariantList columns READ columns NOTIFY tableChanged)

public:
    enum Roles {
        CellsRole = Qt::UserRole + 1,  // every cell of the row as a person reads it
        ValuesRole,                    // every cell as the server sent it (ratings as scale values)
        RecordsRole,                   // the record ids behind the row
        RecordCountRole,
    };
    Q_ENUM(Roles)

    explicit FigureTableModel(QString name, QObject* parent = nullptr);

    // Replaces the table (a reply's tables[name]; null or malformed gives an empty table).
    void setTable(const nlohmann::json& table);

    QString name() const { return name_; }
    QString title() const { return title_; }
    int count() const { return int(rows_.size()); }
    QVariantList columns() const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    // Qt::DisplayRole of a cell: numbers as numbers (what Qt Charts' model mappers read), the
    // rest as text; the list roles answer on any column of the row.
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // For the charts. A column's cells as text (chart categories), a column's numbers (empty
    // cells as 0), the largest value a bar axis must reach (the sum of `keys` per row when
    // stacked), and a long table pivoted: one category per distinct `rowKey`, one series per
    // distinct `seriesKey`, values from `valueKey` ({categories: [...], series: [{label, values}]}).
    Q_INVOKABLE QStringList texts(const QString& key) const;
    Q_INVOKABLE QVariantList numbers(const QString& key) const;
    Q_INVOKABLE double maxOf(const QStringList& keys, bool stacked) const;
    Q_INVOKABLE QVariantMap pivot(const QString& rowKey, const QString& seriesKey, const QString& valueKey) const;
    Q_INVOKABLE QString columnLabel(const QString& key) const;

    QStringList recordsOf(int row) const;
    // A cell's value as sent, by column key (null when the column or row does not exist).
    nlohmann::json cell(int row, const std::string& key) const;

    // How a person reads a cell of `type` (text, number, percent, date, rating).
    static QString cellText(const nlohmann::json& value, const std::string& type);
    static QString ratingLabel(const std::string& rating);

signals:
    void tableChanged();

private:
    struct Column {
        std::string key, label, type;
    };
    struct Row {
        std::vector<nlohmann::json> cells;
        QStringList texts;
        QStringList records;
    };
    int columnOf(const QString& key) const;

    QString name_, title_;
    std::vector<Column> columns_;
    std::vector<Row> rows_;
};

}  // namespace tandem::app
