// Review action plan import: the four demo plans against the demo agencies, then one table row
// per rule, each checking the line number and the exact reason a business office will read.
#include "DataFiles.h"
#include "ActionPlanImport.h"
#include "AgencyImport.h"

#include <QtTest>

#include <map>
#include <set>

using namespace tandem;

namespace {

const std::string kHeader =
    "partnership,review_code,review_title,review_type,finding_no,finding,recommendation_no,recommendation,"
    "action_no,action,lead_agency,supporting_agencies,target_date,status,progress\n";

using tandem::test::readDataFile;

QStringList render(const std::vector<ImportError>& errors) {
    QStringList out;
    for (const ImportError& e : errors) out << QString::number(e.line) + QLatin1String(": ") + QString::fromStdString(e.reason);
    return out;
}

// Agency membership as a device or server would know it.
struct Agencies {
    std::map<std::string, std::set<std::string>, std::less<>> partnershipsOf;

    ActionPlanImport parse(std::string_view csv) const {
        return parseActionPlans(
            csv,
            [this](std::string_view code, std::string_view partnership) {
                const auto it = partnershipsOf.find(code);
                return it != partnershipsOf.end() && it->second.count(std::string(partnership)) > 0;
            },
            [this](std::string_view code) { return partnershipsOf.find(code) != partnershipsOf.end(); });
    }
};

// AG-A and AG-C serve st-helens, AG-B both st-helens and knowsley, AG-K knowsley only.
const Agencies kSmall{{{"AG-A", {"st-helens"}}, {"AG-B", {"st-helens", "knowsley"}},
                       {"AG-C", {"st-helens"}}, {"AG-K", {"knowsley"}}}};

// A good row, with some cells replaced: {column index, value}.
std::string row(std::map<int, std::string> changes = {}) {
    std::vector<std::string> cells = {"st-helens", "SH-1",  "Child A", "SCR",       "1",           "Finding one",
                                      "1",         "Rec one", "1.1",   "Do it",     "AG-A",        "AG-B;AG-C",
                                      "2024-03-31", "in_progress", ""};
    for (const auto& [k, v] : changes) cells[size_t(k)] = v;
    std::string out;
    for (size_t k = 0; k < cells.size(); ++k) out += (k ? "," : "") + cells[k];
    return out + "\n";
}

enum { Partnership, ReviewCode, ReviewTitle, ReviewType, FindingNo, Finding, RecNo, Rec, ActionNo, Action,
       Lead, Supporting, TargetDate, Status, Progress };

}  // namespace

class TestActionPlanImport : public QObject {
    Q_OBJECT

private slots:
    void demoFile() {
        const AgencyImport agencies = parseAgencies(readDataFile("agencies.csv"));
        QVERIFY(agencies.errors.empty());
        Agencies known;
        for (const AgencyRow& a : agencies.agencies)
            known.partnershipsOf[a.code] = {a.partnerships.begin(), a.partnerships.end()};

        const ActionPlanImport imp = known.parse(readDataFile("action-plans.csv"));
        QCOMPARE(render(imp.errors), QStringList());
        QCOMPARE(imp.reviews.size(), size_t(4));
        QStringList codes;
        size_t actions = 0;
        for (const PlanReview& r : imp.reviews) {
            codes << QString::fromStdString(r.code);
            for (const PlanFinding& f : r.findings)
                for (const PlanRecommendation& rec : f.recommendations) {
                    QVERIFY2(!rec.text.empty(), rec.no.c_str());  // every blank was filled from above
                    actions += rec.actions.size();
                }
        }
        QCOMPARE(codes, (QStringList{"SH-SCR-JSH", "KN-SCR-R", "HA-SCR-M", "HE-SCR-K"}));  // file order
        QCOMPARE(actions, size_t(45));

        const PlanReview& jsh = imp.reviews[0];
        QCOMPARE(jsh.partnership, std::string("st-helens"));
        QCOMPARE(jsh.title, std::string("Child JSH"));
        QCOMPARE(jsh.type, std::string("SCR"));
        const PlanRecommendation& rec1 = jsh.findings[0].recommendations[0];
        QCOMPARE(rec1.actions.size(), size_t(3));
        QVERIFY(rec1.text.starts_with("Partners to respond to the safeguarding needs of adolescents"));
        const PlanAction& a11 = rec1.actions[0];
        QCOMPARE(a11.line, 2);
        QCOMPARE(a11.no, std::string("1.1"));
        QCOMPARE(a11.leadAgency, std::string("SHC-BO"));
        QCOMPARE(a11.supporting.size(), size_t(12));
        QCOMPARE(a11.supporting.front(), std::string("MERPOL"));
        QCOMPARE(a11.targetDate, std::string("2016-03-31"));
        QCOMPARE(a11.status, std::string("closed"));
        QCOMPARE(rec1.actions[2].line, 4);
        QVERIFY(rec1.actions[2].progress.empty());
    }

    void blankRecommendationTakesTheEarlierText() {
        const ActionPlanImport imp = kSmall.parse(kHeader + row() + row({{Rec, ""}, {ActionNo, "1.2"}}) +
                                                  row({{Rec, "\"Rec two, with a comma\""}, {RecNo, "2"}, {ActionNo, "2.1"}}) +
                                                  row({{Rec, ""}, {ActionNo, "1.3"}}));
        QCOMPARE(render(imp.errors), QStringList());
        QCOMPARE(imp.reviews.size(), size_t(1));
        const PlanFinding& f = imp.reviews[0].findings.at(0);
        QCOMPARE(f.recommendations.size(), size_t(2));
        QCOMPARE(f.recommendations[0].text, std::string("Rec one"));
        QCOMPARE(f.recommendations[0].actions.size(), size_t(3));  // 1.1, 1.2 and the later 1.3
        QCOMPARE(f.recommendations[0].actions[2].no, std::string("1.3"));
        QCOMPARE(f.recommendations[0].actions[2].line, 5);
        QCOMPARE(f.recommendations[1].text, std::string("Rec two, with a comma"));
        QCOMPARE(f.recommendations[0].actions[0].supporting, (std::vector<std::string>{"AG-B", "AG-C"}));
    }

    void optionalCellsMayBeBlank() {
        const ActionPlanImport imp = kSmall.parse(
            kHeader + row({{ReviewType, ""}, {Supporting, ""}, {TargetDate, ""}, {Progress, "\"Met twice,\nthen paused\""}}));
        QCOMPARE(render(imp.errors), QStringList());
        const PlanAction& a = imp.reviews.at(0).findings.at(0).recommendations.at(0).actions.at(0);
        QVERIFY(a.supporting.empty());
        QVERIFY(a.targetDate.empty());
        QCOMPARE(a.progress, std::string("Met twice,\nthen paused"));
    }

    void badRows_data() {
        QTest::addColumn<QString>("body");  // rows after the header; the first is line 2
        QTest::addColumn<QStringList>("errors");

        QTest::newRow("unknown lead agency") << QString::fromStdString(row({{Lead, "FOO"}}))
                                             << QStringList{"2: unknown agency code \"FOO\" in lead_agency"};
        QTest::newRow("unknown supporting agency") << QString::fromStdString(row({{Supporting, "AG-B;NOPE"}}))
                                                   << QStringList{"2: unknown agency code \"NOPE\" in supporting_agencies"};
        QTest::newRow("lead agency from another partnership")
            << QString::fromStdString(row({{Lead, "AG-K"}}))
            << QStringList{"2: agency \"AG-K\" in lead_agency is not a member of partnership \"st-helens\""};
        QTest::newRow("supporting agency from another partnership")
            << QString::fromStdString(row({{Partnership, "knowsley"}, {Lead, "AG-B"}, {Supporting, "AG-K;AG-A"}}))
            << QStringList{"2: agency \"AG-A\" in supporting_agencies is not a member of partnership \"knowsley\""};
        QTest::newRow("date that does not exist") << QString::fromStdString(row({{TargetDate, "2023-02-29"}}))
                                                  << QStringList{"2: bad target_date \"2023-02-29\": expected a real date as YYYY-MM-DD"};
        QTest::newRow("UK date format") << QString::fromStdString(row({{TargetDate, "31/03/2024"}}))
                                        << QStringList{"2: bad target_date \"31/03/2024\": expected a real date as YYYY-MM-DD"};
        QTest::newRow("words for a date") << QString::fromStdString(row({{TargetDate, "ongoing"}}))
                                          << QStringList{"2: bad target_date \"ongoing\": expected a real date as YYYY-MM-DD"};
        QTest::newRow("unknown status") << QString::fromStdString(row({{Status, "done"}}))
                                        << QStringList{"2: unknown status \"done\" (expected one of not_started, in_progress, "
                                                       "submitted_for_closure, closed, returned, superseded)"};
        QTest::newRow("status in words") << QString::fromStdString(row({{Status, "In progress"}}))
                                         << QStringList{"2: unknown status \"In progress\" (expected one of not_started, "
                                                        "in_progress, submitted_for_closure, closed, returned, superseded)"};
        QTest::newRow("missing status") << QString::fromStdString(row({{Status, ""}}))
                                        << QStringList{"2: missing status (one of not_started, in_progress, "
                                                       "submitted_for_closure, closed, returned, superseded)"};
        QTest::newRow("duplicate action number names the first line")
            << QString::fromStdString(row() + row({{ActionNo, "1.2"}}) + row({{Rec, ""}}))
            << QStringList{"4: duplicate action number 1.1 in review SH-1 (first on line 2)"};
        QTest::newRow("same action number in another review is fine")
            << QString::fromStdString(row() + row({{ReviewCode, "SH-2"}, {ReviewTitle, "Child B"}})) << QStringList{};
        QTest::newRow("too few columns") << "st-helens,SH-1,Child A\n"
                                         << QStringList{"2: expected 15 columns but found 3"};
        QTest::newRow("unquoted comma in the action") << QString::fromStdString(row({{Action, "Write, then send"}}))
                                                      << QStringList{"2: expected 15 columns but found 16"};
        QTest::newRow("blank recommendation with nothing above")
            << QString::fromStdString(row({{Rec, ""}}))
            << QStringList{"2: blank recommendation but no earlier row gives the text of recommendation 1 in review SH-1"};
        QTest::newRow("blank recommendation does not borrow from another review")
            << QString::fromStdString(row() + row({{ReviewCode, "SH-2"}, {ReviewTitle, "Child B"}, {Rec, ""}}))
            << QStringList{"3: blank recommendation but no earlier row gives the text of recommendation 1 in review SH-2"};
        QTest::newRow("recommendation text that changes")
            << QString::fromStdString(row() + row({{Rec, "Rec uno"}, {ActionNo, "1.2"}}))
            << QStringList{"3: recommendation 1 text is \"Rec uno\" here but \"Rec one\" on line 2"};
        QTest::newRow("review title that changes")
            << QString::fromStdString(row() + row({{ReviewTitle, "Child B"}, {ActionNo, "1.2"}}))
            << QStringList{"3: review title for SH-1 is \"Child B\" here but \"Child A\" on line 2"};
        QTest::newRow("review that changes partnership")
            << QString::fromStdString(row() + row({{Partnership, "knowsley"}, {ActionNo, "1.2"}, {Lead, "AG-B"}, {Supporting, ""}}))
            << QStringList{"3: partnership for review SH-1 is \"knowsley\" here but \"st-helens\" on line 2"};
        QTest::newRow("finding text that changes")
            << QString::fromStdString(row() + row({{Finding, "Finding 1 reworded"}, {ActionNo, "1.2"}}))
            << QStringList{"3: finding 1 text is \"Finding 1 reworded\" here but \"Finding one\" on line 2"};
        QTest::newRow("recommendation under two findings")
            << QString::fromStdString(row() + row({{FindingNo, "2"}, {Finding, "Finding two"}, {ActionNo, "1.2"}}))
            << QStringList{"3: finding number for recommendation 1 is \"2\" here but \"1\" on line 2"};
        QTest::newRow("several reasons on one row, each reported")
            << QString::fromStdString(row({{Lead, "FOO"}, {Supporting, "AG-K"}, {TargetDate, "2024-13-01"}, {Status, "open"}}))
            << QStringList{"2: unknown agency code \"FOO\" in lead_agency",
                           "2: agency \"AG-K\" in supporting_agencies is not a member of partnership \"st-helens\"",
                           "2: bad target_date \"2024-13-01\": expected a real date as YYYY-MM-DD",
                           "2: unknown status \"open\" (expected one of not_started, in_progress, submitted_for_closure, "
                           "closed, returned, superseded)"};
        QTest::newRow("lines count multi-line cells and blank lines")
            << QString::fromStdString(row({{Progress, "\"line one\nline two\""}}) + "\n" + ",,,,,,,,,,,,,,\n" +
                                      row({{ActionNo, "1.2"}, {Lead, "FOO"}}))
            << QStringList{"6: unknown agency code \"FOO\" in lead_agency"};
        QTest::newRow("unterminated quote")
            << QString::fromStdString(row() + row({{ActionNo, "1.2"}, {Progress, "\"never closed"}}))
            << QStringList{"3: unterminated quoted field: the \" opening field 15 is never closed"};
    }

    void badRows() {
        QFETCH(QString, body);
        QFETCH(QStringList, errors);
        const ActionPlanImport imp = kSmall.parse(kHeader + body.toStdString());
        QCOMPARE(render(imp.errors), errors);
    }

    void missingRequiredCell_data() {
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("name");
        const std::vector<std::string_view>& names = actionPlanColumns();
        for (int c : {Partnership, ReviewCode, ReviewTitle, FindingNo, Finding, RecNo, ActionNo, Action, Lead})
            QTest::newRow(names[size_t(c)].data()) << c << QString::fromUtf8(names[size_t(c)].data(), names[size_t(c)].size());
    }

    void missingRequiredCell() {
        QFETCH(int, column);
        QFETCH(QString, name);
        const ActionPlanImport imp = kSmall.parse(kHeader + row({{column, " "}}));
        QCOMPARE(render(imp.errors), QStringList{"2: missing " + name});
        QVERIFY(imp.reviews.empty());  // a bad row never reaches the tree
    }

    void headerMustMatch() {
        std::string header = kHeader;
        header.replace(header.find("lead_agency"), 11, "lead");
        ActionPlanImport imp = kSmall.parse(header + row({{Lead, "FOO"}}));
        QCOMPARE(render(imp.errors),
                 QStringList{"1: header must be \"" + QString::fromStdString(kHeader).trimmed() + "\" but is \"" +
                             QString::fromStdString(header).trimmed() + "\""});
        QVERIFY(imp.reviews.empty());

        imp = kSmall.parse("");
        QCOMPARE(imp.errors.size(), size_t(1));
        QCOMPARE(imp.errors[0].line, 0);
    }

    void treeKeepsOrderOfFirstAppearance() {
        const ActionPlanImport imp = kSmall.parse(
            kHeader + row({{ReviewCode, "SH-9"}, {FindingNo, "2"}, {Finding, "Two"}, {RecNo, "2a"}, {ActionNo, "2a.1"}}) +
            row({{ReviewCode, "SH-1"}, {ActionNo, "1.1"}}) +
            row({{ReviewCode, "SH-9"}, {FindingNo, "1"}, {Finding, "One"}, {RecNo, "1a"}, {ActionNo, "1a.1"}}) +
            row({{ReviewCode, "SH-9"}, {FindingNo, "2"}, {Finding, "Two"}, {RecNo, "2a"}, {Rec, ""}, {ActionNo, "2a.2"}}));
        QCOMPARE(render(imp.errors), QStringList());
        QCOMPARE(imp.reviews.size(), size_t(2));
        QCOMPARE(imp.reviews[0].code, std::string("SH-9"));
        QCOMPARE(imp.reviews[1].code, std::string("SH-1"));
        const PlanReview& r = imp.reviews[0];
        QCOMPARE(r.findings.size(), size_t(2));
        QCOMPARE(r.findings[0].no, std::string("2"));
        QCOMPARE(r.findings[1].no, std::string("1"));
        QCOMPARE(r.findings[0].recommendations.at(0).actions.size(), size_t(2));
        QCOMPARE(r.findings[0].recommendations.at(0).actions[1].no, std::string("2a.2"));
    }
};

QTEST_MAIN(TestActionPlanImport)
#include "tst_actionplanimport.moc"
