// Notifications: recipient masks, mail formatting, the webhook and SMTP notifiers against tiny in-test servers
// (plain blocking Asio), and the OutboxSender against the real SQLite store with a FakeClock.
#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <atomic>
#include <boost/asio/buffer.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>
#include <vector>

#include "notify/curl_support.hpp"
#include "notify/log_notifier.hpp"
#include "notify/mail_format.hpp"
#include "notify/routing_notifier.hpp"
#include "notify/sender.hpp"
#include "notify/smtp_notifier.hpp"
#include "notify/webhook_notifier.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace xf::notify {
namespace {

namespace net = boost::asio;
using tcp = net::ip::tcp;
using namespace std::chrono_literals;

const bool kInit = [] {
    if (!std::getenv("XF_TEST_LOG")) spdlog::set_level(spdlog::level::warn);
    return static_cast<bool>(InitCurl());
}();

// ---------------------------------------------------------------------------------------------- small helpers

std::string Base64Decode(std::string_view in) {
    static const std::string kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    uint32_t acc = 0;
    int bits = 0;
    for (char c : in) {
        auto pos = kAlphabet.find(c);
        if (pos == std::string::npos) continue;  // '=', CR, LF
        acc = (acc << 6) | static_cast<uint32_t>(pos);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((acc >> bits) & 0xFF);
        }
    }
    return out;
}

// Decodes a header value made of RFC 2047 "=?UTF-8?B?…?=" words (folded) back to UTF-8 text.
std::string DecodeEncodedWords(std::string_view v) {
    std::string out;
    size_t i = 0;
    while ((i = v.find("=?UTF-8?B?", i)) != std::string_view::npos) {
        auto end = v.find("?=", i + 10);
        out += Base64Decode(v.substr(i + 10, end - i - 10));
        i = end + 2;
    }
    return out;
}

std::string Lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// A port on 127.0.0.1 that nothing listens on (bound once, then closed).
uint16_t UnusedPort() {
    net::io_context io;
    tcp::acceptor a(io, tcp::endpoint(net::ip::make_address("127.0.0.1"), 0));
    return a.local_endpoint().port();
}

// --------------------------------------------------------------------------------------------------- masking

TEST(Mask, PhoneKeepsFirstThreeAndLastFour) {
    EXPECT_EQ(MaskRecipient(NotifyChannel::kSms, "13812341234"), "138****1234");
    EXPECT_EQ(MaskRecipient(NotifyChannel::kSms, ""), "");
}

TEST(Mask, EmailKeepsFirstCharacterAndDomain) {
    EXPECT_EQ(MaskRecipient(NotifyChannel::kEmail, "alice@example.com"), "a***@example.com");
    EXPECT_EQ(MaskEmail("张三@例子.中国"), "张***@例子.中国");
    EXPECT_EQ(MaskEmail("not-an-address"), "***");
    EXPECT_EQ(MaskEmail("@example.com"), "***");
    EXPECT_EQ(MaskEmail(""), "");
}

TEST(Mask, PlausibleEmail) {
    EXPECT_TRUE(IsPlausibleEmail("a@b"));
    EXPECT_TRUE(IsPlausibleEmail("first.last+tag@example.gov.cn"));
    for (const char* bad : {"", "a", "@b", "a@", "a@@b", "a b@c", "a@b\r\nRCPT TO:<x@y>", "<a@b>", "a@b,c@d"})
        EXPECT_FALSE(IsPlausibleEmail(bad)) << bad;
}

// Captures what spdlog's default logger writes while it lives.
class LogCapture {
  public:
    LogCapture() : previous_(spdlog::default_logger()) {
        auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out_);
        auto logger = std::make_shared<spdlog::logger>("capture", sink);
        logger->set_level(spdlog::level::trace);
        spdlog::set_default_logger(logger);
    }
    ~LogCapture() { spdlog::set_default_logger(previous_); }
    std::string Text() const { return out_.str(); }

  private:
    std::shared_ptr<spdlog::logger> previous_;
    std::ostringstream out_;
};

TEST(LogNotifier, WritesOneLinePerMessageWithTheRecipientMasked) {
    LogCapture capture;
    LogNotifier log;
    ASSERT_TRUE(log.Send({"k-1", NotifyChannel::kSms, "13812341234", "", "您的验证码是 123456", "portal.otp"}));
    ASSERT_TRUE(log.Send({"k-2", NotifyChannel::kEmail, "alice@example.com", "主题", "正文", "petition.step"}));
    std::string text = capture.Text();
    EXPECT_NE(text.find("to=138****1234"), std::string::npos) << text;
    EXPECT_NE(text.find("to=a***@example.com"), std::string::npos) << text;
    EXPECT_NE(text.find("key=k-1"), std::string::npos) << text;
    EXPECT_EQ(text.find("13812341234"), std::string::npos) << "the full number was logged: " << text;
    EXPECT_EQ(text.find("alice@"), std::string::npos) << "the full address was logged: " << text;
    EXPECT_EQ(text.find("123456"), std::string::npos) << "the body (a one-time code) was logged: " << text;
    EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 2);
}

// ------------------------------------------------------------------------------------------------ back-off

TEST(OutboxBackoff, DoublesFromThirtySecondsUpToAnHour) {
    const std::vector<std::pair<int, int>> table = {{1, 30},   {2, 60},   {3, 120},  {4, 240},   {5, 480},    {6, 960},
                                                    {7, 1920}, {8, 3600}, {9, 3600}, {12, 3600}, {100, 3600}, {0, 30}};
    for (auto [n, secs] : table) EXPECT_EQ(OutboxBackoff(n).count(), secs) << "after " << n << " failures";
}

TEST(OutboxNames, RoundTrip) {
    for (auto c : {NotifyChannel::kSms, NotifyChannel::kEmail}) EXPECT_EQ(ParseNotifyChannel(NotifyChannelName(c)), c);
    EXPECT_EQ(ParseNotifyChannel("fax"), std::nullopt);
    EXPECT_EQ(OutboxStatusName(OutboxStatus::kDead), "dead");
}

// --------------------------------------------------------------------------------------------- mail format

TEST(MailFormat, HeaderTextAsciiStaysChineseIsEncodedAndFolded) {
    EXPECT_EQ(EncodeHeaderText("Case update"), "Case update");
    std::string subject = "您的信访事项有新进展：县人社局已受理，请登录网上信访查询办理情况";
    std::string enc = EncodeHeaderText(subject);
    EXPECT_TRUE(enc.starts_with("=?UTF-8?B?")) << enc;
    EXPECT_NE(enc.find("\r\n "), std::string::npos) << "long subjects are folded: " << enc;
    size_t start = 0;
    while (start < enc.size()) {  // every encoded word ≤ 75 characters
        auto end = enc.find("\r\n ", start);
        std::string word = enc.substr(start, end == std::string::npos ? std::string::npos : end - start);
        EXPECT_LE(word.size(), 75u) << word;
        start = end == std::string::npos ? enc.size() : end + 3;
    }
    EXPECT_EQ(DecodeEncodedWords(enc), subject);
    // "=?" in plain text would be read as an encoded word, so it is encoded.
    EXPECT_TRUE(EncodeHeaderText("a =?b").starts_with("=?UTF-8?B?"));
}

TEST(MailFormat, HeaderInjectionIsNeutralised) {
    std::string enc = EncodeHeaderText("hello\r\nBcc: victim@example.com");
    EXPECT_EQ(enc.find('\r'), std::string::npos);
    EXPECT_EQ(enc.find('\n'), std::string::npos);
}

TEST(MailFormat, DateIsRfc5322InChinaTime) {
    // 2026-01-01T00:30:00Z is Thursday 08:30 in China.
    Instant t = std::chrono::sys_days{std::chrono::year{2026} / 1 / 1} + 30min;
    EXPECT_EQ(FormatMailDate(t), "Thu, 01 Jan 2026 08:30:00 +0800");
}

TEST(MailFormat, MessageIdFromKey) {
    EXPECT_EQ(MessageIdForKey("petition-12-3"), "<petition-12-3@xinfang>");
    EXPECT_EQ(MessageIdForKey("petition.step.7"), "<petition.step.7@xinfang>");
    EXPECT_EQ(MessageIdForKey("otp:Q1 2"), "<otp%3AQ1%202@xinfang>");
    EXPECT_EQ(MessageIdForKey(".a..b."), "<%2Ea.%2Eb%2E@xinfang>");
    EXPECT_NE(MessageIdForKey("a:b"), MessageIdForKey("a%3Ab")) << "percent itself is encoded: keys stay distinct";
}

TEST(MailFormat, Mailbox) {
    auto m = ParseMailbox("某县信访局 <noreply@example.gov.cn>", "smtp_from");
    ASSERT_TRUE(m) << m.error().message;
    EXPECT_EQ(m->display_name, "某县信访局");
    EXPECT_EQ(m->address, "noreply@example.gov.cn");
    EXPECT_TRUE(FormatMailbox(*m).starts_with("=?UTF-8?B?"));
    EXPECT_TRUE(FormatMailbox(*m).ends_with(" <noreply@example.gov.cn>"));
    EXPECT_EQ(FormatMailbox({"Office", "o@x.cn"}), "\"Office\" <o@x.cn>");
    auto bare = ParseMailbox("  noreply@example.gov.cn ", "smtp_from");
    ASSERT_TRUE(bare);
    EXPECT_EQ(FormatMailbox(*bare), "noreply@example.gov.cn");
    auto bad = ParseMailbox("Office <noreply>", "smtp_from");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().field, "smtp_from");
}

TEST(MailFormat, Base64) {
    EXPECT_EQ(Base64Encode(""), "");
    EXPECT_EQ(Base64Encode("f"), "Zg==");
    EXPECT_EQ(Base64Encode("fo"), "Zm8=");
    EXPECT_EQ(Base64Encode("foo"), "Zm9v");
    std::string lines = Base64Encode(std::string(100, 'x'), 76);
    EXPECT_EQ(lines.find("\r\n"), 76u);
    EXPECT_TRUE(lines.ends_with("\r\n"));
    EXPECT_EQ(Base64Decode(lines), std::string(100, 'x'));
}

// ------------------------------------------------------------------------------------- tiny HTTP server

struct HttpRecord {
    std::string method, target, body;
    std::map<std::string, std::string> headers;  // names lower-cased
};

// Serves one request per connection on 127.0.0.1: records it, waits `delay`, answers `status`. Blocking Asio on
// its own thread; the destructor wakes and joins it.
class TinyHttpServer {
  public:
    explicit TinyHttpServer(int status = 200, std::chrono::milliseconds delay = 0ms)
        : status_(status), delay_(delay), acceptor_(io_, tcp::endpoint(net::ip::make_address("127.0.0.1"), 0)) {
        port_ = acceptor_.local_endpoint().port();
        thread_ = std::thread([this] { Serve(); });
    }
    ~TinyHttpServer() {
        {
            std::lock_guard lock(mu_);
            stopping_ = true;
        }
        cv_.notify_all();
        net::io_context io;  // wake the blocking accept
        tcp::socket s(io);
        boost::system::error_code ec;
        s.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port_), ec);
        thread_.join();
    }
    uint16_t port() const { return port_; }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/hook"; }
    std::vector<HttpRecord> records() {
        std::lock_guard lock(mu_);
        return records_;
    }

  private:
    void Serve() {
        for (;;) {
            tcp::socket s(io_);
            boost::system::error_code ec;
            acceptor_.accept(s, ec);
            {
                std::lock_guard lock(mu_);
                if (stopping_) return;
            }
            if (ec) continue;
            Handle(s);
        }
    }
    void Handle(tcp::socket& s) {
        boost::system::error_code ec;
        net::streambuf buf;
        size_t n = net::read_until(s, buf, "\r\n\r\n", ec);
        if (ec) return;
        std::string head(net::buffers_begin(buf.data()), net::buffers_begin(buf.data()) + static_cast<long>(n));
        buf.consume(n);
        HttpRecord r;
        std::istringstream lines(head);
        std::string line;
        std::getline(lines, line);
        std::istringstream first(line);
        first >> r.method >> r.target;
        while (std::getline(lines, line) && line != "\r") {
            if (!line.empty() && line.back() == '\r') line.pop_back();
            auto colon = line.find(':');
            if (colon == std::string::npos) continue;
            std::string value = line.substr(colon + 1);
            while (!value.empty() && value.front() == ' ') value.erase(0, 1);
            r.headers[Lower(line.substr(0, colon))] = value;
        }
        size_t length = r.headers.contains("content-length") ? std::stoul(r.headers["content-length"]) : 0;
        if (buf.size() < length) net::read(s, buf, net::transfer_exactly(length - buf.size()), ec);
        r.body.assign(net::buffers_begin(buf.data()), net::buffers_begin(buf.data()) + static_cast<long>(length));
        {
            std::unique_lock lock(mu_);
            records_.push_back(r);
            cv_.wait_for(lock, delay_, [this] { return stopping_; });
        }
        std::string reply = "HTTP/1.1 " + std::to_string(status_) +
                            " X\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}";
        net::write(s, net::buffer(reply), ec);
        s.shutdown(tcp::socket::shutdown_both, ec);
    }

    int status_;
    std::chrono::milliseconds delay_;
    net::io_context io_;
    tcp::acceptor acceptor_;
    uint16_t port_ = 0;
    std::thread thread_;
    std::mutex mu_;
    std::condition_variable cv_;
    bool stopping_ = false;
    std::vector<HttpRecord> records_;
};

WebhookOptions Hook(const TinyHttpServer& server, std::string token = "") {
    WebhookOptions o;
    o.url = server.url();
    o.token = std::move(token);
    o.connect_timeout = 2s;
    o.timeout = 5s;
    return o;
}

OutboundMessage Sms(std::string key = "petition.step:1:2") {
    return {std::move(key), NotifyChannel::kSms, "13812341234", "", "您的信访事项已受理，查询码 Q1。\"引号\"",
            "petition.step"};
}

TEST(Webhook, PostsJsonWithIdempotencyKeyAndBearerToken) {
    TinyHttpServer server(200);
    WebhookNotifier hook(Hook(server, "s3cret"));
    auto s = hook.Send(Sms());
    ASSERT_TRUE(s) << s.error().message;
    auto recs = server.records();
    ASSERT_EQ(recs.size(), 1u);
    const auto& r = recs[0];
    EXPECT_EQ(r.method, "POST");
    EXPECT_EQ(r.target, "/hook");
    EXPECT_EQ(r.headers.at("idempotency-key"), "petition.step:1:2");
    EXPECT_EQ(r.headers.at("authorization"), "Bearer s3cret");
    EXPECT_TRUE(r.headers.at("content-type").starts_with("application/json")) << r.headers.at("content-type");
    EXPECT_EQ(r.body, WebhookBody(Sms()));
    EXPECT_EQ(r.body,
              "{\"key\":\"petition.step:1:2\",\"channel\":\"sms\",\"to\":\"13812341234\",\"subject\":\"\","
              "\"body\":\"您的信访事项已受理，查询码 Q1。\\\"引号\\\"\",\"topic\":\"petition.step\"}");
}

TEST(Webhook, NoTokenNoAuthorizationHeaderAndNoTopicWhenEmpty) {
    TinyHttpServer server(204);
    WebhookNotifier hook(Hook(server));
    auto m = Sms("k");
    m.topic.clear();
    ASSERT_TRUE(hook.Send(m));
    auto recs = server.records();
    ASSERT_EQ(recs.size(), 1u);
    EXPECT_FALSE(recs[0].headers.contains("authorization"));
    EXPECT_EQ(recs[0].body.find("topic"), std::string::npos) << recs[0].body;
}

TEST(Webhook, ServerErrorsAreTransient) {
    for (int status : {500, 502, 503, 408, 429}) {
        TinyHttpServer server(status);
        auto s = WebhookNotifier(Hook(server)).Send(Sms());
        ASSERT_FALSE(s) << status;
        EXPECT_EQ(s.error().code, ErrorCode::kUnavailable) << status;
        EXPECT_FALSE(IsPermanentSendError(s.error())) << status;
    }
}

TEST(Webhook, ClientErrorsAboutTheMessageArePermanent) {
    for (int status : {400, 413, 422}) {
        TinyHttpServer server(status);
        auto s = WebhookNotifier(Hook(server)).Send(Sms());
        ASSERT_FALSE(s) << status;
        EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument) << status;
        EXPECT_TRUE(IsPermanentSendError(s.error())) << status;
    }
}

TEST(Webhook, ClientErrorsAboutTheConfigurationAreTransient) {
    // A wrong token or URL is fixed by an operator; the backlog must still go out afterwards.
    for (int status : {401, 403, 404}) {
        TinyHttpServer server(status);
        auto s = WebhookNotifier(Hook(server)).Send(Sms());
        ASSERT_FALSE(s) << status;
        EXPECT_EQ(s.error().code, ErrorCode::kUnavailable) << status;
    }
}

TEST(Webhook, TimeoutIsTransient) {
    TinyHttpServer server(200, 10s);  // answers long after the notifier gave up (the destructor cuts the wait)
    auto o = Hook(server);
    o.timeout = 300ms;
    auto s = WebhookNotifier(o).Send(Sms());
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().code, ErrorCode::kUnavailable) << s.error().message;
    EXPECT_NE(s.error().message.find("超时"), std::string::npos) << s.error().message;
    EXPECT_EQ(server.records().size(), 1u) << "the gateway received it: a retry will repeat the key";
}

TEST(Webhook, ConnectionRefusedIsTransient) {
    WebhookOptions o;
    o.url = "http://127.0.0.1:" + std::to_string(UnusedPort()) + "/hook";
    auto s = WebhookNotifier(o).Send(Sms());
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().code, ErrorCode::kUnavailable) << s.error().message;
}

TEST(Webhook, KeyWithLineBreakIsRefusedBeforeSending) {
    TinyHttpServer server(200);
    auto s = WebhookNotifier(Hook(server)).Send(Sms("k\r\nX-Evil: 1"));
    ASSERT_FALSE(s);
    EXPECT_TRUE(IsPermanentSendError(s.error()));
    EXPECT_TRUE(server.records().empty());
}

// ------------------------------------------------------------------------------------- tiny SMTP server

struct SmtpSession {
    std::vector<std::string> commands;  // every command line, in order
    std::string mail_from, data;
    std::vector<std::string> rcpt_to;
};

// One SMTP conversation per connection (no TLS, so libcurl's STARTTLS "try" goes on in plain text). `rcpt_reply`
// answers RCPT TO; `auth_reply`, when set, makes the server offer AUTH PLAIN and answer it with that line.
class TinySmtpServer {
  public:
    explicit TinySmtpServer(std::string rcpt_reply = "250 OK", std::string auth_reply = "")
        : rcpt_reply_(std::move(rcpt_reply)),
          auth_reply_(std::move(auth_reply)),
          acceptor_(io_, tcp::endpoint(net::ip::make_address("127.0.0.1"), 0)) {
        port_ = acceptor_.local_endpoint().port();
        thread_ = std::thread([this] { Serve(); });
    }
    ~TinySmtpServer() {
        stopping_ = true;
        net::io_context io;
        tcp::socket s(io);
        boost::system::error_code ec;
        s.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port_), ec);
        thread_.join();
    }
    std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }
    std::vector<SmtpSession> sessions() {
        std::lock_guard lock(mu_);
        return sessions_;
    }

  private:
    void Serve() {
        for (;;) {
            tcp::socket s(io_);
            boost::system::error_code ec;
            acceptor_.accept(s, ec);
            if (stopping_) return;
            if (ec) continue;
            SmtpSession session;
            Converse(s, session);
            std::lock_guard lock(mu_);
            sessions_.push_back(std::move(session));
        }
    }
    void Converse(tcp::socket& s, SmtpSession& session) {
        boost::system::error_code ec;
        auto say = [&](const std::string& line) { net::write(s, net::buffer(line + "\r\n"), ec); };
        net::streambuf buf;
        auto read_line = [&](std::string& out) {
            size_t n = net::read_until(s, buf, "\r\n", ec);
            if (ec) return false;
            out.assign(net::buffers_begin(buf.data()), net::buffers_begin(buf.data()) + static_cast<long>(n) - 2);
            buf.consume(n);
            return true;
        };
        say("220 tiny ESMTP");
        std::string line;
        while (read_line(line)) {
            session.commands.push_back(line);
            std::string verb = Lower(line.substr(0, line.find(' ')));
            if (verb == "ehlo") {
                say(auth_reply_.empty() ? "250 tiny" : "250-tiny\r\n250 AUTH PLAIN");
            } else if (verb == "helo" || verb == "rset" || verb == "noop") {
                say("250 OK");
            } else if (verb == "auth") {
                if (line.find(' ', 5) == std::string::npos) {  // "AUTH PLAIN" without an initial response
                    say("334 ");
                    std::string credentials;
                    if (!read_line(credentials)) return;
                    session.commands.back() += " " + credentials;
                }
                say(auth_reply_);
            } else if (verb == "mail") {
                session.mail_from = line.substr(line.find(':') + 1);
                say("250 OK");
            } else if (verb == "rcpt") {
                session.rcpt_to.push_back(line.substr(line.find(':') + 1));
                say(rcpt_reply_);
            } else if (verb == "data") {
                say("354 go ahead");
                size_t n = net::read_until(s, buf, "\r\n.\r\n", ec);
                if (ec) return;
                session.data.assign(net::buffers_begin(buf.data()),
                                    net::buffers_begin(buf.data()) + static_cast<long>(n) - 5);
                buf.consume(n);
                say("250 queued");
            } else if (verb == "quit") {
                say("221 bye");
                return;
            } else {
                say("502 not implemented");
            }
        }
    }

    std::string rcpt_reply_, auth_reply_;
    net::io_context io_;
    tcp::acceptor acceptor_;
    uint16_t port_ = 0;
    std::thread thread_;
    std::atomic<bool> stopping_{false};
    std::mutex mu_;
    std::vector<SmtpSession> sessions_;
};

// The header block of a message, unfolded, by lower-cased name.
std::map<std::string, std::string> MailHeaders(const std::string& data) {
    std::map<std::string, std::string> h;
    std::string head = data.substr(0, data.find("\r\n\r\n"));
    std::string last;
    size_t pos = 0;
    while (pos <= head.size()) {
        auto end = head.find("\r\n", pos);
        std::string line = head.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
        pos = end == std::string::npos ? head.size() + 1 : end + 2;
        if (!line.empty() && line[0] == ' ') {
            h[last] += line;
            continue;
        }
        auto colon = line.find(':');
        last = Lower(line.substr(0, colon));
        h[last] = line.substr(colon + 2);
    }
    return h;
}

SmtpOptions Mail(const TinySmtpServer& server) {
    SmtpOptions o;
    o.url = server.url();
    o.from = *ParseMailbox("某县信访局 <noreply@xf.example.gov.cn>", "smtp_from");
    o.connect_timeout = 2s;
    o.timeout = 5s;
    return o;
}

OutboundMessage Email(std::string to = "alice@example.com") {
    return {"petition.step:7:3",
            NotifyChannel::kEmail,
            std::move(to),
            "您的信访事项已受理",
            "您好：\n您的信访事项已受理。\n.\n此致",
            "petition.step"};
}

const Instant kT0 = std::chrono::sys_days{std::chrono::year{2026} / 3 / 2} + 1h;  // Monday 09:00 China time

TEST(Smtp, EnvelopeAndHeaders) {
    TinySmtpServer server;
    FakeClock clock(kT0);
    SmtpNotifier smtp(Mail(server), clock);
    auto s = smtp.Send(Email());
    ASSERT_TRUE(s) << s.error().message;
    auto sessions = server.sessions();
    ASSERT_EQ(sessions.size(), 1u);
    const auto& x = sessions[0];
    EXPECT_EQ(x.mail_from, "<noreply@xf.example.gov.cn>");
    ASSERT_EQ(x.rcpt_to.size(), 1u);
    EXPECT_EQ(x.rcpt_to[0], "<alice@example.com>");
    auto h = MailHeaders(x.data);
    EXPECT_EQ(h["to"], "alice@example.com");
    EXPECT_EQ(DecodeEncodedWords(h["from"]), "某县信访局");
    EXPECT_TRUE(h["from"].ends_with("<noreply@xf.example.gov.cn>")) << h["from"];
    EXPECT_EQ(DecodeEncodedWords(h["subject"]), "您的信访事项已受理");
    EXPECT_EQ(h["date"], "Mon, 02 Mar 2026 09:00:00 +0800");
    EXPECT_EQ(h["message-id"], "<petition.step%3A7%3A3@xinfang>");
    EXPECT_EQ(h["content-type"], "text/plain; charset=UTF-8");
    EXPECT_EQ(h["content-transfer-encoding"], "base64");
    EXPECT_EQ(h["mime-version"], "1.0");
    std::string body = Base64Decode(x.data.substr(x.data.find("\r\n\r\n") + 4));
    EXPECT_EQ(body, "您好：\r\n您的信访事项已受理。\r\n.\r\n此致");
    EXPECT_EQ(x.commands.back(), "QUIT");
}

TEST(Smtp, CredentialsAreSentWithAuthPlain) {
    TinySmtpServer server("250 OK", "235 2.7.0 Authentication successful");
    FakeClock clock(kT0);
    auto o = Mail(server);
    o.username = "xf";
    o.password = "pw";
    auto s = SmtpNotifier(o, clock).Send(Email());
    ASSERT_TRUE(s) << s.error().message;
    auto sessions = server.sessions();
    ASSERT_EQ(sessions.size(), 1u);
    std::string auth;
    for (const auto& c : sessions[0].commands)
        if (c.starts_with("AUTH PLAIN")) auth = c;
    ASSERT_FALSE(auth.empty());
    EXPECT_EQ(Base64Decode(auth.substr(11)), std::string("\0xf\0pw", 6));
}

TEST(Smtp, PasswordsCrossTheNetworkOnlyOverTls) {
    SmtpOptions o;
    o.url = "smtp://mail.example.gov.cn:587";
    EXPECT_FALSE(SmtpRequiresTls(o)) << "no password: STARTTLS when offered";
    o.username = "xf";
    EXPECT_TRUE(SmtpRequiresTls(o));
    for (const char* local : {"smtp://127.0.0.1:25", "smtp://localhost", "smtp://[::1]:25/", "smtp://u@127.0.0.2"}) {
        o.url = local;
        EXPECT_FALSE(SmtpRequiresTls(o)) << local;
    }
    o.url = "smtp://127.example.com";
    EXPECT_TRUE(SmtpRequiresTls(o)) << "a name starting with 127 is not a loopback address";
}

TEST(Smtp, RefusedLoginIsTransient) {
    TinySmtpServer server("250 OK", "535 5.7.8 Authentication credentials invalid");
    FakeClock clock(kT0);
    auto o = Mail(server);
    o.username = "xf";
    o.password = "wrong";
    auto s = SmtpNotifier(o, clock).Send(Email());
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().code, ErrorCode::kUnavailable) << s.error().message;
}

TEST(Smtp, PermanentReplyIsPermanentTemporaryReplyIsTransient) {
    FakeClock clock(kT0);
    {
        TinySmtpServer server("550 5.1.1 No such user");
        auto s = SmtpNotifier(Mail(server), clock).Send(Email());
        ASSERT_FALSE(s);
        EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument) << s.error().message;
        EXPECT_NE(s.error().message.find("550"), std::string::npos) << s.error().message;
    }
    {
        TinySmtpServer server("451 4.3.0 Try again later");
        auto s = SmtpNotifier(Mail(server), clock).Send(Email());
        ASSERT_FALSE(s);
        EXPECT_EQ(s.error().code, ErrorCode::kUnavailable) << s.error().message;
    }
}

TEST(Smtp, MalformedAddressAndSmsArePermanentWithoutConnecting) {
    TinySmtpServer server;
    FakeClock clock(kT0);
    SmtpNotifier smtp(Mail(server), clock);
    auto bad = smtp.Send(Email("alice@example.com>\r\nRCPT TO:<eve@example.com"));
    ASSERT_FALSE(bad);
    EXPECT_TRUE(IsPermanentSendError(bad.error()));
    auto sms = smtp.Send(Sms());
    ASSERT_FALSE(sms);
    EXPECT_TRUE(IsPermanentSendError(sms.error()));
    EXPECT_NE(sms.error().message.find("不支持的渠道"), std::string::npos);
    EXPECT_TRUE(server.sessions().empty());
}

TEST(Smtp, NoServerIsTransient) {
    FakeClock clock(kT0);
    SmtpOptions o;
    o.url = "smtp://127.0.0.1:" + std::to_string(UnusedPort());
    o.from = {"", "noreply@x.cn"};
    auto s = SmtpNotifier(o, clock).Send(Email());
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().code, ErrorCode::kUnavailable) << s.error().message;
}

// ------------------------------------------------------------------------------------------------ routing

// Records what it is given and answers from a script (then Ok).
class FakeNotifier final : public Notifier {
  public:
    Status Send(const OutboundMessage& m) override {
        std::lock_guard lock(mu_);
        sent_.push_back(m);
        if (on_send_) on_send_(m);
        if (!script_.empty()) {
            Status s = script_.front();
            script_.erase(script_.begin());
            return s;
        }
        return always_.value_or(Ok());
    }
    void Script(std::vector<Status> s) { script_ = std::move(s); }
    void Always(Status s) { always_ = std::move(s); }
    void OnSend(std::function<void(const OutboundMessage&)> f) { on_send_ = std::move(f); }
    std::vector<OutboundMessage> sent() {
        std::lock_guard lock(mu_);
        return sent_;
    }

  private:
    std::mutex mu_;
    std::vector<OutboundMessage> sent_;
    std::vector<Status> script_;
    std::optional<Status> always_;
    std::function<void(const OutboundMessage&)> on_send_;
};

TEST(Routing, EachChannelToItsNotifierAndAMissingOneIsPermanent) {
    FakeNotifier sms, email;
    RoutingNotifier both(&sms, &email);
    ASSERT_TRUE(both.Send(Sms()));
    ASSERT_TRUE(both.Send(Email()));
    ASSERT_EQ(sms.sent().size(), 1u);
    ASSERT_EQ(email.sent().size(), 1u);
    EXPECT_EQ(sms.sent()[0].channel, NotifyChannel::kSms);
    EXPECT_EQ(email.sent()[0].channel, NotifyChannel::kEmail);
    RoutingNotifier sms_only(&sms, nullptr);
    auto s = sms_only.Send(Email());
    ASSERT_FALSE(s);
    EXPECT_TRUE(IsPermanentSendError(s.error()));
}

// ------------------------------------------------------------------------- OutboxSender on SQLite

class SenderTest : public ::testing::Test {
  protected:
    void SetUp() override {
        static std::atomic<int> counter{0};
        dir_ = std::filesystem::temp_directory_path() /
               ("xf_notify_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
        std::filesystem::create_directories(dir_);
        auto store = storage::OpenSqliteStore({dir_ / "t.db"});
        ASSERT_TRUE(store) << store.error().message;
        store_ = std::move(*store);
    }
    void TearDown() override {
        store_.reset();
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }

    // "sealed:" + recipient stands in for the FieldCipher; anything else fails to open.
    static Result<std::string> Unseal(const std::string& sealed) {
        if (!sealed.starts_with("sealed:")) return Fail(Error::Internal("bad seal"));
        return sealed.substr(7);
    }

    int64_t Enqueue(const std::string& key, std::string recipient_sealed = "sealed:13812341234",
                    NotifyChannel channel = NotifyChannel::kSms) {
        OutboxMessage m;
        m.key = key;
        m.channel = channel;
        m.recipient_sealed = std::move(recipient_sealed);
        m.body = "消息 " + key;
        m.topic = "test";
        m.created_at = clock_.Now();
        m.next_attempt_at = clock_.Now();
        bool inserted = false;
        auto s = store_->Write([&](Transaction& tx) -> Status {
            XF_ASSIGN_OR_RETURN(inserted, tx.outbox().Enqueue(m));
            return Ok();
        });
        EXPECT_TRUE(s) << s.error().message;
        EXPECT_TRUE(inserted) << key;
        return Find(key).id;
    }

    OutboxMessage Find(const std::string& key) {
        // Ids are assigned in order from 1; scan them (the port has no lookup by key).
        for (int64_t id = 1; id < 10000; ++id) {
            auto m = Get(id);
            if (!m) break;
            if (m->key == key) return *m;
        }
        ADD_FAILURE() << "no outbox message " << key;
        return {};
    }

    std::optional<OutboxMessage> Get(int64_t id) {
        std::optional<OutboxMessage> m;
        auto s = store_->Read([&](Transaction& tx) -> Status {
            XF_ASSIGN_OR_RETURN(m, tx.outbox().Get(id));
            return Ok();
        });
        EXPECT_TRUE(s) << s.error().message;
        return m;
    }

    OutboxSender Sender(std::string owner = "test:1", SenderOptions o = {}) {
        return OutboxSender(*store_, notifier_, clock_, &SenderTest::Unseal, std::move(owner), std::move(o));
    }

    SendRound Round(OutboxSender& s) {
        auto r = s.RunOnce();
        EXPECT_TRUE(r) << r.error().message;
        return r.value_or(SendRound{});
    }

    std::filesystem::path dir_;
    std::unique_ptr<UnitOfWork> store_;
    FakeClock clock_{kT0};
    FakeNotifier notifier_;
};

TEST_F(SenderTest, SendsDueMessagesOnceAndMarksThemSent) {
    int64_t a = Enqueue("a"), b = Enqueue("b", "sealed:alice@example.com", NotifyChannel::kEmail);
    auto sender = Sender();
    auto r = Round(sender);
    EXPECT_EQ(r.claimed, 2);
    EXPECT_EQ(r.sent, 2);
    auto sent = notifier_.sent();
    ASSERT_EQ(sent.size(), 2u);
    EXPECT_EQ(sent[0].key, "a");
    EXPECT_EQ(sent[0].to, "13812341234") << "the recipient is unsealed for sending";
    EXPECT_EQ(sent[0].body, "消息 a");
    EXPECT_EQ(sent[0].topic, "test");
    EXPECT_EQ(sent[1].channel, NotifyChannel::kEmail);
    EXPECT_EQ(sent[1].to, "alice@example.com");
    for (int64_t id : {a, b}) {
        auto m = Get(id);
        ASSERT_TRUE(m);
        EXPECT_EQ(m->status, OutboxStatus::kSent);
        EXPECT_EQ(m->attempts, 1);
        EXPECT_EQ(m->sent_at, kT0);
    }
    clock_.Advance(24h);
    EXPECT_EQ(Round(sender).claimed, 0) << "a sent message is never claimed again";
    EXPECT_EQ(notifier_.sent().size(), 2u);
}

TEST_F(SenderTest, NotYetDueMessagesWait) {
    OutboxMessage m;
    m.key = "later";
    m.recipient_sealed = "sealed:13812341234";
    m.body = "x";
    m.created_at = kT0;
    m.next_attempt_at = kT0 + 10min;
    ASSERT_TRUE(store_->Write([&](Transaction& tx) -> Status {
        XF_TRY(tx.outbox().Enqueue(m));
        return Ok();
    }));
    auto sender = Sender();
    EXPECT_EQ(Round(sender).claimed, 0);
    clock_.Advance(10min);
    EXPECT_EQ(Round(sender).sent, 1);
}

TEST_F(SenderTest, TransientFailureRetriesAfterBackoff) {
    int64_t id = Enqueue("r");
    notifier_.Script({Fail(Error::Unavailable("网关超时")), Fail(Error::Unavailable("网关超时"))});
    auto sender = Sender();
    auto r = Round(sender);
    EXPECT_EQ(r.retrying, 1);
    auto m = Get(id);
    ASSERT_TRUE(m);
    EXPECT_EQ(m->status, OutboxStatus::kPending);
    EXPECT_EQ(m->attempts, 1);
    EXPECT_EQ(m->next_attempt_at, kT0 + OutboxBackoff(1));
    EXPECT_NE(m->last_error.find("网关超时"), std::string::npos) << m->last_error;

    clock_.Advance(OutboxBackoff(1) - 1s);
    EXPECT_EQ(Round(sender).claimed, 0) << "not before the back-off has passed";
    clock_.Advance(1s);
    EXPECT_EQ(Round(sender).retrying, 1);
    m = Get(id);
    EXPECT_EQ(m->attempts, 2);
    EXPECT_EQ(m->next_attempt_at, clock_.Now() + OutboxBackoff(2));

    clock_.Advance(OutboxBackoff(2));
    EXPECT_EQ(Round(sender).sent, 1);
    m = Get(id);
    EXPECT_EQ(m->status, OutboxStatus::kSent);
    EXPECT_EQ(m->attempts, 3);
    EXPECT_EQ(notifier_.sent().size(), 3u);
    for (const auto& s : notifier_.sent()) EXPECT_EQ(s.key, "r") << "every try carries the same key";
}

TEST_F(SenderTest, DeadAfterMaxAttempts) {
    int64_t id = Enqueue("d");
    notifier_.Always(Fail(Error::Unavailable("网关不可用")));
    auto sender = Sender();
    for (int attempt = 1; attempt <= kOutboxMaxAttempts; ++attempt) {
        auto r = Round(sender);
        ASSERT_EQ(r.claimed, 1) << "attempt " << attempt;
        auto m = Get(id);
        ASSERT_TRUE(m);
        EXPECT_EQ(m->attempts, attempt);
        if (attempt < kOutboxMaxAttempts) {
            EXPECT_EQ(r.retrying, 1);
            EXPECT_EQ(m->status, OutboxStatus::kPending) << "attempt " << attempt;
            clock_.Advance(OutboxBackoff(attempt));
        } else {
            EXPECT_EQ(r.dead, 1);
            EXPECT_EQ(m->status, OutboxStatus::kDead);
        }
    }
    clock_.Advance(48h);
    EXPECT_EQ(Round(sender).claimed, 0) << "a dead message is not tried again";
    EXPECT_EQ(notifier_.sent().size(), static_cast<size_t>(kOutboxMaxAttempts));
    auto counts = Result<OutboxCounts>();
    ASSERT_TRUE(store_->Read([&](Transaction& tx) -> Status {
        counts = tx.outbox().Counts();
        return Ok();
    }));
    ASSERT_TRUE(counts);
    EXPECT_EQ(counts->dead, 1);
    EXPECT_EQ(counts->pending, 0);
}

TEST_F(SenderTest, PermanentErrorIsDeadAtOnce) {
    int64_t id = Enqueue("p");
    notifier_.Script({Fail(Error::InvalidArgument("to", "号码无效"))});
    auto sender = Sender();
    auto r = Round(sender);
    EXPECT_EQ(r.dead, 1);
    auto m = Get(id);
    ASSERT_TRUE(m);
    EXPECT_EQ(m->status, OutboxStatus::kDead);
    EXPECT_EQ(m->attempts, 1);
    EXPECT_NE(m->last_error.find("号码无效"), std::string::npos);
    clock_.Advance(48h);
    EXPECT_EQ(Round(sender).claimed, 0);
    EXPECT_EQ(notifier_.sent().size(), 1u);
}

TEST_F(SenderTest, RecipientThatCannotBeUnsealedIsRetriedNotSent) {
    int64_t id = Enqueue("u", "garbage");
    auto sender = Sender();
    EXPECT_EQ(Round(sender).retrying, 1);
    EXPECT_TRUE(notifier_.sent().empty());
    EXPECT_EQ(Get(id)->status, OutboxStatus::kPending);
}

TEST_F(SenderTest, BatchLimitsOneRound) {
    for (int i = 0; i < 5; ++i) Enqueue("b" + std::to_string(i));
    SenderOptions o;
    o.batch = 2;
    auto sender = Sender("test:1", o);
    EXPECT_EQ(Round(sender).sent, 2);
    EXPECT_EQ(Round(sender).sent, 2);
    EXPECT_EQ(Round(sender).sent, 1);
    std::vector<std::string> keys;
    for (const auto& m : notifier_.sent()) keys.push_back(m.key);
    EXPECT_EQ(keys, (std::vector<std::string>{"b0", "b1", "b2", "b3", "b4"})) << "oldest first";
}

TEST_F(SenderTest, StopReleasesTheMessagesNotYetTried) {
    for (int i = 0; i < 3; ++i) Enqueue("s" + std::to_string(i));
    std::stop_source stop;
    notifier_.OnSend([&](const OutboundMessage&) { stop.request_stop(); });
    auto sender = Sender();
    auto r = sender.RunOnce(stop.get_token());
    ASSERT_TRUE(r);
    EXPECT_EQ(r->claimed, 3);
    EXPECT_EQ(r->sent, 1);
    EXPECT_EQ(r->released, 2);
    notifier_.OnSend(nullptr);
    auto other = Sender("test:2");
    EXPECT_EQ(Round(other).sent, 2) << "released messages are due at once, for any sender";
    EXPECT_EQ(notifier_.sent().size(), 3u);
}

TEST_F(SenderTest, ACrashedSendersLeaseEndsAndAnotherSenderTakesOver) {
    int64_t id = Enqueue("c");
    SenderOptions o;
    o.batch = 4;
    o.per_message_timeout = 10s;
    // The crashed sender claimed with the lease RunOnce would take (4 × 10 s + 30 s) and never recorded anything.
    const Instant lease_until = kT0 + 4 * 10s + 30s;
    ASSERT_TRUE(store_->Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto got, tx.outbox().ClaimDue("crashed:9", kT0, lease_until, 4));
        EXPECT_EQ(got.size(), 1u);
        return Ok();
    }));
    auto sender = Sender("test:1", o);
    clock_.Set(lease_until - 1s);
    EXPECT_EQ(Round(sender).claimed, 0) << "the lease still holds";
    clock_.Set(lease_until);
    auto r = Round(sender);
    EXPECT_EQ(r.sent, 1) << "an ended lease is free";
    auto m = Get(id);
    EXPECT_EQ(m->status, OutboxStatus::kSent);
    EXPECT_EQ(m->attempts, 2) << "the crashed sender's claim counted as an attempt";
    // The crashed sender, were it to come back, can no longer record anything for the message.
    bool held = true;
    ASSERT_TRUE(store_->Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(held, tx.outbox().MarkFailed(id, "crashed:9", "late", kT0, true));
        return Ok();
    }));
    EXPECT_FALSE(held);
    EXPECT_EQ(Get(id)->status, OutboxStatus::kSent);
}

TEST_F(SenderTest, AfterSendHookRunsBetweenSendAndRecord) {
    Enqueue("h1");
    Enqueue("h2");
    notifier_.Script({Ok(), Fail(Error::Unavailable("x"))});
    std::vector<std::pair<std::string, OutboxStatus>> seen;
    SenderOptions o;
    o.after_send = [&](const OutboxMessage& m) { seen.emplace_back(m.key, Get(m.id)->status); };
    auto sender = Sender("test:1", o);
    Round(sender);
    ASSERT_EQ(seen.size(), 1u) << "only after a successful send";
    EXPECT_EQ(seen[0].first, "h1");
    EXPECT_EQ(seen[0].second, OutboxStatus::kPending) << "not yet recorded as sent";
}

TEST_F(SenderTest, TwoSendersNeverBothClaimOneMessage) {
    constexpr int kMessages = 60;
    for (int i = 0; i < kMessages; ++i) Enqueue("m" + std::to_string(i));
    std::mutex mu;
    std::map<std::string, std::set<std::string>> owners_by_key;  // which sender sent each key
    FakeNotifier a_notifier, b_notifier;
    auto run = [&](FakeNotifier& n, const std::string& owner) {
        SenderOptions o;
        o.batch = 3;
        OutboxSender s(*store_, n, clock_, &SenderTest::Unseal, owner, o);
        n.OnSend([&, owner](const OutboundMessage& m) {
            std::lock_guard lock(mu);
            owners_by_key[m.key].insert(owner);
            std::this_thread::yield();
        });
        for (int idle = 0; idle < 3;) {
            auto r = s.RunOnce();
            ASSERT_TRUE(r) << r.error().message;
            idle = r->claimed == 0 ? idle + 1 : 0;
        }
    };
    std::thread a([&] { run(a_notifier, "host:a"); });
    std::thread b([&] { run(b_notifier, "host:b"); });
    a.join();
    b.join();
    EXPECT_EQ(a_notifier.sent().size() + b_notifier.sent().size(), static_cast<size_t>(kMessages))
        << "each message sent exactly once between the two";
    EXPECT_EQ(owners_by_key.size(), static_cast<size_t>(kMessages));
    for (const auto& [key, owners] : owners_by_key) EXPECT_EQ(owners.size(), 1u) << key;
    OutboxCounts counts;
    ASSERT_TRUE(store_->Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(counts, tx.outbox().Counts());
        return Ok();
    }));
    EXPECT_EQ(counts.sent, kMessages);
    EXPECT_EQ(counts.pending, 0);
}

TEST_F(SenderTest, RunLoopStopsWhenAsked) {
    Enqueue("l1");
    auto sender = Sender();
    std::jthread loop([&](std::stop_token st) { sender.RunLoop(st, 50ms); });
    for (int i = 0; i < 400 && notifier_.sent().empty(); ++i) std::this_thread::sleep_for(10ms);
    EXPECT_EQ(notifier_.sent().size(), 1u);
    loop.request_stop();
    loop.join();  // returns: the wait is cut short by the stop request
    Enqueue("l2");
    std::this_thread::sleep_for(100ms);
    EXPECT_EQ(notifier_.sent().size(), 1u) << "nothing is sent after the loop stopped";
}

}  // namespace
}  // namespace xf::notify
