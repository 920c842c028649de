// The pull pipeline on its own (PageFetcher): pages come out in order and complete whether
// fetched ahead or in turn; a next-cursor header the page does not confirm makes it fall back to
// fetching in turn from the page's own cursor; an error ends the pull in the place of its page;
// a fetcher dropped half-way stops its threads. The pages are real page text (protocol::toText)
// answered by a function standing for the server: this is the fetcher's logic, not sync (the
// integration tests pull through it from a real server).
#include "PageFetcher.h"

#include <QtTest>

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>

using namespace tandem;
using namespace tandem::sync;

namespace {

// Pages of `perPage` records, cursors 10, 20, ...; the last page says no more.
struct PageSource {
    int pages = 5;
    int perPage = 3;
    std::function<std::optional<std::int64_t>(std::int64_t cursor, std::int64_t next)> header =
        [](std::int64_t, std::int64_t next) { return std::optional(next); };
    std::function<void(std::int64_t)> before;  // may throw, for a failing request
    std::mutex m;
    std::vector<std::int64_t> asked;

    HttpResponse get(std::int64_t cursor, bool) {
        {
            std::lock_guard lock(m);
            asked.push_back(cursor);
        }
        if (before) before(cursor);
        const int index = static_cast<int>(cursor / 10);
        if (index >= pages) return {404, R"({"error":{"code":"gone","message":"no such page"}})", std::nullopt};
        protocol::PullPage p;
        p.cursor = (index + 1) * 10;
        p.more = index + 1 < pages;
        for (int i = 0; i < perPage; ++i) {
            FieldPackBuilder b;
            b.add("title", "\"t\"", p.cursor);
            p.records.push_back({"action:" + std::to_string(index) + "." + std::to_string(i), "action", "st-helens",
                                 "STH-SCHOOLS", p.cursor, b.finish()});
        }
        return {200, protocol::toText(p), p.more ? header(cursor, p.cursor) : std::nullopt};
    }
    PageFetcher::Get fn() {
        return [this](std::int64_t cursor, bool first) { return get(cursor, first); };
    }
};

// Every page until the last, the record ids in order.
std::vector<std::string> drain(PageFetcher& f, int* pageCount = nullptr) {
    std::vector<std::string> ids;
    int n = 0;
    for (;;) {
        FetchedPage p = f.next();
        if (!p.page) throw std::runtime_error("page " + std::to_string(n) + " unreadable: " + p.unreadable);
        ++n;
        for (const auto& r : p.page->records) ids.push_back(r.id);
        if (!p.page->more) break;
    }
    if (pageCount) *pageCount = n;
    return ids;
}

std::vector<std::string> expectedIds(int pages, int perPage) {
    std::vector<std::string> ids;
    for (int p = 0; p < pages; ++p)
        for (int i = 0; i < perPage; ++i) ids.push_back("action:" + std::to_string(p) + "." + std::to_string(i));
    return ids;
}

}  // namespace

class TestPageFetcher : public QObject {
    Q_OBJECT

private slots:
    void pagesInOrder_data() {
        QTest::addColumn<bool>("pipelined");
        QTest::addColumn<int>("pages");
        QTest::newRow("pipelined, many pages") << true << 40;
        QTest::newRow("pipelined, one page") << true << 1;
        QTest::newRow("in turn, many pages") << false << 40;
    }
    void pagesInOrder() {
        QFETCH(bool, pipelined);
        QFETCH(int, pages);
        PageSource source;
        source.pages = pages;
        PageFetcher f(source.fn(), 0, pipelined);
        int count = 0;
        QCOMPARE(drain(f, &count), expectedIds(pages, source.perPage));
        QCOMPARE(count, pages);
        // Each page was asked for once, from the cursor the one before ended at.
        std::sort(source.asked.begin(), source.asked.end());
        QCOMPARE(int(source.asked.size()), pages);
        for (int i = 0; i < pages; ++i) QCOMPARE(source.asked[size_t(i)], std::int64_t(i * 10));
    }

    // A header that names a cursor the page does not end at: the page's own cursor is believed,
    // and the rest is fetched in turn from it. No page is skipped or given twice.
    void unconfirmedHeaderFallsBack() {
        PageSource source;
        source.pages = 8;
        source.header = [](std::int64_t cursor, std::int64_t next) {
            return cursor == 20 ? std::optional<std::int64_t>(next + 10) : std::optional(next);
        };
        PageFetcher f(source.fn(), 0, true);
        QCOMPARE(drain(f), expectedIds(8, source.perPage));
    }

    // A header that stops short (no next cursor while the page says more): the rest comes in turn.
    void missingHeaderFallsBack() {
        PageSource source;
        source.pages = 6;
        source.header = [](std::int64_t cursor, std::int64_t next) {
            return cursor == 10 ? std::nullopt : std::optional(next);
        };
        PageFetcher f(source.fn(), 0, true);
        QCOMPARE(drain(f), expectedIds(6, source.perPage));
    }

    // A request that throws ends the pull with that exception in its page's place, after every
    // page before it.
    void errorComesInItsPlace() {
        PageSource source;
        source.pages = 10;
        source.before = [](std::int64_t cursor) {
            if (cursor == 40) throw std::runtime_error("offline at 40");
        };
        PageFetcher f(source.fn(), 0, true);
        for (int i = 0; i < 4; ++i) {
            FetchedPage p = f.next();
            QVERIFY(p.page);
            QCOMPARE(p.page->cursor, std::int64_t((i + 1) * 10));
        }
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, f.next());
    }

    // An error answer and an unreadable page come out as they are, for the engine to judge.
    void errorAnswersAndUnreadablePages() {
        PageSource source;
        source.pages = 3;
        PageFetcher f(source.fn(), 20, true);
        QVERIFY(f.next().page);  // the last page
        PageFetcher past(source.fn(), 30, true);
        FetchedPage gone = past.next();
        QCOMPARE(gone.response.status, 404);
        QVERIFY(!gone.page);
        PageFetcher bad([](std::int64_t, bool) { return HttpResponse{200, "{\"cursor\":", std::nullopt}; }, 0, true);
        FetchedPage p = bad.next();
        QVERIFY(!p.page);
        QVERIFY(!p.unreadable.empty());
    }

    // Dropped after two pages of many, with requests under way: it stops, and asks for no more
    // than kDepth pages beyond those handed out (plus the one in flight).
    void droppedHalfWayStops() {
        PageSource source;
        source.pages = 1000;
        std::atomic<int> slow{0};
        source.before = [&](std::int64_t) {
            ++slow;
            QThread::msleep(2);
        };
        {
            PageFetcher f(source.fn(), 0, true);
            QVERIFY(f.next().page);
            QVERIFY(f.next().page);
        }
        QVERIFY2(slow.load() <= 2 + int(PageFetcher::kDepth) * 2 + 1, qPrintable(QString::number(slow.load())));
    }
};

QTEST_APPLESS_MAIN(TestPageFetcher)
#include "tst_pagefetcher.moc"
