#include "WorkerPool.h"

namespace tandem::server {

WorkerPool::WorkerPool(size_t initial, size_t max) : max_(max) {
    std::lock_guard lock(m_);
    for (size_t i = 0; i < initial; ++i) spawn();
}

WorkerPool::~WorkerPool() { shutdown(); }

void WorkerPool::spawn() { threads_.emplace_back([this] { work(); }); }

void WorkerPool::enqueue(std::function<void()> fn) {
    std::lock_guard lock(m_);
    jobs_.push_back(std::move(fn));
    // Grow only when nobody is free to take the job; idle workers are kept for the next burst.
    if (idle_ < jobs_.size() && threads_.size() < max_) spawn();
    cv_.notify_one();
}

void WorkerPool::shutdown() {
    {
        std::lock_guard lock(m_);
        if (stopping_) return;
        stopping_ = true;
    }
    cv_.notify_all();
    for (auto& t : threads_) t.join();
}

void WorkerPool::work() {
    for (;;) {
        std::function<void()> job;
        {
            std::unique_lock lock(m_);
            ++idle_;
            cv_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
            --idle_;
            if (jobs_.empty()) return;  // stopping, and nothing left to finish
            job = std::move(jobs_.front());
            jobs_.pop_front();
        }
        job();
    }
}

}  // namespace tandem::server
