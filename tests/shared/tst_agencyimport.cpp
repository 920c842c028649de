// agencies.csv import: the demo file as shipped, then one table row per rule a business office
// can break, checking the line and reason it is told.
#include "DataFiles.h"
#include "AgencyImport.h"

#include <QtTest>

using namespace tandem;

namespace {

const char* const kHeader = "code,name,sector,partnerships\n";

using tandem::test::readDataFile;

QStringList render(const std::vector<ImportError>& errors) {
    QStringList out;
    for (const ImportError& e : errors) out << QString::number(e.line) + QLatin1String(": ") + QString::fromStdString(e.reason);
    return out;
}

}  // namespace

class TestAgencyImport : public QObject {
    Q_OBJECT

private slots:
    void demoFile() {
        const AgencyImport imp = parseAgencies(readDataFile("agencies.csv"));
        QCOMPARE(render(imp.errors), QStringList());
        QCOMPARE(imp.agencies.size(), size_t(34));

        const AgencyRow& first = imp.agencies.front();
        QCOMPARE(first.code, std::string("SHC-BO"));
        QCOMPARE(first.sector, std::string("business_office"));
        QCOMPARE(first.line, 2);
        // An agency serving several partnerships keeps them all.
        const auto merpol = std::find_if(imp.agencies.begin(), imp.agencies.end(),
                                         [](const AgencyRow& a) { return a.code == "MERPOL"; });
        QVERIFY(merpol != imp.agencies.end());
        QCOMPARE(merpol->name, std::string("Merseyside Police"));
        QCOMPARE(merpol->partnerships, (std::vector<std::string>{"st-helens", "knowsley"}));
    }

    void quotedNameAndSpacesAreFine() {
        const AgencyImport imp = parseAgencies(std::string(kHeader) +
                                               " NSPCC ,\"NSPCC, North West\",voluntary, st-helens ; knowsley;\n");
        QCOMPARE(render(imp.errors), QStringList());
        QCOMPARE(imp.agencies.size(), size_t(1));
        QCOMPARE(imp.agencies[0].code, std::string("NSPCC"));
        QCOMPARE(imp.agencies[0].name, std::string("NSPCC, North West"));
        QCOMPARE(imp.agencies[0].partnerships, (std::vector<std::string>{"st-helens", "knowsley"}));
    }

    void badRows_data() {
        QTest::addColumn<QString>("body");  // the rows after the header, which is line 1
        QTest::addColumn<QStringList>("errors");
        QTest::addColumn<int>("imported");  // valid rows still reported back for a preview

        QTest::newRow("missing code") << ",Police,police,st-helens\n"
                                      << QStringList{"2: missing code"} << 0;
        QTest::newRow("lower-case code") << "merpol,Police,police,st-helens\n"
                                         << QStringList{"2: code \"merpol\" must be 2 to 32 capital letters, digits or hyphens"} << 0;
        QTest::newRow("one-letter code") << "M,Police,police,st-helens\n"
                                         << QStringList{"2: code \"M\" must be 2 to 32 capital letters, digits or hyphens"} << 0;
        QTest::newRow("33-letter code") << QString(33, QLatin1Char('A')) + ",Police,police,st-helens\n"
                                        << QStringList{"2: code \"" + QString(33, QLatin1Char('A')) +
                                                       "\" must be 2 to 32 capital letters, digits or hyphens"} << 0;
        QTest::newRow("duplicate code names the first line")
            << "MERPOL,Merseyside Police,police,st-helens\nNSPCC,NSPCC,voluntary,st-helens\nMERPOL,Again,police,knowsley\n"
            << QStringList{"4: duplicate agency code \"MERPOL\" (first on line 2)"} << 2;
        QTest::newRow("missing name") << "MERPOL, ,police,st-helens\n" << QStringList{"2: missing name"} << 0;
        QTest::newRow("missing sector") << "MERPOL,Police,,st-helens\n" << QStringList{"2: missing sector"} << 0;
        QTest::newRow("unknown sector") << "MERPOL,Police,constabulary,st-helens\n"
                                        << QStringList{"2: unknown sector \"constabulary\""} << 0;
        QTest::newRow("no partnership") << "MERPOL,Police,police, ; \n"
                                        << QStringList{"2: missing partnerships: an agency belongs to at least one partnership"} << 0;
        QTest::newRow("partnership not a slug") << "MERPOL,Police,police,st-helens;St Helens\n"
                                                << QStringList{"2: partnership \"St Helens\" must be lower-case letters, digits and hyphens (e.g. st-helens)"} << 0;
        QTest::newRow("partnership twice") << "MERPOL,Police,police,knowsley;knowsley\n"
                                           << QStringList{"2: partnership \"knowsley\" is listed twice"} << 0;
        QTest::newRow("too few columns") << "MERPOL,Police,police\n"
                                         << QStringList{"2: expected 4 columns but found 3"} << 0;
        QTest::newRow("too many columns (unquoted comma in name)") << "MERPOL,Police, Merseyside,police,st-helens\n"
                                                                   << QStringList{"2: expected 4 columns but found 5"} << 0;
        QTest::newRow("several reasons on one row, each reported")
            << "x,,fire,\n" << QStringList{"2: code \"x\" must be 2 to 32 capital letters, digits or hyphens",
                                           "2: missing name", "2: unknown sector \"fire\"",
                                           "2: missing partnerships: an agency belongs to at least one partnership"} << 0;
        QTest::newRow("every bad row reported, good ones kept, lines count blank and multi-line rows")
            << "AA,\"Name over\ntwo lines\",police,p\n\nBB,B,police,p\n,,,\nCC,C,nope,p\nDD,D,police,p\nEE,E,police,P\n"
            << QStringList{"7: unknown sector \"nope\"",
                           "9: partnership \"P\" must be lower-case letters, digits and hyphens (e.g. st-helens)"} << 3;
        QTest::newRow("unterminated quote") << "AA,A,police,p\nBB,\"B,police,p\n"
                                            << QStringList{"3: unterminated quoted field: the \" opening field 2 is never closed"} << 1;
    }

    void badRows() {
        QFETCH(QString, body);
        QFETCH(QStringList, errors);
        QFETCH(int, imported);
        const AgencyImport imp = parseAgencies(kHeader + body.toStdString());
        QCOMPARE(render(imp.errors), errors);
        QCOMPARE(int(imp.agencies.size()), imported);
    }

    void headerMustMatch_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QStringList>("errors");
        QTest::newRow("renamed column") << "code,name,type,partnerships\nAA,A,police,p\n"
                                        << QStringList{"1: header must be \"code,name,sector,partnerships\" but is \"code,name,type,partnerships\""};
        QTest::newRow("missing column") << "code,name,sector\nAA,A,police\n"
                                        << QStringList{"1: header must be \"code,name,sector,partnerships\" but is \"code,name,sector\""};
        QTest::newRow("no header at all") << "AA,A,police,p\n"
                                          << QStringList{"1: header must be \"code,name,sector,partnerships\" but is \"AA,A,police,p\""};
        QTest::newRow("empty file") << ""
                                    << QStringList{"0: the file has no header row; expected \"code,name,sector,partnerships\""};
        QTest::newRow("BOM and CRLF are fine") << "\xEF\xBB\xBF" "code,name,sector,partnerships\r\nAA,A,police,p\r\n"
                                               << QStringList{};
    }

    void headerMustMatch() {
        QFETCH(QString, text);
        QFETCH(QStringList, errors);
        const AgencyImport imp = parseAgencies(text.toStdString());
        QCOMPARE(render(imp.errors), errors);
        if (!errors.isEmpty()) QVERIFY(imp.agencies.empty());  // rows under a wrong header are not read
    }

    void everySectorIsKnown() {
        for (std::string_view s : {"business_office", "police", "local_authority", "youth_justice",
                                   "health_commissioner", "health_provider", "probation", "family_court",
                                   "voluntary", "education", "faith", "housing", "board"})
            QVERIFY2(isAgencySector(s), std::string(s).c_str());
        QCOMPARE(agencySectors().size(), size_t(13));
        QVERIFY(!isAgencySector("Police"));
    }
};

QTEST_MAIN(TestAgencyImport)
#include "tst_agencyimport.moc"
