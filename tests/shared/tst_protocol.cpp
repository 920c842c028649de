// The wire codecs: every protocol type survives toJson (toText for pages) -> text -> fromJson
// (pullPageFromText) field by field, and every malformed document (missing or mistyped members,
// impossible numbers, oversized ids) is refused with ProtocolError, never with another exception
// type or by a silent default.
#include "Protocol.h"

#include <QtTest>

#include <climits>
#include <typeinfo>

using namespace tandem::protocol;
using nlohmann::json;

namespace {

// What a peer actually receives: the JSON as text, parsed again.
json overTheWire(const json& j) { return json::parse(j.dump()); }

QString show(const json& j) { return QString::fromStdString(j.dump()); }
QString show(Outcome o) { return QString::fromLatin1(toString(o).data(), qsizetype(toString(o).size())); }
QString show(const std::optional<Outcome>& o) { return o ? show(*o) : QStringLiteral("(none)"); }

Change sampleChange() {
    return Change{"0b6f2c4e-6f1a-4a43-9d55-6a4a7c1e9f10", 42, "review:st-helens:SH-SCR-JSH:action:2.1", "progress",
                  json("Policies collected from 14 of 17 schools; \"managed moves\" section drafted. Café ✓"), 17};
}

Conflict sampleConflict() {
    return Conflict{"c-lost", "review:st-helens:SH-SCR-JSH:action:2.4", "action", "progress",
                    json("lead text"), "lead.sthyos", "STH-YOS", json(nullptr), "dsl.schools", "STH-SCHOOLS",
                    "higher_precedence_wins", "2026-11-22T09:30:00Z", 901};
}

Rejection sampleRejection() {
    return Rejection{"r-1", "review:st-helens:SH-SCR-JSH:action:2.1", "title", json({{"nested", {1, 2}}}),
                     "dsl.schools", "not_a_writer", "Only business_office may change \"title\" of this action.",
                     "2026-11-22T09:31:00Z", 902};
}

RecordState sampleRecord() {
    RecordState r{"review:st-helens:SH-SCR-JSH:action:2.1", "action", "st-helens", "STH-SCHOOLS", 77, {}};
    tandem::FieldPackBuilder b;
    b.add("title", json("Audit schools' policies \"quoted\", caf\u00e9").dump(), 3);
    b.add("supporting_agencies", json::array({"STH-COLLEGE"}).dump(), 3);
    b.add("rag_override", json(nullptr).dump(), 50);
    b.add("approved", json(false).dump(), 77);
    b.add("score", json(2.5).dump(), LLONG_MAX);
    b.add("answer", json({{"items", {1, 2, {{"deep", true}}}}}).dump(), 76);
    r.fields = b.finish();
    return r;
}

// A page as its reader sees it: written as text, read back.
PullPage overTheWire(const PullPage& p) { return pullPageFromText(toText(p)); }
json asJson(const PullPage& p) { return json::parse(toText(p)); }

void compare(const Change& a, const Change& b) {
    QCOMPARE(a.id, b.id);
    QCOMPARE(a.seq, b.seq);
    QCOMPARE(a.record, b.record);
    QCOMPARE(a.field, b.field);
    QCOMPARE(show(a.value), show(b.value));
    QCOMPARE(a.base, b.base);
}

// The change id is not on the wire: results name their change by its sequence.
void compare(const ChangeResult& a, const ChangeResult& b) {
    QCOMPARE(a.seq, b.seq);
    QCOMPARE(show(a.outcome), show(b.outcome));
    QCOMPARE(a.serverSeq, b.serverSeq);
    QCOMPARE(a.code, b.code);
    QCOMPARE(a.message, b.message);
}

void compare(const RecordState& a, const RecordState& b) {
    QCOMPARE(a.id, b.id);
    QCOMPARE(a.kind, b.kind);
    QCOMPARE(a.partnership, b.partnership);
    QCOMPARE(a.owner, b.owner);
    QCOMPARE(a.seq, b.seq);
    QCOMPARE(a.fields.count(), b.fields.count());
    a.fields.forEach([&](const tandem::PackedField& f) {
        const auto other = b.fields.find(f.name);
        QVERIFY2(other, std::string(f.name).c_str());
        QCOMPARE(json::parse(f.value).dump(), json::parse(other->value).dump());
        QCOMPARE(f.seq, other->seq);
    });
}

void compare(const Conflict& a, const Conflict& b) {
    QCOMPARE(a.id, b.id);
    QCOMPARE(a.record, b.record);
    QCOMPARE(a.kind, b.kind);
    QCOMPARE(a.field, b.field);
    QCOMPARE(show(a.winnerValue), show(b.winnerValue));
    QCOMPARE(a.winnerUser, b.winnerUser);
    QCOMPARE(a.winnerAgency, b.winnerAgency);
    QCOMPARE(show(a.loserValue), show(b.loserValue));
    QCOMPARE(a.loserUser, b.loserUser);
    QCOMPARE(a.loserAgency, b.loserAgency);
    QCOMPARE(a.rule, b.rule);
    QCOMPARE(a.at, b.at);
    QCOMPARE(a.seq, b.seq);
}

void compare(const Rejection& a, const Rejection& b) {
    QCOMPARE(a.id, b.id);
    QCOMPARE(a.record, b.record);
    QCOMPARE(a.field, b.field);
    QCOMPARE(show(a.value), show(b.value));
    QCOMPARE(a.user, b.user);
    QCOMPARE(a.code, b.code);
    QCOMPARE(a.message, b.message);
    QCOMPARE(a.at, b.at);
    QCOMPARE(a.seq, b.seq);
}

// A valid document of each type, to be broken one member at a time.
json validDoc(const QString& type) {
    if (type == "change") return toJson(sampleChange());
    if (type == "result") return toJson(ChangeResult{"c1", 3, Outcome::Rejected, 9, "locked", "The return is submitted."});
    if (type == "record") {
        // Records travel only inside pages (their field names are the page's): a page of one.
        PullPage p;
        p.cursor = 77;
        p.records = {sampleRecord()};
        return asJson(p);
    }
    if (type == "conflict") return toJson(sampleConflict());
    if (type == "rejection") return toJson(sampleRejection());
    PullPage p;
    p.cursor = 12;
    p.records = {sampleRecord()};
    p.removals = {"gone-1"};
    p.conflicts = {sampleConflict()};
    p.rejections = {sampleRejection()};
    if (type == "answer") p.results = {{{"", 3, Outcome::Applied, 40, "", ""}}};  // a page answering a push
    return asJson(p);
}

void decode(const QString& type, const json& j) {
    if (type == "change") changeFromJson(j);
    else if (type == "result") changeResultFromJson(j);
    else if (type == "record") pullPageFromText(j.dump());
    else if (type == "conflict") conflictFromJson(j);
    else if (type == "rejection") rejectionFromJson(j);
    else pullPageFromText(j.dump());
}

// Sets (or, with "<remove>", erases) a member given as a JSON pointer, e.g. /winner/user.
json mutate(json doc, const QString& pointer, const QString& replacement) {
    const json::json_pointer ptr(pointer.toStdString());
    if (replacement == "<remove>") doc[ptr.parent_pointer()].erase(ptr.back());
    else if (pointer == "/") doc = json::parse(replacement.toStdString());
    else doc[ptr] = json::parse(replacement.toStdString());
    return doc;
}

QString quoted(int length, char c = 'x') { return '"' + QString(length, QLatin1Char(c)) + '"'; }

}  // namespace

class TestProtocol : public QObject {
    Q_OBJECT

private slots:
    void changeRoundTrip_data() {
        QTest::addColumn<QString>("value");
        QTest::addColumn<qint64>("seq");
        QTest::addColumn<qint64>("base");
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("record");
        const QString uuid = "6f1c2b8e-3e1a-4f5b-9a77-1c2d3e4f5a6b";
        QTest::newRow("text") << "\"Progress, with \\\"quotes\\\" and \u00e9\"" << 1LL << 0LL << uuid << "progress" << "r";
        QTest::newRow("null clears") << "null" << 2LL << 5LL << uuid << "rag_override" << "r";
        QTest::newRow("create") << R"({"kind":"action_update","parent":"review:st-helens:SH-SCR-JSH:action:2.1"})"
                                << 3LL << 0LL << uuid << "@create" << "r";
        QTest::newRow("list") << R"(["STH-COLLEGE","MERPOL"])" << 4LL << 9LL << uuid << "supporting_agencies" << "r";
        QTest::newRow("number") << "3.25" << 5LL << 1LL << uuid << "a.Q1" << "r";
        QTest::newRow("boolean") << "true" << 6LL << 1LL << uuid << "approved" << "r";
        QTest::newRow("largest numbers") << R"("x")" << qint64(LLONG_MAX) << qint64(LLONG_MAX) << uuid << "f" << "r";
        QTest::newRow("longest ids") << R"("x")" << 1LL << 0LL << QString(64, 'i') << QString(128, 'f') << QString(64, 'r');
    }

    void changeRoundTrip() {
        QFETCH(QString, value);
        QFETCH(qint64, seq);
        QFETCH(qint64, base);
        QFETCH(QString, id);
        QFETCH(QString, field);
        QFETCH(QString, record);
        const Change c{id.toStdString(), seq, record.toStdString(), field.toStdString(),
                       json::parse(value.toStdString()), base};
        const Change back = changeFromJson(overTheWire(toJson(c)));
        compare(back, c);
    }

    void resultRoundTrip_data() {
        QTest::addColumn<int>("outcome");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("message");
        QTest::newRow("applied") << int(Outcome::Applied) << "" << "";
        QTest::newRow("applied over a conflict") << int(Outcome::Applied) << "same_class_later_arrival_wins" << "";
        QTest::newRow("superseded") << int(Outcome::Superseded) << "higher_precedence_wins"
                                    << "A concurrent edit by a higher-precedence writer stands.";
        QTest::newRow("rejected") << int(Outcome::Rejected) << "invalid_transition"
                                  << "The action is now closed on the server and cannot move to in_progress.";
    }

    void resultRoundTrip() {
        QFETCH(int, outcome);
        QFETCH(QString, code);
        QFETCH(QString, message);
        const ChangeResult r{"c-9", 9, Outcome(outcome), 1234, code.toStdString(), message.toStdString()};
        compare(changeResultFromJson(overTheWire(toJson(r))), r);
        QCOMPARE(show(outcomeFromString(toString(Outcome(outcome)))), show(Outcome(outcome)));
    }

    void recordRoundTrip() {
        PullPage p;
        p.records = {sampleRecord(), RecordState{"id", "agency", "st-helens", "MERPOL", 1, {}}};
        const PullPage back = overTheWire(p);
        QCOMPARE(back.records.size(), size_t(2));
        compare(back.records[0], p.records[0]);
        compare(back.records[1], p.records[1]);
    }

    // The compact form: each field name once per page, records as arrays, and a field's sequence
    // as its distance below the record's (0 for fields written with the record's last change).
    void compactPage() {
        PullPage p;
        p.cursor = 20;
        for (int i = 0; i < 3; ++i) {
            RecordState r{"r" + std::to_string(i), "action", "st-helens", "MERPOL", 10 + i, {}};
            tandem::FieldPackBuilder b;
            b.add("title", json("T" + std::to_string(i)).dump(), 10 + i);
            b.add("status", json("open").dump(), 5);
            r.fields = b.finish();
            p.records.push_back(r);
        }
        const json j = asJson(p);
        QCOMPARE(j["fields"], json::parse(R"(["status", "title"])"));
        QCOMPARE(j["records"][2], json::parse(R"(["r2", "action", "st-helens", "MERPOL", 12, [0, "open", 7, 1, "T2", 0]])"));
        const std::string text = j.dump();
        size_t titles = 0;
        for (size_t at = text.find("\"title\""); at != std::string::npos; at = text.find("\"title\"", at + 1)) ++titles;
        QCOMPARE(titles, size_t(1));
    }

    void conflictRoundTrip() {
        const Conflict c = sampleConflict();
        compare(conflictFromJson(overTheWire(toJson(c))), c);
    }

    void rejectionRoundTrip() {
        const Rejection r = sampleRejection();
        compare(rejectionFromJson(overTheWire(toJson(r))), r);
    }

    void pullPageRoundTrip() {
        PullPage p;
        p.cursor = 990;
        p.more = true;
        p.records = {sampleRecord(), RecordState{"x", "agency", "knowsley", "KNO-BO", 4, {}}};
        p.removals = {"gone-1", "gone-2"};
        p.conflicts = {sampleConflict()};
        p.rejections = {sampleRejection(), sampleRejection()};
        const PullPage back = overTheWire(p);
        QCOMPARE(back.refetch, false);
        QCOMPARE(back.cursor, p.cursor);
        QCOMPARE(back.more, true);
        QCOMPARE(back.records.size(), p.records.size());
        for (size_t i = 0; i < p.records.size(); ++i) compare(back.records[i], p.records[i]);
        QCOMPARE(back.removals, p.removals);
        QCOMPARE(back.conflicts.size(), size_t(1));
        compare(back.conflicts[0], p.conflicts[0]);
        QCOMPARE(back.rejections.size(), size_t(2));
        compare(back.rejections[1], p.rejections[1]);

        const PullPage empty = overTheWire(PullPage{});
        QVERIFY(!empty.refetch && !empty.more && empty.records.empty() && empty.removals.empty());

        PullPage refetch;
        refetch.refetch = true;
        refetch.cursor = 55;
        refetch.records = {sampleRecord()};
        const PullPage r = overTheWire(refetch);
        QVERIFY2(r.refetch, "a refetch page must say so");
        QVERIFY2(r.records.empty(), "a refetch page carries no records");
        QVERIFY2(!r.results, "a page that answers no push has no results");

        // A page that answers a push carries its results, even when it says start over.
        p.results = {{{"", 7, Outcome::Superseded, 991, "owner_wins", ""}, {"", 8, Outcome::Rejected, 992, "locked", "Submitted."}}};
        refetch.results = {{p.results->front()}};
        const PullPage answer = overTheWire(p), restart = overTheWire(refetch);
        QVERIFY(answer.results && answer.results->size() == 2);
        compare((*answer.results)[1], (*p.results)[1]);
        QCOMPARE(answer.records.size(), p.records.size());
        QVERIFY(restart.refetch && restart.results && restart.results->size() == 1);
        compare(restart.results->front(), p.results->front());
        const PullPage none = overTheWire([] { PullPage e; e.results.emplace(); return e; }());
        QVERIFY2(none.results && none.results->empty(), "an empty push's answer says so");
    }

    // Each row breaks one member of a valid document; the decoder must throw ProtocolError.
    void malformed_data() {
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("pointer");
        QTest::addColumn<QString>("replacement");  // JSON text, or <remove>

        for (const char* key : {"id", "seq", "record", "field", "value", "base"})
            QTest::addRow("change without %s", key) << "change" << QString("/") + key << "<remove>";
        QTest::newRow("change id not a string") << "change" << "/id" << "5";
        QTest::newRow("change seq as text") << "change" << "/seq" << R"("1")";
        QTest::newRow("change seq fractional") << "change" << "/seq" << "1.5";
        QTest::newRow("change seq boolean") << "change" << "/seq" << "true";
        QTest::newRow("change seq null") << "change" << "/seq" << "null";
        QTest::newRow("change record null") << "change" << "/record" << "null";
        QTest::newRow("change field a list") << "change" << "/field" << R"(["progress"])";
        QTest::newRow("change base as text") << "change" << "/base" << R"("0")";
        QTest::newRow("change seq 0") << "change" << "/seq" << "0";
        QTest::newRow("change seq negative") << "change" << "/seq" << "-1";
        QTest::newRow("change base negative") << "change" << "/base" << "-1";
        QTest::newRow("change seq 2^63") << "change" << "/seq" << "9223372036854775808";
        QTest::newRow("change seq 2^64-1") << "change" << "/seq" << "18446744073709551615";
        QTest::newRow("change base 2^64-1") << "change" << "/base" << "18446744073709551615";
        QTest::newRow("change seq beyond 64 bits") << "change" << "/seq" << "1e30";
        QTest::newRow("change id empty") << "change" << "/id" << R"("")";
        QTest::newRow("change id 65 chars") << "change" << "/id" << quoted(65);
        QTest::newRow("change id 100000 chars") << "change" << "/id" << quoted(100000);
        QTest::newRow("change record empty") << "change" << "/record" << R"("")";
        QTest::newRow("change record 65 chars") << "change" << "/record" << quoted(65);
        QTest::newRow("change field empty") << "change" << "/field" << R"("")";
        QTest::newRow("change field 129 chars") << "change" << "/field" << quoted(129);
        QTest::newRow("change is a list") << "change" << "/" << "[]";
        QTest::newRow("change is text") << "change" << "/" << R"("change")";
        QTest::newRow("change is null") << "change" << "/" << "null";

        // A result is [seq, outcome, server_seq, code, message].
        QTest::newRow("result of two") << "result" << "/" << R"([3, "rejected"])";
        QTest::newRow("result of six") << "result" << "/" << R"([3, "rejected", 9, "locked", "m", "x"])";
        QTest::newRow("result an object") << "result" << "/" << R"({"seq": 3, "outcome": "applied", "server_seq": 9})";
        QTest::newRow("result seq as text") << "result" << "/0" << R"("3")";
        QTest::newRow("result unknown outcome") << "result" << "/1" << R"("won")";
        QTest::newRow("result outcome a number") << "result" << "/1" << "1";
        QTest::newRow("result server_seq as text") << "result" << "/2" << R"("9")";
        QTest::newRow("result server_seq 2^64-1") << "result" << "/2" << "18446744073709551615";
        QTest::newRow("result code a number") << "result" << "/3" << "5";
        QTest::newRow("result message an object") << "result" << "/4" << "{}";

        // sampleRecord's fields in name order: answer 0, approved 1, rag_override 2, score 3,
        // supporting_agencies 4, title 5.
        QTest::newRow("record not a list") << "record" << "/records/0" << R"({"id": "x"})";
        QTest::newRow("record of five") << "record" << "/records/0" << R"(["x", "action", "p", "o", 1])";
        QTest::newRow("record of seven") << "record" << "/records/0" << R"(["x", "action", "p", "o", 1, [], 2])";
        QTest::newRow("record id a number") << "record" << "/records/0/0" << "5";
        QTest::newRow("record kind null") << "record" << "/records/0/1" << "null";
        QTest::newRow("record partnership a list") << "record" << "/records/0/2" << "[]";
        QTest::newRow("record owner an object") << "record" << "/records/0/3" << "{}";
        QTest::newRow("record seq as text") << "record" << "/records/0/4" << R"("77")";
        QTest::newRow("record seq 2^64-1") << "record" << "/records/0/4" << "18446744073709551615";
        QTest::newRow("record fields an object") << "record" << "/records/0/5" << R"({"title": ["x", 1]})";
        QTest::newRow("record fields not triples") << "record" << "/records/0/5" << R"([4, "x"])";
        QTest::newRow("record field index as text") << "record" << "/records/0/5" << R"(["4", "x", 0])";
        QTest::newRow("record field index fractional") << "record" << "/records/0/5" << R"([1.5, "x", 0])";
        QTest::newRow("record field index negative") << "record" << "/records/0/5" << R"([-1, "x", 0])";
        QTest::newRow("record field index past the table") << "record" << "/records/0/5" << R"([6, "x", 0])";
        QTest::newRow("record field index 2^64-1") << "record" << "/records/0/5" << R"([18446744073709551615, "x", 0])";
        QTest::newRow("record field twice") << "record" << "/records/0/5" << R"([4, "x", 0, 4, "y", 0])";
        QTest::newRow("record field delta as text") << "record" << "/records/0/5" << R"([4, "x", "0"])";
        QTest::newRow("record field delta null") << "record" << "/records/0/5" << R"([4, "x", null])";
        QTest::newRow("record field delta 2^64-1") << "record" << "/records/0/5" << R"([4, "x", 18446744073709551615])";
        QTest::newRow("page without field names") << "record" << "/fields" << "<remove>";
        QTest::newRow("page field names an object") << "record" << "/fields" << "{}";
        QTest::newRow("page field name a number") << "record" << "/fields/0" << "3";
        QTest::newRow("page field name empty") << "record" << "/fields/0" << R"("")";
        QTest::newRow("page field name twice") << "record" << "/fields/0" << R"("approved")";

        for (const char* key : {"id", "record", "kind", "field", "winner", "loser", "rule", "at", "seq"})
            QTest::addRow("conflict without %s", key) << "conflict" << QString("/") + key << "<remove>";
        QTest::newRow("conflict winner user a number") << "conflict" << "/winner/user" << "7";
        QTest::newRow("conflict loser agency a list") << "conflict" << "/loser/agency" << "[]";
        QTest::newRow("conflict winner not an object") << "conflict" << "/winner" << R"("lead.sthyos")";

        for (const char* key : {"id", "record", "field", "code", "message", "at", "seq"})
            QTest::addRow("rejection without %s", key) << "rejection" << QString("/") + key << "<remove>";
        QTest::newRow("rejection user a number") << "rejection" << "/user" << "3";
        QTest::newRow("rejection seq 2^64-1") << "rejection" << "/seq" << "18446744073709551615";

        for (const char* key : {"cursor", "more", "records", "removals", "conflicts", "rejections"})
            QTest::addRow("page without %s", key) << "page" << QString("/") + key << "<remove>";
        QTest::newRow("page cursor as text") << "page" << "/cursor" << R"("12")";
        QTest::newRow("page cursor 2^64-1") << "page" << "/cursor" << "18446744073709551615";
        QTest::newRow("page more as text") << "page" << "/more" << R"("yes")";
        QTest::newRow("page more null") << "page" << "/more" << "null";
        QTest::newRow("page records not a list") << "page" << "/records" << "{}";
        QTest::newRow("page record not a list") << "page" << "/records/0" << R"("x")";
        QTest::newRow("page removal a number") << "page" << "/removals/0" << "1";
        QTest::newRow("page removals text") << "page" << "/removals" << R"("gone-1")";
        QTest::newRow("page conflict broken") << "page" << "/conflicts/0/rule" << "<remove>";
        QTest::newRow("page rejection broken") << "page" << "/rejections/0/code" << "null";
        QTest::newRow("page refetch as text") << "page" << "/refetch" << R"("yes")";
        QTest::newRow("page is a list") << "page" << "/" << "[]";
        QTest::newRow("answer results an object") << "answer" << "/results" << "{}";
        QTest::newRow("answer result a number") << "answer" << "/results/0" << "3";
        QTest::newRow("answer result unknown outcome") << "answer" << "/results/0/1" << R"("maybe")";
        QTest::newRow("answer result too short") << "answer" << "/results/0" << R"([3, "applied"])";
        QTest::newRow("page nested too deep") << "page" << "/removals" << QString(70, '[') + QString(70, ']');
        QTest::newRow("page value nested too deep") << "record" << "/records/0/5" << "[4, " + QString(70, '[') + QString(70, ']') + ", 0]";
    }

    void malformed() {
        QFETCH(QString, type);
        QFETCH(QString, pointer);
        QFETCH(QString, replacement);
        const json doc = mutate(validDoc(type), pointer, replacement);
        try {
            decode(type, doc);
        } catch (const ProtocolError& e) {
            QVERIFY2(std::string(e.what()).size() > 0, "a ProtocolError explains itself");
            return;
        } catch (const std::exception& e) {
            QFAIL(qPrintable(QStringLiteral("threw a %1 (\"%2\") instead of ProtocolError for %3")
                                 .arg(typeid(e).name(), e.what(), show(doc).left(300))));
        }
        QFAIL(qPrintable(QStringLiteral("accepted a malformed document: ") + show(doc).left(300)));
    }

    // The documents the tests above break are themselves fine.
    void validDocumentsDecode() {
        for (const char* type : {"change", "result", "record", "conflict", "rejection", "page", "answer"}) {
            try {
                decode(QString::fromLatin1(type), overTheWire(validDoc(QString::fromLatin1(type))));
            } catch (const std::exception& e) {
                QFAIL(qPrintable(QString::fromLatin1(type) + ": " + e.what()));
            }
        }
    }

    // What a document tree cannot show: member order, duplicate members, unknown members.
    void pageText() {
        // "fields" after "records", fields out of name order: the same page.
        const PullPage a = pullPageFromText(
            R"({"records":[["r1","action","p","o",9,[1,"T",0,0,"open",4]]],"fields":["status","title"],"cursor":9,)"
            R"("more":false,"removals":[],"conflicts":[],"rejections":[],"future_member":{"x":[1,2]}})");
        QCOMPARE(a.records.size(), size_t(1));
        QCOMPARE(std::string(a.records[0].fields.find("status")->value), std::string(R"("open")"));
        QCOMPARE(a.records[0].fields.find("status")->seq, std::int64_t(5));
        QCOMPARE(std::string(a.records[0].fields.find("title")->value), std::string(R"("T")"));
        for (const char* bad : {
                 R"({"cursor":1,"cursor":2,"more":false,"fields":[],"records":[],"removals":[],"conflicts":[],"rejections":[]})",
                 R"({"records":[["r1","action","p","o",9,[0,"T",0,0,"U",0]]],"fields":["title"],"cursor":9,"more":false,"removals":[],"conflicts":[],"rejections":[]})",
                 R"({"records":[["r1","action","p","o",9,[1,"T",0]]],"fields":["title"],"cursor":9,"more":false,"removals":[],"conflicts":[],"rejections":[]})",
                 R"({"cursor":1,"more":false,"fields":[],"records":[],"removals":[],"conflicts":[],"rejections":[]} trailing)",
                 R"({"cursor":1,"more":false,"fields":[],"records":[],"removals":[],"conflicts":[],"rejections":[])",
                 "", "{}"}) {
            bool refused = false;
            try {
                pullPageFromText(bad);
            } catch (const ProtocolError&) {
                refused = true;
            }
            QVERIFY2(refused, bad);
        }
    }

    void outcomeNames() {
        QCOMPARE(show(outcomeFromString("applied")), show(Outcome::Applied));
        QCOMPARE(show(outcomeFromString("superseded")), show(Outcome::Superseded));
        QCOMPARE(show(outcomeFromString("rejected")), show(Outcome::Rejected));
        QVERIFY(!outcomeFromString("Applied"));
        QVERIFY(!outcomeFromString(""));
    }
};

QTEST_MAIN(TestProtocol)
#include "tst_protocol.moc"
