// Brings the pages of a pull to the sync engine in order, ahead of the one being applied. A page
// takes three steps: the server builds and sends it, the device reads it (most of a download's
// device time), the device writes it. With `pipelined`, once the first page says more follow,
// each step runs in its own thread: one requests page N+1 as soon as page N's answer names its
// next cursor (the Tandem-Next-Cursor header), one reads pages, and the caller writes them, so
// the three overlap instead of taking turns. Without it (fault injectors, the simulation), and
// for a pull of one page, requests go one after another from the caller's thread. At most kDepth
// pages wait between two steps, bounding memory.
#pragma once

#include "Protocol.h"
#include "Transport.h"

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace tandem::sync {

struct FetchedPage {
    HttpResponse response;                   // the text is released once read into `page`
    std::optional<protocol::PullPage> page;  // set when the answer was 200 and readable
    std::string unreadable;                  // why a 200 answer could not be read
};

class PageFetcher {
public:
    // `get(cursor, first)` requests one page; it may throw (it ends the sync), and the exception
    // comes out of next() in the place of the page it was fetching.
    using Get = std::function<HttpResponse(std::int64_t cursor, bool first)>;
    // `first`: the first page, already fetched (it came in the answer to a push).
    PageFetcher(Get get, std::int64_t cursor, bool pipelined, std::optional<FetchedPage> first = std::nullopt);
    ~PageFetcher();
    PageFetcher(const PageFetcher&) = delete;
    PageFetcher& operator=(const PageFetcher&) = delete;

    // The next page in order. After a page with more == false, or an error, there is none.
    FetchedPage next();

    static constexpr size_t kDepth = 2;

private:
    struct Slot {
        bool filled = false;
        std::int64_t from = 0;  // the cursor it was requested from
        FetchedPage fetched;
        std::exception_ptr error;
    };
    static FetchedPage read(HttpResponse response);
    FetchedPage sequential();
    void fetchLoop(std::int64_t cursor);
    void readLoop();
    void stopPipeline();

    Get get_;
    bool pipelined_;
    std::int64_t cursor_;  // the cursor the pages handed out so far end at
    bool first_ = true;
    std::optional<FetchedPage> given_;  // the first page when it came with a push
    bool running_ = false;   // the threads have started
    bool fellBack_ = false;  // the pipeline was given up; the rest goes in turn

    std::mutex m_;
    std::condition_variable cv_;
    std::deque<Slot> fetched_;  // answered, not yet read
    std::deque<Slot> ready_;    // read, waiting for the caller
    bool fetchDone_ = false, readDone_ = false, stop_ = false;
    std::thread fetcher_, reader_;
};

}  // namespace tandem::sync
