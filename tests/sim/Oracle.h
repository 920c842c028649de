// Watches every push on its way into the server and judges each answer the moment it is given,
// against the server's state just before: that is the state the server itself judged by, so
// ownership can be checked even for fields whose writers change later (a return reassigned).
// It keeps the first answer to every change id, so a replay that gets another answer, or a
// server sequence that moves more than the answers account for (a change applied twice), is
// caught where it happens.
#pragma once

#include "Protocol.h"
#include "Store.h"
#include "Template.h"
#include "Transport.h"

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace tandem::sim {

struct Answered {
    std::string user;  // who pushed it first
    protocol::Change change;
    protocol::ChangeResult result;
};

class Oracle {
public:
    Oracle(server::Store& store, sync::Transport& server) : store_(store), server_(server) {}

    // Forwards one push of `user` to the server and judges the answer.
    sync::HttpResponse push(const std::string& user, const nlohmann::json& body, const std::string& token);

    std::map<std::string, Answered> answered;  // change id -> first answer
    std::vector<std::string> violations;       // ownership and idempotence, as they happened
    sync::Transport& server() { return server_; }

private:
    // What the oracle knows of one change before the server sees it.
    struct Before {
        std::optional<int> rank;  // the author's precedence for the field; nullopt: not a writer
        bool visible = false;     // the record is in the author's scope
        bool status = false;      // a workflow status field (a state machine, not a merge)
        bool create = false;
        bool missing = false;     // the record does not exist yet (created earlier in the same push)
    };
    Before judgeBefore(server::StoreSession& s, const server::UserRow& user, const protocol::Change& c);
    std::shared_ptr<const Template> templateOf(server::StoreSession& s, const std::string& id);
    void violation(const std::string& user, const protocol::Change& c, const std::string& what);

    server::Store& store_;
    sync::Transport& server_;
    std::map<std::string, std::shared_ptr<const Template>> templates_;
};

// A device's way to the server through the oracle.
class JudgedTransport final : public sync::Transport {
public:
    JudgedTransport(Oracle& oracle, std::string user) : oracle_(oracle), user_(std::move(user)) {}
    sync::HttpResponse get(const std::string& path, const std::string& token) override {
        return oracle_.server().get(path, token);
    }
    sync::HttpResponse post(const std::string& path, const nlohmann::json& body, const std::string& token) override {
        return path == "/v1/push" ? oracle_.push(user_, body, token) : oracle_.server().post(path, body, token);
    }

private:
    Oracle& oracle_;
    std::string user_;
};

}  // namespace tandem::sim
