// The CSV reader against the shapes Excel and hand edits produce: quoting, line ends, BOM,
// blank lines, and the line numbers people will be pointed to.
#include "Csv.h"

#include <QtTest>

using namespace tandem;

namespace {

// Rows as "line: cell|cell", one per line, with line breaks inside cells shown as \n, so a
// failure prints something a person can compare by eye.
QString render(const std::vector<CsvRow>& rows) {
    QStringList out;
    for (const CsvRow& row : rows) {
        QStringList cells;
        for (const std::string& c : row.cells)
            cells << QString::fromStdString(c).replace(QLatin1Char('\n'), QLatin1String("\\n"));
        out << QString::number(row.line) + QLatin1String(": ") + cells.join(QLatin1Char('|'));
    }
    return out.join(QLatin1Char('\n'));
}

QString render(const std::vector<ImportError>& errors) {
    QStringList out;
    for (const ImportError& e : errors) out << QString::number(e.line) + QLatin1String(": ") + QString::fromStdString(e.reason);
    return out.join(QLatin1Char('\n'));
}

}  // namespace

class TestCsv : public QObject {
    Q_OBJECT

private slots:
    void parse_data() {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QString>("rows");
        QTest::addColumn<QString>("errors");

        QTest::newRow("plain") << QByteArray("a,b\n1,2\n") << "1: a|b\n2: 1|2" << "";
        QTest::newRow("no trailing newline") << QByteArray("a,b\n1,2") << "1: a|b\n2: 1|2" << "";
        QTest::newRow("empty text") << QByteArray("") << "" << "";
        QTest::newRow("comma in quotes") << QByteArray("a,\"b, c\",d\n") << "1: a|b, c|d" << "";
        QTest::newRow("doubled quotes") << QByteArray("\"he said \"\"no\"\"\",x\n") << "1: he said \"no\"|x" << "";
        QTest::newRow("empty quoted field") << QByteArray("\"\",x\n") << "1: |x" << "";
        QTest::newRow("newline in quotes keeps physical line numbers")
            << QByteArray("h\n\"two\nlines\",z\nnext\n") << "1: h\n2: two\\nlines|z\n4: next" << "";
        QTest::newRow("CRLF") << QByteArray("a,b\r\nc,d\r\n") << "1: a|b\n2: c|d" << "";
        QTest::newRow("CRLF inside quotes becomes LF")
            << QByteArray("\"x\r\ny\",z\r\nw\r\n") << "1: x\\ny|z\n3: w" << "";
        QTest::newRow("lone CR (Excel for Mac)") << QByteArray("a\rb\r") << "1: a\n2: b" << "";
        QTest::newRow("UTF-8 BOM") << QByteArray("\xEF\xBB\xBF" "code,name\nX,Y\n") << "1: code|name\n2: X|Y" << "";
        QTest::newRow("blank lines skipped but counted")
            << QByteArray("a\n\n\r\nb\n\n") << "1: a\n4: b" << "";
        QTest::newRow("trailing empty cell") << QByteArray("a,\nb,") << "1: a|\n2: b|" << "";
        QTest::newRow("only commas is a row of empty cells") << QByteArray(",,\n") << "1: ||" << "";
        QTest::newRow("bare quote inside unquoted field is literal")
            << QByteArray("5\" screen,x\n") << "1: 5\" screen|x" << "";
        QTest::newRow("UTF-8 text passes through") << QByteArray("Café,Señor\n") << "1: Café|Señor" << "";

        QTest::newRow("unterminated quote reports where it opened")
            << QByteArray("a,b\nc,\"open\nmore\nstill\n") << "1: a|b"
            << "2: unterminated quoted field: the \" opening field 2 is never closed";
        QTest::newRow("unterminated quote on a later physical line of the row")
            << QByteArray("h\n\"x\ny\",\"z\n") << "1: h"
            << "3: unterminated quoted field: the \" opening field 2 is never closed";
        QTest::newRow("text after closing quote drops that row only")
            << QByteArray("a\n\"ab\"c,d\ne\n") << "1: a\n3: e"
            << "2: unexpected text after the closing quote of field 1";
    }

    void parse() {
        QFETCH(QByteArray, input);
        QFETCH(QString, rows);
        QFETCH(QString, errors);
        std::vector<ImportError> found;
        const auto parsed = parseCsv(std::string_view(input.constData(), size_t(input.size())), found);
        QCOMPARE(render(parsed), rows);
        QCOMPARE(render(found), errors);
    }

    void errorsAppendToExistingOnes() {
        std::vector<ImportError> errors{{0, "earlier"}};
        parseCsv("\"x", errors);
        QCOMPARE(errors.size(), size_t(2));
        QCOMPARE(errors[0].reason, std::string("earlier"));
    }

    void helpers() {
        QCOMPARE(std::string(trimmed("  a b\t")), std::string("a b"));
        QCOMPARE(std::string(trimmed("   ")), std::string());
        QCOMPARE(splitList("A; B;;C;"), (std::vector<std::string>{"A", "B", "C"}));
        QVERIFY(splitList("").empty());
        QVERIFY(isBlankRow({3, {"", " ", ""}}));
        QVERIFY(!isBlankRow({3, {"", "x"}}));
    }

    void checkHeaderNamesBothHeaders() {
        std::vector<ImportError> errors;
        QVERIFY(checkHeader({{1, {"a", " b "}}}, {"a", "b"}, errors));
        QVERIFY(errors.empty());
        QVERIFY(!checkHeader({{1, {"a", "c"}}}, {"a", "b"}, errors));
        QVERIFY(!checkHeader({}, {"a", "b"}, errors));
        QCOMPARE(render(errors), QString("1: header must be \"a,b\" but is \"a,c\"\n"
                                         "0: the file has no header row; expected \"a,b\""));
    }

    void formatErrorsLikeACompiler() {
        const std::string text = formatErrors("action-plans.csv", {{17, "unknown agency code \"FOO\" in lead_agency"},
                                                                   {0, "the file has no header row"}});
        QCOMPARE(text, std::string("action-plans.csv:17: unknown agency code \"FOO\" in lead_agency\n"
                                   "action-plans.csv: the file has no header row\n"));
        QCOMPARE(formatErrors("x.csv", {}), std::string());
    }
};

QTEST_MAIN(TestCsv)
#include "tst_csv.moc"
