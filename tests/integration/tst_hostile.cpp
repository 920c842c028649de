// Hostile input beyond tst_badinput: JSON that parses but says one thing twice, fields the
// protocol does not know, values nested 100 000 deep, a push of almost 8 MiB, gzip bodies and a
// gzip bomb, slow and half-closed connections, bytes that are not HTTP, and 200 pulls at once.
// After each: the server still answers /v1/health, and the database changed only as it should.
#include "DataFiles.h"
#include "HttpProbe.h"
#include "Ids.h"
#include "TestServer.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

using namespace tandem;
using nlohmann::json;

namespace {

const char* kPassword = "hostile-password-1";
const char* kAction = "review:st-helens:SH-SCR-JSH:action:2.1";  // lead STH-SCHOOLS

using test::readDataFile;

// A raw TCP connection to the server, for what an HTTP client library will not send.
class RawConnection {
public:
    explicit RawConnection(int port) {
        fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(static_cast<uint16_t>(port));
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    }
    ~RawConnection() { ::close(fd_); }
    bool connected() const { return connected_; }
    bool send(const std::string& bytes) {
        return ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size());
    }
    void shutdownWrite() { ::shutdown(fd_, SHUT_WR); }
    // Reads until the server closes the connection or `timeout` passes; `closed` tells which.
    std::string readAll(std::chrono::milliseconds timeout, bool* closed) {
        timeval tv{static_cast<time_t>(timeout.count() / 1000), static_cast<suseconds_t>(timeout.count() % 1000 * 1000)};
        setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        std::string out;
        char buf[4096];
        QElapsedTimer t;
        t.start();
        *closed = false;
        while (t.elapsed() < timeout.count()) {
            const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
            if (n > 0) out.append(buf, static_cast<size_t>(n));
            else {
                *closed = n == 0 || errno == ECONNRESET;
                if (n == 0 || errno == ECONNRESET || (errno != EAGAIN && errno != EWOULDBLOCK)) break;
            }
        }
        return out;
    }

private:
    int fd_ = -1;
    bool connected_ = false;
};

long maxRssMiB() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss / 1024;
}

std::string gzip(const std::string& data) {
    httplib::detail::gzip_compressor z;
    std::string out;
    z.compress(data.data(), data.size(), true, [&](const char* p, size_t n) { return out.append(p, n), true; });
    return out;
}

}  // namespace

class TestHostile : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    std::unique_ptr<test::TestServer> server_;
    std::string token_;  // lead.schools
    std::int64_t seq_ = 0;

    httplib::Client client() {
        httplib::Client c("127.0.0.1", server_->port());
        c.set_read_timeout(std::chrono::seconds(20));
        return c;
    }
    std::string signInBody(const std::string& user) {
        return json{{"user", user}, {"password", kPassword}, {"device", "hostile"}}.dump();
    }
    json change(const std::string& field, const json& value) {
        std::int64_t base = 0;
        server_->store().read([&](server::StoreSession& s) {
            if (auto f = s.field(kAction, field)) base = f->seq;
        });
        return {{"id", newUuid()}, {"seq", seq_ + 1}, {"record", kAction}, {"field", field}, {"value", value}, {"base", base}};
    }
    json storedValue(const std::string& field) {
        json v;
        server_->store().read([&](server::StoreSession& s) {
            if (auto f = s.field(kAction, field)) v = f->value;
        });
        return v;
    }
    // The server still serves, within `limit`.
    void expectHealthy(std::chrono::milliseconds limit = std::chrono::seconds(3)) {
        auto c = client();
        c.set_connection_timeout(limit);
        c.set_read_timeout(limit);
        QElapsedTimer t;
        t.start();
        auto res = c.Get("/v1/health");
        QVERIFY2(res, ("health: no answer after " + std::to_string(t.elapsed()) + " ms: " + httplib::to_string(res.error())).c_str());
        QCOMPARE(res->status, 200);
    }

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        server_ = std::make_unique<test::TestServer>(dir_.path().toStdString());
        auto& store = server_->store();
        store.write([](server::StoreSession& s) { s.setMeta("kdf_cost", "minimum"); });
        auto check = [](const server::AdminResult& r) { QVERIFY2(r.ok(), r.errors.empty() ? "" : r.errors.front().c_str()); };
        check(server::importAgencies(store, readDataFile("agencies.csv")));
        check(server::importActionPlans(store, readDataFile("action-plans.csv")));
        check(server::addUser(store, "lead.schools", kPassword, "agency_lead", "STH-SCHOOLS"));
        check(server::addUser(store, "pc.merpol", kPassword, "practitioner", "MERPOL"));
        server_->start();
        auto res = client().Post("/v1/sign-in", signInBody("lead.schools"), "application/json");
        QVERIFY(res && res->status == 200);
        token_ = json::parse(res->body).at("token").get<std::string>();
    }

    // nlohmann keeps the last of duplicate keys; the server must act on one reading only.
    void duplicateKeys() {
        const std::string body = "{\"user\":\"nobody\",\"password\":\"" + std::string(kPassword) +
                                 "\",\"device\":\"d\",\"user\":\"pc.merpol\"}";
        auto res = client().Post("/v1/sign-in", body, "application/json");
        QVERIFY(res);
        QCOMPARE(res->status, 200);  // the last "user" wins
        QCOMPARE(json::parse(res->body)["user"]["name"], json("pc.merpol"));

        // Twice "value" in one change, twice "changes" in one push: the last of each.
        const auto before = test::snapshot(server_->store());
        json c = change("progress", "first");
        std::string text = c.dump();
        text.insert(text.size() - 1, ",\"value\":\"second\"");
        const std::string push = "{\"changes\":[],\"changes\":[" + text + "]}";
        res = client().Post("/v1/push", test::bearer(token_), push, "application/json");
        QVERIFY(res);
        QCOMPARE(res->status, 200);
        QCOMPARE(test::firstResult(res->body)["outcome"], json("applied"));
        ++seq_;
        QCOMPARE(storedValue("progress"), json("second"));
        QCOMPARE(test::snapshot(server_->store()).seq, before.seq + 1);
        expectHealthy();
    }

    // Unknown keys are ignored at the top and inside a change, so an older server accepts a
    // newer client's additions; the change itself applies as if they were not there.
    void unknownFields() {
        json c = change("progress", "with extras");
        c["colour"] = "blue";
        c["nested"] = {{"deep", {1, 2, 3}}};
        const json body = {{"changes", json::array({c})}, {"client_version", "9.9"}, {"compress", true}};
        auto res = client().Post("/v1/push", test::bearer(token_), body.dump(), "application/json");
        QVERIFY(res);
        QCOMPARE(res->status, 200);
        QCOMPARE(test::firstResult(res->body)["outcome"], json("applied"));
        ++seq_;
        QCOMPARE(storedValue("progress"), json("with extras"));
        res = client().Post("/v1/sign-in",
                            json{{"user", "pc.merpol"}, {"password", kPassword}, {"device", "d"}, {"remember", true}}.dump(),
                            "application/json");
        QVERIFY(res);
        QCOMPARE(res->status, 200);
        expectHealthy();
    }

    // Almost 8 MiB in one valid push: a text value far over 20 000 bytes is rejected.
    void hugeValue() {
        const auto before = test::snapshot(server_->store());
        const json progress = storedValue("progress");
        const json body = {{"changes", json::array({change("progress", std::string(7900 * 1024, 'p'))})}};
        QVERIFY(body.dump().size() < server::kMaxBodyBytes);
        auto res = client().Post("/v1/push", test::bearer(token_), body.dump(), "application/json");
        QVERIFY2(res, httplib::to_string(res.error()).c_str());
        QCOMPARE(res->status, 200);
        const auto result = test::firstResult(res->body);
        QCOMPARE(result["outcome"], json("rejected"));
        QCOMPARE(result["code"], json("invalid_value"));
        ++seq_;
        QCOMPARE(storedValue("progress"), progress);
        auto expected = before;
        expected.seq += 1, expected.rejections += 1, expected.pushResults += 1;
        QVERIFY2(test::snapshot(server_->store()) == expected, test::snapshot(server_->store()).describe().c_str());
        expectHealthy();

        // The author sees the rejection on pull, but not the 7.9 MiB again: every full pull of
        // this user would otherwise carry it (200 such pulls at once starve the server).
        auto pull = client().Get(("/v1/pull?cursor=" + std::to_string(before.seq)).c_str(), test::bearer(token_));
        QVERIFY(pull && pull->status == 200);
        qInfo("pull after the rejected 7.9 MiB value: %zu bytes", pull->body.size());
        QVERIFY2(pull->body.size() < 1024 * 1024, ("the rejected value comes back whole in every pull: " +
                                                   std::to_string(pull->body.size()) + " bytes").c_str());
    }

    // A gzip body (what the design's "batches ... gzip" means on the way up) is read like a plain one.
    void gzipBody() {
        const json body = {{"changes", json::array({change("progress", "sent compressed")})}};
        auto res = client().Post("/v1/push", {{"Authorization", "Bearer " + token_}, {"Content-Encoding", "gzip"}},
                                 gzip(body.dump()), "application/json");
        QVERIFY(res);
        QCOMPARE(res->status, 200);
        QCOMPARE(test::firstResult(res->body)["outcome"], json("applied"));
        ++seq_;
        QCOMPARE(storedValue("progress"), json("sent compressed"));
    }

    // 256 KiB that inflate to 256 MiB: refused with the envelope, and without holding the
    // inflated body in memory (the limit is on what the server reads, not on what is sent).
    void gzipBomb() {
        const auto before = test::snapshot(server_->store());
        httplib::detail::gzip_compressor z;
        std::string bomb;
        auto sink = [&](const char* p, size_t n) { return bomb.append(p, n), true; };
        const std::string head = "{\"changes\":[{\"id\":\"c-1\",\"seq\":1,\"record\":\"x\",\"field\":\"progress\",\"value\":\"";
        z.compress(head.data(), head.size(), false, sink);
        const std::string chunk(1 << 20, 'x');
        for (int i = 0; i < 256; ++i) z.compress(chunk.data(), chunk.size(), false, sink);
        const std::string tail = "\",\"base\":0}]}";
        z.compress(tail.data(), tail.size(), true, sink);
        qInfo("gzip bomb: %zu KiB compressed, 256 MiB inflated", bomb.size() / 1024);

        const long rssBefore = maxRssMiB();
        auto res = client().Post("/v1/push", {{"Authorization", "Bearer " + token_}, {"Content-Encoding", "gzip"}}, bomb,
                                 "application/json");
        const long grew = maxRssMiB() - rssBefore;
        qInfo("gzip bomb: status %d, peak memory grew by %ld MiB", res ? res->status : -1, grew);
        QVERIFY2(res, httplib::to_string(res.error()).c_str());
        QVERIFY2(res->status == 413 || res->status == 400, std::to_string(res->status).c_str());
        const auto problem = test::checkErrorBody(res->body, res->status == 413 ? "body_too_large" : "bad_request");
        QVERIFY2(problem.empty(), problem.c_str());
        QVERIFY(test::snapshot(server_->store()) == before);
        expectHealthy();
        QVERIFY2(grew < 64, ("the server inflated the bomb in memory: peak grew by " + std::to_string(grew) +
                             " MiB for a body limit of 8 MiB")
                                .c_str());
    }

    // A value nested 100 000 arrays deep: rejected (progress is text) or refused, never a crash
    // (a recursive copy, dump or destructor of such a value overflows a thread's stack). Sent to
    // a tandem-server process, so that a crash is a failed check here, not a dead test runner.
    void deeplyNestedValue() {
        QTemporaryDir dir;
        {
            auto store = server::openDataDir(dir.path().toStdString());
            store->write([](server::StoreSession& s) { s.setMeta("kdf_cost", "minimum"); });
            QVERIFY(server::importAgencies(*store, readDataFile("agencies.csv")).ok());
            QVERIFY(server::importActionPlans(*store, readDataFile("action-plans.csv")).ok());
            QVERIFY(server::addUser(*store, "lead.schools", kPassword, "agency_lead", "STH-SCHOOLS").ok());
        }
        QProcess proc;
        proc.start(TANDEM_SERVER_BIN, {"serve", dir.path(), "--port", "0"});
        QVERIFY2(proc.waitForReadyRead(10000), "tandem-server did not start");
        const QString line = QString::fromUtf8(proc.readLine()).trimmed();  // ... listening on http://127.0.0.1:PORT
        const int port = line.section(':', -1).toInt();
        QVERIFY2(port > 0, qPrintable(line));
        httplib::Client c("127.0.0.1", port);
        c.set_read_timeout(std::chrono::seconds(20));
        auto res = c.Post("/v1/sign-in", signInBody("lead.schools"), "application/json");
        QVERIFY(res && res->status == 200);
        const std::string token = json::parse(res->body).at("token").get<std::string>();

        const std::string nested = std::string(100000, '[') + std::string(100000, ']');
        const std::string body = "{\"changes\":[{\"id\":\"c-1\",\"seq\":1,\"record\":\"" + std::string(kAction) +
                                 "\",\"field\":\"progress\",\"value\":" + nested + ",\"base\":0}]}";
        res = c.Post("/v1/push", test::bearer(token), body, "application/json");
        proc.waitForFinished(500);  // gives a crashing server the moment to be seen as crashed
        const bool alive = proc.state() == QProcess::Running;
        if (!alive) qInfo("tandem-server exited: %s, status %d", proc.exitStatus() == QProcess::CrashExit ? "crashed" : "normally", proc.exitCode());
        QVERIFY2(alive && res, ("tandem-server died on a 100000-deep value: " + httplib::to_string(res.error())).c_str());
        qInfo("100000-deep value: HTTP %d %s", res->status, res->body.substr(0, 160).c_str());
        if (res->status == 200) QCOMPARE(test::firstResult(res->body)["outcome"], json("rejected"));
        else QCOMPARE(res->status, 400);
        auto health = c.Get("/v1/health");
        QVERIFY(health && health->status == 200);
        proc.terminate();
        proc.waitForFinished(5000);
    }

    // One client sending a request a byte every 100 ms does not hold up the others.
    void slowClient() {
        const std::string request = "GET /v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
        std::atomic<bool> done{false};
        std::string answer;
        std::thread slow([&] {
            RawConnection c(server_->port());
            for (char ch : request) {
                c.send(std::string(1, ch));
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
            }
            bool closed = false;
            answer = c.readAll(std::chrono::seconds(5), &closed);
            done = true;
        });
        int served = 0;
        while (!done) {
            expectHealthy(std::chrono::seconds(1));
            if (QTest::currentTestFailed()) break;
            ++served;
            std::this_thread::sleep_for(std::chrono::milliseconds(200));
        }
        slow.join();
        QVERIFY2(served > 5, std::to_string(served).c_str());
        QVERIFY2(answer.rfind("HTTP/1.1 200", 0) == 0, answer.substr(0, 100).c_str());
    }

    // Slowloris: connections that send header lines a byte every 100 ms and never finish.
    // /v1/health from another client must still answer within a few seconds. The server reads
    // each connection on one of kHttpWorkers threads with a per-read timeout, so a trickle keeps
    // a worker forever: the second row (more trickles than workers) shows the limit.
    void slowloris_data() {
        QTest::addColumn<int>("connections");
        QTest::newRow("20 connections") << 20;
        QTest::newRow("more connections than workers") << static_cast<int>(server::kHttpWorkers) + 16;
    }
    void slowloris() {
        QFETCH(int, connections);
        std::atomic<bool> stop{false};
        std::atomic<int> connected{0}, cutOff{0};
        std::vector<std::thread> drips;
        for (int i = 0; i < connections; ++i)
            drips.emplace_back([&] {
                RawConnection c(server_->port());
                connected += c.connected();
                std::string bytes = "GET /v1/health HTTP/1.1\r\nHost: x\r\n";
                for (size_t k = 0; !stop; ++k) {
                    if (k >= bytes.size()) bytes += "X-Pad: y\r\n";
                    if (!c.send(std::string(1, bytes[k]))) {
                        ++cutOff;  // the server closed it
                        break;
                    }
                    std::this_thread::sleep_for(std::chrono::milliseconds(100));
                }
            });
        std::this_thread::sleep_for(std::chrono::seconds(1));  // all twenty are connected and dripping
        QElapsedTimer t;
        t.start();
        auto c = client();
        c.set_connection_timeout(std::chrono::seconds(4));
        c.set_read_timeout(std::chrono::seconds(4));
        auto res = c.Get("/v1/health");
        const auto waited = t.elapsed();
        stop = true;
        for (auto& d : drips) d.join();
        qInfo("slowloris: %d of %d connected, %d cut off by the server; health %s after %lld ms", connected.load(), connections,
              cutOff.load(), res ? "answered" : "got nothing", static_cast<long long>(waited));
        QVERIFY2(res && res->status == 200,
                 ("with " + std::to_string(connections) + " slow connections open, /v1/health got no answer within 4 s: " +
                  (res ? std::to_string(res->status) : httplib::to_string(res.error())))
                     .c_str());
        expectHealthy();
    }

    // Half a request, then the client closes its side: the server closes the connection.
    void halfClosed() {
        const auto before = test::snapshot(server_->store());
        RawConnection c(server_->port());
        QVERIFY(c.connected());
        QVERIFY(c.send("POST /v1/push HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token_ +
                       "\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n{\"changes\":[{\"id\":"));
        c.shutdownWrite();
        bool closed = false;
        const auto answer = c.readAll(std::chrono::seconds(10), &closed);
        QVERIFY2(closed, "the server kept a half-closed connection open for 10 s");
        if (!answer.empty()) qInfo("half-closed: answered %s", answer.substr(0, answer.find('\r')).c_str());
        QVERIFY(test::snapshot(server_->store()) == before);
        expectHealthy();
    }

    // Bytes that are not HTTP: answered 400 or closed, and nothing else happens.
    void garbageBytes() {
        const auto before = test::snapshot(server_->store());
        const unsigned seed = 20260311;
        qInfo("garbage seed %u", seed);
        std::mt19937 rng(seed);
        for (int round = 0; round < 5; ++round) {
            std::string bytes(2000, '\0');
            for (auto& b : bytes) b = static_cast<char>(rng());
            if (round == 4) bytes = "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03";  // a TLS ClientHello start
            RawConnection c(server_->port());
            QVERIFY(c.connected());
            c.send(bytes);
            c.shutdownWrite();
            bool closed = false;
            const auto answer = c.readAll(std::chrono::seconds(10), &closed);
            QVERIFY2(closed, "the server kept a garbage connection open");
            QVERIFY2(answer.empty() || answer.rfind("HTTP/1.1 400", 0) == 0, answer.substr(0, 100).c_str());
        }
        QVERIFY(test::snapshot(server_->store()) == before);
        expectHealthy();
    }

    // 200 devices pulling at once are all served (as pc.merpol, whose scope holds none of the
    // huge rejections above).
    void concurrentPulls() {
        auto signIn = client().Post("/v1/sign-in", signInBody("pc.merpol"), "application/json");
        QVERIFY(signIn && signIn->status == 200);
        const std::string token = json::parse(signIn->body).at("token").get<std::string>();
        constexpr int kPulls = 200;
        std::vector<int> statuses(kPulls, 0);
        std::vector<std::thread> threads;
        QElapsedTimer t;
        t.start();
        for (int i = 0; i < kPulls; ++i)
            threads.emplace_back([&, i] {
                auto c = client();
                auto res = c.Get("/v1/pull", test::bearer(token));
                statuses[i] = res ? res->status : -static_cast<int>(res.error());
            });
        for (auto& th : threads) th.join();
        qInfo("%d concurrent pulls in %lld ms", kPulls, static_cast<long long>(t.elapsed()));
        for (int i = 0; i < kPulls; ++i)
            QVERIFY2(statuses[i] == 200, ("pull " + std::to_string(i) + ": " + std::to_string(statuses[i])).c_str());
        expectHealthy();
    }

    void cleanupTestCase() {
        expectHealthy();
        server_->stop();
    }
};

QTEST_MAIN(TestHostile)
#include "tst_hostile.moc"
