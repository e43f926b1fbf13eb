// The only translation unit of xf_http_core that includes Beast/Asio (they cost ~18 s per TU).
#include "http/server.hpp"

#include <array>
#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <iterator>
#include <mutex>
#include <optional>
#include <random>
#include <thread>
#include <unordered_map>
#include <vector>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/file_body.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/pct_string_view.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "base/log_context.hpp"
#include "base/text.hpp"
#include "http/error_mapping.hpp"

namespace xf::http {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

constexpr size_t kHeaderLimit = 16 * 1024;
constexpr size_t kMaxRequestIdLength = 64;
constexpr std::chrono::seconds kLingerTimeout{5};
constexpr size_t kLingerMaxBytes = 64 * 1024 * 1024;

// The console and the portal (web/dist): scripts and styles from our origin only (Element Plus and ECharts set
// inline style attributes, hence 'unsafe-inline' for styles but never for scripts); images may be data: or blob:
// URLs; the 文书模板 editor previews a PDF in an iframe from a blob: URL of our own page, hence frame-src blob:.
constexpr std::string_view kPageCsp =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "font-src 'self' data:; connect-src 'self'; frame-src 'self' blob:; worker-src 'self' blob:; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
// Everything that is not a page (JSON, problem+json, scripts, styles, images): nothing may run or be framed.
constexpr std::string_view kDataCsp = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
constexpr std::string_view kPermissionsPolicy =
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=()";
constexpr std::string_view kHsts = "max-age=31536000";

// The rightmost address of an X-Forwarded-For value (the one our proxy appended), if it is an IP address.
std::optional<std::string> LastForwardedAddress(std::string_view header) {
    auto comma = header.rfind(',');
    std::string_view last = comma == std::string_view::npos ? header : header.substr(comma + 1);
    while (!last.empty() && (last.front() == ' ' || last.front() == '\t')) last.remove_prefix(1);
    while (!last.empty() && (last.back() == ' ' || last.back() == '\t')) last.remove_suffix(1);
    beast::error_code ec;
    auto addr = net::ip::make_address(std::string(last), ec);
    if (ec) return std::nullopt;
    return addr.to_string();
}

bool IsSaneRequestId(std::string_view id) {
    if (id.empty() || id.size() > kMaxRequestIdLength) return false;
    for (char c : id) {
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
                  c == '.' || c == ':';
        if (!ok) return false;
    }
    return true;
}

std::string NewRequestId() {
    thread_local std::mt19937_64 rng{std::random_device{}()};
    return fmt::format("{:016x}", rng());
}

Method FromVerb(bhttp::verb v) {
    switch (v) {
        case bhttp::verb::get: return Method::kGet;
        case bhttp::verb::post: return Method::kPost;
        case bhttp::verb::put: return Method::kPut;
        case bhttp::verb::patch: return Method::kPatch;
        case bhttp::verb::delete_: return Method::kDelete;
        case bhttp::verb::head: return Method::kHead;
        case bhttp::verb::options: return Method::kOptions;
        default: return Method::kOther;
    }
}

bool HasControlChar(std::string_view s) {
    for (unsigned char c : s)
        if (c < 0x20 || c == 0x7f) return true;
    return false;
}

std::string Lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

bool IEquals(std::string_view a, std::string_view b) { return a.size() == b.size() && Lower(a) == Lower(b); }

// Security headers of every response (docs/architecture.md, "Security headers"). A header the handler set is kept
// (e.g. the sandbox CSP and private caching of a file download, the cache lifetime of static assets).
template <class Fields>
void SetDefault(Fields& m, std::string_view name, std::string_view value) {
    if (m.find(name) == m.end()) m.set(name, value);
}
template <class Fields>
void AddSecurityHeaders(Fields& m, const Response& r, bool tls) {
    m.set("X-Content-Type-Options", "nosniff");
    SetDefault(m, "Content-Security-Policy", r.content_type.starts_with("text/html") ? kPageCsp : kDataCsp);
    SetDefault(m, "X-Frame-Options", "DENY");
    SetDefault(m, "Referrer-Policy", "no-referrer");
    SetDefault(m, "Permissions-Policy", kPermissionsPolicy);
    // Static files say how long they may be cached; everything else (API JSON with personal data, errors) is not
    // stored by the browser or an intermediary.
    SetDefault(m, "Cache-Control", "no-store");
    if (tls) SetDefault(m, "Strict-Transport-Security", kHsts);
}

// Fills path and query of `req` from its raw target. Rejects anything a handler or the static-file
// fallback should never see: non-origin-form targets, encoded '/', dot segments, control characters
// and invalid UTF-8 in the path.
Status ParseTarget(Request& req) {
    auto url = boost::urls::parse_origin_form(req.target);
    if (!url) return Fail(Error::InvalidArgument("target", "请求地址格式无效"));
    std::string_view encoded_path = url->encoded_path();
    if (encoded_path.empty() || encoded_path.front() != '/')
        return Fail(Error::InvalidArgument("target", "请求地址格式无效"));
    std::string path;
    for (std::string_view seg : Split(encoded_path.substr(1), '/')) {
        auto pct = boost::urls::make_pct_string_view(seg);
        if (!pct) return Fail(Error::InvalidArgument("target", "请求地址编码无效"));
        std::string decoded = pct->decode();
        if (decoded.find('/') != std::string::npos || decoded == "." || decoded == ".." || HasControlChar(decoded) ||
            !IsValidUtf8(decoded))
            return Fail(Error::InvalidArgument("target", "请求路径无效"));
        path += '/';
        path += decoded;
    }
    req.path = std::move(path);
    req.query.clear();
    for (auto p : url->params()) {
        // As in JSON text (api.cpp): valid UTF-8, and no control characters other than tab, LF and CR.
        for (const std::string* s : {&p.key, &p.value}) {
            bool control = false;
            for (unsigned char c : *s) control |= (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f;
            if (control || !IsValidUtf8(*s)) {
                bool named = IsValidUtf8(p.key) && !HasControlChar(p.key) && !p.key.empty();
                return Fail(Error::InvalidArgument(named ? p.key : "query",
                                                   control ? "查询参数含有不允许的控制字符" : "查询参数不是有效的 UTF-8"));
            }
        }
        req.query.emplace_back(p.key, p.has_value ? p.value : std::string());
    }
    return Ok();
}

// The body limit of a request, known once its header is read: uploads (POST to a path ending in one of the
// upload suffixes) may be larger than other bodies.
size_t BodyLimitFor(const ServerOptions& options, bhttp::verb method, std::string_view target) {
    size_t limit = options.max_body_bytes;
    if (method == bhttp::verb::post) {
        target = target.substr(0, target.find('?'));
        for (const auto& suffix : options.upload_path_suffixes)
            if (!suffix.empty() && target.ends_with(suffix)) return std::max(limit, options.max_upload_bytes);
    }
    return limit;
}

// A complete message as the handlers see it: headers lower-cased, the client address (from X-Forwarded-For when
// the peer is a trusted proxy), the request id, the body, and path + query from the target (ParseTarget).
Status ToRequest(bhttp::request<bhttp::string_body>&& msg, const std::string& remote_addr, bool trusted_peer,
                 Request& req) {
    req.method = FromVerb(msg.method());
    req.target = std::string(msg.target());
    req.remote_addr = remote_addr;
    req.headers.reserve(std::distance(msg.begin(), msg.end()));
    for (const auto& f : msg) req.headers.emplace_back(Lower(f.name_string()), std::string(f.value()));
    if (trusted_peer) {
        if (auto fwd = req.Header("x-forwarded-for")) {
            if (auto client = LastForwardedAddress(*fwd)) req.remote_addr = *client;
        }
    }
    auto rid = req.Header("x-request-id");
    req.request_id = rid && IsSaneRequestId(*rid) ? std::string(*rid) : NewRequestId();
    req.body = std::move(msg.body());
    return ParseTarget(req);
}

}  // namespace

Result<Request> ParseRequestBytes(std::string_view raw, const ServerOptions& options) {
    bhttp::request_parser<bhttp::string_body> parser;
    parser.body_limit(std::max(options.max_body_bytes, options.max_upload_bytes));  // as DoRead
    parser.header_limit(kHeaderLimit);
    parser.eager(false);  // stop after the header, as async_read_header does
    beast::error_code ec;
    size_t body_limit = options.max_body_bytes;
    bool header_checked = false;
    size_t off = 0;
    while (!parser.is_done()) {
        size_t n = 0;
        if (off < raw.size()) {
            n = parser.put(net::buffer(raw.data() + off, raw.size() - off), ec);
            off += n;
            if (ec == bhttp::error::need_more) ec = {};
            if (ec) break;
        }
        if (!header_checked && parser.is_header_done()) {  // as OnHeader
            header_checked = true;
            body_limit = BodyLimitFor(options, parser.get().method(), parser.get().target());
            if (auto length = parser.content_length(); length && *length > body_limit) {
                ec = bhttp::error::body_limit;
                break;
            }
            parser.body_limit(body_limit);
            parser.eager(true);  // as async_read
            continue;
        }
        if (n == 0) {  // every byte consumed or none usable: the peer closes
            if (!parser.got_some()) {
                ec = bhttp::error::end_of_stream;
                break;
            }
            parser.put_eof(ec);
            if (!ec && !parser.is_done()) ec = bhttp::error::partial_message;
            break;
        }
    }
    if (ec == bhttp::error::body_limit)
        return Fail(Error::ResourceExhausted(fmt::format("请求体过大（上限 {} 字节）", body_limit)));
    if (ec == bhttp::error::header_limit) return Fail(Error::ResourceExhausted("请求头过大"));
    if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message)
        return Fail(Error::InvalidArgument("", "请求不完整"));  // the server closes without an answer
    if (ec) return Fail(Error::InvalidArgument("", "无法解析的 HTTP 请求"));
    Request req;
    XF_TRY(ToRequest(parser.release(), "127.0.0.1", false, req));
    return req;
}

namespace detail {
class ServerConnection;
}  // namespace detail
using detail::ServerConnection;

struct detail::ServerImpl {
    enum class State { kIdle, kRunning, kStopping, kStopped };

    ServerImpl(ServerOptions o, Handler h) : options(std::move(o)), handler(std::move(h)) {}

    Response Invoke(Request& req) const;
    // Caller holds mu.
    std::vector<std::shared_ptr<ServerConnection>> LiveConnections();
    void DoAccept();
    void OnAccept(beast::error_code ec, tcp::socket socket);

    const ServerOptions options;
    const Handler handler;

    // Declared before the io_context: sessions destroyed during its destruction still unregister here.
    std::mutex mu;
    std::condition_variable cv;
    State state = State::kIdle;
    std::unordered_map<ServerConnection*, std::weak_ptr<ServerConnection>> sessions;
    std::atomic<bool> stopping{false};
    std::atomic<uint16_t> port{0};

    net::io_context ioc;
    std::optional<net::executor_work_guard<net::io_context::executor_type>> work;
    net::strand<net::io_context::executor_type> accept_strand{net::make_strand(ioc)};
    tcp::acceptor acceptor{accept_strand};
    net::steady_timer accept_retry{accept_strand};
    std::optional<net::thread_pool> workers;
    std::vector<std::thread> io_threads;
};

// One TCP connection. All members are touched only on the connection's strand; the handler runs on the
// worker pool with its own copy of the Request and hands the Response back through the strand.
class detail::ServerConnection : public std::enable_shared_from_this<ServerConnection> {
  public:
    ServerConnection(detail::ServerImpl& server, tcp::socket socket) : server_(server), stream_(std::move(socket)) {
        beast::error_code ec;
        auto ep = stream_.socket().remote_endpoint(ec);
        if (!ec) {
            remote_addr_ = ep.address().to_string();
            const auto& trusted = server_.options.trusted_proxies;
            trusted_peer_ = std::find(trusted.begin(), trusted.end(), remote_addr_) != trusted.end();
        }
        stream_.socket().set_option(tcp::no_delay(true), ec);
    }

    ~ServerConnection() {
        std::lock_guard lock(server_.mu);
        server_.sessions.erase(this);
        if (server_.sessions.empty()) server_.cv.notify_all();
    }

    void Start() {
        net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->DoRead(); });
    }

    // Posted to the strand by Server::Stop: idle connections close now, busy ones after their response.
    void OnServerStop() {
        if (!busy_) {
            beast::error_code ec;
            stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
            stream_.close();
        }
    }

    // Only when no I/O thread is running (forced shutdown).
    void ForceClose() {
        beast::error_code ec;
        stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
        stream_.socket().close(ec);
    }

    net::any_io_executor Executor() { return stream_.get_executor(); }

  private:
    void DoRead() {
        if (server_.stopping) return DoClose();
        parser_.emplace();
        // The larger of the two limits until the header tells which applies (OnHeader): Beast checks a
        // Content-Length against the limit while it parses the header.
        parser_->body_limit(std::max(server_.options.max_body_bytes, server_.options.max_upload_bytes));
        body_limit_ = server_.options.max_body_bytes;
        parser_->header_limit(kHeaderLimit);
        stream_.expires_after(server_.options.read_timeout);
        bhttp::async_read_header(stream_, buffer_, *parser_,
                                 [self = shared_from_this()](beast::error_code ec, size_t) { self->OnHeader(ec); });
    }

    void OnHeader(beast::error_code ec) {
        start_ = std::chrono::steady_clock::now();
        if (ec) return OnReadError(ec);
        busy_ = true;  // a request has begun: a graceful stop lets it finish
        const auto& h = parser_->get();
        body_limit_ = BodyLimitFor(server_.options, h.method(), h.target());
        if (auto length = parser_->content_length(); length && *length > body_limit_)
            return OnReadError(bhttp::error::body_limit);
        parser_->body_limit(body_limit_);  // a chunked body is counted as it arrives
        auto expect = h[bhttp::field::expect];
        if (h.version() >= 11 && !parser_->is_done() && IEquals(expect, "100-continue")) {
            auto cont = std::make_shared<bhttp::response<bhttp::empty_body>>(bhttp::status::continue_, h.version());
            stream_.expires_after(server_.options.read_timeout);
            bhttp::async_write(stream_, *cont, [self = shared_from_this(), cont](beast::error_code ec, size_t) {
                if (ec) return self->DoClose();
                self->ReadBody();
            });
            return;
        }
        ReadBody();
    }

    void ReadBody() {
        stream_.expires_after(server_.options.read_timeout);
        bhttp::async_read(stream_, buffer_, *parser_,
                          [self = shared_from_this()](beast::error_code ec, size_t) { self->OnRead(ec); });
    }

    void OnReadError(beast::error_code ec) {
        forwarded_https_ = false;
        if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message || ec == beast::error::timeout ||
            ec.category() != bhttp::make_error_code(bhttp::error::bad_target).category())
            return DoClose();  // the peer went away, timed out or the connection was closed under us
        // A protocol error: answer, then close, since the rest of the stream cannot be trusted.
        version_ = 11;
        keep_alive_ = false;
        head_ = false;
        linger_ = true;
        busy_ = true;
        request_id_ = NewRequestId();
        route_.clear();
        // The request line may have been parsed even if the header was not finished.
        method_name_ = "-";
        path_ = "-";
        if (parser_ && !parser_->get().method_string().empty()) {
            method_name_ = std::string(parser_->get().method_string());
            Request probe;
            probe.target = std::string(parser_->get().target());
            if (ParseTarget(probe)) path_ = std::move(probe.path);
        }
        if (ec == bhttp::error::body_limit) {
            return Send(Response::Problem(
                Error::ResourceExhausted(fmt::format("请求体过大（上限 {} 字节）", body_limit_)),
                413));
        }
        if (ec == bhttp::error::header_limit) {
            return Send(Response::Problem(Error::ResourceExhausted("请求头过大"), 431));
        }
        Send(Response::Problem(Error::InvalidArgument("", "无法解析的 HTTP 请求")));
    }

    void OnRead(beast::error_code ec) {
        if (ec) return OnReadError(ec);
        auto msg = parser_->release();
        parser_.reset();
        version_ = msg.version();
        keep_alive_ = msg.keep_alive();
        head_ = msg.method() == bhttp::verb::head;
        linger_ = false;
        method_name_ = std::string(msg.method_string());

        Request req;
        auto parsed = ToRequest(std::move(msg), remote_addr_, trusted_peer_, req);
        request_id_ = req.request_id;
        route_.clear();
        // HSTS only for a request that reached our proxy over TLS, as the trusted proxy says (docs/deploy.md).
        forwarded_https_ = trusted_peer_ && IEquals(req.Header("x-forwarded-proto").value_or(""), "https");
        if (!parsed) {
            path_ = "-";
            return Send(Response::Problem(parsed.error()));
        }
        path_ = req.path;

        // Run the handler off the I/O threads; it may block (database commits). The response comes back
        // through this connection's strand.
        net::post(
            *server_.workers, [self = shared_from_this(), ex = stream_.get_executor(), req = std::move(req)]() mutable {
                Response res = self->server_.Invoke(req);
                net::post(ex, [self = std::move(self), res = std::move(res), route = std::move(req.route)]() mutable {
                    self->route_ = std::move(route);
                    self->Send(std::move(res));
                });
            });
    }

    template <class Body>
    void Prepare(bhttp::response<Body>& m, const Response& r) {
        m.result(static_cast<unsigned>(r.status));
        m.version(version_);
        m.keep_alive(keep_alive_ && !server_.stopping);
        bool bodiless_status = r.status == 204 || r.status == 304;
        if (!r.content_type.empty() && !bodiless_status) m.set(bhttp::field::content_type, r.content_type);
        for (const auto& [name, value] : r.headers) {
            if (name.empty() || HasControlChar(name) || HasControlChar(value) || name.find(':') != std::string::npos) {
                log::ScopedRequestId rid(request_id_);
                spdlog::error("dropping a response header with a malformed name or value");
                continue;
            }
            m.insert(name, value);
        }
        m.set("X-Request-Id", request_id_);
        AddSecurityHeaders(m, r, forwarded_https_);
    }

    void Send(Response r) {
        if (r.status < 200 || r.status > 599) {
            log::ScopedRequestId rid(request_id_);
            spdlog::error("handler returned invalid HTTP status {}", r.status);
            r = Response::Problem(Error::Internal("服务器内部错误，请稍后重试"));
        }
        // Every problem+json answer names the request, so that a user's report can be found in the log.
        if (r.content_type.starts_with("application/problem+json"))
            r.body = WithRequestId(std::move(r.body), request_id_);
        status_ = r.status;
        bool bodiless_status = r.status == 204 || r.status == 304;
        if (r.file_path && !bodiless_status) {
            std::error_code fec;
            bhttp::file_body::value_type file;
            beast::error_code ec;
            if (std::filesystem::is_regular_file(*r.file_path, fec))
                file.open(r.file_path->c_str(), beast::file_mode::scan, ec);
            if (fec || ec || !file.is_open()) {
                std::string why = ec ? ec.message() : fec ? fec.message() : std::string("not a regular file");
                log::ScopedRequestId rid(request_id_);
                spdlog::warn("cannot open file for response: {}", why);
                return Send(Response::Problem(Error::NotFound("文件不存在")));
            }
            if (head_) {
                bhttp::response<bhttp::empty_body> m;
                Prepare(m, r);
                m.content_length(file.size());
                return Write(std::move(m));
            }
            bhttp::response<bhttp::file_body> m;
            Prepare(m, r);
            m.body() = std::move(file);
            m.prepare_payload();
            return Write(std::move(m));
        }
        if (head_ || bodiless_status) {
            bhttp::response<bhttp::empty_body> m;
            Prepare(m, r);
            if (!bodiless_status) m.content_length(r.body.size());
            return Write(std::move(m));
        }
        bhttp::response<bhttp::string_body> m;
        Prepare(m, r);
        m.body() = std::move(r.body);
        m.prepare_payload();
        Write(std::move(m));
    }

    template <class Body>
    void Write(bhttp::response<Body>&& m) {
        auto sp = std::make_shared<bhttp::response<Body>>(std::move(m));
        bool close = sp->need_eof();
        stream_.expires_after(server_.options.read_timeout);
        bhttp::async_write(stream_, *sp, [self = shared_from_this(), sp, close](beast::error_code ec, size_t) {
            self->OnWrite(ec, close);
        });
    }

    void OnWrite(beast::error_code ec, bool close) {
        auto elapsed = std::chrono::steady_clock::now() - start_;
        double ms = std::chrono::duration<double, std::milli>(elapsed).count();
        {
            log::ScopedRequestId rid(request_id_);
            spdlog::info("{} {} {} {:.1f}ms", method_name_, path_, status_, ms);
        }
        if (server_.options.on_complete) {
            // Unknown method names share one label, as unknown paths do (the route is the router's pattern).
            server_.options.on_complete(CompletedRequest{MethodName(ParseMethod(method_name_)), route_, status_,
                                                         std::chrono::duration_cast<std::chrono::nanoseconds>(elapsed),
                                                         !ec});
        }
        busy_ = false;
        if (ec) return DoClose();
        if (linger_) return DoLinger();
        if (close || server_.stopping) return DoClose();
        DoRead();
    }

    // After an error response on a request whose body was not consumed: stop sending and drain what the
    // client still sends for a while, so closing does not reset the connection before it reads the response.
    void DoLinger() {
        beast::error_code ec;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
        if (ec) return;
        buffer_.clear();
        stream_.expires_after(kLingerTimeout);
        DrainSome();
    }

    void DrainSome() {
        stream_.async_read_some(net::buffer(drain_), [self = shared_from_this()](beast::error_code ec, size_t n) {
            self->drained_ += n;
            if (ec || self->drained_ > kLingerMaxBytes) return;  // socket closes with us
            self->DrainSome();
        });
    }

    void DoClose() {
        beast::error_code ec;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
        // The socket itself closes when the last handler holding this session lets go.
    }

    detail::ServerImpl& server_;
    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
    std::string remote_addr_;
    bool trusted_peer_ = false;
    bool forwarded_https_ = false;  // the current request came over TLS to a trusted proxy (X-Forwarded-Proto)
    size_t body_limit_ = 0;  // the body limit of the request being read (uploads may be larger)
    bool busy_ = false;    // between the start of a request and the end of its response
    bool linger_ = false;  // close with a lingering drain after this response
    bool keep_alive_ = false;
    bool head_ = false;
    unsigned version_ = 11;
    // For the access log line.
    std::chrono::steady_clock::time_point start_;
    std::string method_name_, path_, request_id_;
    std::string route_;  // the router's pattern for the current request; "" when it never reached the router
    int status_ = 0;
    size_t drained_ = 0;
    std::array<char, 16 * 1024> drain_;
};

Response detail::ServerImpl::Invoke(Request& req) const {
    log::ScopedRequestId rid(req.request_id);  // every line logged while handling it carries the request id
    try {
        return handler(req);
    } catch (const std::exception& e) {
        spdlog::error("handler threw for {} {}: {}", MethodName(req.method), req.path, e.what());
    } catch (...) {
        spdlog::error("handler threw a non-exception for {} {}", MethodName(req.method), req.path);
    }
    return Response::Problem(Error::Internal("服务器内部错误，请稍后重试"));
}

std::vector<std::shared_ptr<ServerConnection>> detail::ServerImpl::LiveConnections() {
    std::vector<std::shared_ptr<ServerConnection>> live;
    for (auto& [ptr, weak] : sessions)
        if (auto c = weak.lock()) live.push_back(std::move(c));
    return live;
}

void detail::ServerImpl::DoAccept() {
    acceptor.async_accept(net::make_strand(ioc),
                          [this](beast::error_code ec, tcp::socket socket) { OnAccept(ec, std::move(socket)); });
}

void detail::ServerImpl::OnAccept(beast::error_code ec, tcp::socket socket) {
    if (!acceptor.is_open() || ec == net::error::operation_aborted) return;
    if (ec) {
        // E.g. EMFILE: back off briefly instead of spinning.
        spdlog::warn("accept failed: {}", ec.message());
        accept_retry.expires_after(std::chrono::milliseconds(100));
        accept_retry.async_wait([this](beast::error_code wec) {
            if (!wec && acceptor.is_open()) DoAccept();
        });
        return;
    }
    auto session = std::make_shared<ServerConnection>(*this, std::move(socket));
    {
        std::lock_guard lock(mu);
        sessions.emplace(session.get(), session);
    }
    // Registered before checking `stopping`, so Stop() either sees this session or the session sees the flag.
    if (stopping) {
        session->OnServerStop();  // not started yet: nothing else touches it
    } else {
        session->Start();
    }
    DoAccept();
}

using State = detail::ServerImpl::State;

Server::Server(ServerOptions options, Handler handler)
    : impl_(std::make_unique<detail::ServerImpl>(std::move(options), std::move(handler))) {}

Server::~Server() { Stop(); }

uint16_t Server::Port() const { return impl_->port; }

Status Server::Start() {
    detail::ServerImpl& s = *impl_;
    std::lock_guard lock(s.mu);
    if (s.state != State::kIdle) return Fail(Error::FailedPrecondition("HTTP 服务已启动或已停止"));
    if (!s.handler) return Fail(Error::InvalidArgument("handler", "HTTP 服务缺少处理函数"));

    beast::error_code ec;
    tcp::resolver resolver(s.ioc);
    auto results = resolver.resolve(s.options.host, std::to_string(s.options.port),
                                    tcp::resolver::passive | tcp::resolver::numeric_service, ec);
    if (ec || results.empty())
        return Fail(Error::Unavailable(fmt::format("无法解析监听地址 {}: {}", s.options.host, ec.message())));
    tcp::endpoint ep = results.begin()->endpoint();
    auto fail = [&](std::string_view what) {
        beast::error_code ignored;
        s.acceptor.close(ignored);
        return Fail(Error::Unavailable(
            fmt::format("无法监听 {}:{}（{}）: {}", s.options.host, s.options.port, what, ec.message())));
    };
    s.acceptor.open(ep.protocol(), ec);
    if (ec) return fail("open");
    s.acceptor.set_option(net::socket_base::reuse_address(true), ec);
    if (ec) return fail("reuse_address");
    s.acceptor.bind(ep, ec);
    if (ec) return fail("bind");
    s.acceptor.listen(net::socket_base::max_listen_connections, ec);
    if (ec) return fail("listen");
    s.port = s.acceptor.local_endpoint(ec).port();

    s.workers.emplace(static_cast<size_t>(std::max(1, s.options.worker_threads)));
    s.work.emplace(net::make_work_guard(s.ioc));
    net::dispatch(s.accept_strand, [&s] { s.DoAccept(); });
    for (int i = 0; i < std::max(1, s.options.io_threads); ++i) {
        s.io_threads.emplace_back([&s] {
            for (;;) {
                try {
                    s.ioc.run();
                    return;
                } catch (const std::exception& e) {
                    spdlog::error("HTTP I/O thread caught: {}", e.what());
                }
            }
        });
    }
    s.state = State::kRunning;
    spdlog::info("HTTP server listening on {}:{}", ep.address().to_string(), s.port.load());
    return Ok();
}

void Server::Stop() {
    detail::ServerImpl& s = *impl_;
    std::unique_lock lock(s.mu);
    if (s.state == State::kIdle) {
        s.state = State::kStopped;
        s.cv.notify_all();
        return;
    }
    if (s.state != State::kRunning) {  // another thread is stopping (or has stopped)
        s.cv.wait(lock, [&] { return s.state == State::kStopped; });
        return;
    }
    s.state = State::kStopping;
    s.stopping = true;
    net::post(s.accept_strand, [&s] {
        beast::error_code ec;
        s.acceptor.close(ec);
        s.accept_retry.cancel();
    });
    // Collected under the lock, released outside it: a connection's destructor takes the lock.
    std::vector<std::shared_ptr<ServerConnection>> live = s.LiveConnections();
    lock.unlock();
    for (auto& c : live) net::post(c->Executor(), [c] { c->OnServerStop(); });
    live.clear();

    lock.lock();
    bool drained = s.cv.wait_for(lock, s.options.shutdown_grace, [&] { return s.sessions.empty(); });
    size_t left = s.sessions.size();
    lock.unlock();
    if (!drained) {
        spdlog::warn("HTTP server: {} connection(s) still busy after {} s; forcing shutdown", left,
                     s.options.shutdown_grace.count());
        s.ioc.stop();
    }
    s.work.reset();
    for (auto& t : s.io_threads) t.join();  // normally they run out of work: no connections, acceptor closed
    s.io_threads.clear();
    if (!drained) {
        // No I/O thread runs any more, so closing here is safe; clients see EOF instead of hanging.
        lock.lock();
        live = s.LiveConnections();
        lock.unlock();
        for (auto& c : live) c->ForceClose();
        live.clear();
    }
    s.workers->join();  // handlers still running finish; after a forced stop their responses are dropped
    lock.lock();
    s.state = State::kStopped;
    s.cv.notify_all();
    spdlog::info("HTTP server stopped");
}

void Server::Wait() {
    detail::ServerImpl& s = *impl_;
    std::unique_lock lock(s.mu);
    s.cv.wait(lock, [&] { return s.state == State::kStopped || s.state == State::kIdle; });
}

}  // namespace xf::http
