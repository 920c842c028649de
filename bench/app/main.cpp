// tandem-app-bench: the app's speed over a replica of 100,000 actions and 10,000 returns.
//   tandem-app-bench [--actions N] [--returns N] [--dir DIR]
// builds the replica (in DIR, or a temporary folder), then measures in a fresh process so that
// building does not count towards peak memory: the first screen (open the replica, load the
// models, filter the home lists), filter as you type, opening a 75-question form, a refresh
// after a sync, and peak RSS. Targets (issue 5): 1.5 s, 50 ms, 200 ms, 250 MB.
#include "FormController.h"
#include "ReplicaBuilder.h"
#include "ReplicaQueries.h"
#include "Session.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <vector>

using namespace tandem;

namespace {

double ms(const QElapsedTimer& t) { return double(t.nsecsElapsed()) / 1e6; }

long peakRssMb() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss / 1024;
}

std::string readFile(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

int measure(int argc, char** argv, const QString& path, const QString& returnId) {
    QElapsedTimer start;
    start.start();
    QCoreApplication app(argc, argv);
    auto* session = app::Session::instance();
    if (!session->openReplica(path, bench::benchKey(path.toStdString()))) {
        std::fprintf(stderr, "cannot open %s: %s\n", qPrintable(path), qPrintable(session->lastError()));
        return 1;
    }
    const int actions = session->actionFilter()->count(), mine = session->myReturns()->count();
    const double firstScreen = ms(start);
    std::printf("replica: %d actions, %d returns (%d mine)\n", session->actions()->count(), session->returns()->count(), mine);
    std::printf("first screen (process start to home lists loaded and filtered): %.0f ms   [target 1500]\n", firstScreen);

    // Filter as you type: each keystroke sets the search; the proxy refilters synchronously.
    std::vector<double> keys;
    const QString word = "safeguarding";
    auto type = [&](const QString& text) {
        QElapsedTimer t;
        t.start();
        session->actionFilter()->setSearch(text);
        volatile int n = session->actionFilter()->count();
        (void)n;
        keys.push_back(ms(t));
    };
    for (int i = 1; i <= word.size(); ++i) type(word.left(i));
    for (int i = word.size() - 1; i >= 0; --i) type(word.left(i));
    std::vector<double> sorted = keys;
    std::sort(sorted.begin(), sorted.end());
    std::printf("filter as you type (%zu keystrokes over %d actions): median %.1f ms, max %.1f ms   [target 50]\n", keys.size(),
                actions, sorted[sorted.size() / 2], sorted.back());
    QElapsedTimer t;
    t.start();
    std::printf("  per keystroke (ms):");
    for (double k : keys) std::printf(" %.0f", k);
    std::printf("\n");
    session->actionFilter()->setStatus("open");
    session->actionFilter()->setRag("red");
    std::printf("status + RAG filter: %.1f ms (%d shown)\n", ms(t), session->actionFilter()->count());
    session->actionFilter()->clearFilters();

    // Open a 75-question form: load it and read every role of the first section, as a view does.
    t.restart();
    {
        app::FormController form;
        form.setReturnId(returnId);
        const QVariantList sections = form.sections();
        const QString progress = form.progressText();
        auto* q = form.questions();
        for (int r = 0; r < q->rowCount(); ++r)
            for (int role : q->roleNames().keys()) (void)q->data(q->index(r, 0), role);
        const double opened = ms(t);
        int all = 0;  // every question of the template, shown or hidden by show_if
        for (int i = 0; i < int(sections.size()); ++i) {
            form.setCurrentSection(i);
            all += q->rowCount();
        }
        form.setCurrentSection(0);
        std::printf("open a %d-question form (%lld sections, %d shown now, %s): %.1f ms   [target 200]\n", all,
                    static_cast<long long>(sections.size()), form.questionCount(), qPrintable(progress), opened);
        if (!form.exists()) std::printf("  (the form did not open: %s)\n", qPrintable(form.loadError()));
        t.restart();
        const QString saved = form.answer(q->data(q->index(0, 0), app::QuestionModel::CodeRole).toString(), "green");
        std::printf("answer one question (validate, queue, refresh its list row): %.1f ms %s\n", ms(t), qPrintable(saved));
    }

    t.restart();
    session->reloadAll();
    std::printf("refresh after a sync (reload and merge every list): %.0f ms\n", ms(t));
    std::printf("peak RSS: %ld MB   [target 250]\n", peakRssMb());
    // Where the first screen's time goes.
    sync::Replica replica(path.toStdString(), bench::benchKey(path.toStdString()));
    app::Lookups lookups;
    t.restart();
    lookups.load(replica);
    std::printf("  breakdown: names and templates %.0f ms", ms(t));
    t.restart();
    int n = 0;
    sync::forEachAction(replica, [&](sync::ActionRow&) { ++n; });
    std::printf(", read %d actions %.0f ms", n, ms(t));
    t.restart();
    n = 0;
    sync::forEachReturn(replica, [&](sync::ReturnRow&) { ++n; });
    std::printf(", read %d returns %.0f ms\n", n, ms(t));
    session->signOut();
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        if (argc == 4 && std::string(argv[1]) == "--measure") return measure(1, argv, argv[2], argv[3]);
        bench::ReplicaSize size;
        std::string dir;
        for (int i = 1; i + 1 < argc; i += 2) {
            const std::string a = argv[i];
            if (a == "--actions") size.actions = std::stoi(argv[i + 1]);
            else if (a == "--returns") size.returns = std::stoi(argv[i + 1]);
            else if (a == "--dir") dir = argv[i + 1];
            else throw std::runtime_error("unknown option " + a);
        }
        QTemporaryDir temp;
        if (dir.empty()) dir = temp.path().toStdString();
        const std::string path = dir + "/bench.user.replica.db";
        QElapsedTimer t;
        t.start();
        const std::string returnId = bench::buildReplica(path, readFile(TANDEM_TEMPLATES_DIR "/s11-self-assessment.json"), size);
        std::printf("built the replica in %.1f s (%s)\n", ms(t) / 1000, path.c_str());
        std::fflush(stdout);
        const std::string self = argv[0];
        return std::system(("'" + self + "' --measure '" + path + "' '" + returnId + "'").c_str()) == 0 ? 0 : 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "tandem-app-bench: %s\n", e.what());
        return 1;
    }
}
