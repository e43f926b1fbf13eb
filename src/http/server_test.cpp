// End-to-end tests of xf::http::Server over real sockets, with a tiny blocking Beast client.
#include "http/server.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>
#include <vector>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/json/parse.hpp>
#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include "base/log_context.hpp"
#include "http/router.hpp"

namespace xf::http {
namespace {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;
using HttpResponse = bhttp::response<bhttp::string_body>;

// Per-request access logs are noise here; XF_TEST_LOG=1 shows them.
const bool kQuietLogs = [] {
    if (!std::getenv("XF_TEST_LOG")) spdlog::set_level(spdlog::level::warn);
    return true;
}();

// A blocking HTTP/1.1 client on one keep-alive connection.
class Client {
  public:
    explicit Client(uint16_t port) : stream_(ioc_) {
        stream_.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
    }

    HttpResponse Do(bhttp::verb method, std::string target, std::string body = {},
                    std::vector<std::pair<std::string, std::string>> headers = {}) {
        bhttp::request<bhttp::string_body> req{method, target, 11};
        req.set(bhttp::field::host, "127.0.0.1");
        for (const auto& [k, v] : headers) req.set(k, v);
        req.body() = std::move(body);
        req.prepare_payload();
        bhttp::write(stream_, req);
        return Read();
    }

    HttpResponse Get(std::string target) { return Do(bhttp::verb::get, std::move(target)); }

    HttpResponse Read() {
        bhttp::response_parser<bhttp::string_body> parser;
        parser.body_limit(64 << 20);
        bhttp::read(stream_, buffer_, parser);
        return parser.release();
    }

    void WriteRaw(std::string_view bytes) { net::write(stream_.socket(), net::buffer(bytes)); }

    // True if the server closed the connection (EOF or reset on the next read).
    bool PeerClosed() {
        beast::error_code ec;
        char c;
        stream_.expires_after(std::chrono::seconds(5));
        stream_.read_some(net::buffer(&c, 1), ec);
        return ec == net::error::eof || ec == net::error::connection_reset;
    }

    tcp::socket& Socket() { return stream_.socket(); }

  private:
    net::io_context ioc_;
    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
};

boost::json::object ParseObject(const std::string& body) { return boost::json::parse(body).as_object(); }

class ServerTest : public ::testing::Test {
  protected:
    void SetUp() override {
        router_.Add(Method::kGet, "/api/ping", [](Request&) {
            return Response::Json(200, boost::json::object{{"pong", true}});
        });
        router_.Add(Method::kPost, "/api/echo", [](Request& req) {
            Response r;
            r.content_type = std::string(req.Header("content-type").value_or("text/plain"));
            r.body = req.body;
            r.headers.emplace_back("X-Echo-Length", std::to_string(req.body.size()));
            return r;
        });
        router_.Add(Method::kGet, "/api/items/{name}", [](Request& req) {
            boost::json::object o;
            o["name"] = req.path_params.at("name");
            o["path"] = req.path;
            o["target"] = req.target;
            boost::json::array q;
            for (const auto& [k, v] : req.query)
                q.push_back(boost::json::array{boost::json::string(k), boost::json::string(v)});
            o["query"] = std::move(q);
            o["request_id"] = req.request_id;
            o["remote_addr"] = req.remote_addr;
            return Response::Json(200, o);
        });
        router_.Add(Method::kPost, "/api/count", [this](Request&) {
            ++handler_calls_;
            return Response::Json(200, boost::json::object{{"ok", true}});
        });
        router_.Add(Method::kGet, "/api/throw",
                    [](Request&) -> Response { throw std::runtime_error("secret detail"); });
        router_.Add(Method::kGet, "/api/sleep", [](Request& req) {
            int ms = std::atoi(std::string(req.Query("ms").value_or("5")).c_str());
            std::this_thread::sleep_for(std::chrono::milliseconds(ms));
            return Response::Json(200, boost::json::object{{"slept", ms}});
        });
        router_.Add(Method::kGet, "/api/slow", [this](Request&) {
            in_slow_handler_ = true;
            std::this_thread::sleep_for(std::chrono::milliseconds(400));
            return Response::Json(200, boost::json::object{{"slow", true}});
        });
        router_.Add(Method::kGet, "/api/bad-status", [](Request&) {
            Response r;
            r.status = 42;
            return r;
        });
        router_.Add(Method::kGet, "/api/no-content", [](Request&) {
            Response r;
            r.status = 204;
            return r;
        });
        router_.Add(Method::kGet, "/api/file", [this](Request&) {
            Response r;
            r.content_type = "text/plain; charset=utf-8";
            r.file_path = file_path_;
            r.headers.emplace_back("Cache-Control", "no-cache");
            return r;
        });
    }

    void TearDown() override {
        if (server_) server_->Stop();
        if (!file_path_.empty()) std::filesystem::remove(file_path_);
    }

    void StartServer(ServerOptions opts = {}) {
        opts.port = 0;
        server_ = std::make_unique<Server>(opts, [this](Request& req) { return router_.Dispatch(req); });
        auto st = server_->Start();
        ASSERT_TRUE(st.has_value()) << st.error().message;
        ASSERT_NE(server_->Port(), 0);
    }

    uint16_t Port() const { return server_->Port(); }

    Router router_;
    std::unique_ptr<Server> server_;
    std::atomic<int> handler_calls_{0};
    std::atomic<bool> in_slow_handler_{false};
    std::string file_path_;
};

TEST_F(ServerTest, ClientAddressComesFromXForwardedForOnlyBehindATrustedProxy) {
    StartServer();
    Client c(Port());
    auto res = c.Do(bhttp::verb::get, "/api/items/x", {}, {{"X-Forwarded-For", "203.0.113.7"}});
    EXPECT_EQ(ParseObject(res.body()).at("remote_addr").as_string(), "127.0.0.1");  // anyone may send the header
    server_->Stop();

    ServerOptions opts;
    opts.trusted_proxies = {"127.0.0.1"};
    StartServer(opts);
    Client d(Port());
    res = d.Do(bhttp::verb::get, "/api/items/x", {}, {{"X-Forwarded-For", "198.51.100.1, 203.0.113.7"}});
    EXPECT_EQ(ParseObject(res.body()).at("remote_addr").as_string(), "203.0.113.7");  // what nginx appended
    res = d.Do(bhttp::verb::get, "/api/items/x", {}, {{"X-Forwarded-For", "not-an-address"}});
    EXPECT_EQ(ParseObject(res.body()).at("remote_addr").as_string(), "127.0.0.1");
    res = d.Do(bhttp::verb::get, "/api/items/x");
    EXPECT_EQ(ParseObject(res.body()).at("remote_addr").as_string(), "127.0.0.1");
}

TEST_F(ServerTest, GetJsonWithStandardHeaders) {
    StartServer();
    Client c(Port());
    auto res = c.Get("/api/ping");
    EXPECT_EQ(res.result_int(), 200);
    EXPECT_EQ(res[bhttp::field::content_type], "application/json; charset=utf-8");
    EXPECT_EQ(res["X-Content-Type-Options"], "nosniff");
    EXPECT_EQ(res["X-Request-Id"].size(), 16u);
    EXPECT_EQ(ParseObject(res.body()).at("pong").as_bool(), true);
}

TEST_F(ServerTest, PostEchoesBody) {
    StartServer();
    Client c(Port());
    std::string body = R"({"name":"张三","text":"反映小区噪音问题"})";
    auto res = c.Do(bhttp::verb::post, "/api/echo", body, {{"Content-Type", "application/json"}});
    EXPECT_EQ(res.result_int(), 200);
    EXPECT_EQ(res.body(), body);
    EXPECT_EQ(res[bhttp::field::content_type], "application/json");
    EXPECT_EQ(res["X-Echo-Length"], std::to_string(body.size()));
}

TEST_F(ServerTest, DecodesPathAndQueryAndKeepsSaneRequestId) {
    StartServer();
    Client c(Port());
    auto res =
        c.Do(bhttp::verb::get, "/api/items/%E5%BC%A0%E4%B8%89?q=a+b&x=%2F&flag", {}, {{"X-Request-Id", "abc-123_X.y"}});
    ASSERT_EQ(res.result_int(), 200) << res.body();
    auto o = ParseObject(res.body());
    EXPECT_EQ(o.at("name").as_string(), "张三");
    EXPECT_EQ(o.at("path").as_string(), "/api/items/张三");
    EXPECT_EQ(o.at("target").as_string(), "/api/items/%E5%BC%A0%E4%B8%89?q=a+b&x=%2F&flag");
    auto q = o.at("query").as_array();
    ASSERT_EQ(q.size(), 3u);
    EXPECT_EQ(q[0].as_array()[1].as_string(), "a b");
    EXPECT_EQ(q[1].as_array()[1].as_string(), "/");
    EXPECT_EQ(q[2].as_array()[0].as_string(), "flag");
    EXPECT_EQ(o.at("request_id").as_string(), "abc-123_X.y");
    EXPECT_EQ(o.at("remote_addr").as_string(), "127.0.0.1");
    EXPECT_EQ(res["X-Request-Id"], "abc-123_X.y");

    // An unsafe request id is replaced.
    res = c.Do(bhttp::verb::get, "/api/items/x", {}, {{"X-Request-Id", "bad id with spaces"}});
    EXPECT_EQ(res["X-Request-Id"].size(), 16u);
    EXPECT_NE(res["X-Request-Id"], "bad id with spaces");
}

TEST_F(ServerTest, ProblemAnswersNameTheRequestId) {
    StartServer();
    Client c(Port());
    // A handler's problem (the router's 404), with the client's id …
    auto res = c.Do(bhttp::verb::get, "/api/nothing-here", {}, {{"X-Request-Id", "trace-77"}});
    EXPECT_EQ(res.result_int(), 404);
    EXPECT_EQ(ParseObject(res.body()).at("request_id").as_string(), "trace-77");
    // … one the server answers itself (a bad target never reaches a handler), with a generated id …
    res = c.Get("/api/items/%FF");
    EXPECT_EQ(res.result_int(), 400);
    EXPECT_EQ(ParseObject(res.body()).at("request_id").as_string(), std::string(res["X-Request-Id"]));
    // … and a handler that threw.
    res = c.Do(bhttp::verb::get, "/api/throw", {}, {{"X-Request-Id", "boom-1"}});
    EXPECT_EQ(res.result_int(), 500);
    EXPECT_EQ(ParseObject(res.body()).at("request_id").as_string(), "boom-1");
    // Success bodies are left alone.
    res = c.Get("/api/ping");
    EXPECT_FALSE(ParseObject(res.body()).contains("request_id"));
}

TEST_F(ServerTest, HandlersRunWithTheRequestIdInScope) {
    router_.Add(Method::kGet, "/api/whoami", [](Request&) {
        return Response::Json(200, boost::json::object{{"rid", std::string(log::CurrentRequestId())}});
    });
    StartServer();
    Client c(Port());
    auto res = c.Do(bhttp::verb::get, "/api/whoami", {}, {{"X-Request-Id", "scope-1"}});
    EXPECT_EQ(ParseObject(res.body()).at("rid").as_string(), "scope-1");
    EXPECT_EQ(log::CurrentRequestId(), "");
}

TEST_F(ServerTest, ReportsEveryCompletedRequestWithItsRoutePattern) {
    struct Seen {
        std::string method, route;
        int status;
    };
    std::mutex mu;
    std::vector<Seen> seen;
    ServerOptions opts;
    opts.max_body_bytes = 16;
    opts.on_complete = [&](const CompletedRequest& r) {
        std::lock_guard lock(mu);
        seen.push_back({std::string(r.method), std::string(r.route), r.status});
        EXPECT_GE(r.elapsed.count(), 0);
    };
    StartServer(opts);
    {
        Client c(Port());
        c.Get("/api/items/abc");
        c.Get("/api/items/def?x=1");
        c.Get("/api/unknown/path");
        c.Do(bhttp::verb::delete_, "/api/ping");
        c.Get("/api/items/%FF");
    }
    {
        Client big(Port());
        big.Do(bhttp::verb::post, "/api/echo", std::string(100, 'x'));
    }
    server_->Stop();  // every response written and reported
    std::lock_guard lock(mu);
    ASSERT_EQ(seen.size(), 6u);
    EXPECT_EQ(seen[0].route, "/api/items/{name}");
    EXPECT_EQ(seen[0].method, "GET");
    EXPECT_EQ(seen[0].status, 200);
    EXPECT_EQ(seen[1].route, "/api/items/{name}");  // the pattern, never the raw path
    EXPECT_EQ(seen[2].route, "unmatched");
    EXPECT_EQ(seen[2].status, 404);
    EXPECT_EQ(seen[3].route, "/api/ping");
    EXPECT_EQ(seen[3].method, "DELETE");
    EXPECT_EQ(seen[3].status, 405);
    // The last two came on two connections: either may be reported first (the sanitizer build once saw 413 first).
    std::sort(seen.begin() + 4, seen.end(), [](const Seen& a, const Seen& b) { return a.status < b.status; });
    EXPECT_EQ(seen[4].route, "");  // refused before routing
    EXPECT_EQ(seen[4].status, 400);
    EXPECT_EQ(seen[5].route, "");
    EXPECT_EQ(seen[5].status, 413);
}

TEST_F(ServerTest, RejectsDangerousTargetsWith400) {
    StartServer();
    Client c(Port());
    for (std::string target : {"/api/items/a%2Fb", "/static/../etc/passwd", "/static/%2e%2e/x", "/api/items/a%00",
                               "/api/items/%FF", "/api/items/%0Ainjected", "/bad%zz"}) {
        auto res = c.Get(target);
        EXPECT_EQ(res.result_int(), 400) << target;
        EXPECT_EQ(res[bhttp::field::content_type], "application/problem+json; charset=utf-8");
        EXPECT_EQ(ParseObject(res.body()).at("code").as_string(), "invalid_argument");
        EXPECT_TRUE(res.keep_alive()) << "the request was complete, so the connection stays usable";
    }
}

TEST_F(ServerTest, KeepAliveServesThreeRequestsOnOneConnection) {
    StartServer();
    Client c(Port());
    std::string local_port = std::to_string(c.Socket().local_endpoint().port());
    for (int i = 0; i < 3; ++i) {
        auto res = i == 1 ? c.Do(bhttp::verb::post, "/api/echo", "第二个", {{"Content-Type", "text/plain"}})
                          : c.Get("/api/ping");
        EXPECT_EQ(res.result_int(), 200) << i;
        EXPECT_TRUE(res.keep_alive()) << i;
    }
    EXPECT_EQ(std::to_string(c.Socket().local_endpoint().port()), local_port);
}

TEST_F(ServerTest, ConnectionCloseIsHonoured) {
    StartServer();
    Client c(Port());
    auto res = c.Do(bhttp::verb::get, "/api/ping", {}, {{"Connection", "close"}});
    EXPECT_EQ(res.result_int(), 200);
    EXPECT_FALSE(res.keep_alive());
    EXPECT_TRUE(c.PeerClosed());
}

TEST_F(ServerTest, OversizedBodyGets413WithoutCallingHandler) {
    ServerOptions opts;
    opts.max_body_bytes = 1 << 20;
    StartServer(opts);
    Client c(Port());
    auto res = c.Do(bhttp::verb::post, "/api/count", std::string(2 << 20, 'x'), {{"Content-Type", "text/plain"}});
    EXPECT_EQ(res.result_int(), 413);
    EXPECT_EQ(res[bhttp::field::content_type], "application/problem+json; charset=utf-8");
    auto o = ParseObject(res.body());
    EXPECT_EQ(o.at("status").as_int64(), 413);
    EXPECT_EQ(o.at("code").as_string(), "resource_exhausted");
    EXPECT_NE(std::string(o.at("detail").as_string()).find("请求体过大"), std::string::npos);
    EXPECT_FALSE(res.keep_alive());
    EXPECT_EQ(handler_calls_, 0);

    // Exactly at the limit is fine.
    Client c2(Port());
    res = c2.Do(bhttp::verb::post, "/api/count", std::string(1 << 20, 'x'), {{"Content-Type", "text/plain"}});
    EXPECT_EQ(res.result_int(), 200);
    EXPECT_EQ(handler_calls_, 1);
}

TEST_F(ServerTest, OversizedChunkedBodyGets413) {
    StartServer();
    Client c(Port());
    std::string chunk(64 * 1024, 'y');
    std::string head = "POST /api/count HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
    c.WriteRaw(head);
    char size_line[32];
    std::snprintf(size_line, sizeof size_line, "%zx\r\n", chunk.size());
    beast::error_code ec;
    for (int i = 0; i < 20 && !ec; ++i) {  // 1.25 MiB > 1 MiB
        std::string piece = size_line + chunk + "\r\n";
        net::write(c.Socket(), net::buffer(piece), ec);
    }
    auto res = c.Read();
    EXPECT_EQ(res.result_int(), 413);
    EXPECT_EQ(handler_calls_, 0);
}

TEST_F(ServerTest, ExpectContinue) {
    StartServer();
    {
        Client c(Port());
        c.WriteRaw(
            "POST /api/echo HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n"
            "Expect: 100-continue\r\n\r\n");
        auto interim = c.Read();
        EXPECT_EQ(interim.result_int(), 100);
        c.WriteRaw("hello");
        auto res = c.Read();
        EXPECT_EQ(res.result_int(), 200);
        EXPECT_EQ(res.body(), "hello");
    }
    {
        // Too large: 413 straight away, the client never has to send the body.
        Client c(Port());
        c.WriteRaw("POST /api/count HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\nExpect: 100-continue\r\n\r\n");
        auto res = c.Read();
        EXPECT_EQ(res.result_int(), 413);
        EXPECT_EQ(handler_calls_, 0);
    }
}

TEST_F(ServerTest, GarbageRequestLineGets400AndClose) {
    StartServer();
    Client c(Port());
    c.WriteRaw("THIS IS NOT HTTP\r\n\r\n");
    auto res = c.Read();
    EXPECT_EQ(res.result_int(), 400);
    EXPECT_EQ(res[bhttp::field::content_type], "application/problem+json; charset=utf-8");
    EXPECT_EQ(ParseObject(res.body()).at("status").as_int64(), 400);
    EXPECT_FALSE(res["X-Request-Id"].empty());
    EXPECT_TRUE(c.PeerClosed());
}

TEST_F(ServerTest, HandlerExceptionGives500ProblemWithoutDetails) {
    StartServer();
    Client c(Port());
    auto res = c.Get("/api/throw");
    EXPECT_EQ(res.result_int(), 500);
    EXPECT_EQ(res[bhttp::field::content_type], "application/problem+json; charset=utf-8");
    auto o = ParseObject(res.body());
    EXPECT_EQ(o.at("code").as_string(), "internal");
    EXPECT_EQ(o.at("title").as_string(), "服务器内部错误");
    EXPECT_EQ(res.body().find("secret detail"), std::string::npos);
    // The connection survives.
    EXPECT_EQ(c.Get("/api/ping").result_int(), 200);
    // A nonsensical status from a handler is a server bug too.
    res = c.Get("/api/bad-status");
    EXPECT_EQ(res.result_int(), 500);
    EXPECT_EQ(c.Get("/api/ping").result_int(), 200);
}

TEST_F(ServerTest, RouterErrorsReachTheWire) {
    StartServer();
    Client c(Port());
    auto res = c.Get("/api/unknown");
    EXPECT_EQ(res.result_int(), 404);
    EXPECT_EQ(res[bhttp::field::content_type], "application/problem+json; charset=utf-8");
    res = c.Do(bhttp::verb::delete_, "/api/ping");
    EXPECT_EQ(res.result_int(), 405);
    EXPECT_EQ(res[bhttp::field::allow], "GET, HEAD, OPTIONS");
}

TEST_F(ServerTest, HeadSendsHeadersOnly) {
    StartServer();
    Client c(Port());
    auto get = c.Get("/api/ping");
    bhttp::request<bhttp::empty_body> req{bhttp::verb::head, "/api/ping", 11};
    req.set(bhttp::field::host, "x");
    bhttp::write(c.Socket(), req);
    bhttp::response_parser<bhttp::empty_body> parser;
    parser.skip(true);
    beast::flat_buffer buf;
    bhttp::read(c.Socket(), buf, parser);
    EXPECT_EQ(parser.get().result_int(), 200);
    EXPECT_EQ(parser.get()[bhttp::field::content_length], std::to_string(get.body().size()));
    // Nothing beyond the header was sent: the next response on the connection parses cleanly.
    bhttp::request<bhttp::empty_body> ping{bhttp::verb::get, "/api/ping", 11};
    ping.set(bhttp::field::host, "x");
    bhttp::write(c.Socket(), ping);
    HttpResponse next;
    bhttp::read(c.Socket(), buf, next);
    EXPECT_EQ(next.result_int(), 200);
    EXPECT_EQ(next.body(), get.body());
}

TEST_F(ServerTest, NoContentHasNoBodyHeaders) {
    StartServer();
    Client c(Port());
    auto res = c.Get("/api/no-content");
    EXPECT_EQ(res.result_int(), 204);
    EXPECT_EQ(res.count(bhttp::field::content_type), 0u);
    EXPECT_EQ(res.count(bhttp::field::content_length), 0u);
    EXPECT_EQ(c.Get("/api/ping").result_int(), 200);
}

TEST_F(ServerTest, StreamsFilesAnd404sMissingOnes) {
    file_path_ =
        (std::filesystem::temp_directory_path() / ("xf_http_test_" + std::to_string(::getpid()) + ".txt")).string();
    std::string content;
    for (int i = 0; i < 20000; ++i) content += "信访事项第" + std::to_string(i) + "行\n";
    std::ofstream(file_path_, std::ios::binary) << content;
    StartServer();
    Client c(Port());
    auto res = c.Get("/api/file");
    EXPECT_EQ(res.result_int(), 200);
    EXPECT_EQ(res.body(), content);
    EXPECT_EQ(res[bhttp::field::content_type], "text/plain; charset=utf-8");
    EXPECT_EQ(res[bhttp::field::cache_control], "no-cache");

    std::filesystem::remove(file_path_);
    res = c.Get("/api/file");
    EXPECT_EQ(res.result_int(), 404);
    EXPECT_EQ(res[bhttp::field::content_type], "application/problem+json; charset=utf-8");

    // A directory is not a file.
    file_path_ = std::filesystem::temp_directory_path().string();
    res = c.Get("/api/file");
    EXPECT_EQ(res.result_int(), 404);
    file_path_.clear();
}

TEST_F(ServerTest, ConcurrentClientsDoNotSerializeOnBlockingHandlers) {
    ServerOptions opts;
    opts.io_threads = 2;
    opts.worker_threads = 32;
    StartServer(opts);
    constexpr int kClients = 8, kRequests = 50, kSleepMs = 5;
    std::atomic<int> ok{0};
    auto start = Clock::now();
    std::vector<std::thread> threads;
    for (int t = 0; t < kClients; ++t) {
        threads.emplace_back([&] {
            Client c(Port());
            for (int i = 0; i < kRequests; ++i)
                if (c.Get("/api/sleep?ms=" + std::to_string(kSleepMs)).result_int() == 200) ++ok;
        });
    }
    for (auto& t : threads) t.join();
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
    EXPECT_EQ(ok, kClients * kRequests);
    constexpr int kSequentialMs = kClients * kRequests * kSleepMs;  // 2000 ms
    EXPECT_LT(ms, kSequentialMs / 2) << "requests appear to be serialized";
    std::printf("[          ] %d requests by %d clients took %lld ms (sequential: %d ms)\n", kClients * kRequests,
                kClients, static_cast<long long>(ms), kSequentialMs);
}

TEST_F(ServerTest, BlockedHandlerDoesNotBlockIoThread) {
    ServerOptions opts;
    opts.io_threads = 1;
    opts.worker_threads = 4;
    StartServer(opts);
    std::thread slow([&] {
        Client c(Port());
        EXPECT_EQ(c.Get("/api/sleep?ms=1500").result_int(), 200);
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    auto start = Clock::now();
    Client c(Port());
    EXPECT_EQ(c.Get("/api/ping").result_int(), 200);
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
    EXPECT_LT(ms, 700);
    slow.join();
}

TEST_F(ServerTest, GracefulStopFinishesInFlightAndClosesIdle) {
    StartServer();
    Client idle(Port());
    EXPECT_EQ(idle.Get("/api/ping").result_int(), 200);  // now idle on keep-alive

    HttpResponse slow_res;
    std::thread slow([&] {
        Client c(Port());
        slow_res = c.Get("/api/slow");
    });
    while (!in_slow_handler_) std::this_thread::sleep_for(std::chrono::milliseconds(2));

    auto start = Clock::now();
    server_->Stop();
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
    slow.join();
    EXPECT_EQ(slow_res.result_int(), 200) << "in-flight request was cut off";
    EXPECT_FALSE(slow_res.keep_alive()) << "a stopping server closes after the last response";
    EXPECT_LT(ms, 3000) << "Stop() should not wait for idle keep-alive connections";
    EXPECT_TRUE(idle.PeerClosed());

    // No longer accepting.
    net::io_context ioc;
    tcp::socket s(ioc);
    beast::error_code ec;
    s.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), Port()), ec);
    EXPECT_TRUE(ec) << "still accepting after Stop()";

    server_->Stop();  // idempotent
    server_->Wait();  // returns at once after Stop
}

TEST_F(ServerTest, StopGivesUpOnStuckRequestAfterGrace) {
    ServerOptions opts;
    opts.shutdown_grace = std::chrono::seconds(1);
    StartServer(opts);
    std::atomic<bool> got_response{false};
    std::thread stuck([&] {
        Client c(Port());
        try {
            c.Get("/api/sleep?ms=2500");
            got_response = true;
        } catch (const std::exception&) {  // EOF: the connection was dropped
        }
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    auto start = Clock::now();
    server_->Stop();  // waits the grace period, drops the connection, then waits for the handler to return
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
    stuck.join();
    EXPECT_FALSE(got_response);
    EXPECT_GE(ms, 900);
    EXPECT_LT(ms, 5000);
    server_.reset();  // destroying a force-stopped server must not crash
}

TEST_F(ServerTest, WaitBlocksUntilStop) {
    StartServer();
    std::atomic<bool> waited{false};
    std::thread waiter([&] {
        server_->Wait();
        waited = true;
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    EXPECT_FALSE(waited);
    server_->Stop();
    waiter.join();
    EXPECT_TRUE(waited);
}

TEST_F(ServerTest, StartFailsWhenPortTaken) {
    StartServer();
    ServerOptions opts;
    opts.port = Port();
    Server second(opts, [](Request&) { return Response{}; });
    auto st = second.Start();
    ASSERT_FALSE(st.has_value());
    EXPECT_EQ(st.error().code, ErrorCode::kUnavailable);
    // Starting twice is refused.
    auto again = server_->Start();
    ASSERT_FALSE(again.has_value());
    EXPECT_EQ(again.error().code, ErrorCode::kFailedPrecondition);
}

TEST_F(ServerTest, BadHostIsUnavailable) {
    ServerOptions opts;
    opts.host = "256.1.1.1";
    opts.port = 0;
    Server s(opts, [](Request&) { return Response{}; });
    auto st = s.Start();
    ASSERT_FALSE(st.has_value());
    EXPECT_EQ(st.error().code, ErrorCode::kUnavailable);
}

// ---- security headers, query text and the read timeout (issue #9; docs/architecture.md "Security headers")

TEST_F(ServerTest, EveryResponseCarriesSecurityHeaders) {
    router_.Add(Method::kGet, "/page", [](Request&) {
        Response r;
        r.content_type = "text/html; charset=utf-8";
        r.body = "<!doctype html><p>页面</p>";
        return r;
    });
    router_.Add(Method::kGet, "/download", [](Request&) {
        Response r;
        r.content_type = "application/pdf";
        r.body = "%PDF-";
        r.headers.emplace_back("Content-Security-Policy", "sandbox; default-src 'none'");
        r.headers.emplace_back("Cache-Control", "private, no-store");
        return r;
    });
    StartServer();
    Client c(Port());
    auto common = [](const HttpResponse& res, const std::string& what) {
        EXPECT_EQ(res["X-Content-Type-Options"], "nosniff") << what;
        EXPECT_EQ(res["X-Frame-Options"], "DENY") << what;
        EXPECT_EQ(res["Referrer-Policy"], "no-referrer") << what;
        EXPECT_NE(res["Permissions-Policy"].find("camera=()"), std::string::npos) << what;
        EXPECT_TRUE(res["Strict-Transport-Security"].empty()) << what << ": not over TLS";
    };
    // API JSON (and errors): nothing may run, nothing is cached.
    for (std::string target : {"/api/ping", "/nowhere", "/api/throw"}) {
        auto res = c.Get(target);
        common(res, target);
        EXPECT_EQ(res["Content-Security-Policy"],
                  "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'") << target;
        EXPECT_EQ(res[bhttp::field::cache_control], "no-store") << target;
    }
    // A page: scripts from our origin only, never framed.
    auto page = c.Get("/page");
    common(page, "page");
    std::string csp(page["Content-Security-Policy"]);
    for (const char* d : {"default-src 'self'", "script-src 'self';", "object-src 'none'", "frame-ancestors 'none'",
                          "base-uri 'self'", "form-action 'self'", "img-src 'self' data: blob:"})
        EXPECT_NE(csp.find(d), std::string::npos) << d << " in " << csp;
    EXPECT_EQ(csp.find("unsafe-eval"), std::string::npos);
    EXPECT_EQ(csp.find("script-src 'self' 'unsafe-inline'"), std::string::npos);
    // A handler's own policy and caching are kept, not doubled.
    auto dl = c.Get("/download");
    common(dl, "download");
    EXPECT_EQ(dl["Content-Security-Policy"], "sandbox; default-src 'none'");
    EXPECT_EQ(dl[bhttp::field::cache_control], "private, no-store");
    EXPECT_EQ(std::distance(dl.equal_range("Content-Security-Policy").first,
                            dl.equal_range("Content-Security-Policy").second), 1);
    // A protocol error answered by the server itself has them too.
    Client g(Port());
    g.WriteRaw("NOT HTTP AT ALL\r\n\r\n");
    auto bad = g.Read();
    EXPECT_EQ(bad.result_int(), 400);
    common(bad, "protocol error");
}

TEST_F(ServerTest, HstsOnlyWhenATrustedProxySaysTheRequestCameOverTls) {
    StartServer();  // 127.0.0.1 is not trusted: anyone may send X-Forwarded-Proto
    Client c(Port());
    auto res = c.Do(bhttp::verb::get, "/api/ping", {}, {{"X-Forwarded-Proto", "https"}});
    EXPECT_TRUE(res["Strict-Transport-Security"].empty());
    server_->Stop();

    ServerOptions opts;
    opts.trusted_proxies = {"127.0.0.1"};
    StartServer(opts);
    Client d(Port());
    res = d.Do(bhttp::verb::get, "/api/ping", {}, {{"X-Forwarded-Proto", "https"}});
    EXPECT_EQ(res["Strict-Transport-Security"], "max-age=31536000");
    res = d.Do(bhttp::verb::get, "/api/ping", {}, {{"X-Forwarded-Proto", "http"}});
    EXPECT_TRUE(res["Strict-Transport-Security"].empty()) << "per request, not per connection";
    res = d.Get("/api/ping");
    EXPECT_TRUE(res["Strict-Transport-Security"].empty());
}

TEST_F(ServerTest, QueryTextMustBeUtf8WithoutControlCharacters) {
    StartServer();
    Client c(Port());
    for (auto [target, field] : {std::pair{"/api/items/x?q=%FF%FE", "q"}, {"/api/items/x?q=a%00b", "q"},
                                 {"/api/items/x?name=%1B%5B31m", "name"}, {"/api/items/x?q=%7F", "q"},
                                 {"/api/items/x?%FF=1", "query"}}) {
        auto res = c.Get(target);
        EXPECT_EQ(res.result_int(), 400) << target;
        EXPECT_EQ(ParseObject(res.body()).at("field").as_string(), field) << target;
    }
    // Tab, line feed and carriage return are text; so is Chinese.
    auto res = c.Get("/api/items/x?q=%E4%BF%A1%E8%AE%BF%09a%0Ab%0D");
    EXPECT_EQ(res.result_int(), 200);
    EXPECT_EQ(ParseObject(res.body()).at("query").as_array().at(0).as_array().at(1).as_string(), "信访\ta\nb\r");
}

TEST_F(ServerTest, SlowHeaderIsCutOffByTheReadTimeout) {
    ServerOptions opts;
    opts.read_timeout = std::chrono::seconds(1);
    StartServer(opts);
    Client c(Port());
    // A slow-loris client: a header that never ends, one byte at a time. The server closes the connection once the
    // read timeout has passed (at most 60 bytes are tried: 12 s, well beyond the 1 s timeout).
    c.WriteRaw("GET /api/ping HTTP/1.1\r\nHost: x\r\nX-Slow: ");
    beast::error_code ec;
    for (int i = 0; i < 60 && !ec; ++i) {
        net::write(c.Socket(), net::buffer("a", 1), ec);
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    EXPECT_TRUE(ec || c.PeerClosed()) << "the connection is still open";
    // And the server still serves others.
    Client d(Port());
    EXPECT_EQ(d.Get("/api/ping").result_int(), 200);
}

// ParseRequestBytes: the connection's reading without a socket (the HTTP fuzz target drives it).
TEST(ParseRequestBytesTest, ReadsARequestAsAConnectionDoes) {
    auto r = ParseRequestBytes(
        "POST /api/v1/x%20y?a=1&b HTTP/1.1\r\nHost: h\r\nX-Request-Id: rid-1\r\nContent-Length: 2\r\n\r\n{}");
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->method, Method::kPost);
    EXPECT_EQ(r->path, "/api/v1/x y");
    ASSERT_EQ(r->query.size(), 2u);
    EXPECT_EQ(r->query[1].first, "b");
    EXPECT_EQ(r->Header("host"), "h");
    EXPECT_EQ(r->request_id, "rid-1");
    EXPECT_EQ(r->body, "{}");
    auto chunked = ParseRequestBytes("PUT /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n1\r\nc\r\n0\r\n\r\n");
    ASSERT_TRUE(chunked) << chunked.error().message;
    EXPECT_EQ(chunked->body, "abc");
}

TEST(ParseRequestBytesTest, LimitsAndMalformedInput) {
    ServerOptions o;
    o.max_body_bytes = 4;
    o.max_upload_bytes = 8;
    auto big = ParseRequestBytes("POST /a HTTP/1.1\r\nContent-Length: 5\r\n\r\n12345", o);
    ASSERT_FALSE(big);
    EXPECT_EQ(big.error().code, ErrorCode::kResourceExhausted);
    // The upload rule: a POST to .../attachments may carry up to max_upload_bytes, also when chunked.
    EXPECT_TRUE(ParseRequestBytes("POST /p/1/attachments HTTP/1.1\r\nContent-Length: 5\r\n\r\n12345", o));
    auto chunked = ParseRequestBytes("POST /a HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n12345\r\n0\r\n\r\n", o);
    ASSERT_FALSE(chunked);
    EXPECT_EQ(chunked.error().code, ErrorCode::kResourceExhausted);
    auto header = ParseRequestBytes("GET / HTTP/1.1\r\nX: " + std::string(20000, 'a') + "\r\n\r\n");
    ASSERT_FALSE(header);
    EXPECT_EQ(header.error().code, ErrorCode::kResourceExhausted);
    for (std::string_view bad : {"", "GET / HTTP/1.1\r\n", "POST /a HTTP/1.1\r\nContent-Length: 9\r\n\r\nabc",
                                 "GET /a/%2e%2e/b HTTP/1.1\r\n\r\n", "GET http://x/ HTTP/1.1\r\n\r\n", "\x01\x02\r\n\r\n"}) {
        auto r = ParseRequestBytes(bad);
        ASSERT_FALSE(r) << bad;
        EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument) << bad;
    }
}

}  // namespace
}  // namespace xf::http
