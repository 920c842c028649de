// A small St Helens partnership on a real SQLite store, for driving PushProcessor without HTTP.
// The partnership is built once (users cost an Argon2id hash each) into a template database;
// every scenario then opens its own copy, so scenarios never see each other's edits and one
// scenario can be replayed in both arrival orders from the same starting state.
#pragma once

#include "DataFiles.h"
#include "Admin.h"
#include "Ids.h"
#include "Push.h"
#include "RecordWrites.h"
#include "SqliteStore.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>

namespace tandem::test {

// Actions of the Child JSH review (data/action-plans.csv).
inline const std::string kAction21 = "review:st-helens:SH-SCR-JSH:action:2.1";  // STH-SCHOOLS; STH-COLLEGE; in_progress
inline const std::string kAction22 = "review:st-helens:SH-SCR-JSH:action:2.2";  // STH-SCHOOLS; STH-CSC; not_started
inline const std::string kAction24 = "review:st-helens:SH-SCR-JSH:action:2.4";  // STH-YOS; STH-SCHOOLS, MERPOL, STH-CSC
inline const std::string kAction25 = "review:st-helens:SH-SCR-JSH:action:2.5";  // MERPOL; closed
inline const std::string kAction41 = "review:st-helens:SH-SCR-JSH:action:4.1";  // STH-CSC; submitted_for_closure

struct PushUser {
    const char* name;
    const char* role;
    const char* agency;
};

// Who is who. Comments give how each stands to action 2.1 and the schools' S11 return.
inline const std::vector<PushUser>& pushUsers() {
    static const std::vector<PushUser> users{
        {"bo.sthelens", "business_office", "SHC-BO"},      // business office
        {"bo2.sthelens", "business_office", "SHC-BO"},     // a second business office user (ties)
        {"lead.schools", "agency_lead", "STH-SCHOOLS"},    // owner agency lead
        {"dsl.schools", "practitioner", "STH-SCHOOLS"},    // owner practitioner, assignee of the return
        {"dsl2.schools", "practitioner", "STH-SCHOOLS"},   // owner practitioner, not assigned
        {"lead.college", "agency_lead", "STH-COLLEGE"},    // supporting agency of 2.1
        {"tutor.college", "practitioner", "STH-COLLEGE"},  // supporting agency of 2.1
        {"lead.merpol", "agency_lead", "MERPOL"},          // unrelated to 2.1; supporting 2.4; lead of 2.5
        {"lead.sthyos", "agency_lead", "STH-YOS"},         // lead agency of 2.4
        {"lead.sthcsc", "agency_lead", "STH-CSC"},         // lead of 4.1; leads the neglect case audit
        {"board.sthelens", "board", "SHC-BO"},             // the board: reads only
    };
    return users;
}


inline void checkAdmin(const server::AdminResult& r, const char* what) {
    if (r.ok()) return;
    std::string all = std::string(what) + ":";
    for (const auto& e : r.errors) all += "\n  " + e;
    throw std::runtime_error(all);
}

// Builds the template database in `dir`; returns its file path.
inline std::string buildPushFixture(const QString& dir) {
    const std::string db = server::databasePath(dir.toStdString());
    server::SqliteStore store(db);
    checkAdmin(server::importAgencies(store, readDataFile("agencies.csv")), "agencies");
    checkAdmin(server::importActionPlans(store, readDataFile("action-plans.csv")), "action plans");
    checkAdmin(server::importTemplate(store, readDataFile("templates/s11-self-assessment.json")), "s11 template");
    checkAdmin(server::importTemplate(store, readDataFile("templates/macfa-neglect.json")), "neglect template");
    for (const auto& u : pushUsers())
        checkAdmin(server::addUser(store, u.name, "correct horse battery", u.role, u.agency), u.name);
    checkAdmin(server::openRound(store, server::RoundSpec{"st-helens", "s11-self-assessment", 0, "Section 11 2026",
                                                          "section11", "2026-12-18", "", {"STH-SCHOOLS", "MERPOL"},
                                                          {}, {{"STH-SCHOOLS", "dsl.schools"}}}),
               "s11 round");
    checkAdmin(server::openRound(store, server::RoundSpec{"st-helens", "macfa-neglect", 0, "Neglect audit", "neglect",
                                                          "2026-12-11", "", {"STH-CSC", "MERPOL"}, {"STH-0412"}, {}}),
               "neglect round");
    return db;
}

// One scenario's own copy of the partnership, with a device per user and their sequences.
class PushWorld {
public:
    explicit PushWorld(const std::string& templateDb) {
        const QString from = QString::fromStdString(templateDb);
        const QDir src = QFileInfo(from).dir();
        for (const QString& f : src.entryList({QFileInfo(from).fileName() + "*"}, QDir::Files))
            QFile::copy(src.filePath(f), QDir(dir_.path()).filePath(f));
        store_ = std::make_unique<server::SqliteStore>(QDir(dir_.path()).filePath(QFileInfo(from).fileName()).toStdString());
        push_ = std::make_unique<server::PushProcessor>(*store_);
        store_->read([&](server::StoreSession& s) {
            for (const auto& r : s.recordsOfKind("audit_return")) {
                const auto title = s.field(r.id, "title");
                if (title && title->value == "Section 11 2026") returnOf_[r.owner] = r.id;
            }
            for (const auto& r : s.recordsOfKind("case_audit")) caseAudit_ = r.id;
        });
    }

    server::Store& store() { return *store_; }
    server::PushProcessor& processor() { return *push_; }
    // The data directory (its database is tandem.db), for commands and for edits behind the store's back.
    std::string dir() const { return dir_.path().toStdString(); }
    // The S11 return an agency completes, and the neglect case audit (led by STH-CSC).
    std::string returnOf(const std::string& agency) const { return returnOf_.at(agency); }
    const std::string& caseAudit() const { return caseAudit_; }

    // Record aliases used in scenario tables: A21, A22, A24, A25, A41, R (schools' return),
    // RM (MERPOL's return), CA (case audit); anything else is taken as a literal id.
    std::string record(const std::string& alias) const {
        static const std::map<std::string, std::string> actions{
            {"A21", kAction21}, {"A22", kAction22}, {"A24", kAction24}, {"A25", kAction25}, {"A41", kAction41}};
        if (auto it = actions.find(alias); it != actions.end()) return it->second;
        if (alias == "R") return returnOf("STH-SCHOOLS");
        if (alias == "RM") return returnOf("MERPOL");
        if (alias == "CA") return caseAudit_;
        return alias;
    }

    server::Caller& caller(const std::string& username) {
        auto it = callers_.find(username);
        if (it != callers_.end()) return it->second;
        server::Caller c;
        store_->write([&](server::StoreSession& s) {
            c.user = s.userByName(username).value();
            const auto id = s.addDevice(c.user.id, "test device", "hash-" + newUuid());
            c.device = s.device(id).value();
            c.partnerships = server::partnershipsOf(s, c.user.agency);
        });
        return callers_[username] = c;
    }

    // The field's current sequence: what a device that is up to date would send as base.
    std::int64_t seqOf(const std::string& record, const std::string& field) {
        std::int64_t seq = 0;
        store_->read([&](server::StoreSession& s) {
            if (auto f = s.field(record, field)) seq = f->seq;
        });
        return seq;
    }

    std::optional<server::StoredField> field(const std::string& record, const std::string& name) {
        std::optional<server::StoredField> f;
        store_->read([&](server::StoreSession& s) { f = s.field(record, name); });
        return f;
    }

    // A change from `username`'s device with its next sequence number.
    protocol::Change change(const std::string& username, const std::string& record, const std::string& field,
                            const nlohmann::json& value, std::int64_t base) {
        caller(username);
        return protocol::Change{newUuid(), ++nextSeq_[username], record, field, value, base};
    }

    std::vector<protocol::ChangeResult> push(const std::string& username, const std::vector<protocol::Change>& changes) {
        return push_->push(caller(username), changes);
    }

    // One edit, made by a device that saw the field as it is on the server now unless told.
    protocol::ChangeResult edit(const std::string& username, const std::string& record, const std::string& field,
                                const nlohmann::json& value, std::optional<std::int64_t> base = std::nullopt) {
        const auto c = change(username, record, field, value, base ? *base : seqOf(record, field));
        return push(username, {c}).at(0);
    }

    std::vector<protocol::Conflict> conflicts(const std::string& record, const std::string& field) {
        std::vector<protocol::Conflict> out;
        store_->read([&](server::StoreSession& s) {
            for (auto& c : s.conflicts({"p:st-helens"}, 0, INT64_MAX / 2))
                if (c.record == record && c.field == field) out.push_back(c);
        });
        return out;
    }

    std::vector<protocol::Rejection> rejections(const std::string& username) {
        std::vector<protocol::Rejection> out;
        store_->read([&](server::StoreSession& s) { out = s.rejections({"u:" + username}, 0, INT64_MAX / 2); });
        return out;
    }

    // Everything a change can alter, as one comparable line (stored push results aside).
    std::string footprint() {
        std::string out;
        store_->read([&](server::StoreSession& s) {
            for (const char* t : {"records", "fields", "conflicts", "rejections"})
                out += std::string(t) + "=" + std::to_string(s.count(t)) + " ";
            out += "seq=" + std::to_string(s.currentSeq());
        });
        return out;
    }

    std::int64_t count(const char* table) {
        std::int64_t n = 0;
        store_->read([&](server::StoreSession& s) { n = s.count(table); });
        return n;
    }

    // Another device of the same user (a re-registered laptop), with its own sequences.
    server::Caller newDevice(const std::string& username) {
        server::Caller c = caller(username);
        store_->write([&](server::StoreSession& s) {
            c.device = s.device(s.addDevice(c.user.id, "second device", "hash-" + newUuid())).value();
        });
        return c;
    }

private:
    QTemporaryDir dir_;
    std::unique_ptr<server::Store> store_;
    std::unique_ptr<server::PushProcessor> push_;
    std::map<std::string, server::Caller> callers_;
    std::map<std::string, std::int64_t> nextSeq_;
    std::map<std::string, std::string> returnOf_;
    std::string caseAudit_;
};

}  // namespace tandem::test
