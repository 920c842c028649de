// How both stores keep a record's fields (FieldPack) and how sync bodies are compressed (Gzip):
// a pack gives back exactly what was put in, in name order, with or without writers; a damaged
// pack throws FieldPackError at every cut and flipped byte and never reads outside itself; gzip
// round-trips and refuses damaged input and inflation past its cap.
#include "FieldPack.h"
#include "Gzip.h"

#include <QtTest>

#include <nlohmann/json.hpp>

#include <climits>
#include <random>

using namespace tandem;
using nlohmann::json;

namespace {

struct Field {
    std::string name, value;
    std::int64_t seq;
    FieldWriter writer;
};

std::vector<Field> sampleFields() {
    return {
        {"approved", "false", 77, {1, "lead.schools", "STH-SCHOOLS", 12}},
        {"progress", json("Policies from 14 of 17 schools; caf\u00e9 \"quoted\"").dump(), 901, {2, "dsl.schools", "STH-SCHOOLS", 3}},
        {"rag_override", "null", 0, {0, "office", "STH-BO", 0}},
        {"score", "2.5", LLONG_MAX, {}},
        {"supporting_agencies", json::array({"STH-COLLEGE", "STH-POLICE"}).dump(), -1, {}},
    };
}

std::vector<Field> readBack(const FieldPack& pack) {
    std::vector<Field> out;
    pack.forEach([&](const PackedField& f) {
        out.push_back({std::string(f.name), std::string(f.value), f.seq,
                       {f.rank, std::string(f.user), std::string(f.agency), f.device}});
    });
    return out;
}

void compareFields(const std::vector<Field>& got, const std::vector<Field>& want, bool writers) {
    QCOMPARE(got.size(), want.size());
    for (size_t i = 0; i < got.size(); ++i) {
        QCOMPARE(got[i].name, want[i].name);
        QCOMPARE(got[i].value, want[i].value);
        QCOMPARE(got[i].seq, want[i].seq);
        QCOMPARE(got[i].writer.rank, writers ? want[i].writer.rank : 0);
        QCOMPARE(got[i].writer.user, writers ? want[i].writer.user : std::string());
        QCOMPARE(got[i].writer.agency, writers ? want[i].writer.agency : std::string());
        QCOMPARE(got[i].writer.device, writers ? want[i].writer.device : std::int64_t(0));
    }
}

}  // namespace

class TestFieldPack : public QObject {
    Q_OBJECT

private slots:
    void writerAndBuilderAgree_data() {
        QTest::addColumn<bool>("writers");
        QTest::newRow("device (plain)") << false;
        QTest::newRow("server (with writers)") << true;
    }
    void writerAndBuilderAgree() {
        QFETCH(bool, writers);
        const auto fields = sampleFields();
        FieldPackWriter w(writers);
        for (const auto& f : fields) w.add(f.name, f.value, f.seq, f.writer);
        const FieldPack written = w.finish();
        // The builder takes any order; a name given twice keeps its last value.
        FieldPackBuilder b(writers);
        b.add("score", "99", 1);
        for (auto it = fields.rbegin(); it != fields.rend(); ++it) b.add(it->name, it->value, it->seq, it->writer);
        const FieldPack built = b.finish();
        QCOMPARE(written.bytes(), built.bytes());
        QCOMPARE(written.withWriters(), writers);
        QCOMPARE(written.count(), fields.size());
        compareFields(readBack(written), fields, writers);
    }

    void findStopsAtTheName() {
        FieldPackBuilder b;
        for (const auto& f : sampleFields()) b.add(f.name, f.value, f.seq);
        const FieldPack pack = b.finish();
        QCOMPARE(std::string(pack.find("score")->value), std::string("2.5"));
        QCOMPARE(pack.find("progress")->seq, std::int64_t(901));
        QVERIFY(!pack.find("absent"));
        QVERIFY(!pack.find(""));
        QVERIFY(!pack.find("zzz"));
        QCOMPARE(FieldPack().count(), size_t(0));
        QVERIFY(!FieldPack().find("score"));
    }

    void addAllSkipsNamedFields() {
        FieldPackBuilder b(true);
        for (const auto& f : sampleFields()) b.add(f.name, f.value, f.seq, f.writer);
        const FieldPack pack = b.finish();
        FieldPackBuilder copy(true);
        copy.addAll(pack, {"progress", "score"});
        copy.add("title", "\"new\"", 5);
        const auto got = readBack(copy.finish());
        QCOMPARE(got.size(), size_t(4));
        QCOMPARE(got[0].name, std::string("approved"));
        QCOMPARE(got[0].writer.user, std::string("lead.schools"));
        QCOMPARE(got[1].name, std::string("rag_override"));
        QCOMPARE(got[2].name, std::string("supporting_agencies"));
        QCOMPARE(got[3].name, std::string("title"));
    }

    void writerRefusesOutOfOrderNames() {
        FieldPackWriter w;
        w.add("b", "1", 1);
        QVERIFY_THROWS_EXCEPTION(std::logic_error, w.add("a", "1", 1));
        QVERIFY_THROWS_EXCEPTION(std::logic_error, w.add("b", "1", 1));
    }

    // Every prefix of a pack and every single flipped byte either reads as some pack (a cut at a
    // field boundary, a changed letter) or throws FieldPackError; nothing else, and no read past
    // the bytes (the ASan run of this test checks that).
    void damagedPacksThrow() {
        FieldPackBuilder b(true);
        for (const auto& f : sampleFields()) b.add(f.name, f.value, f.seq, f.writer);
        const std::string bytes = b.finish().bytes();
        auto readAll = [](std::string damaged) {
            // A copy of exactly its size, so a read past the end is a heap overflow.
            const FieldPack pack(std::move(damaged));
            size_t total = 0;
            pack.forEach([&](const PackedField& f) { total += f.name.size() + f.value.size() + f.user.size(); });
            return total;
        };
        int thrown = 0;
        for (size_t cut = 1; cut < bytes.size(); ++cut) {
            try {
                readAll(bytes.substr(0, cut));
            } catch (const FieldPackError&) {
                ++thrown;
            }
        }
        QVERIFY(thrown > int(bytes.size()) / 2);  // most cuts fall inside a field
        std::mt19937 rng(7);
        for (size_t at = 0; at < bytes.size(); ++at) {
            std::string damaged = bytes;
            damaged[at] = static_cast<char>(damaged[at] ^ (1 + rng() % 255));
            try {
                readAll(damaged);
            } catch (const FieldPackError&) {
            }
        }
        QVERIFY_THROWS_EXCEPTION(FieldPackError, readAll(std::string("\x07", 1)));
        QVERIFY_THROWS_EXCEPTION(FieldPackError, readAll(std::string("\x01\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", 12)));
    }

    void jsonStringsAsNlohmannWritesThem_data() {
        QTest::addColumn<QString>("text");
        QTest::newRow("plain") << QStringLiteral("Policies collected");
        QTest::newRow("empty") << QString();
        QTest::newRow("quotes and backslash") << QStringLiteral("say \"no\" \\ then");
        QTest::newRow("control") << QStringLiteral("line\nnext\ttab");
        QTest::newRow("non-ASCII") << QStringLiteral("caf\u00e9 \u2713");
    }
    void jsonStringsAsNlohmannWritesThem() {
        QFETCH(QString, text);
        const std::string s = text.toStdString();
        std::string out;
        appendJsonString(out, s);
        QCOMPARE(out, json(s).dump());
        QCOMPARE(decodeJsonText(out), s);
    }

    void invalidUtf8IsReplacedNotThrown() {
        std::string out;
        appendJsonString(out, std::string("bad \xff byte"));
        QVERIFY(json::parse(out).is_string());
        QCOMPARE(decodeJsonText("42"), std::string());
        QCOMPARE(decodeJsonText("\""), std::string());
        QCOMPARE(decodeJsonText("null"), std::string());
    }

    void gzipRoundTrips() {
        std::string text;
        for (int i = 0; i < 5000; ++i) text += "{\"id\":\"review:st-helens:action:" + std::to_string(i) + "\",\"seq\":" + std::to_string(i) + "},";
        for (int level : {1, kSyncGzipLevel, 12}) {
            const std::string z = gzipCompress(text, level);
            QVERIFY(z.size() < text.size() / 4);
            QCOMPARE(gzipDecompress(z, text.size()).value_or(""), text);
        }
        QCOMPARE(gzipDecompress(gzipCompress(""), 0).value_or("x"), std::string());
    }

    void gzipRefusesDamageAndBombs() {
        const std::string text(1 << 20, 'a');
        const std::string z = gzipCompress(text);
        QVERIFY(!gzipDecompress(z, text.size() - 1));  // past the cap: refused, not truncated
        QVERIFY(!gzipDecompress(z.substr(0, z.size() / 2), text.size()));
        QVERIFY(!gzipDecompress("not gzip at all", 1000));
        QVERIFY(!gzipDecompress("", 1000));
        std::string flipped = z;
        flipped[z.size() - 6] = static_cast<char>(flipped[z.size() - 6] ^ 0x10);  // the CRC
        QVERIFY(!gzipDecompress(flipped, text.size()));
    }
};

QTEST_APPLESS_MAIN(TestFieldPack)
#include "tst_fieldpack.moc"
