// A figures table as CSV for Excel: byte-order mark, CRLF, RFC 4180 quoting, non-ASCII text that
// survives a round trip through the CSV reader, and the number formats of each column type.
#include "Csv.h"
#include "FiguresCsv.h"

#include <QtTest>

using namespace tandem;
using nlohmann::json;

namespace {

const std::string kBom = "\xEF\xBB\xBF";

json table(const json& columns, const json& rows) {
    json t = {{"title", "T"}, {"columns", json::array()}, {"rows", json::array()}};
    for (const auto& c : columns) t["columns"].push_back({{"key", c[0]}, {"label", c[1]}, {"type", c[2]}});
    for (const auto& r : rows) t["rows"].push_back({{"cells", r}, {"records", json::array()}});
    return t;
}

// One text column holding `text`: the CSV line of its single row, without BOM and header.
std::string textRow(const std::string& text) {
    const std::string csv =
        figures::tableCsv(table(json::array({json::array({"t", "Text", "text"})}), json::array({json::array({text})})));
    const std::string header = kBom + "Text\r\n";
    return csv.substr(header.size());
}

void row(const char* name, const char* a, const char* b) { QTest::newRow(name) << QString(a) << QString(b); }
void row(const char* name, const char* a, const char* b, const char* c) {
    QTest::newRow(name) << QString(a) << QString(b) << QString(c);
}

}  // namespace

class TestFiguresCsv : public QObject {
    Q_OBJECT

private slots:
    void bomHeaderAndCrlf() {
        const json t =
            table(json::array({json::array({"agency", "Agency", "text"}), json::array({"total", "Total", "number"})}),
                  json::array({json::array({"MERPOL", 3}), json::array({"STHK", 12})}));
        QCOMPARE(figures::tableCsv(t), kBom + "Agency,Total\r\nMERPOL,3\r\nSTHK,12\r\n");
    }

    void emptyTableIsItsHeader() {
        const json t =
            table(json::array({json::array({"ref", "Ref", "text"}), json::array({"days", "Days overdue", "number"})}),
                  json::array());
        QCOMPARE(figures::tableCsv(t), kBom + "Ref,Days overdue\r\n");
    }

    void quoting_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("field");
        row("plain", "Police", "Police\r\n");
        row("comma", "Audit, then re-audit", "\"Audit, then re-audit\"\r\n");
        row("quote doubled", "The \"Was Not Brought\" code", "\"The \"\"Was Not Brought\"\" code\"\r\n");
        row("line feed", "line one\nline two", "\"line one\nline two\"\r\n");
        row("carriage return", "a\rb", "\"a\rb\"\r\n");
        row("spaces kept", " padded ", " padded \r\n");
        row("empty", "", "\r\n");
    }
    void quoting() {
        QFETCH(QString, text);
        QFETCH(QString, field);
        QCOMPARE(QString::fromStdString(textRow(text.toStdString())), field);
    }

    void cellFormats_data() {
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("cell");  // JSON
        QTest::addColumn<QString>("text");
        row("percent one decimal", "percent", "66.7", "66.7");
        row("percent whole", "percent", "100.0", "100.0");
        row("percent zero", "percent", "0", "0.0");
        row("percent rounds half away", "percent", "12.25", "12.3");
        row("percent negative change", "percent", "-33.3", "-33.3");
        row("percent null", "percent", "null", "");
        row("percent never minus zero", "percent", "-0.04", "0.0");
        row("number", "number", "427", "427");
        row("number negative", "number", "-3", "-3");
        row("number holding a whole percent", "number", "100.0", "100.0");
        row("number with a fraction", "number", "62.5", "62.5");
        row("number null", "number", "null", "");
        row("date", "date", "\"2026-12-02\"", "2026-12-02");
        row("date empty", "date", "\"\"", "");
        row("rating", "rating", "\"requires_improvement\"", "requires_improvement");
    }
    void cellFormats() {
        QFETCH(QString, type);
        QFETCH(QString, cell);
        QFETCH(QString, text);
        const json t = table(json::array({json::array({"c", "C", type.toStdString()})}),
                             json::array({json::array({json::parse(cell.toStdString())})}));
        QCOMPARE(QString::fromStdString(figures::tableCsv(t)), QString::fromStdString(kBom) + "C\r\n" + text + "\r\n");
    }

    // What Excel (or the CSV reader) reads back is what the table held, accents and curly quotes too.
    void roundTrip() {
        const std::vector<std::string> texts = {
            "Évaluation du cas", "Children’s social care", "a, b", "say \"no\"", "two\nlines", "café – ok"};
        json rows = json::array();
        for (const auto& t : texts) rows.push_back(json::array({t, 50.0}));
        const std::string csv = figures::tableCsv(table(json::array({json::array({"text", "Learning, agreed", "text"}),
                                                                     json::array({"share", "Share", "percent"})}),
                                                        rows));
        QVERIFY(csv.starts_with(kBom));
        std::vector<ImportError> errors;
        const auto parsed = parseCsv(csv, errors);
        QVERIFY(errors.empty());
        QCOMPARE(parsed.size(), texts.size() + 1);
        QCOMPARE(parsed[0].cells, (std::vector<std::string>{"Learning, agreed", "Share"}));
        for (size_t i = 0; i < texts.size(); ++i)
            QCOMPARE(parsed[i + 1].cells, (std::vector<std::string>{texts[i], "50.0"}));
    }

    // Every line ends CRLF: no LF outside a quoted field goes without its CR.
    void onlyCrlfBetweenRows() {
        const std::string csv = figures::tableCsv(
            table(json::array({json::array({"a", "A", "text"}), json::array({"b", "B", "number"})}),
                  json::array({json::array({"x\ny", 1}), json::array({"plain", 2}), json::array({"", nullptr})})));
        bool quoted = false;
        for (size_t i = 0; i < csv.size(); ++i) {
            if (csv[i] == '"') quoted = !quoted;
            if (csv[i] == '\n' && !quoted) QVERIFY2(i > 0 && csv[i - 1] == '\r', "a bare LF between rows");
        }
        QVERIFY(csv.ends_with("plain,2\r\n,\r\n"));
    }
};

QTEST_MAIN(TestFiguresCsv)
#include "tst_figurescsv.moc"
