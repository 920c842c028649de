// The authorization matrix against the live server (sync-design.md property 3, "a non-writer
// never changes a field"): for every rule of the ownership table, a concrete record and field,
// and for every role in the owner agency, a supporting or contributing agency, another agency
// and the business office, one change is pushed over HTTP and the answer compared with what the
// design says (tests/support/AuthzMatrix.h, written from the design, not from Ownership.cpp).
// Each actor works on its own copy of the fixture's data directory, so a cell that moves a
// status or approves an update cannot change the answer of another actor's cells.
#include "DataFiles.h"
#include "AuthzMatrix.h"
#include "HttpProbe.h"
#include "Ids.h"
#include "Ownership.h"
#include "TestServer.h"

#include <QTemporaryDir>
#include <QtTest>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

using namespace tandem;
using namespace tandem::test::authz;
using nlohmann::json;

namespace {

const char* kPassword = "authz-password-1";

using test::readDataFile;

// A review of our own, so that every state the matrix needs exists: the owner agency leads
// every action, the supporting agency supports them, and another agency (STH-CSC) leads one
// action, which makes it party to the review but not to the others.
std::string actionPlanCsv() {
    const std::string head = "st-helens,AUTHZ,Child AZ,SCR,1,Finding one.,1,";
    auto row = [&](const char* rec, const char* no, const char* lead, const char* supporting, const char* status) {
        return head + rec + "," + no + ",Action " + no + ".," + lead + "," + supporting + ",2027-03-31," + status + ",\n";
    };
    return "partnership,review_code,review_title,review_type,finding_no,finding,recommendation_no,recommendation,"
           "action_no,action,lead_agency,supporting_agencies,target_date,status,progress\n" +
           row("Recommendation one.", "1.1", "STH-SCHOOLS", "STH-COLLEGE", "in_progress") +
           row("", "1.2", "STH-SCHOOLS", "STH-COLLEGE", "not_started") +
           row("", "1.3", "STH-SCHOOLS", "STH-COLLEGE", "submitted_for_closure") +
           row("", "1.4", "STH-SCHOOLS", "STH-COLLEGE", "closed") + row("", "1.5", "STH-CSC", "", "not_started");
}

std::string roleName(Role r) { return std::string(toString(r)); }

// One cell's answer: what came back and what the design expects.
struct Cell {
    std::string got, expected, detail;
};

// Fields whose value moves a record's parties: cells write their current value again, so the
// cell is judged on authorization alone and later cells see the same record.
bool structural(const std::string& field) {
    return field == "lead_agency" || field == "supporting_agencies" || field == "contributing_agencies" ||
           field == "assignee";
}

char letter(const std::string& outcome) {
    if (outcome == "applied") return 'A';
    if (outcome == "not_a_writer") return 'W';
    if (outcome == "unknown_record") return 'U';
    if (outcome == "locked") return 'L';
    if (outcome == "not_allowed") return 'N';
    return '?';
}

}  // namespace

class TestAuthz : public QObject {
    Q_OBJECT

private:
    QTemporaryDir fixtureDir_;
    std::map<std::string, std::string> ids_;       // logical record name -> record id
    std::map<std::string, std::string> tokens_;    // user -> device token
    std::map<std::string, std::int64_t> lastSeq_;  // user -> device sequence taken in the fixture
    std::vector<std::pair<const OwnershipRule*, Target>> cells_;  // in push order
    std::map<std::string, std::map<std::string, Cell>> results_;  // target key -> actor -> cell

    static httplib::Client client(int port) {
        httplib::Client c("127.0.0.1", port);
        c.set_read_timeout(std::chrono::seconds(30));
        return c;
    }
    static std::string key(const Target& t) { return t.record + "/" + t.field; }

    // Pushes one change as `user`; returns the change's result or {"error": ...}.
    json push(int port, const std::string& user, const std::string& record, const std::string& field,
              const json& value, std::int64_t base) {
        const json body = {{"changes", json::array({{{"id", newUuid()}, {"seq", lastSeq_[user] + 1}, {"record", record},
                                                      {"field", field}, {"value", value}, {"base", base}}})}};
        auto res = client(port).Post("/v1/push", test::bearer(tokens_.at(user)), body.dump(), "application/json");
        if (!res) return {{"error", "no answer: " + httplib::to_string(res.error())}};
        if (res->status != 200) return {{"error", std::to_string(res->status) + " " + res->body}};
        return test::firstResult(res->body);
    }

    // The fixture's own pushes, which must apply: they put records into the states the matrix needs.
    void setUp(test::TestServer& server, const std::string& user, const std::string& record, const std::string& field,
               const json& value) {
        std::int64_t base = 0;
        server.store().read([&](server::StoreSession& s) {
            if (auto f = s.field(record, field)) base = f->seq;
        });
        const auto r = push(server.port(), user, record, field, value, base);
        QVERIFY2(r.value("outcome", "") == "applied", (user + " " + field + ": " + r.dump()).c_str());
        ++lastSeq_[user];
    }

private slots:
    void initTestCase() {
        QVERIFY(fixtureDir_.isValid());
        auto server = std::make_unique<test::TestServer>(fixtureDir_.path().toStdString());
        auto& store = server->store();
        // Cheap password hashing: the matrix signs in once per user, but keeps the run short.
        store.write([](server::StoreSession& s) { s.setMeta("kdf_cost", "minimum"); });
        auto check = [](const server::AdminResult& r) { QVERIFY2(r.ok(), r.errors.empty() ? "" : r.errors.front().c_str()); };
        check(server::importAgencies(store, readDataFile("agencies.csv")));
        check(server::importActionPlans(store, actionPlanCsv()));
        check(server::importTemplate(store, readDataFile("templates/s11-self-assessment.json")));
        check(server::importTemplate(store, readDataFile("templates/macfa-neglect.json")));
        for (const auto& a : actors()) check(server::addUser(store, a.name, kPassword, roleName(a.role), a.agency));
        check(server::openRound(store, {"st-helens", "s11-self-assessment", 0, "S11 2027", "section11", "2027-06-30", "",
                                        {kOwn, kSup}, {}, {{kOwn, "pc.schools.assigned"}}}));
        check(server::openRound(store, {"st-helens", "macfa-neglect", 0, "Neglect 2027", "neglect", "2027-06-30", "",
                                        {kOwn, kSup}, {"NEG-001"}, {{kOwn, "pc.schools.assigned"}, {kSup, "pc.college"}}}));

        const std::string review = "review:st-helens:AUTHZ";
        ids_ = {{"agency", "agency:" + kOwn}, {"template", "template:s11-self-assessment:1"}, {"review", review},
                {"finding", review + ":finding:1"}, {"recommendation", review + ":recommendation:1"},
                {"action", review + ":action:1.1"}, {"action.not_started", review + ":action:1.2"},
                {"action.submitted", review + ":action:1.3"}, {"action.closed", review + ":action:1.4"}};
        store.read([&](server::StoreSession& s) {
            for (const auto& r : s.recordsOfKind("audit_return")) {
                const bool s11 = s.field(r.id, "template")->value == "template:s11-self-assessment:1";
                if (s11 && r.owner == kOwn) ids_["return"] = r.id;
                if (!s11 && r.owner == kOwn) ids_["case_return.approved"] = r.id;
                if (!s11 && r.owner == kSup) ids_["case_return.college"] = r.id;
            }
            for (const auto& r : s.recordsOfKind("round"))
                if (s.field(r.id, "template")->value == "template:s11-self-assessment:1") ids_["round"] = r.id;
            ids_["case_audit"] = s.recordsOfKind("case_audit").at(0).id;
        });

        server->start();
        for (const auto& a : actors()) {
            auto res = client(server->port())
                           .Post("/v1/sign-in", json{{"user", a.name}, {"password", kPassword}, {"device", "matrix"}}.dump(),
                                 "application/json");
            QVERIFY2(res && res->status == 200, ("sign-in of " + a.name).c_str());
            tokens_[a.name] = json::parse(res->body).at("token").get<std::string>();
        }
        // A progress update by the owner agency's lead, and an approved one by the supporting agency.
        ids_["update"] = newUuid();
        ids_["update.approved"] = newUuid();
        const json create = {{"kind", "action_update"}, {"parent", ids_["action"]}};
        setUp(*server, "lead.schools", ids_["update"], "@create", create);
        setUp(*server, "lead.schools", ids_["update"], "narrative", "Policies collected.");
        setUp(*server, "pc.college", ids_["update.approved"], "@create", create);
        setUp(*server, "pc.college", ids_["update.approved"], "narrative", "College policy reviewed.");
        setUp(*server, "lead.college", ids_["update.approved"], "approved", true);
        // The owner's case return submitted and approved; the college's started.
        setUp(*server, "pc.schools.assigned", ids_["case_return.approved"], "status", "submitted");
        setUp(*server, "lead.schools", ids_["case_return.approved"], "status", "approved");
        setUp(*server, "pc.college", ids_["case_return.college"], "status", "in_progress");
        server.reset();  // closes the store: the data directory is now a consistent file to copy

        // The matrix, generated from the ownership table: every rule must have design targets.
        std::set<std::string> used;
        for (const auto& rule : ownershipTable()) {
            const RuleTargets* design = nullptr;
            for (const auto& d : designTable())
                if (d.kind == rule.kind && d.pattern == rule.field) design = &d;
            QVERIFY2(design, ("the ownership rule " + std::string(toString(rule.kind)) + "." + std::string(rule.field) +
                              " has no row in the design table of AuthzMatrix.h")
                                 .c_str());
            used.insert(std::string(toString(rule.kind)) + "." + design->pattern);
            for (const auto& t : design->targets) cells_.emplace_back(&rule, t);
        }
        QCOMPARE(used.size(), designTable().size());  // and no design row is stale
        // Steps that move a record's state go last, so they cannot lock an earlier cell.
        std::stable_partition(cells_.begin(), cells_.end(),
                              [](const auto& c) { return c.second.field != "status" && c.second.field != "approved"; });
    }

    void matrix_data() {
        QTest::addColumn<int>("actor");
        for (size_t i = 0; i < actors().size(); ++i) QTest::newRow(actors()[i].name.c_str()) << static_cast<int>(i);
    }
    void matrix() {
        QFETCH(int, actor);
        const ActorDef& a = actors()[static_cast<size_t>(actor)];
        QTemporaryDir dir;
        std::filesystem::copy(fixtureDir_.path().toStdString(), dir.path().toStdString(),
                              std::filesystem::copy_options::recursive | std::filesystem::copy_options::overwrite_existing);
        test::TestServer server(dir.path().toStdString());
        server.start();
        auto& store = server.store();

        std::vector<std::string> mismatches;
        for (const auto& [rule, t] : cells_) {
            const RecordDef& r = recordDef(t.record);
            const std::string id = ids_.at(t.record);
            std::optional<server::StoredField> before;
            store.read([&](server::StoreSession& s) { before = s.field(id, t.field); });
            json value;
            if (!t.value.empty()) value = json::parse(t.value);
            else if (structural(t.field) && before) value = before->value;
            else if (rule->type == FieldType::Date) value = "2027-02-01";
            else if (rule->type == FieldType::Rag) value = "amber";
            else if (rule->type == FieldType::Boolean) value = true;
            else value = "set by " + a.name;
            const auto snapBefore = test::snapshot(store);

            const json result = push(server.port(), a.name, id, t.field, value, before ? before->seq : 0);
            ++lastSeq_[a.name];
            Cell cell{result.contains("error") ? "error" : result.value("outcome", "?"), expectedOutcome(a, r, t), ""};
            if (cell.got == "rejected") cell.got = result.value("code", "?");
            cell.detail = result.dump();

            // What the answer claims, the database shows: an applied value is stored, a
            // rejected one left the field as it was and added only the rejection.
            std::optional<server::StoredField> after;
            store.read([&](server::StoreSession& s) { after = s.field(id, t.field); });
            if (cell.got == "applied" && (!after || after->value != value))
                cell.detail += " but the stored value is " + (after ? after->value.dump() : std::string("missing"));
            if (cell.got != "applied" && cell.got != "error") {
                const bool same = before.has_value() == after.has_value() &&
                                  (!before || (before->value == after->value && before->seq == after->seq));
                auto expected = snapBefore;
                expected.seq += 1, expected.rejections += 1, expected.pushResults += 1;
                if (!same || !(test::snapshot(store) == expected))
                    cell.detail += " but the database changed: " + test::snapshot(store).describe();
            }
            if (cell.got != cell.expected || cell.detail.find(" but ") != std::string::npos)
                mismatches.push_back(a.name + " " + t.record + "." + t.field + " = " + value.dump() + ": expected " +
                                     cell.expected + ", got " + cell.detail);
            results_[key(t)][a.name] = cell;
        }
        server.stop();
        std::string report;
        for (const auto& m : mismatches) report += "\n  " + m;
        QVERIFY2(mismatches.empty(), (std::to_string(mismatches.size()) + " cells disagree with the design:" + report).c_str());
    }

    // The whole matrix at a glance: A applied, W not_a_writer, U unknown_record, L locked,
    // N not_allowed; a cell where the server disagreed shows "got!expected".
    void cleanupTestCase() {
        size_t cells = 0, allowed = 0, mismatched = 0;
        std::string header = QString("%1").arg("record/field", -42).toStdString();
        for (const auto& a : actors()) header += "  " + a.code;
        qInfo("%s", header.c_str());
        for (const auto& [rule, t] : cells_) {
            std::string line = QString("%1").arg(QString::fromStdString(key(t)), -42).toStdString();
            for (const auto& a : actors()) {
                auto it = results_[key(t)].find(a.name);
                if (it == results_[key(t)].end()) {
                    line += "   .";
                    continue;
                }
                const Cell& c = it->second;
                ++cells;
                allowed += c.expected == "applied";
                if (c.got == c.expected) line += std::string("   ") + letter(c.got);
                else line += std::string(" ") + letter(c.got) + "!" + letter(c.expected), ++mismatched;
            }
            qInfo("%s", line.c_str());
        }
        qInfo("authorization matrix: %zu cells (%zu rules x targets, %zu actors), %zu expected allowed, %zu mismatched",
              cells, cells_.size(), actors().size(), allowed, mismatched);
    }
};

QTEST_MAIN(TestAuthz)
#include "tst_authz.moc"
