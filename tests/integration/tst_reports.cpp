// The figures endpoints over real HTTP on the demo partnership (with its history): who may read
// them, the query's errors, the CSV's headers and bytes, and figures checked against the store.
#include "Demo.h"
#include "Figures.h"
#include "FiguresCsv.h"
#include "HttpProbe.h"
#include "TestServer.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace tandem;
using nlohmann::json;

namespace {

std::string textOf(server::StoreSession& s, const std::string& id, const std::string& field) {
    auto f = s.field(id, field);
    return f && f->value.is_string() ? f->value.get<std::string>() : std::string();
}

int columnOf(const json& table, const std::string& key) {
    const auto& cols = table.at("columns");
    for (size_t i = 0; i < cols.size(); ++i)
        if (cols[i].at("key") == key) return int(i);
    return -1;
}

void badQuery(const char* name, const char* user, const char* path, int status, const char* code) {
    QTest::newRow(name) << QString(user) << QString(path) << status << QString(code);
}

}  // namespace

class TestReports : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    std::unique_ptr<test::TestServer> server_;
    std::map<std::string, std::string> tokens_;  // user -> device token

    httplib::Client client() {
        httplib::Client c("127.0.0.1", server_->port());
        c.set_read_timeout(std::chrono::seconds(60));
        return c;
    }

    std::string signIn(const std::string& user) {
        auto res = client().Post(
            "/v1/sign-in", json{{"user", user}, {"password", server::kDemoPassword}, {"device", "reports"}}.dump(),
            "application/json");
        if (!res || res->status != 200) qFatal("sign-in of %s failed", user.c_str());
        return json::parse(res->body).at("token").get<std::string>();
    }

    httplib::Result get(const std::string& user, const std::string& path) {
        return client().Get(path.c_str(), test::bearer(tokens_.at(user)));
    }

    json figures(const std::string& user, const std::string& query = {}) {
        auto res = get(user, "/v1/reports/figures" + query);
        if (!res || res->status != 200) return nullptr;
        return json::parse(res->body);
    }

    void expectError(const std::string& user, const std::string& path, int status, const std::string& code) {
        auto res = get(user, path);
        QVERIFY2(res, "no answer");
        QCOMPARE(res->status, status);
        const auto problem = test::checkErrorBody(res->body, code);
        QVERIFY2(problem.empty(), problem.c_str());
    }

    std::string roundTitled(const json& doc, const std::string& title) {
        for (const auto& r : doc.at("rounds"))
            if (r.at("title") == title) return r.at("id").get<std::string>();
        return {};
    }

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        server_ = std::make_unique<test::TestServer>(dir_.path().toStdString() + "/server");
        server_->store().write([](server::StoreSession& s) { s.setMeta("kdf_cost", "minimum"); });
        std::string error;
        QVERIFY2(server::setUpDemo(server_->store(), TANDEM_DATA_DIR, error), error.c_str());
        // A board member whose agency (CAFCASS) sits in four partnerships.
        QVERIFY(server::addUser(server_->store(), "board.cafcass", server::kDemoPassword, "board", "CAFCASS").ok());
        server_->start();
        for (const char* u :
             {"bo.sthelens", "board.sthelens", "pc.merpol", "lead.merpol", "bo.knowsley", "board.cafcass"})
            tokens_[u] = signIn(u);
    }
    void cleanupTestCase() { server_.reset(); }

    void officeAndBoardRead() {
        for (const char* user : {"bo.sthelens", "board.sthelens"}) {
            const json doc = figures(user);
            QVERIFY2(!doc.is_null(), user);
            QCOMPARE(doc.at("partnership"), json("st-helens"));
            for (const auto& name : figures::tableNames()) QVERIFY2(doc.at("tables").contains(name), name.c_str());
            // The default round is the one due last: Section 11 2026 (18 December).
            QCOMPARE(doc.at("round").at("title"), json("Section 11 self-assessment 2026"));
            QCOMPARE(doc.at("round").at("previous"), json(roundTitled(doc, "Section 11 self-assessment 2024")));
        }
    }

    void othersAreRefused_data() {
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("query");
        QTest::newRow("practitioner") << QString("pc.merpol") << QString();
        QTest::newRow("agency lead") << QString("lead.merpol") << QString("?partnership=st-helens");
        QTest::newRow("another partnership's office") << QString("bo.knowsley") << QString("?partnership=st-helens");
    }
    void othersAreRefused() {
        QFETCH(QString, user);
        QFETCH(QString, query);
        expectError(user.toStdString(), "/v1/reports/figures" + query.toStdString(), 403, "not_allowed");
        expectError(user.toStdString(), "/v1/reports/return_rates.csv" + query.toStdString(), 403, "not_allowed");
    }

    void badQueries_data() {
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("path");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        badQuery("unknown round", "bo.sthelens", "/v1/reports/figures?round=no-such-round", 404, "not_found");
        badQuery("another partnership's round", "bo.knowsley", "/v1/reports/figures?round=ROUND", 404, "not_found");
        badQuery("no such date", "bo.sthelens", "/v1/reports/figures?from=2026-02-30", 400, "invalid_parameter");
        badQuery("not a date", "bo.sthelens", "/v1/reports/figures?to=yesterday", 400, "invalid_parameter");
        badQuery("from after to", "bo.sthelens", "/v1/reports/figures?from=2026-12-01&to=2026-11-01", 400,
                 "invalid_parameter");
        badQuery("several partnerships, none named", "board.cafcass", "/v1/reports/figures", 400, "invalid_parameter");
        badQuery("unknown table", "bo.sthelens", "/v1/reports/no_such_table.csv", 404, "not_found");
    }
    void badQueries() {
        QFETCH(QString, user);
        QFETCH(QString, path);
        QFETCH(int, status);
        QFETCH(QString, code);
        const std::string round = roundTitled(figures("bo.sthelens"), "Neglect case-file audit");
        QVERIFY(!round.empty());
        expectError(user.toStdString(), path.replace("ROUND", QString::fromStdString(round)).toStdString(), status,
                    code.toStdString());
    }

    void withoutTokenIs401() {
        auto res = client().Get("/v1/reports/figures");
        QVERIFY(res);
        QCOMPARE(res->status, 401);
        QVERIFY(test::checkErrorBody(res->body, "missing_token").empty());
    }

    void namedPartnershipAndPeriod() {
        const json doc = figures("board.cafcass", "?partnership=knowsley&from=2016-01-01&to=2016-12-31");
        QVERIFY(!doc.is_null());
        QCOMPARE(doc.at("partnership"), json("knowsley"));
        QCOMPARE(doc.at("period"), (json{{"from", "2016-01-01"}, {"to", "2016-12-31"}}));
        // Knowsley closed KN-SCR-R 6.1 (12 July) and 3.1 (30 August) in 2016 (demo history).
        const auto& closed = doc.at("tables").at("actions_closed").at("rows");
        QCOMPARE(closed.size(), size_t(2));
        QCOMPARE(closed[0].at("cells")[0], json("KN-SCR-R 6.1"));
        QCOMPARE(closed[1].at("cells")[3], json("2016-08-30"));
    }

    // The figures agree with what the store holds, at the sequence they say they were read at.
    void figuresMatchTheStore() {
        const json doc = figures("bo.sthelens");
        QVERIFY(!doc.is_null());
        std::int64_t seq = 0;
        std::map<std::string, long> closedByLead, assignedByAgency;
        const std::string round = doc.at("round").at("id").get<std::string>();
        server_->store().read([&](server::StoreSession& s) {
            seq = s.currentSeq();
            for (const auto& a : s.recordsOfKind("action"))
                if (a.partnership == "st-helens" && textOf(s, a.id, "status") == "closed")
                    ++closedByLead[textOf(s, a.id, "lead_agency")];
            for (const auto& r : s.recordsOfKind("audit_return"))
                if (textOf(s, r.id, "round") == round) ++assignedByAgency[r.owner];
        });
        QCOMPARE(doc.at("as_of").at("seq").get<std::int64_t>(), seq);
        const json& byAgency = doc.at("tables").at("actions_by_agency");
        const int closedCol = columnOf(byAgency, "closed");
        std::map<std::string, long> closedInFigures;
        for (const auto& row : byAgency.at("rows"))
            if (row.at("cells")[closedCol].get<long>() > 0)
                closedInFigures[row.at("cells")[0].get<std::string>()] = row.at("cells")[closedCol].get<long>();
        QCOMPARE(closedInFigures, closedByLead);
        QVERIFY(!closedByLead.empty());
        const json& rates = doc.at("tables").at("return_rates");
        std::map<std::string, long> assignedInFigures;
        for (const auto& row : rates.at("rows"))
            assignedInFigures[row.at("cells")[0].get<std::string>()] =
                row.at("cells")[columnOf(rates, "assigned")].get<long>();
        QCOMPARE(assignedInFigures, assignedByAgency);
    }

    // The demo's history: a moderated 2024 round to compare with, part of 2026 moderated, and the
    // practitioner's own Section 11 return still untouched.
    void demoHistory() {
        const json doc = figures("bo.sthelens");
        const json heat2024 = figures("bo.sthelens", "?round=" + roundTitled(doc, "Section 11 self-assessment 2024"));
        const auto& rows = heat2024.at("tables").at("section11_heatmap").at("rows");
        QCOMPARE(rows.size(), size_t(4));
        for (const auto& row : rows)
            for (size_t i = 1; i < row.at("cells").size(); ++i) QVERIFY(!row.at("cells")[i].get<std::string>().empty());
        const auto& compare = doc.at("tables").at("round_comparison").at("rows");
        QCOMPARE(compare[1].at("cells")[0], json("Return rate"));
        QCOMPARE(compare[1].at("cells")[1], json(100.0));  // every 2024 return handed in
        QVERIFY(!compare[3].at("cells")[2].is_null());     // some of 2026 moderated
        server_->store().read([&](server::StoreSession& s) {
            for (const auto& r : s.recordsOfKind("audit_return")) {
                if (r.assignee != "pc.merpol") continue;
                QCOMPARE(textOf(s, r.id, "status"), std::string("assigned"));
                for (const auto& [name, f] : s.fields(r.id)) QVERIFY2(!name.starts_with("a."), name.c_str());
            }
        });
    }

    void csvIsTheTableOfTheFigures() {
        const json doc = figures("bo.sthelens");
        auto res = get("bo.sthelens", "/v1/reports/return_rates.csv");
        QVERIFY(res);
        QCOMPARE(res->status, 200);
        QCOMPARE(res->get_header_value("Content-Type"), std::string("text/csv; charset=utf-8"));
        const std::string today = doc.at("as_of").at("today").get<std::string>();
        QCOMPARE(res->get_header_value("Content-Disposition"),
                 "attachment; filename=\"return_rates-st-helens-" + today + ".csv\"");
        QVERIFY(
            res->body.starts_with("\xEF\xBB\xBF"
                                  "Agency,Name,Assigned"));
        QCOMPARE(res->body, figures::tableCsv(doc.at("tables").at("return_rates")));
    }
};

QTEST_MAIN(TestReports)
#include "tst_reports.moc"
