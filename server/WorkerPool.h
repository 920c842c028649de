// The HTTP server's workers: a pool that grows when every worker is busy, up to a cap. Each
// open connection holds a worker while it is read, so a fixed pool of N lets N slow clients
// (a slowloris) stall everyone else; growing moves that limit from dozens to the cap.
#pragma once

#include <httplib.h>

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace tandem::server {

class WorkerPool final : public httplib::TaskQueue {
public:
    WorkerPool(size_t initial, size_t max);
    ~WorkerPool() override;
    void enqueue(std::function<void()> fn) override;
    void shutdown() override;

private:
    void spawn();
    void work();

    const size_t max_;
    std::mutex m_;
    std::condition_variable cv_;
    std::deque<std::function<void()>> jobs_;
    std::vector<std::thread> threads_;
    size_t idle_ = 0;
    bool stopping_ = false;
};

}  // namespace tandem::server
