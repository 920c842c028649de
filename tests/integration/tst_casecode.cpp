// Case codes follow the partnership's pattern (shared/CaseCode.h, server/PartnershipSettings.h):
// the administrator sets it, it reaches every device of the partnership with its reference
// data, the device refuses a code that does not follow it before queueing, and the server
// rejects one that comes anyway with `case_code_pattern`. Opening a round with such a code is
// refused too. Real server, real devices, real syncs.
#include "Admin.h"
#include "CaseCode.h"
#include "Device.h"
#include "PartnershipSettings.h"
#include "TestServer.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace tandem;
using namespace tandem::test;

namespace {

const std::string kPattern = R"(^[A-Z]{2,4}-\d{4,6}$)";

}  // namespace

class TestCaseCode : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    std::unique_ptr<TestServer> server_;
    std::unique_ptr<Device> lead_, bo_;
    std::string return_;  // a St Helens neglect case-file return of STH-CSC, open for answers
    std::string caseAudit_;

    std::unique_ptr<Device> device(const std::string& user) {
        auto d = std::make_unique<Device>(server_->url(), dir_.path().toStdString(), user);
        const auto in = d->signIn();
        if (!in.ok || d->sync().status != sync::SyncStatus::Ok) return nullptr;
        return d;
    }
    std::string serverText(const std::string& id, const std::string& field) {
        std::string out;
        server_->store().read([&](server::StoreSession& s) {
            if (auto f = s.field(id, field); f && f->value.is_string()) out = f->value.get<std::string>();
        });
        return out;
    }

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        server_ = std::make_unique<TestServer>(dir_.path().toStdString() + "/server");
        std::string error;
        QVERIFY2(server::setUpDemo(server_->store(), TANDEM_DATA_DIR, error), error.c_str());
        // A neglect round of this test's own: the demo's history has answered STH-CSC's returns.
        const auto opened = server::openRound(server_->store(),
                                              server::RoundSpec{"st-helens", "macfa-neglect", 0, "Case code test audit",
                                                                "neglect", "2027-02-26", "", {"STH-CSC"}, {"STH-2719"}, {}});
        QVERIFY(opened.ok());
        server_->start();
        lead_ = device("lead.sthcsc");
        bo_ = device("bo.sthelens");
        QVERIFY(lead_ && bo_);
        for (const auto& r : lead_->workspace().returns()) {
            const auto t = lead_->workspace().templateOf(r);
            if (t && t->key == "macfa-neglect" && r.text("title").find("Case code test audit") == 0) {
                return_ = r.id;
                caseAudit_ = r.text("case_audit");
                break;
            }
        }
        QVERIFY2(!return_.empty(), "STH-CSC has an open neglect case-file return");
    }
    void cleanupTestCase() {
        lead_.reset();
        bo_.reset();
        server_.reset();
    }

    void badPatternsAreRefused() {
        auto errors = server::setCaseCodePattern(server_->store(), "st-helens", "^[A-Z");
        QCOMPARE(errors.size(), size_t(1));
        QVERIFY2(errors[0].find("not a valid regular expression") != std::string::npos, errors[0].c_str());
        QProcess p;
        p.start(TANDEM_SERVER_BIN, {"set-case-code-pattern", QString::fromStdString(server_->dataDir()), "nowhere", "^A$"});
        p.waitForFinished(60000);
        QCOMPARE(p.exitCode(), 1);
        QVERIFY(QString::fromUtf8(p.readAllStandardError()).startsWith("unknown partnership nowhere"));
        QVERIFY(lead_->workspace().caseCodePattern("st-helens").empty());
    }

    void thePatternReachesDevices() {
        QVERIFY(server::setCaseCodePattern(server_->store(), "st-helens", kPattern).empty());
        QVERIFY(lead_->sync().status == sync::SyncStatus::Ok);
        QVERIFY(bo_->sync().status == sync::SyncStatus::Ok);
        QCOMPARE(lead_->workspace().caseCodePattern("st-helens"), kPattern);
        QCOMPARE(bo_->workspace().caseCodePattern("st-helens"), kPattern);
        QVERIFY(lead_->workspace().caseCodePattern("knowsley").empty());
    }

    // The template's own pattern takes 3 digits; the partnership's wants 4: the device says so offline.
    void theDeviceRefusesBeforeQueueing() {
        const auto before = lead_->outboxIds().size();
        const auto refused = lead_->workspace().answer(return_, "H.case_code", "AB-123");
        QVERIFY(!refused.ok);
        QVERIFY2(refused.message.find("does not follow the partnership's pattern") != std::string::npos, refused.message.c_str());
        QCOMPARE(lead_->outboxIds().size(), before);
        const auto ok = lead_->workspace().answer(return_, "H.case_code", "STH-0412");
        QVERIFY2(ok.ok, ok.message.c_str());
        QVERIFY(lead_->sync().rejected == 0);
        QCOMPARE(serverText(return_, "a.H.case_code"), std::string("STH-0412"));
        // The business office's case code on the case audit follows it too.
        QVERIFY(!bo_->workspace().setField(caseAudit_, "case_code", "John Smith").ok);
    }

    // A change that skips the device's check (an older app) is rejected with its code.
    void theServerRejectsWhatComesAnyway() {
        sync::Outbox outbox(lead_->replica());
        const std::string id = outbox.enqueue(return_, "a.H.case_code", "AB-123");
        const auto report = lead_->sync();
        QCOMPARE(report.rejected, 1);
        const auto& result = lead_->recorder().results.at(id);
        QVERIFY(result.outcome == protocol::Outcome::Rejected);
        QCOMPARE(result.code, std::string("case_code_pattern"));
        QVERIFY2(result.message.find(kPattern) != std::string::npos, result.message.c_str());
        QCOMPARE(serverText(return_, "a.H.case_code"), std::string("STH-0412"));
    }

    void roundsWithOtherCodesAreRefused() {
        server::RoundSpec spec{"st-helens", "macfa-neglect", 0, "Neglect 2027", "neglect", "2027-03-01", "",
                               {"STH-CSC", "MERPOL"}, {"STH-0999", "X-1"}, {}};
        const auto opened = server::openRound(server_->store(), spec);
        QVERIFY(!opened.ok());
        QCOMPARE(opened.errors.size(), size_t(1));
        QCOMPARE(opened.errors[0], "case code X-1 does not follow the partnership's pattern " + kPattern);
    }

    void clearingThePatternReachesDevices() {
        QVERIFY(server::setCaseCodePattern(server_->store(), "st-helens", "").empty());
        QVERIFY(lead_->sync().status == sync::SyncStatus::Ok);
        QVERIFY(lead_->workspace().caseCodePattern("st-helens").empty());
    }
};

QTEST_MAIN(TestCaseCode)
#include "tst_casecode.moc"
