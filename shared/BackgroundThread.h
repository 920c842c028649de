// For threads a library starts on its own (checkpointers, page fetchers): they must never be the
// thread a process-wide signal (SIGTERM, SIGINT) is delivered to, or a server that waits for
// those signals on a thread of its own would be killed instead of stopping cleanly.
#pragma once

#include <csignal>
#include <pthread.h>

namespace tandem {

inline void blockSignalsInThisThread() {
    // Only the signals sent to the process as a whole; faults still reach the faulting thread.
    sigset_t stop;
    sigemptyset(&stop);
    for (int s : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) sigaddset(&stop, s);
    pthread_sigmask(SIG_BLOCK, &stop, nullptr);
}

}  // namespace tandem
