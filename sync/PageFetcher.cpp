#include "PageFetcher.h"

#include "BackgroundThread.h"

#include <stdexcept>

namespace tandem::sync {

PageFetcher::PageFetcher(Get get, std::int64_t cursor, bool pipelined, std::optional<FetchedPage> first)
    : get_(std::move(get)), pipelined_(pipelined), cursor_(cursor), given_(std::move(first)) {}

PageFetcher::~PageFetcher() { stopPipeline(); }

void PageFetcher::stopPipeline() {
    {
        std::lock_guard lock(m_);
        stop_ = true;
    }
    cv_.notify_all();
    // A request under way is waited for: it ends within the transport's timeout.
    if (fetcher_.joinable()) fetcher_.join();
    if (reader_.joinable()) reader_.join();
}

FetchedPage PageFetcher::read(HttpResponse response) {
    FetchedPage f{std::move(response), std::nullopt, {}};
    if (f.response.status != 200) return f;
    try {
        f.page = protocol::pullPageFromText(f.response.text);
        f.response.text = std::string();
    } catch (const std::exception& e) {
        f.unreadable = e.what();
    }
    return f;
}

void PageFetcher::fetchLoop(std::int64_t cursor) {
    blockSignalsInThisThread();
    for (;;) {
        {
            std::unique_lock lock(m_);
            cv_.wait(lock, [this] { return stop_ || fetched_.size() + ready_.size() < kDepth; });
            if (stop_) break;
        }
        Slot s;
        s.filled = true;
        s.from = cursor;
        std::optional<std::int64_t> next;
        try {
            s.fetched.response = get_(cursor, false);
            if (s.fetched.response.status == 200) next = s.fetched.response.nextCursor;
        } catch (...) {
            s.error = std::current_exception();
        }
        {
            std::lock_guard lock(m_);
            fetched_.push_back(std::move(s));
        }
        cv_.notify_all();
        if (!next) break;
        cursor = *next;
    }
    {
        std::lock_guard lock(m_);
        fetchDone_ = true;
    }
    cv_.notify_all();
}

void PageFetcher::readLoop() {
    blockSignalsInThisThread();
    for (;;) {
        Slot s;
        {
            std::unique_lock lock(m_);
            cv_.wait(lock, [this] { return stop_ || !fetched_.empty() || fetchDone_; });
            if (stop_ || fetched_.empty()) break;
            s = std::move(fetched_.front());
            fetched_.pop_front();
        }
        if (!s.error) s.fetched = read(std::move(s.fetched.response));
        {
            std::lock_guard lock(m_);
            ready_.push_back(std::move(s));
        }
        cv_.notify_all();
    }
    {
        std::lock_guard lock(m_);
        readDone_ = true;
    }
    cv_.notify_all();
}

FetchedPage PageFetcher::sequential() {
    FetchedPage f = first_ && given_ ? std::move(*given_) : read(get_(cursor_, first_));
    given_.reset();
    first_ = false;
    if (f.page) cursor_ = f.page->cursor;
    return f;
}

FetchedPage PageFetcher::next() {
    // The first page comes in turn; the threads start only when it says more pages follow, so
    // the usual small pull of a sync costs no thread.
    if (!running_) {
        FetchedPage f = sequential();
        const auto& next = f.response.nextCursor;
        if (pipelined_ && !fellBack_ && f.page && f.page->more && next && *next == f.page->cursor) {
            running_ = true;
            fetcher_ = std::thread([this, from = *next] { fetchLoop(from); });
            reader_ = std::thread([this] { readLoop(); });
        }
        return f;
    }
    if (fellBack_) return sequential();
    Slot s;
    {
        std::unique_lock lock(m_);
        cv_.wait(lock, [this] { return !ready_.empty() || readDone_; });
        if (!ready_.empty()) {
            s = std::move(ready_.front());
            ready_.pop_front();
        }
    }
    cv_.notify_all();
    // The pipeline stopped short of the page asked for (the header said there was no next page
    // while the page says there is), or went ahead from a cursor the page does not confirm: the
    // rest is fetched in turn, from the cursor the pages themselves give.
    if (!s.filled || (s.from != cursor_ && !s.error)) {
        stopPipeline();
        fellBack_ = true;
        first_ = false;
        return sequential();
    }
    if (s.error) std::rethrow_exception(s.error);
    if (s.fetched.page) cursor_ = s.fetched.page->cursor;
    return std::move(s.fetched);
}

}  // namespace tandem::sync
