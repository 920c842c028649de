// The personal data scan (shared/PersonalData.h) as a scenario table: text as a practitioner
// might write it, and what the scan should report (the kinds, in order, with the matched words).
// Misses and false alarms are both listed: the scan warns, so a false alarm costs a click, but
// one on everyday audit wording ("Child Protection conference 12/03/2025") would teach users to
// click past it.
#include "CaseCode.h"
#include "PersonalData.h"

#include <QtTest>

using namespace tandem;

namespace {

std::string summary(const std::vector<PersonalDataHit>& hits) {
    std::string out;
    for (const auto& h : hits) {
        if (!out.empty()) out += " | ";
        switch (h.kind) {
            case PersonalDataHit::Kind::DateOfBirth: out += "dob"; break;
            case PersonalDataHit::Kind::NameWithDateOfBirth: out += "name+dob"; break;
            case PersonalDataHit::Kind::NameWithDate: out += "name+date"; break;
        }
        out += ": " + h.excerpt;
    }
    return out.empty() ? "none" : out;
}

}  // namespace

class TestPersonalData : public QObject {
    Q_OBJECT

private slots:
    void scan_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        // Dates of birth, with and without a name.
        QTest::newRow("name DOB numeric") << "Seen John Smith DOB 12/03/2015 at school." << "name+dob: John Smith DOB 12/03/2015";
        QTest::newRow("born written date") << "The child was born 3 March 2016 in Wigan." << "dob: born 3 March 2016";
        QTest::newRow("born on ordinal") << "born on the" << "none";
        QTest::newRow("born on 3rd of Mar") << "born on 3rd of Mar 2016" << "dob: born on 3rd of Mar 2016";
        QTest::newRow("d.o.b. dotted") << "Sibling d.o.b. 1.2.15 not recorded" << "dob: d.o.b. 1.2.15";
        QTest::newRow("D.O.B: capitals") << "Amy Jones, D.O.B: 04-11-2014" << "name+dob: Amy Jones, D.O.B: 04-11-2014";
        QTest::newRow("date of birth words") << "date of birth 2015-03-12" << "dob: date of birth 2015-03-12";
        QTest::newRow("US style month first") << "Child DOB March 3, 2016" << "dob: DOB March 3, 2016";
        QTest::newRow("name with middle initial") << "Kai R. Patel dob 7/9/17" << "name+dob: Kai R. Patel dob 7/9/17";
        QTest::newRow("hyphenated surname") << "Lily Smith-Jones DOB 02/02/2019" << "name+dob: Lily Smith-Jones DOB 02/02/2019";
        QTest::newRow("initials and dob") << "JS DOB 12/03/2015" << "dob: DOB 12/03/2015";
        QTest::newRow("two in one answer")
            << "Tom Hardy DOB 1/1/2015 and his sister born 5 May 2017"
            << "name+dob: Tom Hardy DOB 1/1/2015 | dob: born 5 May 2017";
        // A name followed at once by a date in brackets or after a comma.
        QTest::newRow("name (date)") << "Concerns about Amy Jones (03/04/2016) noted" << "name+date: Amy Jones (03/04/2016)";
        QTest::newRow("name, date") << "Ben Carter, 3 June 2014" << "name+date: Ben Carter, 3 June 2014";
        // Everyday audit wording: no warning.
        QTest::newRow("case code") << "Case STH-0412 reviewed on 12/03/2025" << "none";
        QTest::newRow("meeting date") << "Strategy meeting held 12/03/2025; plan agreed" << "none";
        QTest::newRow("policy date") << "Safeguarding policy reviewed March 2025" << "none";
        QTest::newRow("born without a date") << "Unborn baby; mother was born locally" << "none";
        QTest::newRow("dob word alone") << "DOB not asked for, as agreed" << "none";
        QTest::newRow("lower-case words and date") << "the child protection plan (12/03/2025)" << "none";
        QTest::newRow("empty") << "" << "none";
    }
    void scan() {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        QCOMPARE(QString::fromStdString(summary(findPersonalData(text.toStdString()))), expected);
    }

    void describesWhatItFound() {
        const auto hits = findPersonalData("John Smith DOB 12/03/2015");
        QCOMPARE(hits.size(), size_t(1));
        QCOMPARE(describe(hits[0]), std::string("looks like a name with a date of birth: \"John Smith DOB 12/03/2015\""));
    }

    // Large text is scanned in linear time: a megabyte of near misses takes well under a second.
    void largeTextIsQuick() {
        std::string text;
        while (text.size() < (1u << 20)) text += "Aa Bb 12/12/ born on ";
        QElapsedTimer t;
        t.start();
        QCOMPARE(findPersonalData(text).size(), size_t(0));
        QVERIFY2(t.elapsed() < 2000, qPrintable(QString("%1 ms").arg(t.elapsed())));
    }

    void caseCodes_data() {
        QTest::addColumn<QString>("pattern");
        QTest::addColumn<QString>("code");
        QTest::addColumn<bool>("ok");
        const QString p = R"(^[A-Z]{2,4}-\d{4,6}$)";
        QTest::newRow("follows") << p << "STH-0412" << true;
        QTest::newRow("too few digits") << p << "STH-041" << false;
        QTest::newRow("a name") << p << "John Smith" << false;
        QTest::newRow("lower case") << p << "sth-0412" << false;
        QTest::newRow("must match whole") << "[A-Z]{2}-\\d{4}" << "XSTH-0412X" << false;
        QTest::newRow("no pattern: anything") << "" << "John Smith" << true;
        QTest::newRow("clearing is allowed") << p << "" << true;
    }
    void caseCodes() {
        QFETCH(QString, pattern);
        QFETCH(QString, code);
        QFETCH(bool, ok);
        const auto bad = checkCaseCode(pattern.toStdString(), code.toStdString());
        QCOMPARE(!bad.has_value(), ok);
        if (bad) QVERIFY2(bad->find("does not follow the partnership's pattern") != std::string::npos, bad->c_str());
    }

    void patternsAreChecked() {
        QVERIFY(!caseCodePatternError(R"(^[A-Z]{2,4}-\d{4,6}$)"));
        QVERIFY(caseCodePatternError("^[A-Z"));
        QVERIFY(caseCodePatternError(""));
        QVERIFY(caseCodePatternError(std::string(201, 'a')));
    }
};

QTEST_MAIN(TestPersonalData)
#include "tst_personaldata.moc"
