#include "CliApp.h"

#include "Account.h"
#include "ReplicaUnlock.h"
#include "SyncEngine.h"
#include "Workspace.h"

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <unistd.h>

namespace tandem::cli {
namespace {

using nlohmann::json;
using namespace tandem::sync;

constexpr const char* kUsage = R"(usage: tandem-cli [--dir DIR] [--user NAME] COMMAND [ARGS]

  sign-in --server URL --user NAME [--password PW] [--device NAME] [--ca-file CA.pem]
                                 password from --password, TANDEM_PASSWORD or standard input;
                                 an https:// server's certificate is checked against CA.pem
                                 (a self-signed deployment's CA) or else the system's CAs
  sync [--quiet]                 push pending changes, then pull
  password [--current PW --new PW]
                                 change my password (or two lines on standard input: current,
                                 new); my other devices are revoked and wiped at their next sync
  status                         user, server, pending changes, last sync, open conflicts
  actions [--status S]           my actions: id, status, RAG, target date, title
  returns [--status S]           my audit returns and checklists
  show ID                        one record with all its fields (pending ones marked *)
  set ID FIELD VALUE             change a field of an action (or any record)
  progress ACTION_ID --narrative TEXT [--rag red|amber|green]
  answer RETURN_ID QUESTION VALUE
  submit RETURN_ID | approve RETURN_ID | return RETURN_ID --comment TEXT
  conflicts [--all]              concurrent edits that lost, with both values
  resolve CONFLICT_ID --mine|--theirs
                                 apply my value again as a new edit, or accept theirs
  rejections [--all]             edits the server refused, with the reason

DIR defaults to $TANDEM_HOME or ~/.local/share/tandem; NAME to the last user signed in there.
Every command needs the user's password (the replica is encrypted with a key derived from it):
--password PW, TANDEM_PASSWORD or standard input.
)";

// The Argon2id cost of a replica made by sign-in. TANDEM_REPLICA_KDF=minimum is for test suites
// that run the CLI hundreds of times; it leaves the replica's key cheap to guess.
KdfCost costForNewReplica() {
    const char* env = std::getenv("TANDEM_REPLICA_KDF");
    return env && std::string(env) == "minimum" ? KdfCost::Minimum : KdfCost::Unlock;
}

struct Args {
    std::vector<std::string> positional;
    std::map<std::string, std::string> options;
    std::map<std::string, bool> flags;
};

const std::vector<std::string> kFlags{"quiet", "all", "mine", "theirs"};

Args parse(const std::vector<std::string>& in) {
    Args a;
    for (size_t i = 0; i < in.size(); ++i) {
        const std::string& s = in[i];
        if (s.rfind("--", 0) == 0) {
            const std::string key = s.substr(2);
            if (std::find(kFlags.begin(), kFlags.end(), key) != kFlags.end()) {
                a.flags[key] = true;
                continue;
            }
            if (i + 1 >= in.size()) throw std::invalid_argument("option " + s + " needs a value");
            a.options[key] = in[++i];
        } else {
            a.positional.push_back(s);
        }
    }
    return a;
}

std::string opt(const Args& a, const std::string& k, const std::string& fallback = {}) {
    auto it = a.options.find(k);
    return it == a.options.end() ? fallback : it->second;
}

std::string arg(const Args& a, size_t i, const char* what) {
    if (i >= a.positional.size()) throw std::invalid_argument(std::string("missing ") + what);
    return a.positional[i];
}

std::string defaultDir() {
    if (const char* h = std::getenv("TANDEM_HOME")) return h;
    if (const char* home = std::getenv("HOME")) return std::string(home) + "/.local/share/tandem";
    return ".tandem";
}

std::string today() {
    std::time_t t = std::time(nullptr);
    std::tm tm{};
    localtime_r(&t, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
}

std::string show(const json& v) {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_null()) return "";
    return v.dump();
}

std::string cut(const std::string& s, size_t n) { return s.size() <= n ? s : s.substr(0, n - 1) + "~"; }

int editResult(const EditResult& r, std::ostream& out, std::ostream& err) {
    if (!r.ok) {
        err << "refused: " << r.message << "\n";
        return 1;
    }
    out << "saved offline; pending until the next sync\n";
    return 0;
}

int doSync(Replica& replica, const Identity& me, const Args& a, std::ostream& out, std::ostream& err) {
    HttpTransport transport(me.server, std::chrono::seconds(30), caFileOf(replica));
    SyncEngine engine(replica, transport);
    // Progress lines only on a terminal; scripts get the one summary line.
    const bool quiet = a.flags.count("quiet") > 0 || !isatty(STDOUT_FILENO);
    SyncPhase last = SyncPhase::Done;
    auto progress = [&](const SyncProgress& p) {
        if (quiet) return;
        if (p.phase != last) out << (p.phase == SyncPhase::Pushing ? "pushing" : p.phase == SyncPhase::Pulling ? "pulling" : "done");
        last = p.phase;
        if (p.phase != SyncPhase::Done) out << " " << p.done << "/" << p.total;
        out << (p.phase == SyncPhase::Done ? "\n" : "\r") << std::flush;
    };
    const SyncReport r = engine.sync(progress);
    if (!quiet && last != SyncPhase::Done) out << "\n";
    if (r.status != SyncStatus::Ok) {
        err << "sync " << toString(r.status) << ": " << r.message << "\n";
        return r.status == SyncStatus::Offline ? 3 : 1;
    }
    out << "synced: pushed " << r.pushed << " (applied " << r.applied << ", superseded " << r.superseded
        << ", rejected " << r.rejected << "), pulled " << r.pulled << " records, " << r.removed << " removed in "
        << r.elapsed.count() << " ms\n";
    return 0;
}

// The password from --password, TANDEM_PASSWORD or the first line of standard input.
std::string passwordOf(const Args& a) {
    std::string password = opt(a, "password");
    if (password.empty())
        if (const char* env = std::getenv("TANDEM_PASSWORD")) password = env;
    if (password.empty() && !std::getline(std::cin, password)) throw std::invalid_argument("no password given");
    return password;
}

int runIn(const std::vector<std::string>& raw, std::ostream& out, std::ostream& err) {
    const Args a = parse(raw);
    if (a.positional.empty() || a.positional[0] == "help") {
        out << kUsage;
        return a.positional.empty() ? 2 : 0;
    }
    const std::string cmd = a.positional[0];
    const std::string dir = opt(a, "dir", defaultDir());
    const std::filesystem::path currentFile = std::filesystem::path(dir) / "current-user";

    if (cmd == "sign-in") {
        const std::string server = opt(a, "server");
        const std::string user = opt(a, "user");
        if (server.empty() || user.empty()) throw std::invalid_argument("sign-in needs --server and --user");
        const std::string password = passwordOf(a);
        char host[256] = "device";
        gethostname(host, sizeof host - 1);
        const std::string path = replicaPath(dir, user);
        auto opened = unlockReplica(path, password, IfNoReplica::Create, costForNewReplica());
        if (!opened) {
            err << "sign-in failed (" << opened.code << "): " << opened.message << "\n";
            return 1;
        }
        // Kept as an absolute path: later syncs may run from another directory.
        const std::string caFile = opt(a, "ca-file").empty() ? "" : std::filesystem::absolute(opt(a, "ca-file")).string();
        HttpTransport transport(server, std::chrono::seconds(30), caFile);
        const auto r = signIn(*opened.replica, transport, server, user, password, opt(a, "device", host), caFile);
        if (!r.ok && opened.created) {
            // A first sign-in that fails leaves nothing behind to be unlocked later.
            opened.replica.reset();
            removeReplicaFiles(path);
        }
        if (!r.ok) {
            err << "sign-in failed (" << r.code << "): " << r.message << "\n";
            return r.code == "offline" ? 3 : 1;
        }
        std::ofstream(currentFile) << user;
        out << "signed in as " << user << " on " << server << "; run 'tandem-cli sync' to download your work\n";
        return 0;
    }

    std::string user = opt(a, "user");
    if (user.empty()) std::ifstream(currentFile) >> user;
    if (user.empty()) {
        err << "no user signed in under " << dir << "; run 'tandem-cli sign-in' first\n";
        return 1;
    }
    const std::string path = replicaPath(dir, user);
    if (!std::filesystem::exists(path)) {
        err << "no replica for " << user << " under " << dir << "; run 'tandem-cli sign-in' first\n";
        return 1;
    }
    if (!replicaCanBeUnlocked(path)) {
        err << "the replica of " << user << " has been wiped (device revoked or account disabled); sign in again\n";
        return 1;
    }
    // A password change opens the replica with the current password, and re-keys it to the new.
    std::string current = opt(a, "current");
    if (cmd == "password" && current.empty() && !std::getline(std::cin, current))
        throw std::invalid_argument("no current password given");
    auto opened = unlockReplica(path, cmd == "password" ? current : passwordOf(a), IfNoReplica::Refuse);
    if (!opened) {
        err << "cannot open the replica of " << user << " (" << opened.code << "): " << opened.message << "\n";
        return 1;
    }
    Replica& replica = *opened.replica;
    const auto me = replica.identity();
    if (!me) {
        err << "the replica of " << user << " has been wiped (device revoked or account disabled); sign in again\n";
        return 1;
    }
    Workspace ws(replica);

    if (cmd == "sync") return doSync(replica, *me, a, out, err);
    if (cmd == "password") {
        std::string next = opt(a, "new");
        if (next.empty() && !std::getline(std::cin, next)) throw std::invalid_argument("no new password given");
        HttpTransport transport(me->server, std::chrono::seconds(30), caFileOf(replica));
        const auto r = changePassword(replica, transport, current, next);
        if (!r.ok) {
            err << "password not changed (" << r.code << "): " << r.message << "\n";
            return r.code == "offline" ? 3 : 1;
        }
        out << "password changed; your other devices are signed out and wiped at their next sync\n";
        return 0;
    }
    if (cmd == "status") {
        out << "user:      " << me->user << " (" << me->role << ", " << me->agency << ")\n"
            << "server:    " << me->server << "\n"
            << "pending:   " << replica.pendingCount() << " changes\n"
            << "last sync: " << replica.meta("last_sync").value_or("never") << "\n"
            << "conflicts: " << replica.conflicts().size() << " open\n"
            << "rejected:  " << replica.rejections().size() << " edits\n"
            << "records:   " << replica.recordCount() << "\n";
        return 0;
    }
    if (cmd == "actions") {
        const std::string status = opt(a, "status");
        for (const auto& r : ws.actions()) {
            if (!status.empty() && r.text("status") != status) continue;
            out << r.id << "\t" << r.text("status") << "\t" << Workspace::ragOf(r, today()) << "\t"
                << r.text("target_date") << "\t" << r.owner << "\t" << cut(r.text("title"), 70)
                << (r.pendingFields.empty() ? "" : "\t*pending") << "\n";
        }
        return 0;
    }
    if (cmd == "returns") {
        const std::string status = opt(a, "status");
        for (const auto& r : ws.returns()) {
            if (!status.empty() && r.text("status") != status) continue;
            out << r.id << "\t" << r.text("status") << "\t" << r.text("due_date") << "\t" << r.owner << "\t"
                << r.text("assignee") << "\t" << cut(r.text("title"), 60) << (r.pendingFields.empty() ? "" : "\t*pending") << "\n";
        }
        return 0;
    }
    if (cmd == "show") {
        auto r = replica.record(arg(a, 1, "record id"));
        if (!r) {
            err << "no record " << a.positional[1] << " on this device\n";
            return 1;
        }
        out << r->kind << " " << r->id << " (partnership " << r->partnership << ", owner " << r->owner << ")\n";
        for (const auto& [name, v] : r->fields) {
            if (name == "definition") continue;
            const bool pending = std::find(r->pendingFields.begin(), r->pendingFields.end(), name) != r->pendingFields.end();
            out << (pending ? "* " : "  ") << name << ": " << show(v) << "\n";
        }
        return 0;
    }
    if (cmd == "set") return editResult(ws.setFieldText(arg(a, 1, "record id"), arg(a, 2, "field"), arg(a, 3, "value")), out, err);
    if (cmd == "progress")
        return editResult(ws.addProgressUpdate(arg(a, 1, "action id"), opt(a, "narrative"), opt(a, "rag")), out, err);
    if (cmd == "answer") return editResult(ws.answer(arg(a, 1, "return id"), arg(a, 2, "question code"), arg(a, 3, "value")), out, err);
    if (cmd == "submit") return editResult(ws.submit(arg(a, 1, "return id")), out, err);
    if (cmd == "approve") return editResult(ws.approve(arg(a, 1, "return id")), out, err);
    if (cmd == "return") return editResult(ws.sendBack(arg(a, 1, "return id"), opt(a, "comment")), out, err);
    if (cmd == "conflicts") {
        for (const auto& c : replica.conflicts(a.flags.count("all") > 0))
            out << c.id << "\t" << c.record << "\t" << c.field << "\tkept: " << show(c.winnerValue) << " (" << c.winnerUser << ", "
                << c.winnerAgency << ")\tlost: " << show(c.loserValue) << " (" << c.loserUser << ", " << c.loserAgency
                << ")\t" << c.rule << "\t" << c.at << "\n";
        return 0;
    }
    if (cmd == "resolve") {
        const bool mine = a.flags.count("mine") > 0, theirs = a.flags.count("theirs") > 0;
        if (mine == theirs) throw std::invalid_argument("resolve needs exactly one of --mine or --theirs");
        return editResult(ws.resolveConflict(arg(a, 1, "conflict id"), mine), out, err);
    }
    if (cmd == "rejections") {
        for (const auto& r : replica.rejections(a.flags.count("all") > 0))
            out << r.record << "\t" << r.field << "\t" << show(r.value) << "\t" << r.code << "\t" << r.message << "\t" << r.at << "\n";
        return 0;
    }
    throw std::invalid_argument("unknown command " + cmd);
}

}  // namespace

int run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    try {
        return runIn(args, out, err);
    } catch (const std::invalid_argument& e) {
        err << "tandem-cli: " << e.what() << "\n" << "run 'tandem-cli help' for usage\n";
        return 2;
    } catch (const std::exception& e) {
        err << "tandem-cli: " << e.what() << "\n";
        return 1;
    }
}

}  // namespace tandem::cli
