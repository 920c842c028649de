// tandem-cli driven in-process against the demo partnership on a live server: the story of
// one practitioner (pc.merpol) working offline and syncing, their agency lead returning and
// approving the Section 11 return, a conflict and a rejection they can read, the commands that
// keep working with the server gone, and the exit codes (0 done, 1 refused, 2 usage, 3 offline).
// The functions run in order and share the server and the three device folders.
#include "CliApp.h"
#include "Demo.h"
#include "TestServer.h"

#include <QTemporaryDir>
#include <QtTest>

#include <sstream>

using namespace tandem;

namespace {

struct CliRun {
    int code = -1;
    std::string out, err;
    std::string describe() const { return "exit " + std::to_string(code) + "\nout: " + out + "\nerr: " + err; }
};

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string l; std::getline(in, l);) out.push_back(l);
    return out;
}

std::vector<std::string> columns(const std::string& line) {
    std::vector<std::string> out;
    std::istringstream in(line);
    for (std::string c; std::getline(in, c, '\t');) out.push_back(c);
    return out;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

const std::string kReview = "review:st-helens:SH-SCR-JSH:action:";
const std::string kSupported = kReview + "2.4";  // lead STH-YOS; MERPOL supporting, in progress
const std::string kLed = kReview + "2.5";        // lead MERPOL, closed
const std::string kToSupersede = kReview + "3.3";  // lead STH-CSC; MERPOL supporting, not started
const std::string kOthers = kReview + "2.1";     // STH-SCHOOLS with STH-COLLEGE only

// Every answer the Section 11 template requires when every standard is rated green.
std::vector<std::pair<std::string, std::string>> fullSection11() {
    std::vector<std::pair<std::string, std::string>> a{
        {"R.completed_by_role", "Detective Inspector, public protection"},
        {"R.senior_lead", "Detective Superintendent"},
        {"R.scope", "St Helens district, including custody"}};
    for (int s = 1; s <= 10; ++s) {
        a.push_back({"S" + std::to_string(s) + ".rating", "green"});
        a.push_back({"S" + std::to_string(s) + ".evidence", "Policy library, section " + std::to_string(s)});
    }
    a.push_back({"D.declared", "yes"});
    a.push_back({"D.date", "2026-11-20"});
    return a;
}

}  // namespace

class TestCli : public QObject {
    Q_OBJECT

private:
    QTemporaryDir serverDir_, pcDir_, leadDir_, boDir_;
    std::unique_ptr<test::TestServer> server_;
    std::string s11Return_, caseReturn_;  // pc.merpol's returns

    CliRun cli(const QTemporaryDir& dir, std::vector<std::string> args) {
        args.insert(args.begin(), {"--dir", dir.path().toStdString()});
        std::ostringstream out, err;
        CliRun r;
        r.code = cli::run(args, out, err);
        r.out = out.str();
        r.err = err.str();
        return r;
    }
    // Runs a command that must succeed; returns its output.
    std::string ok(const QTemporaryDir& dir, const std::vector<std::string>& args) {
        const auto r = cli(dir, args);
        if (r.code != 0) qWarning("%s: %s", args.front().c_str(), r.describe().c_str());
        return r.code == 0 ? r.out : "<failed>";
    }
    std::string serverValue(const std::string& record, const std::string& field) {
        std::string v;
        server_->store().read([&](server::StoreSession& s) {
            if (auto f = s.field(record, field)) v = f->value.is_string() ? f->value.get<std::string>() : f->value.dump();
        });
        return v;
    }
    std::string statusLine(const QTemporaryDir& dir, const std::string& label) {
        for (const auto& l : lines(ok(dir, {"status"})))
            if (l.rfind(label + ":", 0) == 0) return l;
        return "<no " + label + " line>";
    }

private slots:
    void initTestCase() {
        QVERIFY(serverDir_.isValid() && pcDir_.isValid() && leadDir_.isValid() && boDir_.isValid());
        server_ = std::make_unique<test::TestServer>(serverDir_.path().toStdString());
        std::string error;
        QVERIFY2(server::setUpDemo(server_->store(), TANDEM_DATA_DIR, error), error.c_str());
        server_->start();
        // The password comes from the environment, as a script would give it.
        qputenv("TANDEM_PASSWORD", server::kDemoPassword);
        // Every command derives the replica's key from it: at the cheapest cost here, since the
        // test runs the CLI dozens of times (tst_encryption measures the real one).
        qputenv("TANDEM_REPLICA_KDF", "minimum");
    }

    void signIn() {
        auto r = cli(pcDir_, {"status"});
        QCOMPARE(r.code, 1);
        QVERIFY2(contains(r.err, "run 'tandem-cli sign-in' first"), r.err.c_str());

        r = cli(pcDir_, {"sign-in", "--server", server_->url(), "--user", "pc.merpol", "--password", "not-my-password"});
        QCOMPARE(r.code, 1);
        QVERIFY2(contains(r.err, "sign-in failed (invalid_credentials)"), r.err.c_str());

        r = cli(pcDir_, {"sign-in", "--server", server_->url(), "--user", "pc.merpol"});
        QVERIFY2(r.code == 0, r.describe().c_str());
        QVERIFY2(contains(r.out, "signed in as pc.merpol"), r.out.c_str());
        QCOMPARE(statusLine(pcDir_, "last sync"), std::string("last sync: never"));
        QCOMPARE(statusLine(pcDir_, "records"), std::string("records:   0"));
    }

    void syncAndStatus() {
        const auto r = cli(pcDir_, {"sync", "--quiet"});
        QVERIFY2(r.code == 0, r.describe().c_str());
        QVERIFY2(r.out.rfind("synced: pushed 0 (applied 0, superseded 0, rejected 0), pulled ", 0) == 0, r.out.c_str());
        QCOMPARE(statusLine(pcDir_, "user"), std::string("user:      pc.merpol (practitioner, MERPOL)"));
        QCOMPARE(statusLine(pcDir_, "pending"), std::string("pending:   0 changes"));
        QCOMPARE(statusLine(pcDir_, "conflicts"), std::string("conflicts: 0 open"));
        QVERIFY2(statusLine(pcDir_, "last sync") != "last sync: never", "a sync must be recorded");
    }

    // A practitioner sees the actions their agency leads or supports, and their returns.
    void actionsAndReturns() {
        std::map<std::string, std::vector<std::string>> actions;
        for (const auto& l : lines(ok(pcDir_, {"actions"}))) actions[columns(l).at(0)] = columns(l);
        for (const auto& id : {kSupported, kLed, kToSupersede, kReview + "1.3", kReview + "3.1"})
            QVERIFY2(actions.count(id), ("missing action " + id).c_str());
        QVERIFY2(!actions.count(kOthers), "an action MERPOL is not party to was listed");
        QCOMPARE(actions[kSupported].at(1), std::string("in_progress"));
        QCOMPARE(actions[kSupported].at(2), std::string("red"));  // target date 2016-09-30 has passed
        QCOMPARE(actions[kSupported].at(4), std::string("STH-YOS"));
        QCOMPARE(actions[kLed].at(2), std::string(""));  // closed actions have no RAG
        for (const auto& l : lines(ok(pcDir_, {"actions", "--status", "closed"})))
            QCOMPARE(columns(l).at(1), std::string("closed"));

        for (const auto& l : lines(ok(pcDir_, {"returns"}))) {
            const auto c = columns(l);
            QCOMPARE(c.at(4), std::string("pc.merpol"));
            QCOMPARE(c.at(3), std::string("MERPOL"));
            if (c.at(5) == "Section 11 self-assessment 2026") s11Return_ = c.at(0);
            if (contains(c.at(5), "Neglect case-file audit")) caseReturn_ = c.at(0);
        }
        QVERIFY2(!s11Return_.empty() && !caseReturn_.empty(), "the S11 and case-file returns must be listed");
    }

    void show() {
        const auto out = ok(pcDir_, {"show", kSupported});
        QVERIFY2(out.rfind("action " + kSupported + " (partnership st-helens, owner STH-YOS)\n", 0) == 0, out.c_str());
        QVERIFY2(contains(out, "\n  status: in_progress\n"), out.c_str());
        const auto r = cli(pcDir_, {"show", "no-such-record"});
        QCOMPARE(r.code, 1);
        QCOMPARE(r.err, std::string("no record no-such-record on this device\n"));
    }

    void setAllowedAndRefused() {
        auto r = cli(pcDir_, {"set", kSupported, "progress", "Case comparison drafted"});
        QVERIFY2(r.code == 0, r.describe().c_str());
        QCOMPARE(r.out, std::string("saved offline; pending until the next sync\n"));
        QVERIFY(contains(ok(pcDir_, {"show", kSupported}), "\n* progress: Case comparison drafted\n"));
        QCOMPARE(statusLine(pcDir_, "pending"), std::string("pending:   1 changes"));
        bool marked = false;
        for (const auto& l : lines(ok(pcDir_, {"actions"})))
            if (columns(l).at(0) == kSupported) marked = columns(l).back() == "*pending";
        QVERIFY2(marked, "the actions list must mark the pending edit");

        // Refusals: one precise line, exit 1, nothing queued.
        const std::vector<std::pair<std::vector<std::string>, std::string>> refused{
            {{"set", kSupported, "title", "Renamed"}, "refused: You may not change \"title\" of this action.\n"},
            {{"set", kSupported, "colour", "blue"}, "refused: A action has no field \"colour\".\n"},
            {{"set", kSupported, "rag_override", "purple"}, "refused: \"rag_override\" must be red, amber, green or empty.\n"},
            {{"set", "no-such-record", "progress", "x"}, "refused: No record no-such-record on this device.\n"},
        };
        for (const auto& [args, line] : refused) {
            r = cli(pcDir_, args);
            QCOMPARE(r.code, 1);
            QCOMPARE(r.err, line);
            QCOMPARE(r.out, std::string());
        }
        QCOMPARE(statusLine(pcDir_, "pending"), std::string("pending:   1 changes"));
    }

    void progressUpdate() {
        auto r = cli(pcDir_, {"progress", kSupported, "--narrative", "Met the YOS lead; two cases chosen", "--rag", "amber"});
        QVERIFY2(r.code == 0, r.describe().c_str());
        QCOMPARE(statusLine(pcDir_, "pending"), std::string("pending:   4 changes"));  // create, narrative, RAG
        r = cli(pcDir_, {"progress", kSupported});
        QCOMPARE(r.code, 1);
        QCOMPARE(r.err, std::string("refused: A progress update needs a narrative.\n"));
        r = cli(pcDir_, {"progress", kSupported, "--narrative", "x", "--rag", "blue"});
        QCOMPARE(r.code, 1);
        QCOMPARE(r.err, std::string("refused: Proposed RAG must be red, amber, green or empty.\n"));
    }

    void answer() {
        auto r = cli(pcDir_, {"answer", s11Return_, "S1.rating", "green"});
        QVERIFY2(r.code == 0, r.describe().c_str());
        QVERIFY(contains(ok(pcDir_, {"show", s11Return_}), "\n* status: in_progress\n"));  // the first answer starts it
        r = cli(pcDir_, {"answer", s11Return_, "S1.rating", "purple"});
        QCOMPARE(r.code, 1);
        QCOMPARE(r.err, std::string("refused: Answer to S1.rating must be one of: green, amber, red, na.\n"));
        r = cli(pcDir_, {"answer", s11Return_, "S99.rating", "green"});
        QCOMPARE(r.code, 1);
        QCOMPARE(r.err, std::string("refused: The template has no question S99.rating.\n"));
        r = cli(pcDir_, {"answer", s11Return_, "S1.moderated", "green"});
        QCOMPARE(r.code, 1);
        QCOMPARE(r.err, std::string("refused: You may not change \"a.S1.moderated\" of this audit_return.\n"));
    }

    void submitWithMissingAnswers() {
        const auto r = cli(pcDir_, {"submit", s11Return_});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.rfind("refused: ", 0) == 0 && contains(r.err, " required answers are missing: "), r.err.c_str());
        // S1 is rated green, so its evidence is required and its N/A reason is not.
        for (const char* code : {"R.completed_by_role", "R.senior_lead", "S1.evidence", "S2.rating", "S10.rating", "D.date"})
            QVERIFY2(contains(r.err, code), (std::string("missing code not listed: ") + code + "\n" + r.err).c_str());
        for (const char* code : {"S1.rating", "S1.na_reason", "S2.evidence"})
            QVERIFY2(!contains(r.err, std::string(code) + ","), (std::string("listed but not missing: ") + code).c_str());
        QCOMPARE(std::count(r.err.begin(), r.err.end(), '\n'), 1L);
    }

    void answerAllAndSubmit() {
        for (const auto& [code, value] : fullSection11()) {
            const auto r = cli(pcDir_, {"answer", s11Return_, code, value});
            QVERIFY2(r.code == 0, (code + ": " + r.describe()).c_str());
        }
        auto r = cli(pcDir_, {"submit", s11Return_});
        QVERIFY2(r.code == 0, r.describe().c_str());
        r = cli(pcDir_, {"sync", "--quiet"});
        QVERIFY2(r.code == 0 && contains(r.out, ", rejected 0)"), r.describe().c_str());
        QCOMPARE(serverValue(s11Return_, "status"), std::string("submitted"));
        QCOMPARE(serverValue(s11Return_, "a.D.declared"), std::string("yes"));
        QCOMPARE(statusLine(pcDir_, "pending"), std::string("pending:   0 changes"));
    }

    // The agency lead, on their own device, sends it back with a comment; the practitioner
    // reads the comment, fixes the answer and resubmits.
    void leadSendsBackWithComment() {
        QCOMPARE(cli(leadDir_, {"sign-in", "--server", server_->url(), "--user", "lead.merpol"}).code, 0);
        QCOMPARE(cli(leadDir_, {"sync", "--quiet"}).code, 0);
        auto r = cli(leadDir_, {"return", s11Return_});
        QCOMPARE(r.code, 1);
        QCOMPARE(r.err, std::string("refused: Say why the return goes back: a comment is required.\n"));
        r = cli(pcDir_, {"approve", s11Return_});
        QCOMPARE(r.code, 1);
        QCOMPARE(r.err, std::string("refused: The return can be moved from submitted to approved only by the lead of "
                                    "the owning agency.\n"));
        r = cli(leadDir_, {"return", s11Return_, "--comment", "S3 evidence needs dates"});
        QVERIFY2(r.code == 0, r.describe().c_str());
        QCOMPARE(cli(leadDir_, {"sync", "--quiet"}).code, 0);
        QCOMPARE(serverValue(s11Return_, "status"), std::string("returned"));
        QCOMPARE(serverValue(s11Return_, "lead_comment"), std::string("S3 evidence needs dates"));

        QCOMPARE(cli(pcDir_, {"sync", "--quiet"}).code, 0);
        const auto shown = ok(pcDir_, {"show", s11Return_});
        QVERIFY2(contains(shown, "\n  status: returned\n"), shown.c_str());
        QVERIFY2(contains(shown, "\n  lead_comment: S3 evidence needs dates\n"), shown.c_str());
        QCOMPARE(cli(pcDir_, {"answer", s11Return_, "S3.evidence", "Voice of the child policy, 2026-03-01"}).code, 0);
        QCOMPARE(cli(pcDir_, {"submit", s11Return_}).code, 0);
        QCOMPARE(cli(pcDir_, {"sync", "--quiet"}).code, 0);
        QCOMPARE(serverValue(s11Return_, "a.S3.evidence"), std::string("Voice of the child policy, 2026-03-01"));
    }

    // Whether or not it went back and forth above, the return is now submitted: the lead approves.
    void leadApproves() {
        QCOMPARE(serverValue(s11Return_, "status"), std::string("submitted"));
        QCOMPARE(cli(leadDir_, {"sync", "--quiet"}).code, 0);
        QCOMPARE(ok(leadDir_, {"approve", s11Return_}), std::string("saved offline; pending until the next sync\n"));
        const auto r = cli(leadDir_, {"sync", "--quiet"});
        QVERIFY2(r.code == 0 && contains(r.out, "rejected 0)"), r.describe().c_str());
        QCOMPARE(serverValue(s11Return_, "status"), std::string("approved"));
        QCOMPARE(cli(pcDir_, {"sync", "--quiet"}).code, 0);
        const auto refused = cli(pcDir_, {"answer", s11Return_, "S3.gaps", "none"});
        QCOMPARE(refused.code, 1);
        QCOMPARE(refused.err, std::string("refused: The return is approved; it can change only after it is returned to you.\n"));
    }

    // Both MERPOL users change the progress of the same action from the same version; the
    // lead's arrives later and stands, and the practitioner can read what was lost.
    void conflictsListing() {
        QCOMPARE(cli(leadDir_, {"sync", "--quiet"}).code, 0);
        QCOMPARE(cli(pcDir_, {"set", kSupported, "progress", "pc's note"}).code, 0);
        QCOMPARE(cli(pcDir_, {"sync", "--quiet"}).code, 0);
        QCOMPARE(cli(leadDir_, {"set", kSupported, "progress", "lead's note"}).code, 0);
        QCOMPARE(cli(leadDir_, {"sync", "--quiet"}).code, 0);
        QCOMPARE(cli(pcDir_, {"sync", "--quiet"}).code, 0);
        QCOMPARE(serverValue(kSupported, "progress"), std::string("lead's note"));

        const auto listed = lines(ok(pcDir_, {"conflicts"}));
        QCOMPARE(listed.size(), size_t(1));
        const auto c = columns(listed.front());  // id, record, field, kept, lost, rule, at
        QCOMPARE(c.at(1), kSupported);
        QCOMPARE(c.at(2), std::string("progress"));
        QCOMPARE(c.at(3), std::string("kept: lead's note (lead.merpol, MERPOL)"));
        QCOMPARE(c.at(4), std::string("lost: pc's note (pc.merpol, MERPOL)"));
        QCOMPARE(statusLine(pcDir_, "conflicts"), std::string("conflicts: 1 open"));

        // Accepting theirs closes it without a new edit; it stays listed under --all.
        auto r = cli(pcDir_, {"resolve", c.at(0)});
        QCOMPARE(r.code, 2);
        QVERIFY2(contains(r.err, "resolve needs exactly one of --mine or --theirs"), r.err.c_str());
        QCOMPARE(cli(pcDir_, {"resolve", c.at(0), "--theirs"}).code, 0);
        QCOMPARE(statusLine(pcDir_, "conflicts"), std::string("conflicts: 0 open"));
        QCOMPARE(statusLine(pcDir_, "pending"), std::string("pending:   0 changes"));
        QCOMPARE(lines(ok(pcDir_, {"conflicts", "--all"})).size(), size_t(1));
    }

    // The business office supersedes an action while the practitioner, offline, starts it: the
    // server refuses the start and the practitioner reads why.
    void rejectionsListing() {
        QCOMPARE(cli(boDir_, {"sign-in", "--server", server_->url(), "--user", "bo.sthelens"}).code, 0);
        QCOMPARE(cli(boDir_, {"sync", "--quiet"}).code, 0);
        QCOMPARE(cli(pcDir_, {"set", kToSupersede, "status", "in_progress"}).code, 0);
        QCOMPARE(cli(boDir_, {"set", kToSupersede, "closure_decision", "Replaced by the exploitation plan"}).code, 0);
        QCOMPARE(cli(boDir_, {"set", kToSupersede, "status", "superseded"}).code, 0);
        QCOMPARE(cli(boDir_, {"sync", "--quiet"}).code, 0);
        const auto r = cli(pcDir_, {"sync", "--quiet"});
        QVERIFY2(r.code == 0 && contains(r.out, "(applied 0, superseded 0, rejected 1)"), r.describe().c_str());
        QCOMPARE(serverValue(kToSupersede, "status"), std::string("superseded"));

        const auto listed = lines(ok(pcDir_, {"rejections"}));
        QCOMPARE(listed.size(), size_t(1));
        const auto c = columns(listed.front());
        QCOMPARE(c.at(0), kToSupersede);
        QCOMPARE(c.at(1), std::string("status"));
        QCOMPARE(c.at(2), std::string("in_progress"));
        QCOMPARE(c.at(3), std::string("invalid_transition"));
        QVERIFY2(contains(c.at(4), "is now superseded on the server"), c.at(4).c_str());
        QCOMPARE(statusLine(pcDir_, "rejected"), std::string("rejected:  1 edits"));
    }

    void badUsage_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("hint");  // expected in err (or in out for the bare usage)
        QTest::newRow("no command") << QStringList{} << "usage: tandem-cli";
        QTest::newRow("unknown command") << QStringList{"frobnicate"} << "unknown command frobnicate";
        QTest::newRow("set without value") << QStringList{"set", QString::fromStdString(kSupported), "progress"}
                                           << "missing value";
        QTest::newRow("show without id") << QStringList{"show"} << "missing record id";
        QTest::newRow("answer without code") << QStringList{"answer", "x"} << "missing ";
        QTest::newRow("option without value") << QStringList{"actions", "--status"} << "option --status needs a value";
        QTest::newRow("sign-in without server") << QStringList{"sign-in", "--user", "pc.merpol"}
                                                << "sign-in needs --server and --user";
        QTest::newRow("sign-in ftp url") << QStringList{"sign-in", "--server", "ftp://example.org", "--user", "pc.merpol"}
                                         << "expected http://host:port";
        // A typo in the address is the user's to fix, not "offline, try again later" (exit 3).
        QTest::newRow("sign-in bad url") << QStringList{"sign-in", "--server", "not a url", "--user", "pc.merpol"}
                                         << "not a server address";
    }
    void badUsage() {
        QFETCH(QStringList, args);
        QFETCH(QString, hint);
        std::vector<std::string> a;
        for (const auto& s : args) a.push_back(s.toStdString());
        const auto r = cli(pcDir_, a);
        QVERIFY2(r.code == 2, r.describe().c_str());
        const std::string& text = args.isEmpty() ? r.out : r.err;
        QVERIFY2(contains(text, hint.toStdString()), text.c_str());
        if (!args.isEmpty()) QVERIFY2(contains(r.err, "run 'tandem-cli help' for usage"), r.err.c_str());
    }

    // Last: with the server gone, everything but sync works on the replica; sync says offline.
    void offline() {
        server_->stop();
        QCOMPARE(cli(pcDir_, {"status"}).code, 0);
        QVERIFY(!ok(pcDir_, {"actions"}).empty());
        QCOMPARE(cli(pcDir_, {"returns"}).code, 0);
        QCOMPARE(cli(pcDir_, {"set", kSupported, "progress", "written offline"}).code, 0);
        QCOMPARE(cli(pcDir_, {"answer", caseReturn_, "H.auditor_role", "Public protection unit"}).code, 0);
        const auto pending = statusLine(pcDir_, "pending");
        QVERIFY2(pending == "pending:   3 changes", pending.c_str());  // progress, the start, the answer

        const auto r = cli(pcDir_, {"sync", "--quiet"});
        QCOMPARE(r.code, 3);
        QVERIFY2(r.err.rfind("sync offline: ", 0) == 0, r.err.c_str());
        QCOMPARE(statusLine(pcDir_, "pending"), pending);
        QVERIFY(contains(ok(pcDir_, {"show", kSupported}), "\n* progress: written offline\n"));

        const auto s = cli(pcDir_, {"sign-in", "--server", server_->url(), "--user", "pc.merpol"});
        QCOMPARE(s.code, 3);
    }
};

QTEST_MAIN(TestCli)
#include "tst_cli.moc"
