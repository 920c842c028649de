// Templates: the eight demo templates, every validation rule as a JSON Patch (RFC 6902) on a
// small valid template, new-version rules, answer checks and show_if visibility.
#include "Template.h"

#include <QtTest>

using namespace tandem;
using nlohmann::json;

namespace {

// Small but exercising every feature: scale and options, show_if, alert_if, bounds, pattern,
// a moderation-only question.
const json kValid = json::parse(R"({
  "key": "test-audit", "version": 1, "kind": "case_audit", "title": "Test audit",
  "scales": { "yes_no": [ {"value": "yes", "label": "Yes"}, {"value": "no", "label": "No"} ] },
  "sections": [
    { "code": "A", "title": "First", "questions": [
      {"code": "A1", "text": "Anything?", "type": "choice", "scale": "yes_no", "required": true},
      {"code": "A2", "text": "Why?", "type": "text", "required": true, "show_if": {"question": "A1", "in": ["yes"]}},
      {"code": "A3", "text": "How many?", "type": "number", "min": 0, "max": 10},
      {"code": "A4", "text": "When?", "type": "date"},
      {"code": "A5", "text": "Case reference", "type": "text", "pattern": "^[A-Z]{2}-[0-9]{3}$"},
      {"code": "A6", "text": "Level", "type": "choice", "options": ["low", "high"],
       "alert_if": {"in": ["high"], "message": "Act now"}}
    ]},
    { "code": "B", "title": "Moderation", "questions": [
      {"code": "B1", "text": "Moderated", "type": "choice", "scale": "yes_no", "writer": "business_office"}
    ]}
  ]
})");

Template valid(const json& j = kValid) {
    TemplateParse p = parseTemplate(j);
    if (!p.tmpl) qFatal("test template invalid: %s", p.errors.empty() ? "?" : p.errors[0].c_str());
    return *p.tmpl;
}

QStringList toQt(const std::vector<std::string>& v) {
    QStringList out;
    for (const std::string& s : v) out << QString::fromStdString(s);
    return out;
}

AnswerLookup answersFrom(const QString& spec) {  // "A1=yes;A2=because"
    std::map<std::string, std::string, std::less<>> answers;
    for (const QString& pair : spec.split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
        const qsizetype eq = pair.indexOf(QLatin1Char('='));
        answers[pair.left(eq).toStdString()] = pair.mid(eq + 1).toStdString();
    }
    return [answers](std::string_view code) -> std::optional<std::string> {
        const auto it = answers.find(code);
        if (it == answers.end()) return std::nullopt;
        return it->second;
    };
}

}  // namespace

class TestTemplate : public QObject {
    Q_OBJECT

private slots:
    void demoTemplates_data() {
        QTest::addColumn<QString>("file");
        const QDir dir(QStringLiteral(TANDEM_DATA_DIR "/templates"));
        const QStringList files = dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
        QCOMPARE(files.size(), 8);
        for (const QString& f : files) QTest::newRow(qPrintable(f)) << dir.filePath(f);
    }

    void demoTemplates() {
        QFETCH(QString, file);
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const json j = json::parse(f.readAll().toStdString());
        const TemplateParse p = parseTemplate(j);
        QCOMPARE(toQt(p.errors), QStringList());
        QVERIFY(p.tmpl);
        QCOMPARE(p.tmpl->key + ".json", QFileInfo(file).fileName().toStdString());
        QCOMPARE(p.tmpl->version, 1);
        QCOMPARE(p.tmpl->source, j);
        QVERIFY(!p.tmpl->sections.empty());
        QVERIFY(checkNewVersion(*p.tmpl, *p.tmpl).size() == 1);  // the same version again is refused
    }

    void s11Details() {
        QFile f(QStringLiteral(TANDEM_DATA_DIR "/templates/s11-self-assessment.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const Template t = valid(json::parse(f.readAll().toStdString()));
        QCOMPARE(t.kind, std::string("section11"));
        const Question* rating = t.question("S1.rating");
        QVERIFY(rating);
        QCOMPARE(t.allowedValues(*rating).size(), size_t(4));
        QVERIFY(t.question("S1.moderated"));
        QCOMPARE(t.question("S1.moderated")->writer, std::string("business_office"));
        QVERIFY(!t.question("S99.rating"));
        const Question* naReason = t.question("S1.na_reason");
        QVERIFY(naReason && naReason->showIf);
        QVERIFY(isVisible(*naReason, answersFrom(QStringLiteral("S1.rating=na"))));
        QVERIFY(!isVisible(*naReason, answersFrom(QStringLiteral("S1.rating=green"))));
    }

    void parsedShape() {
        const Template t = valid();
        QCOMPARE(t.key, std::string("test-audit"));
        QCOMPARE(t.sections.size(), size_t(2));
        const Question& a3 = *t.question("A3");
        QCOMPARE(*a3.min, 0.0);
        QCOMPARE(*a3.max, 10.0);
        QVERIFY(t.question("A1")->required);
        QVERIFY(!a3.required);
        QCOMPARE(t.question("A6")->alertIf->message, std::string("Act now"));
        QCOMPARE(toQt(t.allowedValues(*t.question("A6"))), (QStringList{"low", "high"}));
        QCOMPARE(toQt(t.allowedValues(*t.question("A1"))), (QStringList{"yes", "no"}));
        QVERIFY(t.allowedValues(a3).empty());
        QCOMPARE(t.scales.at("yes_no").at(1).label, std::string("No"));
    }

    void invalid_data() {
        QTest::addColumn<QString>("patch");  // JSON Patch applied to kValid
        QTest::addColumn<QStringList>("errors");
        const QString q = QStringLiteral("/sections/0/questions/");
        auto replace = [](const QString& path, const QString& value) {
            return QStringLiteral(R"([{"op":"replace","path":"%1","value":%2}])").arg(path, value);
        };
        auto add = [](const QString& path, const QString& value) {
            return QStringLiteral(R"([{"op":"add","path":"%1","value":%2}])").arg(path, value);
        };
        auto remove = [](const QString& path) { return QStringLiteral(R"([{"op":"remove","path":"%1"}])").arg(path); };

        QTest::newRow("unknown keys are ignored") << add("/colour", "\"blue\"") + "" << QStringList{};
        QTest::newRow("key not a slug") << replace("/key", "\"Test Audit\"")
                                        << QStringList{"key: \"Test Audit\" must be lower-case letters, digits and hyphens"};
        QTest::newRow("key missing") << remove("/key") << QStringList{"key: missing"};
        QTest::newRow("version 0") << replace("/version", "0") << QStringList{"version: must be a whole number of at least 1"};
        QTest::newRow("version 1.5") << replace("/version", "1.5") << QStringList{"version: must be a whole number of at least 1"};
        QTest::newRow("version as text") << replace("/version", "\"2\"") << QStringList{"version: must be a whole number of at least 1"};
        QTest::newRow("unknown kind") << replace("/kind", "\"survey\"")
                                      << QStringList{"kind: unknown kind \"survey\" (expected section11, section175, case_audit, checklist or data_return)"};
        QTest::newRow("empty title") << replace("/title", "\"\"") << QStringList{"title: must not be empty"};
        QTest::newRow("theme not text") << add("/theme", "3") << QStringList{"theme: must be a string"};
        QTest::newRow("no sections") << replace("/sections", "[]") << QStringList{"sections: must be a non-empty list of sections"};
        QTest::newRow("duplicate section code") << replace("/sections/1/code", "\"A\"")
                                                << QStringList{"sections[1].code: duplicate section code \"A\""};
        QTest::newRow("section without questions") << replace("/sections/1/questions", "[]")
                                                   << QStringList{"sections[1].questions: must be a non-empty list of questions"};
        QTest::newRow("duplicate question code across sections")
            << replace("/sections/1/questions/0/code", "\"A1\"")
            << QStringList{"sections[1].questions[0].code: duplicate question code \"A1\" (first at sections[0].questions[0])"};
        QTest::newRow("unknown type") << replace(q + "3/type", "\"slider\"")
                                      << QStringList{"sections[0].questions[3].type: unknown type \"slider\" (expected choice, text, number or date)"};
        QTest::newRow("question without text") << remove(q + "3/text") << QStringList{"sections[0].questions[3].text: missing"};
        QTest::newRow("unknown scale") << replace(q + "0/scale", "\"rag5\"")
                                       << QStringList{"sections[0].questions[0].scale: unknown scale \"rag5\""};
        QTest::newRow("choice without scale or options")
            << remove(q + "5/options")
            << QStringList{"sections[0].questions[5]: a choice question needs a scale or options"};
        QTest::newRow("empty options") << replace(q + "5/options", "[]")
                                       << QStringList{"sections[0].questions[5].options: must be a non-empty list of values"};
        QTest::newRow("duplicate option") << replace(q + "5/options", R"(["low","high","low"])")
                                          << QStringList{"sections[0].questions[5].options[2]: duplicate value \"low\""};
        QTest::newRow("scale and options both") << add(q + "5/scale", "\"yes_no\"")
                                                << QStringList{"sections[0].questions[5]: give either scale or options, not both"};
        QTest::newRow("scale on a text question") << add(q + "1/scale", "\"yes_no\"")
                                                  << QStringList{"sections[0].questions[1]: scale and options apply to choice questions only"};
        QTest::newRow("scale option without label") << remove("/scales/yes_no/1/label")
                                                    << QStringList{"scales.yes_no[1].label: missing"};
        QTest::newRow("min above max") << replace(q + "2/min", "20")
                                       << QStringList{"sections[0].questions[2].min: min 20 is greater than max 10"};
        QTest::newRow("max not a number") << replace(q + "2/max", "\"ten\"")
                                          << QStringList{"sections[0].questions[2].max: must be a number"};
        QTest::newRow("min on a text question") << add(q + "1/min", "1")
                                                << QStringList{"sections[0].questions[1].min: applies to number questions only"};
        QTest::newRow("pattern that does not compile")
            << replace(q + "4/pattern", "\"[A-\"")
            << QStringList{"sections[0].questions[4].pattern: does not compile as a regular expression (*"};
        QTest::newRow("pattern on a number question") << add(q + "2/pattern", "\"^1$\"")
                                                      << QStringList{"sections[0].questions[2].pattern: applies to text questions only"};
        QTest::newRow("required not a boolean") << replace(q + "0/required", "\"yes\"")
                                                << QStringList{"sections[0].questions[0].required: must be true or false"};
        QTest::newRow("show_if unknown question") << replace(q + "1/show_if/question", "\"ZZ\"")
                                                  << QStringList{"sections[0].questions[1].show_if.question: unknown question \"ZZ\""};
        QTest::newRow("show_if on a number question") << replace(q + "1/show_if/question", "\"A3\"")
                                                      << QStringList{"sections[0].questions[1].show_if.question: \"A3\" is not a choice question"};
        QTest::newRow("show_if on itself") << replace(q + "1/show_if/question", "\"A2\"")
                                           << QStringList{"sections[0].questions[1].show_if.question: a question cannot depend on itself"};
        QTest::newRow("show_if value not allowed")
            << replace(q + "1/show_if/in", R"(["yes","maybe"])")
            << QStringList{"sections[0].questions[1].show_if.in[1]: \"maybe\" is not an answer to \"A1\" (allowed: yes, no)"};
        QTest::newRow("show_if with empty list") << replace(q + "1/show_if/in", "[]")
                                                 << QStringList{"sections[0].questions[1].show_if.in: must be a non-empty list of values"};
        QTest::newRow("show_if may point at a later question")
            << add(q + "0/show_if", R"({"question":"B1","in":["yes"]})") << QStringList{};
        QTest::newRow("show_if loop")
            << QStringLiteral(R"([{"op":"add","path":"/sections/0/questions/0/show_if","value":{"question":"A6","in":["low"]}},
                                  {"op":"add","path":"/sections/0/questions/5/show_if","value":{"question":"A1","in":["yes"]}}])")
            << QStringList{"sections[0].questions[0].show_if.question: the show_if chain from \"A6\" leads back to this question",
                           "sections[0].questions[5].show_if.question: the show_if chain from \"A1\" leads back to this question"};
        QTest::newRow("an option dropped that alert_if names")
            << replace(q + "5/options", R"(["low","medium"])")
            << QStringList{"sections[0].questions[5].alert_if.in[0]: \"high\" is not an answer to \"A6\" (allowed: low, medium)"};
        QTest::newRow("alert_if value not allowed")
            << replace(q + "5/alert_if/in", R"(["medium"])")
            << QStringList{"sections[0].questions[5].alert_if.in[0]: \"medium\" is not an answer to \"A6\" (allowed: low, high)"};
        QTest::newRow("alert_if without message") << remove(q + "5/alert_if/message")
                                                  << QStringList{"sections[0].questions[5].alert_if.message: missing"};
        QTest::newRow("alert_if on a text question")
            << add(q + "1/alert_if", R"({"in":["x"],"message":"m"})")
            << QStringList{"sections[0].questions[1].alert_if: applies to choice questions only"};
        QTest::newRow("unknown writer") << replace("/sections/1/questions/0/writer", "\"agency_lead\"")
                                        << QStringList{"sections[1].questions[0].writer: unknown writer \"agency_lead\" (only \"business_office\" is allowed)"};
        QTest::newRow("every problem reported at once")
            << QStringLiteral(R"([{"op":"replace","path":"/key","value":"X"},{"op":"replace","path":"/kind","value":"k"},
                                  {"op":"replace","path":"/sections/0/questions/0/scale","value":"rag"}])")
            << QStringList{"key: \"X\" must be lower-case letters, digits and hyphens",
                           "kind: unknown kind \"k\" (expected section11, section175, case_audit, checklist or data_return)",
                           "sections[0].questions[0].scale: unknown scale \"rag\""};
    }

    void invalid() {
        QFETCH(QString, patch);
        QFETCH(QStringList, errors);
        const json j = kValid.patch(json::parse(patch.toStdString()));
        const TemplateParse p = parseTemplate(j);
        const QStringList found = toQt(p.errors);
        // A trailing * marks a message whose end comes from the standard library.
        QCOMPARE(found.size(), errors.size());
        for (qsizetype k = 0; k < errors.size(); ++k) {
            if (errors[k].endsWith(QLatin1Char('*'))) QVERIFY2(found[k].startsWith(errors[k].chopped(1)), qPrintable(found[k]));
            else QCOMPARE(found[k], errors[k]);
        }
        QCOMPARE(p.tmpl.has_value(), errors.isEmpty());
    }

    void notAnObject() {
        const TemplateParse p = parseTemplate(json::array());
        QCOMPARE(toQt(p.errors), QStringList{"a template must be a JSON object"});
        QVERIFY(!p.tmpl);
    }

    void newVersion_data() {
        QTest::addColumn<QString>("patch");  // applied to kValid to make the next version
        QTest::addColumn<QStringList>("problems");
        QTest::newRow("next version keeping every code") << R"([{"op":"replace","path":"/version","value":2},
            {"op":"add","path":"/sections/1/questions/-","value":{"code":"B2","text":"New","type":"text"}}])" << QStringList{};
        QTest::newRow("same version") << "[]" << QStringList{"version: must be greater than 1 (found 1)"};
        QTest::newRow("other key") << R"([{"op":"replace","path":"/version","value":2},{"op":"replace","path":"/key","value":"other"}])"
                                   << QStringList{"key: must stay \"test-audit\" (found \"other\")"};
        QTest::newRow("questions dropped, each reported")
            << R"([{"op":"replace","path":"/version","value":3},{"op":"remove","path":"/sections/0/questions/3"},
                  {"op":"remove","path":"/sections/1"}])"
            << QStringList{"question \"A4\" of version 1 is missing", "question \"B1\" of version 1 is missing"};
        QTest::newRow("question changes type")
            << R"([{"op":"replace","path":"/version","value":2},{"op":"replace","path":"/sections/0/questions/3/type","value":"text"}])"
            << QStringList{"question \"A4\" changes type from date to text"};
    }

    void newVersion() {
        QFETCH(QString, patch);
        QFETCH(QStringList, problems);
        const Template next = valid(kValid.patch(json::parse(patch.toStdString())));
        QCOMPARE(toQt(checkNewVersion(valid(), next)), problems);
    }

    void answers_data() {
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("value");  // JSON
        QTest::addColumn<QString>("error");  // empty when accepted

        QTest::newRow("null clears a choice") << "A1" << "null" << "";
        QTest::newRow("null clears a number") << "A3" << "null" << "";
        QTest::newRow("scale value") << "A1" << "\"yes\"" << "";
        QTest::newRow("not on the scale") << "A1" << "\"maybe\"" << "must be one of: yes, no";
        QTest::newRow("label is not a value") << "A1" << "\"Yes\"" << "must be one of: yes, no";
        QTest::newRow("choice as a number") << "A1" << "1" << "must be one of: yes, no";
        QTest::newRow("option value") << "A6" << "\"high\"" << "";
        QTest::newRow("not an option") << "A6" << "\"medium\"" << "must be one of: low, high";
        QTest::newRow("number in range") << "A3" << "2.5" << "";
        QTest::newRow("number at min") << "A3" << "0" << "";
        QTest::newRow("number at max") << "A3" << "10" << "";
        QTest::newRow("below min") << "A3" << "-1" << "must be at least 0";
        QTest::newRow("above max") << "A3" << "10.5" << "must be at most 10";
        QTest::newRow("number as text") << "A3" << "\"5\"" << "must be a number";
        QTest::newRow("boolean is not a number") << "A3" << "true" << "must be a number";
        QTest::newRow("text") << "A2" << "\"Because\"" << "";
        QTest::newRow("text as a number") << "A2" << "5" << "must be text";
        QTest::newRow("text at the limit") << "A2" << "\"" + QString(20000, QLatin1Char('x')) + "\"" << "";
        QTest::newRow("text over the limit") << "A2" << "\"" + QString(20001, QLatin1Char('x')) + "\""
                                             << "must be at most 20000 bytes long";
        QTest::newRow("pattern matched") << "A5" << "\"AB-123\"" << "";
        QTest::newRow("pattern missed") << "A5" << "\"ab-123\"" << "does not match the expected format";
        QTest::newRow("pattern needs a full match") << "A5" << "\"AB-1234\"" << "does not match the expected format";
        QTest::newRow("blank text is no answer, not a bad format") << "A5" << "\"\"" << "";
        QTest::newRow("date") << "A4" << "\"2024-02-29\"" << "";
        QTest::newRow("date that does not exist") << "A4" << "\"2023-02-29\"" << "must be a date as YYYY-MM-DD";
        QTest::newRow("date in UK format") << "A4" << "\"29/02/2024\"" << "must be a date as YYYY-MM-DD";
        QTest::newRow("date as a number") << "A4" << "20240229" << "must be a date as YYYY-MM-DD";
    }

    void answers() {
        QFETCH(QString, code);
        QFETCH(QString, value);
        QFETCH(QString, error);
        const Template t = valid();
        const std::optional<std::string> why = validateAnswer(t, *t.question(code.toStdString()), json::parse(value.toStdString()));
        QCOMPARE(QString::fromStdString(why.value_or("")), error);
    }

    void missing_data() {
        QTest::addColumn<QString>("answers");
        QTest::addColumn<QStringList>("missing");
        QTest::newRow("nothing answered: A2 hidden until A1 says yes") << "" << QStringList{"A1"};
        QTest::newRow("A1 no hides A2") << "A1=no" << QStringList{};
        QTest::newRow("A1 yes shows A2") << "A1=yes" << QStringList{"A2"};
        QTest::newRow("blank answer is no answer") << "A1=yes;A2= " << QStringList{"A2"};
        QTest::newRow("all answered") << "A1=yes;A2=because" << QStringList{};
    }

    void missing() {
        QFETCH(QString, answers);
        QFETCH(QStringList, missing);
        QCOMPARE(toQt(missingRequired(valid(), answersFrom(answers))), missing);
    }

    void hiddenControllerHidesItsDependants() {
        // C3 depends on C2, which depends on C1. A stale C2=yes left after C1 turned to no must
        // not make C3 required: a hidden answer is not counted.
        const Template t = valid(json::parse(R"({"key":"chain","version":1,"kind":"checklist","title":"Chain",
          "scales":{"yn":[{"value":"yes","label":"Yes"},{"value":"no","label":"No"}]},
          "sections":[{"code":"C","title":"C","questions":[
            {"code":"C1","text":"1","type":"choice","scale":"yn","required":true},
            {"code":"C2","text":"2","type":"choice","scale":"yn","required":true,"show_if":{"question":"C1","in":["yes"]}},
            {"code":"C3","text":"3","type":"text","required":true,"show_if":{"question":"C2","in":["yes"]}}]}]})"));
        const AnswerLookup stale = answersFrom(QStringLiteral("C1=no;C2=yes"));
        QVERIFY(isVisible(*t.question("C3"), stale));  // on its own terms C3 would show
        QCOMPARE(toQt(missingRequired(t, stale)), QStringList{});
        QCOMPARE(toQt(missingRequired(t, answersFrom(QStringLiteral("C1=yes;C2=yes")))), QStringList{"C3"});
    }
};

QTEST_MAIN(TestTemplate)
#include "tst_template.moc"
