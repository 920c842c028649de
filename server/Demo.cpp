#include "Demo.h"

#include "Admin.h"
#include "DemoHistory.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace tandem::server {
namespace {

std::string readFile(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + p.string());
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void check(const AdminResult& r) {
    if (r.ok()) return;
    std::string all;
    for (const auto& e : r.errors) all += e + "\n";
    throw std::runtime_error(all);
}

}  // namespace

const std::vector<DemoUser>& demoUsers() {
    static const std::vector<DemoUser> users = {
        {"bo.sthelens", "business_office", "SHC-BO", "st-helens"},
        {"board.sthelens", "board", "SHC-BO", "st-helens"},
        {"lead.merpol", "agency_lead", "MERPOL", "st-helens"},
        {"pc.merpol", "practitioner", "MERPOL", "st-helens"},
        {"lead.sthcsc", "agency_lead", "STH-CSC", "st-helens"},
        {"sw.sthcsc", "practitioner", "STH-CSC", "st-helens"},
        {"lead.sthk", "agency_lead", "STHK", "st-helens"},
        {"nurse.sthk", "practitioner", "STHK", "st-helens"},
        {"dsl.schools", "practitioner", "STH-SCHOOLS", "st-helens"},
        {"lead.schools", "agency_lead", "STH-SCHOOLS", "st-helens"},
        {"bo.knowsley", "business_office", "KNO-BO", "knowsley"},
        {"lead.knocsc", "agency_lead", "KNO-CSC", "knowsley"},
        {"sw.knocsc", "practitioner", "KNO-CSC", "knowsley"},
        {"bo.hampshire", "business_office", "HAM-BO", "hampshire"},
        {"lead.hccs", "agency_lead", "HCC-CS", "hampshire"},
        {"sw.hccs", "practitioner", "HCC-CS", "hampshire"},
        {"bo.herts", "business_office", "HER-BO", "hertfordshire"},
        {"lead.hertscs", "agency_lead", "HERTS-CS", "hertfordshire"},
        {"sw.hertscs", "practitioner", "HERTS-CS", "hertfordshire"},
    };
    return users;
}

bool setUpDemo(Store& store, const std::string& dataDir, std::string& error) {
    bool done = false;
    store.read([&](StoreSession& s) { done = s.meta("demo").has_value(); });
    if (done) return true;
    try {
        namespace fs = std::filesystem;
        const fs::path data(dataDir);
        check(importAgencies(store, readFile(data / "agencies.csv")));
        check(importActionPlans(store, readFile(data / "action-plans.csv")));
        std::vector<fs::path> templates;
        for (const auto& e : fs::directory_iterator(data / "templates"))
            if (e.path().extension() == ".json") templates.push_back(e.path());
        std::sort(templates.begin(), templates.end());
        for (const auto& t : templates) check(importTemplate(store, readFile(t), t.filename().string()));
        for (const auto& u : demoUsers()) check(addUser(store, u.name, kDemoPassword, u.role, u.agency));

        check(openRound(store, RoundSpec{"st-helens", "s11-self-assessment", 0, "Section 11 self-assessment 2026",
                                         "section11", "2026-12-18", "2027-01-22",
                                         {"MERPOL", "STH-CSC", "STHK", "STH-SCHOOLS"}, {},
                                         {{"MERPOL", "pc.merpol"}, {"STH-CSC", "sw.sthcsc"}, {"STHK", "nurse.sthk"},
                                          {"STH-SCHOOLS", "dsl.schools"}}}));
        check(openRound(store, RoundSpec{"st-helens", "macfa-neglect", 0, "Neglect case-file audit", "neglect",
                                         "2026-12-11", "2027-01-15", {"STH-CSC", "MERPOL", "STHK"},
                                         {"STH-0412", "STH-1187"},
                                         {{"MERPOL", "pc.merpol"}, {"STH-CSC", "sw.sthcsc"}, {"STHK", "nurse.sthk"}}}));
        // Merseyside Police is in St Helens and Knowsley: its lead can send the St Helens return
        // to this round instead of filling in the same standards twice.
        check(openRound(store, RoundSpec{"knowsley", "s11-self-assessment", 0, "Knowsley Section 11 self-assessment 2026",
                                         "section11", "2027-01-15", "2027-02-12", {"MERPOL", "KNO-CSC"}, {},
                                         {{"MERPOL", "pc.merpol"}, {"KNO-CSC", "sw.knocsc"}}}));
        check(openRound(store, RoundSpec{"knowsley", "checklist-case-file", 0, "Supervision checklist Q3", "",
                                         "2026-12-04", "", {"KNO-CSC"}, {}, {{"KNO-CSC", "sw.knocsc"}}}));
        check(openRound(store, RoundSpec{"hampshire", "s175-schools-audit", 0, "Section 175 audit 2026", "",
                                         "2027-01-31", "", {"HAM-SCHOOLS", "HCC-CS"}, {}, {{"HCC-CS", "sw.hccs"}}}));
        addDemoHistory(store);
        store.write([](StoreSession& s) { s.setMeta("demo", "1"); });
    } catch (const std::exception& e) {
        error = e.what();
        return false;
    }
    return true;
}

}  // namespace tandem::server
