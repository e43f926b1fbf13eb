// xf_loadgen — a small, dependency-light HTTP/1.1 load generator for benchmarking the xinfang server.
//
// One thread per keep-alive connection. Closed loop (--rate 0): every connection sends its next request as soon as
// the previous response arrives. Open loop (--rate R): requests are scheduled at a fixed total rate spread evenly over
// the connections, and latency is measured from each request's *intended* send time, so a stalled server is charged
// for the requests it delayed (no coordinated omission). Latencies are stored exactly and sorted at the end.
//
// POSIX sockets + std::thread + fmt only. See bench/README.md for usage.

#include <fcntl.h>
#include <fmt/core.h>
#include <fmt/format.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <latch>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace xf::loadgen {
namespace {

using Clock = std::chrono::steady_clock;
using TimePoint = Clock::time_point;
using Nanos = std::chrono::nanoseconds;

constexpr int kMaxConnections = 1024;
constexpr size_t kMaxHeaderBytes = 64 * 1024;
constexpr size_t kErrorBodyCap = 2048;  // bytes of the first non-2xx body kept for the report
constexpr size_t kLoginBodyCap = 1024 * 1024;

std::atomic<bool> g_stop{false};  // set by SIGINT/SIGTERM; lock-free, so async-signal-safe

extern "C" void OnSignal(int) { g_stop.store(true, std::memory_order_relaxed); }

// ---------------------------------------------------------------------------------------------------------------------
// Small string helpers

char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool IEquals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (AsciiLower(a[i]) != AsciiLower(b[i])) return false;
    return true;
}

std::string_view TrimWs(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

// True if the comma-separated header value contains `token` (case-insensitive).
bool HasToken(std::string_view value, std::string_view token) {
    while (!value.empty()) {
        size_t comma = value.find(',');
        if (IEquals(TrimWs(value.substr(0, comma)), token)) return true;
        if (comma == std::string_view::npos) break;
        value.remove_prefix(comma + 1);
    }
    return false;
}

// The longest prefix of s, at most n bytes, that does not end inside a UTF-8 sequence.
std::string_view Utf8SafePrefix(std::string_view s, size_t n) {
    if (s.size() <= n) return s;
    size_t i = n;
    while (i > 0 && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) --i;
    return s.substr(0, i);
}

std::string JsonEscape(std::string_view s) {
    std::string out;
    out.reserve(s.size() + 8);
    for (char ch : s) {
        auto c = static_cast<unsigned char>(ch);
        switch (ch) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default:
                if (c < 0x20)
                    out += fmt::format("\\u{:04x}", c);
                else
                    out += ch;
        }
    }
    return out;
}

// Finds "key": "<string>" anywhere in a JSON document and returns the unescaped string value (\uXXXX outside ASCII is
// not decoded — tokens are ASCII). Good enough for picking csrf_token out of a login response without a JSON library.
std::optional<std::string> FindJsonString(std::string_view json, std::string_view key) {
    std::string needle = fmt::format("\"{}\"", key);
    size_t at = 0;
    while ((at = json.find(needle, at)) != std::string_view::npos) {
        size_t i = at + needle.size();
        while (i < json.size() && std::isspace(static_cast<unsigned char>(json[i]))) ++i;
        if (i >= json.size() || json[i] != ':') {
            at = i;
            continue;
        }
        ++i;
        while (i < json.size() && std::isspace(static_cast<unsigned char>(json[i]))) ++i;
        if (i >= json.size() || json[i] != '"') return std::nullopt;
        std::string value;
        for (++i; i < json.size(); ++i) {
            char c = json[i];
            if (c == '"') return value;
            if (c == '\\' && i + 1 < json.size()) {
                char e = json[++i];
                switch (e) {
                    case 'n':
                        value += '\n';
                        break;
                    case 't':
                        value += '\t';
                        break;
                    case 'r':
                        value += '\r';
                        break;
                    case 'b':
                        value += '\b';
                        break;
                    case 'f':
                        value += '\f';
                        break;
                    case 'u':
                        if (i + 4 < json.size()) {
                            unsigned cp = 0;
                            std::from_chars(json.data() + i + 1, json.data() + i + 5, cp, 16);
                            value += cp < 0x80 ? static_cast<char>(cp) : '?';
                            i += 4;
                        }
                        break;
                    default:
                        value += e;
                }
            } else {
                value += c;
            }
        }
        return std::nullopt;
    }
    return std::nullopt;
}

std::optional<std::string> ReadFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream ss;
    ss << in.rdbuf();
    return std::move(ss).str();
}

// ---------------------------------------------------------------------------------------------------------------------
// URLs and addresses

struct Url {
    std::string host;  // without brackets for IPv6
    std::string port = "80";
    std::string host_header;   // as sent in Host:
    std::string target = "/";  // path + query
};

std::optional<Url> ParseUrl(std::string_view s, std::string* error) {
    constexpr std::string_view kScheme = "http://";
    if (s.size() < kScheme.size() || !IEquals(s.substr(0, kScheme.size()), kScheme)) {
        *error = "only http:// URLs are supported";
        return std::nullopt;
    }
    s.remove_prefix(kScheme.size());
    size_t end = s.find_first_of("/?#");
    std::string_view authority = s.substr(0, end);
    std::string_view rest = end == std::string_view::npos ? std::string_view{} : s.substr(end);
    if (size_t hash = rest.find('#'); hash != std::string_view::npos) rest = rest.substr(0, hash);
    Url url;
    if (authority.find('@') != std::string_view::npos) {
        *error = "user info in URLs is not supported";
        return std::nullopt;
    }
    if (!authority.empty() && authority.front() == '[') {
        size_t close = authority.find(']');
        if (close == std::string_view::npos) {
            *error = "bad IPv6 literal";
            return std::nullopt;
        }
        url.host = std::string(authority.substr(1, close - 1));
        std::string_view after = authority.substr(close + 1);
        if (!after.empty()) {
            if (after.front() != ':') {
                *error = "bad authority";
                return std::nullopt;
            }
            url.port = std::string(after.substr(1));
        }
    } else {
        size_t colon = authority.rfind(':');
        url.host = std::string(authority.substr(0, colon));
        if (colon != std::string_view::npos) url.port = std::string(authority.substr(colon + 1));
    }
    if (url.host.empty() || url.port.empty() ||
        !std::all_of(url.port.begin(), url.port.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        *error = "bad host or port";
        return std::nullopt;
    }
    url.host_header = std::string(authority);
    if (!rest.empty()) url.target = rest.front() == '/' ? std::string(rest) : "/" + std::string(rest);
    return url;
}

struct Address {
    sockaddr_storage storage{};
    socklen_t length = 0;
    int family = AF_UNSPEC;
};

std::optional<Address> Resolve(const Url& url, std::string* error) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* res = nullptr;
    int rc = ::getaddrinfo(url.host.c_str(), url.port.c_str(), &hints, &res);
    if (rc != 0 || res == nullptr) {
        *error = fmt::format("cannot resolve {}:{}: {}", url.host, url.port, ::gai_strerror(rc));
        return std::nullopt;
    }
    Address addr;
    std::memcpy(&addr.storage, res->ai_addr, res->ai_addrlen);
    addr.length = static_cast<socklen_t>(res->ai_addrlen);
    addr.family = res->ai_family;
    ::freeaddrinfo(res);
    return addr;
}

// ---------------------------------------------------------------------------------------------------------------------
// HTTP/1.1 response parser (incremental: call Parse again with the grown buffer until it says kDone)

class ResponseParser {
  public:
    enum class Result { kNeedMore, kDone, kError };

    void Reset(bool head_request, size_t body_cap) {
        *this = ResponseParser{};
        head_request_ = head_request;
        body_cap_ = body_cap;
    }

    // `buf` holds bytes received on the connection, starting at this response. With eof=true the peer has closed.
    Result Parse(const std::string& buf, bool eof) {
        for (;;) {
            switch (state_) {
                case State::kHeaders: {
                    size_t from = std::max(pos_, scan_ >= 3 ? scan_ - 3 : 0);
                    size_t end = buf.find("\r\n\r\n", from);
                    if (end == std::string::npos) {
                        scan_ = buf.size();
                        if (buf.size() - pos_ > kMaxHeaderBytes) return Fail("response header too large");
                        return eof ? Fail(buf.size() == pos_ ? "connection closed" : "truncated header")
                                   : Result::kNeedMore;
                    }
                    if (!ParseHead(std::string_view(buf).substr(pos_, end - pos_))) return Result::kError;
                    pos_ = end + 4;
                    scan_ = pos_;
                    if (status_ >= 100 && status_ < 200 && status_ != 101) {  // interim response: skip it
                        ClearHead();
                        continue;
                    }
                    if (head_request_ || status_ == 204 || status_ == 304 || status_ == 101) return Finish();
                    if (chunked_) {
                        state_ = State::kChunkSize;
                    } else if (content_length_) {
                        remaining_ = *content_length_;
                        state_ = State::kLength;
                    } else {
                        close_ = true;  // body delimited by connection close
                        state_ = State::kUntilClose;
                    }
                    continue;
                }
                case State::kLength:
                case State::kChunkData: {
                    size_t take = std::min<size_t>(buf.size() - pos_, remaining_);
                    Keep(std::string_view(buf).substr(pos_, take));
                    pos_ += take;
                    remaining_ -= take;
                    if (remaining_ > 0) return eof ? Fail("truncated body") : Result::kNeedMore;
                    if (state_ == State::kLength) return Finish();
                    state_ = State::kChunkCrlf;
                    continue;
                }
                case State::kChunkCrlf: {
                    if (buf.size() - pos_ < 2) return eof ? Fail("truncated chunk") : Result::kNeedMore;
                    if (buf.compare(pos_, 2, "\r\n") != 0) return Fail("bad chunk terminator");
                    pos_ += 2;
                    state_ = State::kChunkSize;
                    continue;
                }
                case State::kChunkSize: {
                    size_t eol = buf.find("\r\n", pos_);
                    if (eol == std::string::npos) {
                        if (buf.size() - pos_ > 1024) return Fail("chunk size line too long");
                        return eof ? Fail("truncated chunk size") : Result::kNeedMore;
                    }
                    std::string_view line = TrimWs(std::string_view(buf).substr(pos_, eol - pos_));
                    line = TrimWs(line.substr(0, line.find(';')));  // drop chunk extensions
                    uint64_t size = 0;
                    auto [p, ec] = std::from_chars(line.data(), line.data() + line.size(), size, 16);
                    if (ec != std::errc{} || p != line.data() + line.size() || line.empty())
                        return Fail("bad chunk size");
                    pos_ = eol + 2;
                    if (size == 0) {
                        state_ = State::kTrailers;
                    } else {
                        remaining_ = size;
                        state_ = State::kChunkData;
                    }
                    continue;
                }
                case State::kTrailers: {
                    size_t eol = buf.find("\r\n", pos_);
                    if (eol == std::string::npos) return eof ? Fail("truncated trailers") : Result::kNeedMore;
                    bool empty = eol == pos_;
                    pos_ = eol + 2;
                    if (empty) return Finish();
                    continue;
                }
                case State::kUntilClose: {
                    Keep(std::string_view(buf).substr(pos_));
                    pos_ = buf.size();
                    return eof ? Finish() : Result::kNeedMore;
                }
                case State::kDone:
                    return Result::kDone;
            }
        }
    }

    int status() const { return status_; }
    bool close() const { return close_; }
    size_t consumed() const { return pos_; }
    const std::string& body() const { return body_; }
    const std::vector<std::string>& set_cookies() const { return set_cookies_; }
    const std::string& csrf_header() const { return csrf_header_; }
    const std::string& etag() const { return etag_; }
    const std::string& error() const { return error_; }

  private:
    enum class State { kHeaders, kLength, kChunkSize, kChunkData, kChunkCrlf, kTrailers, kUntilClose, kDone };

    Result Fail(std::string message) {
        error_ = std::move(message);
        return Result::kError;
    }
    Result Finish() {
        state_ = State::kDone;
        return Result::kDone;
    }
    void Keep(std::string_view data) {
        if (body_.size() < body_cap_) body_.append(data.substr(0, body_cap_ - body_.size()));
    }
    void ClearHead() {
        status_ = 0;
        close_ = false;
        chunked_ = false;
        content_length_.reset();
        set_cookies_.clear();
        csrf_header_.clear();
        etag_.clear();
    }

    bool ParseHead(std::string_view head) {
        size_t eol = head.find("\r\n");
        std::string_view status_line = head.substr(0, eol);
        // "HTTP/1.1 200 OK"
        if (status_line.size() < 12 || status_line.substr(0, 5) != "HTTP/") {
            Fail(fmt::format("bad status line '{}'", Utf8SafePrefix(status_line, 80)));
            return false;
        }
        bool http10 = status_line.substr(5, 3) == "1.0";
        size_t sp = status_line.find(' ');
        if (sp == std::string_view::npos || sp + 4 > status_line.size()) {
            Fail("bad status line");
            return false;
        }
        auto [p, ec] = std::from_chars(status_line.data() + sp + 1, status_line.data() + sp + 4, status_);
        if (ec != std::errc{} || p != status_line.data() + sp + 4) {
            Fail("bad status code");
            return false;
        }
        close_ = http10;
        std::string_view rest = eol == std::string_view::npos ? std::string_view{} : head.substr(eol + 2);
        while (!rest.empty()) {
            size_t next = rest.find("\r\n");
            std::string_view line = rest.substr(0, next);
            rest = next == std::string_view::npos ? std::string_view{} : rest.substr(next + 2);
            size_t colon = line.find(':');
            if (colon == std::string_view::npos) continue;
            std::string_view name = TrimWs(line.substr(0, colon));
            std::string_view value = TrimWs(line.substr(colon + 1));
            if (IEquals(name, "content-length")) {
                uint64_t n = 0;
                auto [q, e2] = std::from_chars(value.data(), value.data() + value.size(), n);
                if (e2 != std::errc{} || q != value.data() + value.size()) {
                    Fail("bad Content-Length");
                    return false;
                }
                content_length_ = n;
            } else if (IEquals(name, "transfer-encoding")) {
                chunked_ = HasToken(value, "chunked");
            } else if (IEquals(name, "connection")) {
                if (HasToken(value, "close")) close_ = true;
                if (HasToken(value, "keep-alive")) close_ = false;
            } else if (IEquals(name, "set-cookie")) {
                set_cookies_.emplace_back(value);
            } else if (IEquals(name, "x-csrf-token")) {
                csrf_header_ = std::string(value);
            } else if (IEquals(name, "etag")) {
                etag_ = std::string(value);
            }
        }
        return true;
    }

    State state_ = State::kHeaders;
    size_t pos_ = 0;   // next unparsed byte
    size_t scan_ = 0;  // how far the header terminator search got
    uint64_t remaining_ = 0;
    int status_ = 0;
    bool close_ = false;
    bool chunked_ = false;
    bool head_request_ = false;
    std::optional<uint64_t> content_length_;
    size_t body_cap_ = 0;
    std::string body_;
    std::vector<std::string> set_cookies_;
    std::string csrf_header_;
    std::string etag_;
    std::string error_;
};

// ---------------------------------------------------------------------------------------------------------------------
// Socket I/O with deadlines. `deadline` is the per-request timeout; `cap` is the hard end of the run (in-flight
// requests that reach it are abandoned, not counted as errors). g_stop also abandons.

enum class Outcome { kOk, kConnectError, kIoError, kTimeout, kParseError, kAbandoned };

const char* OutcomeName(Outcome o) {
    switch (o) {
        case Outcome::kOk:
            return "ok";
        case Outcome::kConnectError:
            return "connect error";
        case Outcome::kIoError:
            return "I/O error";
        case Outcome::kTimeout:
            return "timeout";
        case Outcome::kParseError:
            return "bad response";
        case Outcome::kAbandoned:
            return "abandoned";
    }
    return "?";
}

Outcome WaitFd(int fd, short events, TimePoint deadline, TimePoint cap) {
    for (;;) {
        if (g_stop.load(std::memory_order_relaxed)) return Outcome::kAbandoned;
        TimePoint now = Clock::now();
        TimePoint limit = std::min(deadline, cap);
        if (now >= limit) return (cap < deadline) ? Outcome::kAbandoned : Outcome::kTimeout;
        auto ms = std::chrono::ceil<std::chrono::milliseconds>(limit - now).count();
        pollfd pfd{fd, events, 0};
        int rc = ::poll(&pfd, 1, static_cast<int>(std::min<int64_t>(ms, 100)));  // wake up to notice g_stop
        if (rc > 0) return Outcome::kOk;  // ready, or an error the next syscall will report
        if (rc < 0 && errno != EINTR) return Outcome::kIoError;
    }
}

struct Connection {
    int fd = -1;
    uint64_t responses = 0;  // responses read on this TCP connection
    std::string rbuf;

    Connection() = default;
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    ~Connection() { Close(); }

    void Close() {
        if (fd >= 0) ::close(fd);
        fd = -1;
        responses = 0;
        rbuf.clear();
    }

    // An idle connection the server has meanwhile closed (keep-alive timeout) shows up as readable.
    bool LooksStale() const {
        pollfd pfd{fd, POLLIN | POLLRDHUP, 0};
        if (::poll(&pfd, 1, 0) <= 0) return false;
        return true;  // EOF, RST, or unsolicited bytes: none of these is a usable idle connection
    }
};

Outcome Connect(Connection& conn, const Address& addr, TimePoint deadline, TimePoint cap, std::string* error) {
    conn.Close();
    int fd = ::socket(addr.family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        *error = fmt::format("socket: {}", std::strerror(errno));
        return Outcome::kConnectError;
    }
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    conn.fd = fd;
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&addr.storage), addr.length) < 0) {
        if (errno != EINPROGRESS) {
            *error = fmt::format("connect: {}", std::strerror(errno));
            conn.Close();
            return Outcome::kConnectError;
        }
        Outcome w = WaitFd(fd, POLLOUT, deadline, cap);
        if (w != Outcome::kOk) {
            conn.Close();
            if (w != Outcome::kTimeout) return w;
            *error = "connect: timed out";
            return Outcome::kConnectError;
        }
        int err = 0;
        socklen_t len = sizeof err;
        ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
        if (err != 0) {
            *error = fmt::format("connect: {}", std::strerror(err));
            conn.Close();
            return Outcome::kConnectError;
        }
    }
    return Outcome::kOk;
}

Outcome SendAll(Connection& conn, std::string_view data, TimePoint deadline, TimePoint cap, std::string* error) {
    while (!data.empty()) {
        ssize_t n = ::send(conn.fd, data.data(), data.size(), MSG_NOSIGNAL);
        if (n > 0) {
            data.remove_prefix(static_cast<size_t>(n));
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            if (Outcome w = WaitFd(conn.fd, POLLOUT, deadline, cap); w != Outcome::kOk) return w;
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else {
            *error = fmt::format("send: {}", std::strerror(errno));
            return Outcome::kIoError;
        }
    }
    return Outcome::kOk;
}

Outcome ReadResponse(Connection& conn, ResponseParser& parser, TimePoint deadline, TimePoint cap, std::string* error) {
    thread_local std::array<char, 64 * 1024> chunk;
    bool eof = false;
    bool maybe_more = false;  // true when a recv() may have more bytes without waiting
    for (;;) {
        ResponseParser::Result r = parser.Parse(conn.rbuf, eof);
        if (r == ResponseParser::Result::kDone) {
            conn.rbuf.erase(0, parser.consumed());
            ++conn.responses;
            return Outcome::kOk;
        }
        if (r == ResponseParser::Result::kError) {
            *error = parser.error();
            // A connection that closes before any response byte is a transport error, not a malformed response.
            return (eof && conn.rbuf.empty()) ? Outcome::kIoError : Outcome::kParseError;
        }
        // Right after sending, the answer is rarely there yet: poll first instead of paying for a recv() == EAGAIN.
        if (!maybe_more) {
            if (Outcome w = WaitFd(conn.fd, POLLIN, deadline, cap); w != Outcome::kOk) return w;
        }
        ssize_t n = ::recv(conn.fd, chunk.data(), chunk.size(), 0);
        maybe_more = n == static_cast<ssize_t>(chunk.size());
        if (n > 0) {
            conn.rbuf.append(chunk.data(), static_cast<size_t>(n));
        } else if (n == 0) {
            eof = true;
        } else if (errno == EINTR) {
            maybe_more = true;
        } else if (errno != EAGAIN && errno != EWOULDBLOCK) {
            *error = fmt::format("recv: {}", std::strerror(errno));
            return Outcome::kIoError;
        }
    }
}

// ---------------------------------------------------------------------------------------------------------------------
// Options

// ---------------------------------------------------------------------------------------------------------------------
// The mixed scenario's vocabulary: request kinds, desks (who does what) and the mix (how often)

// Every request of the mixed scenario has a kind; results are reported per kind and overall. The simple mode (one
// request, --url) has a single kind, "request".
enum class Kind : int {
    kRegister,
    kDetail,
    kForward,
    kAccept,
    kAcceptDirectly,
    kReply,
    kReject,
    kList,
    kQueue,
    kOverdue,
    kWorkbench,
    kSearch,
    kReport,
};
constexpr int kKindCount = 13;
constexpr std::array<std::string_view, kKindCount> kKindNames = {
    "register", "detail", "forward", "accept",    "accept_directly", "reply", "reject",
    "list",     "queue",  "overdue", "workbench", "search",          "report"};

bool IsCaseStep(Kind k) { return k <= Kind::kReject; }  // acts on (or creates) this iteration's case

// One office's staff: the logins a connection uses and the codes it needs. Connection i uses desk i mod (number of
// desks). The defaults are the demo's 青山县 county office (bench/README.md).
struct Desk {
    std::string registrar = "registrar";  // registers, forwards, accepts directly, rejects; workbench counts
    std::string handler = "handler";      // replies to directly accepted cases; case list, overdue queue, search
    std::string dept = "dept_handler";    // the department: its open-case queue, accept, reply
    std::string stats = "statistician";   // the summary report
    std::string dept_org = "qs-rsj";      // forward target (the dept user's org)
    std::string report_org = "qs-xfj";    // org of the summary report
    std::string region = "991021";        // {region} in the registration body template
    // Filled after logging in: the "Cookie: …\r\nX-CSRF-Token: …\r\n" lines of each login's session.
    std::string registrar_h, handler_h, dept_h, stats_h;
};

std::optional<Desk> ParseDesk(std::string_view spec, std::string* error) {
    Desk d;
    while (!spec.empty()) {
        size_t comma = spec.find(',');
        std::string_view item = TrimWs(spec.substr(0, comma));
        spec = comma == std::string_view::npos ? std::string_view{} : spec.substr(comma + 1);
        if (item.empty()) continue;
        size_t eq = item.find('=');
        if (eq == std::string_view::npos) {
            *error = fmt::format("'{}' is not key=value", item);
            return std::nullopt;
        }
        std::string_view key = TrimWs(item.substr(0, eq));
        std::string value(TrimWs(item.substr(eq + 1)));
        if (value.empty() || value.find_first_of(" \r\n\"\\&?#%") != std::string::npos) {
            *error = fmt::format("bad value for {}", key);
            return std::nullopt;
        }
        if (key == "registrar") d.registrar = value;
        else if (key == "handler") d.handler = value;
        else if (key == "dept") d.dept = value;
        else if (key == "stats") d.stats = value;
        else if (key == "dept_org") d.dept_org = value;
        else if (key == "report_org") d.report_org = value;
        else if (key == "region") d.region = value;
        else {
            *error = fmt::format("unknown key '{}' (registrar, handler, dept, stats, dept_org, report_org, region)", key);
            return std::nullopt;
        }
    }
    return d;
}

// How a connection's iteration is composed. The three paths are relative weights (one path per registered case); the
// other entries are expected counts per iteration: 2 = twice, 0.5 = once every other iteration on average.
struct Mix {
    double forward = 5;  // 转送 to the department, which accepts (受理) and replies (答复)
    double direct = 3;   // 直接受理 by the county office, then its handler replies
    double reject = 2;   // 不予受理
    double detail = 1;   // GET the new case
    double list = 1;     // first page of the case list
    double queue = 1;    // the department's open-case queue
    double overdue = 1;  // the overdue queue
    double workbench = 1;
    double search = 2;  // 2-character Chinese query
    double report = 1;  // summary report (statistics)
};

bool ParseMix(std::string_view spec, Mix* mix, std::string* error) {
    while (!spec.empty()) {
        size_t comma = spec.find(',');
        std::string_view item = TrimWs(spec.substr(0, comma));
        spec = comma == std::string_view::npos ? std::string_view{} : spec.substr(comma + 1);
        if (item.empty()) continue;
        size_t eq = item.find('=');
        std::string_view key = TrimWs(item.substr(0, eq));
        std::string value(eq == std::string_view::npos ? "" : TrimWs(item.substr(eq + 1)));
        char* end = nullptr;
        double v = std::strtod(value.c_str(), &end);
        if (value.empty() || *end != '\0' || !std::isfinite(v) || v < 0 || v > 100) {
            *error = fmt::format("'{}' needs a number 0..100", item);
            return false;
        }
        double* slot = key == "forward"     ? &mix->forward
                       : key == "direct"    ? &mix->direct
                       : key == "reject"    ? &mix->reject
                       : key == "detail"    ? &mix->detail
                       : key == "list"      ? &mix->list
                       : key == "queue"     ? &mix->queue
                       : key == "overdue"   ? &mix->overdue
                       : key == "workbench" ? &mix->workbench
                       : key == "search"    ? &mix->search
                       : key == "report"    ? &mix->report
                                            : nullptr;
        if (slot == nullptr) {
            *error = fmt::format("unknown mix entry '{}'", key);
            return false;
        }
        *slot = v;
    }
    if (mix->forward + mix->direct + mix->reject <= 0) {
        *error = "forward + direct + reject must be > 0";
        return false;
    }
    return true;
}

// ---------------------------------------------------------------------------------------------------------------------
// Options

struct Options {
    std::string url;
    int connections = 1;
    double duration_s = 10;
    double warmup_s = 0;
    double rate = 0;  // total requests/s; 0 = closed loop
    double timeout_s = 10;
    std::string method;  // default: POST with a body, GET without
    std::vector<std::string> headers;
    std::string body_file;
    std::string body_template_file;
    std::string targets_file;
    std::string login_url;
    std::string login_body;
    uint64_t seq_start = 1;
    bool json = false;
    // --scenario mixed
    std::string scenario;
    std::vector<Desk> desks;
    std::string password = "xinfang-demo-2026";
    Mix mix;
    double think_ms = 0;
    double progress_s = 0;
};

void PrintUsage(FILE* out) {
    fmt::print(
        out,
        "usage: xf_loadgen --url http://HOST:PORT/PATH [options]\n"
        "       xf_loadgen --scenario mixed --url http://HOST:PORT --body-template F [--desk SPEC]... [options]\n"
        "\n"
        "  --url URL              target (http:// only); with --scenario mixed only scheme, host and port count\n"
        "  --connections N        keep-alive connections, one thread each (default 1, max {})\n"
        "  --duration SECONDS     measured run length (default 10)\n"
        "  --warmup SECONDS       unmeasured load before the run (default 0)\n"
        "  --rate R               0 = closed loop (max throughput); R > 0 = open loop at R requests/s in total,\n"
        "                         latency measured from each request's intended send time (default 0)\n"
        "  --timeout SECONDS      per-request timeout (default 10)\n"
        "  --method M             HTTP method (default POST with a body, else GET)\n"
        "  --header 'K: V'        extra request header (repeatable)\n"
        "  --body-file F          request body, sent verbatim\n"
        "  --body-template F      request body with {{seq}} (unique sequence number), {{rand}} (random 1..999999),\n"
        "                         {{run}} (per-invocation id) and {{region}} (mixed: the desk's region) replaced\n"
        "  --seq-start N          first {{seq}} value (default 1)\n"
        "  --targets F            one request per line, taken in turn by all connections: '/path' or 'GET /path'\n"
        "                         or 'POST /path<TAB>JSON body' (the path of --url is then not used)\n"
        "  --login URL            before the run, POST --login-body here (URL or /path on the --url host), then\n"
        "                         send its Set-Cookie cookies as Cookie: and its JSON csrf_token as X-CSRF-Token:\n"
        "  --login-body JSON      login request body (Content-Type: application/json)\n"
        "  --json                 print the result as one JSON object on stdout (the text line goes to stderr)\n"
        "\n"
        "mixed scenario (each connection loops: register a case, act on it, read lists, search, report):\n"
        "  --scenario mixed       the registration body is --body-template (POST /api/v1/petitions)\n"
        "  --desk SPEC            an office's logins and codes, comma-separated key=value (repeatable; connection i\n"
        "                         uses desk i mod N): registrar, handler, dept, stats (logins), dept_org,\n"
        "                         report_org (org codes), region (for {{region}}). Default: the demo's county office\n"
        "                         registrar=registrar,handler=handler,dept=dept_handler,stats=statistician,\n"
        "                         dept_org=qs-rsj,report_org=qs-xfj,region=991021\n"
        "  --password P           password of every desk login (default the demo's, xinfang-demo-2026)\n"
        "  --mix K=V,...          path weights forward, direct, reject (default 5,3,2) and per-iteration counts\n"
        "                         detail, list, queue, overdue, workbench, report (default 1 each), search (2);\n"
        "                         fractions are probabilities (report=0.5: every other iteration on average)\n"
        "  --think MS             closed loop: pause 0.5..1.5 x MS after each response (default 0)\n"
        "  --progress SECONDS     print completed requests and failures so far every SECONDS on stderr\n"
        "  --help\n",
        kMaxConnections);
}

bool ParseDouble(std::string_view s, double* out) {
    std::string tmp(s);
    char* end = nullptr;
    errno = 0;
    double v = std::strtod(tmp.c_str(), &end);
    if (tmp.empty() || *end != '\0' || errno != 0 || !std::isfinite(v)) return false;
    *out = v;
    return true;
}

template <typename Int>
bool ParseInt(std::string_view s, Int* out) {
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
    return ec == std::errc{} && p == s.data() + s.size() && !s.empty();
}

// The parsed options, or nullopt after printing an error (or when --help was asked for: *help is set).
std::optional<Options> ParseArgs(int argc, char** argv, bool* help) {
    Options o;
    auto fail = [](std::string msg) -> std::optional<Options> {
        fmt::print(stderr, "xf_loadgen: {}\n(try --help)\n", msg);
        return std::nullopt;
    };
    for (int i = 1; i < argc; ++i) {
        std::string_view arg = argv[i];
        std::string_view value;
        bool has_inline = false;
        if (arg.starts_with("--")) {
            if (size_t eq = arg.find('='); eq != std::string_view::npos) {
                value = arg.substr(eq + 1);
                arg = arg.substr(0, eq);
                has_inline = true;
            }
        }
        auto need = [&]() -> bool {
            if (has_inline) return true;
            if (i + 1 >= argc) return false;
            value = argv[++i];
            return true;
        };
        if (arg == "--help" || arg == "-h") {
            *help = true;
            return std::nullopt;
        } else if (arg == "--json") {
            o.json = true;
        } else if (arg == "--url" || arg == "--connections" || arg == "--duration" || arg == "--warmup" ||
                   arg == "--rate" || arg == "--timeout" || arg == "--method" || arg == "--header" ||
                   arg == "--body-file" || arg == "--body-template" || arg == "--login" || arg == "--login-body" ||
                   arg == "--seq-start" || arg == "--scenario" || arg == "--desk" || arg == "--password" ||
                   arg == "--mix" || arg == "--think" || arg == "--progress" || arg == "--targets") {
            if (!need()) return fail(fmt::format("{} needs a value", arg));
            if (arg == "--url") {
                o.url = value;
            } else if (arg == "--connections") {
                if (!ParseInt(value, &o.connections) || o.connections < 1 || o.connections > kMaxConnections)
                    return fail(fmt::format("--connections must be 1..{}", kMaxConnections));
            } else if (arg == "--duration") {
                if (!ParseDouble(value, &o.duration_s) || o.duration_s <= 0) return fail("--duration must be > 0");
            } else if (arg == "--warmup") {
                if (!ParseDouble(value, &o.warmup_s) || o.warmup_s < 0) return fail("--warmup must be >= 0");
            } else if (arg == "--rate") {
                if (!ParseDouble(value, &o.rate) || o.rate < 0) return fail("--rate must be >= 0");
            } else if (arg == "--timeout") {
                if (!ParseDouble(value, &o.timeout_s) || o.timeout_s <= 0) return fail("--timeout must be > 0");
            } else if (arg == "--method") {
                o.method = value;
                if (o.method.empty() || o.method.find_first_of(" \r\n") != std::string::npos)
                    return fail("bad --method");
            } else if (arg == "--header") {
                if (value.find(':') == std::string_view::npos || value.find_first_of("\r\n") != std::string_view::npos)
                    return fail(fmt::format("bad --header '{}' (want 'Name: value')", value));
                o.headers.emplace_back(value);
            } else if (arg == "--body-file") {
                o.body_file = value;
            } else if (arg == "--body-template") {
                o.body_template_file = value;
            } else if (arg == "--targets") {
                o.targets_file = value;
            } else if (arg == "--login") {
                o.login_url = value;
            } else if (arg == "--login-body") {
                o.login_body = value;
            } else if (arg == "--seq-start") {
                if (!ParseInt(value, &o.seq_start)) return fail("bad --seq-start");
            } else if (arg == "--scenario") {
                if (value != "mixed") return fail("--scenario: the only scenario is 'mixed'");
                o.scenario = value;
            } else if (arg == "--desk") {
                std::string error;
                std::optional<Desk> d = ParseDesk(value, &error);
                if (!d) return fail(fmt::format("bad --desk '{}': {}", value, error));
                o.desks.push_back(std::move(*d));
            } else if (arg == "--password") {
                o.password = value;
            } else if (arg == "--mix") {
                std::string error;
                if (!ParseMix(value, &o.mix, &error)) return fail(fmt::format("bad --mix: {}", error));
            } else if (arg == "--think") {
                if (!ParseDouble(value, &o.think_ms) || o.think_ms < 0) return fail("--think must be >= 0");
            } else if (arg == "--progress") {
                if (!ParseDouble(value, &o.progress_s) || o.progress_s < 0) return fail("--progress must be >= 0");
            }
        } else {
            return fail(fmt::format("unknown argument '{}'", argv[i]));
        }
    }
    if (o.url.empty()) return fail("--url is required");
    if (!o.body_file.empty() && !o.body_template_file.empty())
        return fail("--body-file and --body-template are mutually exclusive");
    if (o.login_url.empty() != o.login_body.empty()) return fail("--login and --login-body go together");
    if (!o.targets_file.empty() && (!o.body_file.empty() || !o.body_template_file.empty() || !o.method.empty()))
        return fail("--targets carries each request's method and body: drop --body-file/--body-template/--method");
    if (o.scenario == "mixed") {
        if (o.body_template_file.empty()) return fail("--scenario mixed needs --body-template (the registration body)");
        if (!o.login_url.empty() || !o.method.empty() || !o.body_file.empty())
            return fail("--scenario mixed logs in per desk and builds its own requests: drop --login/--method/--body-file");
        if (o.desks.empty()) o.desks.emplace_back();
    } else if (!o.desks.empty() || o.think_ms > 0) {
        return fail("--desk and --think go with --scenario mixed");
    }
    return o;
}

// Request construction

// A body split at its placeholders: literals[0] hole[0] literals[1] ... literals[n].
class BodyTemplate {
  public:
    enum class Hole { kSeq, kRand, kRun, kRegion };

    static BodyTemplate Literal(std::string body) {
        BodyTemplate t;
        t.literals_.push_back(std::move(body));
        return t;
    }

    static BodyTemplate Parse(std::string_view text) {
        static constexpr std::pair<std::string_view, Hole> kNames[] = {
            {"{seq}", Hole::kSeq}, {"{rand}", Hole::kRand}, {"{run}", Hole::kRun}, {"{region}", Hole::kRegion}};
        BodyTemplate t;
        std::string current;
        size_t i = 0;
        while (i < text.size()) {
            bool matched = false;
            if (text[i] == '{') {
                for (const auto& [name, hole] : kNames) {
                    if (text.substr(i, name.size()) == name) {
                        t.literals_.push_back(std::move(current));
                        current.clear();
                        t.holes_.push_back(hole);
                        i += name.size();
                        matched = true;
                        break;
                    }
                }
            }
            if (!matched) current += text[i++];
        }
        t.literals_.push_back(std::move(current));
        return t;
    }

    bool is_literal() const { return holes_.empty(); }
    size_t hole_count() const { return holes_.size(); }

    // {region} is replaced by `region` (the mixed scenario's desk region; empty otherwise).
    void Render(std::string* out, uint64_t seq, uint64_t rand, uint64_t run, std::string_view region = {}) const {
        out->append(literals_[0]);
        for (size_t k = 0; k < holes_.size(); ++k) {
            if (holes_[k] == Hole::kRegion) {
                out->append(region);
            } else {
                uint64_t v = holes_[k] == Hole::kSeq ? seq : holes_[k] == Hole::kRand ? rand : run;
                fmt::format_to(std::back_inserter(*out), "{}", v);
            }
            out->append(literals_[k + 1]);
        }
    }

  private:
    std::vector<std::string> literals_;
    std::vector<Hole> holes_;
};

std::string BuildHeadPrefix(const std::string& method, const Url& url, const std::vector<std::string>& headers,
                            bool has_body) {
    bool user_host = false, user_type = false, user_accept = false, user_agent = false;
    std::string extra;
    for (const std::string& h : headers) {
        std::string_view name = TrimWs(std::string_view(h).substr(0, h.find(':')));
        if (IEquals(name, "content-length") || IEquals(name, "connection") || IEquals(name, "transfer-encoding")) {
            fmt::print(stderr, "xf_loadgen: ignoring --header '{}' (managed by xf_loadgen)\n", h);
            continue;
        }
        user_host |= IEquals(name, "host");
        user_type |= IEquals(name, "content-type");
        user_accept |= IEquals(name, "accept");
        user_agent |= IEquals(name, "user-agent");
        extra += h;
        extra += "\r\n";
    }
    std::string head = fmt::format("{} {} HTTP/1.1\r\n", method, url.target);
    if (!user_host) head += fmt::format("Host: {}\r\n", url.host_header);
    if (!user_agent) head += "User-Agent: xf_loadgen\r\n";
    if (!user_accept) head += "Accept: application/json\r\n";
    if (has_body && !user_type) head += "Content-Type: application/json\r\n";
    head += extra;
    return head;
}

// ---------------------------------------------------------------------------------------------------------------------
// ---------------------------------------------------------------------------------------------------------------------
// Login: one request before the run, returning the extra headers (Cookie, X-CSRF-Token) to send on every request.

std::optional<std::vector<std::string>> Login(const std::string& login_url, const std::string& login_body,
                                              const Url& target, double timeout_s) {
    std::string error;
    std::optional<Url> url;
    if (!login_url.empty() && login_url.front() == '/') {
        url = target;
        url->target = login_url;
    } else {
        url = ParseUrl(login_url, &error);
    }
    if (!url) {
        fmt::print(stderr, "xf_loadgen: bad --login URL: {}\n", error);
        return std::nullopt;
    }
    std::optional<Address> addr = Resolve(*url, &error);
    if (!addr) {
        fmt::print(stderr, "xf_loadgen: login: {}\n", error);
        return std::nullopt;
    }
    std::string req = BuildHeadPrefix("POST", *url, {}, true);
    req += fmt::format("Content-Length: {}\r\nConnection: close\r\n\r\n", login_body.size());
    req += login_body;

    TimePoint deadline = Clock::now() + Nanos(static_cast<int64_t>(timeout_s * 1e9));
    TimePoint cap = TimePoint::max();
    Connection conn;
    ResponseParser parser;
    parser.Reset(false, kLoginBodyCap);
    Outcome o = Connect(conn, *addr, deadline, cap, &error);
    if (o == Outcome::kOk) o = SendAll(conn, req, deadline, cap, &error);
    if (o == Outcome::kOk) o = ReadResponse(conn, parser, deadline, cap, &error);
    if (o != Outcome::kOk) {
        fmt::print(stderr, "xf_loadgen: login to {}{} failed: {}{}{}\n", url->host_header, url->target, OutcomeName(o),
                   error.empty() ? "" : ": ", error);
        return std::nullopt;
    }
    if (parser.status() < 200 || parser.status() > 299) {
        fmt::print(stderr, "xf_loadgen: login to {}{} returned HTTP {}: {}\n", url->host_header, url->target,
                   parser.status(), Utf8SafePrefix(parser.body(), kErrorBodyCap));
        return std::nullopt;
    }
    std::vector<std::string> headers;
    std::string cookies, names;
    for (const std::string& sc : parser.set_cookies()) {
        std::string_view pair = TrimWs(std::string_view(sc).substr(0, sc.find(';')));
        if (pair.empty() || pair.find('=') == std::string_view::npos) continue;
        if (!cookies.empty()) {
            cookies += "; ";
            names += ", ";
        }
        cookies += pair;
        names += pair.substr(0, pair.find('='));
    }
    if (!cookies.empty()) headers.push_back("Cookie: " + cookies);
    std::optional<std::string> csrf = FindJsonString(parser.body(), "csrf_token");
    if (!csrf && !parser.csrf_header().empty()) csrf = parser.csrf_header();
    if (csrf) headers.push_back("X-CSRF-Token: " + *csrf);
    fmt::print(stderr, "xf_loadgen: login OK (HTTP {}): cookies [{}], csrf token {}\n", parser.status(),
               cookies.empty() ? "none" : names, csrf ? fmt::format("{} chars", csrf->size()) : "MISSING");
    if (cookies.empty()) fmt::print(stderr, "xf_loadgen: warning: login response set no cookie\n");
    if (!csrf) fmt::print(stderr, "xf_loadgen: warning: login response has no csrf_token field\n");
    return headers;
}

// The integer value of the first "key": <number> in a JSON document (no JSON library: the registration reply is flat).
std::optional<int64_t> FindJsonInt(std::string_view json, std::string_view key) {
    std::string needle = fmt::format("\"{}\"", key);
    size_t at = 0;
    while ((at = json.find(needle, at)) != std::string_view::npos) {
        size_t i = at + needle.size();
        while (i < json.size() && std::isspace(static_cast<unsigned char>(json[i]))) ++i;
        if (i >= json.size() || json[i] != ':') {
            at = i;
            continue;
        }
        ++i;
        while (i < json.size() && std::isspace(static_cast<unsigned char>(json[i]))) ++i;
        int64_t v = 0;
        auto [p, ec] = std::from_chars(json.data() + i, json.data() + json.size(), v);
        if (ec != std::errc{}) return std::nullopt;
        return v;
    }
    return std::nullopt;
}

std::string PercentEncode(std::string_view s) {
    std::string out;
    for (char ch : s) {
        auto c = static_cast<unsigned char>(ch);
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~')
            out += ch;
        else
            out += fmt::format("%{:02X}", c);
    }
    return out;
}

// ---------------------------------------------------------------------------------------------------------------------
// The run

struct Stats {
    uint64_t completed = 0;  // full responses (any status) within the measured window
    uint64_t ok = 0;         // 2xx
    uint64_t non2xx = 0;
    uint64_t unusable = 0;  // mixed: a 2xx whose body lacked what the scenario needs (e.g. no "id" after registering)
    uint64_t skipped = 0;   // mixed: case steps not sent because an earlier step of the same case failed
    uint64_t connect_errors = 0;
    uint64_t io_errors = 0;
    uint64_t timeouts = 0;
    uint64_t parse_errors = 0;
    uint64_t abandoned = 0;  // in flight when the run ended
    uint64_t unsent = 0;     // open loop: scheduled before the end but never sent (client fell behind)
    uint64_t connects = 0;   // TCP connections opened (all phases)
    uint64_t warmup_completed = 0;
    std::map<int, uint64_t> status_counts;
    std::vector<int64_t> latencies_ns;

    uint64_t errors() const { return connect_errors + io_errors + timeouts + parse_errors; }
    // What the mixed scenario counts as failed: every non-2xx (none is expected), every socket/protocol error and
    // every unusable 2xx.
    uint64_t failures() const { return non2xx + errors() + unusable; }

    void Merge(const Stats& o) {
        completed += o.completed;
        ok += o.ok;
        non2xx += o.non2xx;
        unusable += o.unusable;
        skipped += o.skipped;
        connect_errors += o.connect_errors;
        io_errors += o.io_errors;
        timeouts += o.timeouts;
        parse_errors += o.parse_errors;
        abandoned += o.abandoned;
        unsent += o.unsent;
        connects += o.connects;
        warmup_completed += o.warmup_completed;
        for (const auto& [k, v] : o.status_counts) status_counts[k] += v;
        latencies_ns.insert(latencies_ns.end(), o.latencies_ns.begin(), o.latencies_ns.end());
    }
};

struct FirstProblem {
    std::mutex mu;
    std::atomic<bool> have_non2xx{false};
    int status = 0;
    std::string body;
    std::atomic<bool> have_error{false};
    std::string error;

    void NoteNon2xx(int s, const std::string& b) {
        if (have_non2xx.load(std::memory_order_relaxed)) return;
        std::lock_guard lock(mu);
        if (have_non2xx.load(std::memory_order_relaxed)) return;
        status = s;
        body = std::string(Utf8SafePrefix(b, kErrorBodyCap));
        have_non2xx.store(true);
    }
    void NoteError(Outcome o, const std::string& detail) {
        if (have_error.load(std::memory_order_relaxed)) return;
        std::lock_guard lock(mu);
        if (have_error.load(std::memory_order_relaxed)) return;
        error = detail.empty() ? OutcomeName(o) : fmt::format("{}: {}", OutcomeName(o), detail);
        have_error.store(true);
    }
};

struct Plan {
    Address addr;
    Url url;
    std::string method;
    bool head_request = false;
    bool has_body = false;
    std::string head_prefix;  // request line + headers, without Content-Length / Connection / final CRLF
    BodyTemplate body;
    uint64_t run_id = 0;
    int connections = 1;
    double rate = 0;
    Nanos timeout{};
    Nanos drain{};  // how long in-flight requests may run past the end
    // --scenario mixed
    bool mixed = false;
    std::vector<Desk> desks;
    Mix mix;
    std::string extra_headers;  // --header lines, each ending in CRLF
    // --targets: per line, the request line + headers (as head_prefix) and the body ("" for none).
    std::vector<std::string> target_heads, target_bodies;
    double think_ms = 0;
    // Set by the coordinator before the start latch opens:
    TimePoint start;          // load begins (warmup starts)
    TimePoint measure_start;  // warmup ends
    TimePoint end;            // no new requests at or after this
};

std::atomic<uint64_t> g_seq{1};
std::atomic<uint64_t> g_target{0};  // --targets: the next line, shared by all connections
std::atomic<uint64_t> g_done{0};    // responses so far (all phases), for --progress
std::atomic<uint64_t> g_failed{0};  // failures so far (all phases), for --progress

// 2-character queries, the way a case worker types them into the search box.
constexpr std::array<std::string_view, 16> kSearchTerms = {"工资", "拖欠", "物业", "土地", "征地", "补偿",
                                                           "噪音", "学校", "医疗", "房屋", "养老", "低保",
                                                           "拆迁", "欠薪", "环境", "道路"};

// One connection's loop of the mixed scenario: each iteration registers a case, walks it down one path (forward →
// the department accepts and replies; accept directly → the office's handler replies; reject), and interleaves the
// reads of the mix. Case steps carry If-Match with the ETag of the case's last response.
class MixedLoop {
  public:
    MixedLoop(const Plan& plan, int index, std::mt19937_64& rng)
        : plan_(plan), desk_(plan.desks[static_cast<size_t>(index) % plan.desks.size()]), rng_(rng) {}

    // Builds the next request into *request and returns its kind. Case steps whose case failed are skipped
    // (counted in stats[kind].skipped).
    Kind Next(std::string* request, std::vector<Stats>& stats, bool measured) {
        for (;;) {
            if (pos_ >= steps_.size()) PlanIteration();
            Kind k = steps_[pos_++];
            if (IsCaseStep(k) && k != Kind::kRegister && !case_ok_) {
                if (measured) ++stats[static_cast<size_t>(k)].skipped;
                continue;
            }
            Build(k, request);
            return k;
        }
    }

    // Body bytes to keep for a response of this kind (the registration reply carries the new case's id).
    static size_t BodyCap(Kind k) { return k == Kind::kRegister ? 64 * 1024 : 0; }

    // Takes in a complete response; returns false if a 2xx was unusable.
    bool OnResponse(Kind k, int status, const ResponseParser& p) {
        bool ok = status >= 200 && status <= 299;
        if (!IsCaseStep(k)) return true;
        if (!ok) {
            case_ok_ = false;
            return true;
        }
        if (!p.etag().empty()) etag_ = p.etag();
        if (k == Kind::kRegister) {
            std::optional<int64_t> id = FindJsonInt(p.body(), "id");
            if (!id) {
                case_ok_ = false;
                return false;
            }
            case_id_ = *id;
            if (p.etag().empty()) {
                std::optional<int64_t> v = FindJsonInt(p.body(), "version");
                etag_ = v ? fmt::format("\"{}\"", *v) : std::string();
            }
            case_ok_ = true;
        }
        return true;
    }

    void OnFailure(Kind k) {
        if (IsCaseStep(k)) case_ok_ = false;
    }

  private:
    enum class Path { kForward, kDirect, kReject };

    // How many times an entry of the mix runs in this iteration: the integer part, plus one with the fraction's
    // probability.
    int Times(double w) {
        double whole = std::floor(w);
        return static_cast<int>(whole) + (std::uniform_real_distribution<double>(0, 1)(rng_) < w - whole ? 1 : 0);
    }

    void PlanIteration() {
        steps_.clear();
        pos_ = 0;
        case_ok_ = false;
        case_id_ = 0;
        etag_.clear();
        const Mix& m = plan_.mix;
        double pick = std::uniform_real_distribution<double>(0, m.forward + m.direct + m.reject)(rng_);
        path_ = pick < m.forward ? Path::kForward : pick < m.forward + m.direct ? Path::kDirect : Path::kReject;

        steps_.push_back(Kind::kRegister);
        for (int i = Times(m.detail); i > 0; --i) steps_.push_back(Kind::kDetail);
        int queue = Times(m.queue);
        switch (path_) {
            case Path::kForward:
                steps_.push_back(Kind::kForward);
                for (; queue > 0; --queue) steps_.push_back(Kind::kQueue);  // the department finds it in its queue
                steps_.push_back(Kind::kAccept);
                steps_.push_back(Kind::kReply);
                break;
            case Path::kDirect:
                steps_.push_back(Kind::kAcceptDirectly);
                steps_.push_back(Kind::kReply);
                break;
            case Path::kReject:
                steps_.push_back(Kind::kReject);
                break;
        }
        std::vector<Kind> reads;
        for (; queue > 0; --queue) reads.push_back(Kind::kQueue);
        for (int i = Times(m.list); i > 0; --i) reads.push_back(Kind::kList);
        for (int i = Times(m.overdue); i > 0; --i) reads.push_back(Kind::kOverdue);
        for (int i = Times(m.workbench); i > 0; --i) reads.push_back(Kind::kWorkbench);
        for (int i = Times(m.search); i > 0; --i) reads.push_back(Kind::kSearch);
        for (int i = Times(m.report); i > 0; --i) reads.push_back(Kind::kReport);
        std::shuffle(reads.begin(), reads.end(), rng_);
        // Reads go between the case's steps, as a worker looks at lists while a case moves along.
        for (Kind r : reads) {
            size_t at = 1 + std::uniform_int_distribution<size_t>(0, steps_.size() - 1)(rng_);
            steps_.insert(steps_.begin() + static_cast<std::ptrdiff_t>(at), r);
        }
    }

    void Head(std::string* out, std::string_view method, std::string_view target, const std::string& session) const {
        fmt::format_to(std::back_inserter(*out),
                       "{} {} HTTP/1.1\r\nHost: {}\r\nUser-Agent: xf_loadgen\r\nAccept: application/json\r\n", method,
                       target, plan_.url.host_header);
        out->append(plan_.extra_headers);
        out->append(session);
    }
    void Get(std::string* out, std::string_view target, const std::string& session) const {
        Head(out, "GET", target, session);
        out->append("Connection: keep-alive\r\n\r\n");
    }
    void Post(std::string* out, std::string_view target, const std::string& session, std::string_view body,
              bool if_match) const {
        Head(out, "POST", target, session);
        if (if_match && !etag_.empty()) fmt::format_to(std::back_inserter(*out), "If-Match: {}\r\n", etag_);
        fmt::format_to(std::back_inserter(*out),
                       "Content-Type: application/json\r\nContent-Length: {}\r\nConnection: keep-alive\r\n\r\n",
                       body.size());
        out->append(body);
    }
    void Act(std::string* out, std::string_view action, const std::string& session, std::string_view body) const {
        Post(out, fmt::format("/api/v1/petitions/{}/actions/{}", case_id_, action), session, body, true);
    }

    void Build(Kind k, std::string* out) {
        out->clear();
        switch (k) {
            case Kind::kRegister: {
                body_.clear();
                plan_.body.Render(&body_, g_seq.fetch_add(1, std::memory_order_relaxed),
                                  std::uniform_int_distribution<uint64_t>(1, 999999)(rng_), plan_.run_id,
                                  desk_.region);
                Post(out, "/api/v1/petitions", desk_.registrar_h, body_, false);
                return;
            }
            case Kind::kDetail:
                Get(out, fmt::format("/api/v1/petitions/{}", case_id_), desk_.registrar_h);
                return;
            case Kind::kForward:
                Act(out, "forward", desk_.registrar_h, fmt::format("{{\"target_org_code\":\"{}\"}}", desk_.dept_org));
                return;
            case Kind::kAccept:
                Act(out, "accept", desk_.dept_h, "{}");
                return;
            case Kind::kAcceptDirectly:
                Act(out, "accept_directly", desk_.registrar_h, "{}");
                return;
            case Kind::kReply:
                Act(out, "reply", path_ == Path::kForward ? desk_.dept_h : desk_.handler_h,
                    "{\"outcome\":\"explained\",\"facts\":\"经查，反映的问题已责成用人单位核实处理。\","
                    "\"reasons\":\"依法应予支付劳动报酬。\",\"legal_basis\":\"《保障农民工工资支付条例》第三条\"}");
                return;
            case Kind::kReject:
                Act(out, "reject", desk_.registrar_h,
                    "{\"reason\":\"属于劳动争议，应通过仲裁解决\",\"legal_route\":\"向劳动人事争议仲裁委员会申请仲裁\"}");
                return;
            case Kind::kList:
                Get(out, "/api/v1/petitions?limit=50", desk_.handler_h);
                return;
            case Kind::kQueue:
                Get(out, "/api/v1/petitions?open=1&limit=50", desk_.dept_h);
                return;
            case Kind::kOverdue:
                Get(out, "/api/v1/queues/overdue?limit=50", desk_.handler_h);
                return;
            case Kind::kWorkbench:
                Get(out, "/api/v1/workbench", desk_.registrar_h);
                return;
            case Kind::kSearch: {
                std::string_view term =
                    kSearchTerms[std::uniform_int_distribution<size_t>(0, kSearchTerms.size() - 1)(rng_)];
                Get(out, fmt::format("/api/v1/search?q={}", PercentEncode(term)), desk_.handler_h);
                return;
            }
            case Kind::kReport: {
                bool detailed = std::uniform_int_distribution<int>(0, 1)(rng_) == 1;
                Get(out,
                    fmt::format("/api/v1/reports/summary?org={}{}", desk_.report_org,
                                detailed ? "&category_level=2" : ""),
                    desk_.stats_h);
                return;
            }
        }
    }

    const xf::loadgen::Plan& plan_;
    const Desk& desk_;
    std::mt19937_64& rng_;
    std::vector<Kind> steps_;
    size_t pos_ = 0;
    Path path_ = Path::kForward;
    bool case_ok_ = false;
    int64_t case_id_ = 0;
    std::string etag_;
    std::string body_;
};

void Worker(const Plan& plan, int index, std::vector<Stats>& stats, std::vector<std::unique_ptr<FirstProblem>>& first,
            std::latch& connected, std::latch& go) {
    Connection conn;
    ResponseParser parser;
    std::string request, body, error;
    std::mt19937_64 rng(std::random_device{}() ^ (static_cast<uint64_t>(index) << 32));
    std::uniform_int_distribution<uint64_t> rand_dist(1, 999999);
    std::optional<MixedLoop> mixed;
    if (plan.mixed) mixed.emplace(plan, index, rng);
    Stats& st0 = stats[0];  // connection-level counts (connects, unsent) go to the first kind

    // Connect up front so the first measured requests do not pay for the handshake.
    {
        TimePoint dl = Clock::now() + plan.timeout;
        if (Connect(conn, plan.addr, dl, TimePoint::max(), &error) == Outcome::kOk) ++st0.connects;
    }
    connected.count_down();
    go.wait();
    std::this_thread::sleep_until(plan.start);  // the coordinator set start slightly in the future

    const bool open_loop = plan.rate > 0;
    const double interval_ns = open_loop ? 1e9 * plan.connections / plan.rate : 0;
    const double offset_ns = open_loop ? 1e9 * index / plan.rate : 0;
    const TimePoint cap = plan.end + plan.drain;
    uint64_t k = 0;
    auto intended = [&](uint64_t n) {
        return plan.start + Nanos(static_cast<int64_t>(offset_ns + static_cast<double>(n) * interval_ns));
    };
    std::uniform_real_distribution<double> think_dist(0.5 * plan.think_ms, 1.5 * plan.think_ms);
    bool first_request = true;

    while (!g_stop.load(std::memory_order_relaxed)) {
        TimePoint ref;  // latency is measured from here
        if (open_loop) {
            ref = intended(k);
            if (ref >= plan.end) break;
            TimePoint now = Clock::now();
            if (now >= plan.end) break;  // behind schedule at the end: the rest are counted as unsent below
            while (now < ref && !g_stop.load(std::memory_order_relaxed)) {
                std::this_thread::sleep_for(std::min<Nanos>(ref - now, std::chrono::milliseconds(50)));
                now = Clock::now();
            }
            if (g_stop.load(std::memory_order_relaxed)) break;
            ++k;
        } else {
            if (plan.think_ms > 0 && !first_request) {
                TimePoint wake = Clock::now() + Nanos(static_cast<int64_t>(think_dist(rng) * 1e6));
                while (Clock::now() < std::min(wake, plan.end) && !g_stop.load(std::memory_order_relaxed))
                    std::this_thread::sleep_until(std::min({wake, plan.end, Clock::now() + Nanos(50'000'000)}));
            }
            ref = Clock::now();
            if (ref >= plan.end) break;
        }
        first_request = false;
        const bool measured = ref >= plan.measure_start;
        const TimePoint deadline = Clock::now() + plan.timeout;
        error.clear();

        Kind kind = Kind::kRegister;  // unused in the simple mode
        size_t slot = 0;
        if (mixed) {
            kind = mixed->Next(&request, stats, measured);
            slot = static_cast<size_t>(kind);
        }
        Stats& st = stats[slot];
        FirstProblem& fp = *first[slot];

        Outcome o = Outcome::kOk;
        if (conn.fd >= 0 && conn.LooksStale()) conn.Close();  // the server closed it while idle
        if (conn.fd < 0) {
            o = Connect(conn, plan.addr, deadline, cap, &error);
            if (o == Outcome::kOk) ++st0.connects;
        }
        if (o == Outcome::kOk) {
            if (!mixed && !plan.target_heads.empty()) {
                size_t t = g_target.fetch_add(1, std::memory_order_relaxed) % plan.target_heads.size();
                request.assign(plan.target_heads[t]);
                const std::string& b = plan.target_bodies[t];
                if (!b.empty()) fmt::format_to(std::back_inserter(request), "Content-Length: {}\r\n", b.size());
                request += "Connection: keep-alive\r\n\r\n";
                request += b;
            } else if (!mixed) {
                request.assign(plan.head_prefix);
                if (plan.has_body) {
                    body.clear();
                    plan.body.Render(&body, g_seq.fetch_add(1, std::memory_order_relaxed), rand_dist(rng),
                                     plan.run_id);
                    fmt::format_to(std::back_inserter(request), "Content-Length: {}\r\n", body.size());
                }
                request += "Connection: keep-alive\r\n\r\n";
                request += body;
            }
            size_t cap_bytes = fp.have_non2xx ? 0 : kErrorBodyCap;  // the body is kept for the report ...
            if (mixed) cap_bytes = std::max(cap_bytes, MixedLoop::BodyCap(kind));  // ... and for the scenario
            parser.Reset(plan.head_request, cap_bytes);
            o = SendAll(conn, request, deadline, cap, &error);
            if (o == Outcome::kOk) o = ReadResponse(conn, parser, deadline, cap, &error);
        }
        TimePoint done = Clock::now();

        if (o == Outcome::kOk) {
            int status = parser.status();
            bool ok = status >= 200 && status <= 299;
            bool usable = mixed ? mixed->OnResponse(kind, status, parser) : true;
            g_done.fetch_add(1, std::memory_order_relaxed);
            if (!ok || !usable) g_failed.fetch_add(1, std::memory_order_relaxed);
            if (measured) {
                ++st.completed;
                ++st.status_counts[status];
                st.latencies_ns.push_back(std::chrono::duration_cast<Nanos>(done - ref).count());
                if (ok)
                    ++st.ok;
                else
                    ++st.non2xx;
                if (ok && !usable) ++st.unusable;
            } else {
                ++st.warmup_completed;
            }
            if (!ok) {
                bool was_first = !fp.have_non2xx;
                fp.NoteNon2xx(status, parser.body());
                if (mixed && was_first)  // once per kind, with the time, to find it in the server log
                    fmt::print(stderr, "xf_loadgen: [{:.1f} s] {} got HTTP {}: {}\n",
                               std::chrono::duration<double>(done - plan.start).count(), kKindNames[slot], status,
                               Utf8SafePrefix(parser.body(), 300));
            } else if (!usable) {
                fp.NoteError(Outcome::kParseError, "2xx reply without the case id");
            }
            if (parser.close()) conn.Close();
            continue;
        }
        conn.Close();
        if (mixed) mixed->OnFailure(kind);
        if (o == Outcome::kAbandoned) {
            if (measured) ++st.abandoned;
            break;
        }
        g_failed.fetch_add(1, std::memory_order_relaxed);
        if (mixed && !fp.have_error)
            fmt::print(stderr, "xf_loadgen: [{:.1f} s] {}: {}: {}\n",
                       std::chrono::duration<double>(Clock::now() - plan.start).count(), kKindNames[slot],
                       OutcomeName(o), error);
        fp.NoteError(o, error);
        if (measured) {
            switch (o) {
                case Outcome::kConnectError:
                    ++st.connect_errors;
                    break;
                case Outcome::kTimeout:
                    ++st.timeouts;
                    break;
                case Outcome::kParseError:
                    ++st.parse_errors;
                    break;
                default:
                    ++st.io_errors;
                    break;
            }
        }
        // Closed loop against a dead server would otherwise spin; open loop keeps its schedule.
        if (!open_loop && o == Outcome::kConnectError) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }

    if (open_loop && !g_stop.load()) {  // requests scheduled inside the measured window that the loop never got to send
        for (TimePoint t = intended(k); t < plan.end; t = intended(++k))
            if (t >= plan.measure_start) ++st0.unsent;
    }
}

double Percentile(const std::vector<int64_t>& sorted, double p) {
    if (sorted.empty()) return 0;
    auto rank = static_cast<size_t>(std::ceil(p * static_cast<double>(sorted.size())));
    rank = std::clamp<size_t>(rank, 1, sorted.size());
    return static_cast<double>(sorted[rank - 1]) / 1e6;  // ms
}

struct Latency {
    double p50 = 0, p90 = 0, p95 = 0, p99 = 0, p999 = 0, max = 0, mean = 0;
};

Latency Summarize(std::vector<int64_t>& lat) {  // sorts lat
    std::sort(lat.begin(), lat.end());
    Latency l;
    double sum = 0;
    for (int64_t v : lat) sum += static_cast<double>(v);
    l.mean = lat.empty() ? 0 : sum / static_cast<double>(lat.size()) / 1e6;
    l.p50 = Percentile(lat, 0.50);
    l.p90 = Percentile(lat, 0.90);
    l.p95 = Percentile(lat, 0.95);
    l.p99 = Percentile(lat, 0.99);
    l.p999 = Percentile(lat, 0.999);
    l.max = lat.empty() ? 0 : static_cast<double>(lat.back()) / 1e6;
    return l;
}

std::string StatusesJson(const Stats& s) {
    std::string out;
    for (const auto& [code, n] : s.status_counts) out += fmt::format("{}\"{}\":{}", out.empty() ? "" : ",", code, n);
    return out;
}

std::string ProblemJson(const FirstProblem& fp) {
    std::string out;
    if (fp.have_non2xx)
        out += fmt::format(",\"first_non_2xx\":{{\"status\":{},\"body\":\"{}\"}}", fp.status, JsonEscape(fp.body));
    if (fp.have_error) out += fmt::format(",\"first_error\":\"{}\"", JsonEscape(fp.error));
    return out;
}

int Run(const Options& opt) {
    std::string error;
    std::optional<Url> url = ParseUrl(opt.url, &error);
    if (!url) {
        fmt::print(stderr, "xf_loadgen: bad --url: {}\n", error);
        return 2;
    }
    std::optional<Address> addr = Resolve(*url, &error);
    if (!addr) {
        fmt::print(stderr, "xf_loadgen: {}\n", error);
        return 2;
    }

    Plan plan;
    plan.addr = *addr;
    plan.url = *url;
    plan.connections = opt.connections;
    plan.rate = opt.rate;
    plan.timeout = Nanos(static_cast<int64_t>(opt.timeout_s * 1e9));
    plan.drain = std::min<Nanos>(plan.timeout, std::chrono::seconds(2));
    plan.run_id = static_cast<uint64_t>(
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count());
    plan.mixed = opt.scenario == "mixed";
    plan.mix = opt.mix;
    plan.think_ms = opt.think_ms;
    g_seq.store(opt.seq_start);

    std::string body_path = !opt.body_file.empty() ? opt.body_file : opt.body_template_file;
    if (!body_path.empty()) {
        std::optional<std::string> text = ReadFile(body_path);
        if (!text) {
            fmt::print(stderr, "xf_loadgen: cannot read {}: {}\n", body_path, std::strerror(errno));
            return 2;
        }
        plan.body = opt.body_file.empty() ? BodyTemplate::Parse(*text) : BodyTemplate::Literal(std::move(*text));
        plan.has_body = true;
        if (!opt.body_template_file.empty() && plan.body.is_literal())
            fmt::print(stderr, "xf_loadgen: warning: {} has no {{seq}}/{{rand}}/{{run}}/{{region}} placeholder\n",
                       body_path);
    }
    plan.method = !opt.method.empty() ? opt.method : plan.has_body ? "POST" : "GET";
    plan.head_request = plan.method == "HEAD";
    if (!plan.has_body && (plan.method == "POST" || plan.method == "PUT" || plan.method == "PATCH")) {
        plan.has_body = true;  // send an explicit Content-Length: 0
        plan.body = BodyTemplate::Literal("");
    }

    std::vector<std::string> headers = opt.headers;
    if (plan.mixed) {
        for (const std::string& h : opt.headers) plan.extra_headers += h + "\r\n";
        // One session per distinct login, shared by every connection that uses it (as a browser's tabs share one).
        std::map<std::string, std::string> sessions;
        auto session = [&](const std::string& login) -> std::optional<std::string> {
            if (auto it = sessions.find(login); it != sessions.end()) return it->second;
            std::string body = fmt::format("{{\"login\":\"{}\",\"password\":\"{}\"}}", JsonEscape(login),
                                           JsonEscape(opt.password));
            fmt::print(stderr, "xf_loadgen: logging in as {}\n", login);
            std::optional<std::vector<std::string>> h = Login("/api/v1/session", body, *url, opt.timeout_s);
            if (!h) return std::nullopt;
            std::string lines;
            for (const std::string& line : *h) lines += line + "\r\n";
            return sessions[login] = lines;
        };
        plan.desks = opt.desks;
        for (Desk& d : plan.desks) {
            for (auto [login, out] : {std::pair{&d.registrar, &d.registrar_h}, std::pair{&d.handler, &d.handler_h},
                                      std::pair{&d.dept, &d.dept_h}, std::pair{&d.stats, &d.stats_h}}) {
                std::optional<std::string> h = session(*login);
                if (!h) return 1;
                *out = std::move(*h);
            }
        }
    } else if (!opt.login_url.empty()) {
        std::optional<std::vector<std::string>> extra = Login(opt.login_url, opt.login_body, *url, opt.timeout_s);
        if (!extra) return 1;
        headers.insert(headers.end(), extra->begin(), extra->end());
    }
    plan.head_prefix = BuildHeadPrefix(plan.method, *url, headers, plan.has_body);
    if (!opt.targets_file.empty()) {
        std::optional<std::string> text = ReadFile(opt.targets_file);
        if (!text) {
            fmt::print(stderr, "xf_loadgen: cannot read {}: {}\n", opt.targets_file, std::strerror(errno));
            return 2;
        }
        size_t line_no = 0;
        for (std::string_view rest = *text; !rest.empty();) {
            size_t nl = rest.find('\n');
            std::string_view line = rest.substr(0, nl);
            rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
            ++line_no;
            if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
            if (line.empty() || line.front() == '#') continue;
            std::string method = "GET";
            if (size_t sp = line.find(' '); sp != std::string_view::npos && line.front() != '/') {
                method = std::string(line.substr(0, sp));
                line.remove_prefix(sp + 1);
            }
            std::string_view body;
            if (size_t tab = line.find('\t'); tab != std::string_view::npos) {
                body = line.substr(tab + 1);
                line = line.substr(0, tab);
            }
            if (line.empty() || line.front() != '/' || line.find(' ') != std::string_view::npos) {
                fmt::print(stderr, "xf_loadgen: {}:{}: want '/path', 'GET /path' or 'POST /path<TAB>body'\n",
                           opt.targets_file, line_no);
                return 2;
            }
            Url u = *url;
            u.target = std::string(line);
            plan.target_heads.push_back(BuildHeadPrefix(method, u, headers, !body.empty()));
            plan.target_bodies.emplace_back(body);
        }
        if (plan.target_heads.empty()) {
            fmt::print(stderr, "xf_loadgen: {} holds no request\n", opt.targets_file);
            return 2;
        }
    }

    std::string mode = opt.rate > 0 ? fmt::format("open loop at {:g} req/s", opt.rate) : "closed loop";
    if (plan.mixed)
        fmt::print(stderr, "xf_loadgen: mixed scenario on {} — {} connection{}, {} desk{}, {}, warmup {:g} s, "
                   "duration {:g} s\n", opt.url, opt.connections, opt.connections == 1 ? "" : "s", plan.desks.size(),
                   plan.desks.size() == 1 ? "" : "s", mode, opt.warmup_s, opt.duration_s);
    else
        fmt::print(stderr, "xf_loadgen: {} {} — {} connection{}, {}, warmup {:g} s, duration {:g} s\n", plan.method,
                   opt.url, opt.connections, opt.connections == 1 ? "" : "s", mode, opt.warmup_s, opt.duration_s);

    const size_t kinds = plan.mixed ? kKindCount : 1;
    std::vector<std::vector<Stats>> stats(static_cast<size_t>(opt.connections), std::vector<Stats>(kinds));
    std::vector<std::unique_ptr<FirstProblem>> first;
    for (size_t i = 0; i < kinds; ++i) first.push_back(std::make_unique<FirstProblem>());
    std::latch connected(opt.connections);
    std::latch go(1);
    std::vector<std::thread> threads;
    threads.reserve(static_cast<size_t>(opt.connections));
    for (int i = 0; i < opt.connections; ++i)
        threads.emplace_back(Worker, std::cref(plan), i, std::ref(stats[static_cast<size_t>(i)]), std::ref(first),
                             std::ref(connected), std::ref(go));
    connected.wait();
    plan.start = Clock::now() + std::chrono::milliseconds(5);
    plan.measure_start = plan.start + Nanos(static_cast<int64_t>(opt.warmup_s * 1e9));
    plan.end = plan.measure_start + Nanos(static_cast<int64_t>(opt.duration_s * 1e9));
    go.count_down();

    TimePoint window_end = plan.end;
    TimePoint next_progress = plan.start + Nanos(static_cast<int64_t>(opt.progress_s * 1e9));
    uint64_t last_done = 0;
    while (Clock::now() < plan.end) {
        if (g_stop.load()) {
            window_end = Clock::now();
            fmt::print(stderr, "xf_loadgen: interrupted\n");
            break;
        }
        if (opt.progress_s > 0 && Clock::now() >= next_progress) {
            uint64_t done = g_done.load(), failed = g_failed.load();
            fmt::print(stderr, "xf_loadgen: progress {:.0f} s: {} responses ({:.0f}/s in the last {:g} s), {} failed\n",
                       std::chrono::duration<double>(Clock::now() - plan.start).count(), done,
                       static_cast<double>(done - last_done) / opt.progress_s, opt.progress_s, failed);
            last_done = done;
            next_progress += Nanos(static_cast<int64_t>(opt.progress_s * 1e9));
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    for (std::thread& t : threads) t.join();

    std::vector<Stats> per_kind(kinds);
    Stats total;
    for (const std::vector<Stats>& conn : stats)
        for (size_t k = 0; k < kinds; ++k) per_kind[k].Merge(conn[k]);
    for (const Stats& s : per_kind) total.Merge(s);
    double window_s = std::chrono::duration<double>(window_end - plan.measure_start).count();
    if (window_s <= 0) {
        fmt::print(stderr, "xf_loadgen: stopped before the measured window began\n");
        return 1;
    }
    Latency lat = Summarize(total.latencies_ns);
    double rps = static_cast<double>(total.completed) / window_s;
    double ok_rps = static_cast<double>(total.ok) / window_s;

    if (!plan.mixed) {
        if (first[0]->have_non2xx)
            fmt::print(stderr, "xf_loadgen: first non-2xx response: HTTP {}: {}\n", first[0]->status,
                       first[0]->body.empty() ? "(empty body)" : first[0]->body);
        if (first[0]->have_error) fmt::print(stderr, "xf_loadgen: first socket error: {}\n", first[0]->error);
    }
    if (opt.rate > 0 && total.unsent > 0)
        fmt::print(stderr, "xf_loadgen: warning: {} scheduled requests were never sent (server or client too slow)\n",
                   total.unsent);

    std::string errors_detail;
    if (total.errors() > 0)
        errors_detail = fmt::format(" (connect {}, io {}, timeout {}, bad response {})", total.connect_errors,
                                    total.io_errors, total.timeouts, total.parse_errors);
    if (total.abandoned > 0) errors_detail += fmt::format(", {} abandoned at the end", total.abandoned);
    if (total.unsent > 0) errors_detail += fmt::format(", {} unsent", total.unsent);
    if (total.unusable > 0) errors_detail += fmt::format(", {} unusable 2xx", total.unusable);
    if (total.skipped > 0) errors_detail += fmt::format(", {} case steps skipped", total.skipped);
    std::string line = fmt::format(
        "{}{} conns {}: {} requests in {:.1f} s, {} non-2xx, {} errors{}, {:.1f} req/s, "
        "latency ms p50 {:.3f} p90 {:.3f} p99 {:.3f} p99.9 {:.3f} max {:.3f}",
        plan.mixed ? "mixed: " : "", opt.connections,
        opt.rate > 0 ? fmt::format("@ {:g}/s", opt.rate) : std::string("closed"), total.completed, window_s,
        total.non2xx, total.errors(), errors_detail, rps, lat.p50, lat.p90, lat.p99, lat.p999, lat.max);

    // Per kind (mixed): a small table on stderr, and objects in the JSON.
    std::string kinds_json;
    if (plan.mixed) {
        std::string table = fmt::format("{:<16}{:>9}{:>8}{:>9}{:>9}{:>9}{:>9}{:>10}\n", "kind", "count", "failed",
                                        "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms");
        for (size_t k = 0; k < kinds; ++k) {
            Stats& s = per_kind[k];
            Latency l = Summarize(s.latencies_ns);
            table += fmt::format("{:<16}{:>9}{:>8}{:>9.1f}{:>9.2f}{:>9.2f}{:>9.2f}{:>10.2f}\n", kKindNames[k],
                                 s.completed, s.failures(), static_cast<double>(s.completed) / window_s, l.p50, l.p95,
                                 l.p99, l.max);
            kinds_json += fmt::format(
                "{}\"{}\":{{\"completed\":{},\"ok\":{},\"non_2xx\":{},\"errors\":{},\"unusable\":{},\"skipped\":{},"
                "\"abandoned\":{},\"failures\":{},\"rps\":{:.2f},\"latency_ms\":{{\"p50\":{:.3f},\"p90\":{:.3f},"
                "\"p95\":{:.3f},\"p99\":{:.3f},\"p99_9\":{:.3f},\"max\":{:.3f},\"mean\":{:.3f}}},"
                "\"status_counts\":{{{}}}{}}}",
                kinds_json.empty() ? "" : ",", kKindNames[k], s.completed, s.ok, s.non2xx, s.errors(), s.unusable,
                s.skipped, s.abandoned, s.failures(), static_cast<double>(s.completed) / window_s, l.p50, l.p90, l.p95,
                l.p99, l.p999, l.max, l.mean, StatusesJson(s), ProblemJson(*first[k]));
        }
        table += fmt::format("{:<16}{:>9}{:>8}{:>9.1f}{:>9.2f}{:>9.2f}{:>9.2f}{:>10.2f}\n", "all", total.completed,
                             total.failures(), rps, lat.p50, lat.p95, lat.p99, lat.max);
        fmt::print(stderr, "{}", table);
        for (size_t k = 0; k < kinds; ++k) {
            if (first[k]->have_non2xx)
                fmt::print(stderr, "xf_loadgen: {}: first non-2xx: HTTP {}: {}\n", kKindNames[k], first[k]->status,
                           first[k]->body.empty() ? "(empty body)" : first[k]->body);
            if (first[k]->have_error)
                fmt::print(stderr, "xf_loadgen: {}: first error: {}\n", kKindNames[k], first[k]->error);
        }
    }

    if (opt.json) {
        std::string json = fmt::format(
            "{{\"url\":\"{}\",\"method\":\"{}\",\"connections\":{},\"rate\":{:g},\"warmup_s\":{:g},"
            "\"duration_s\":{:.3f},\"completed\":{},\"ok\":{},\"non_2xx\":{},\"errors\":{},"
            "\"error_kinds\":{{\"connect\":{},\"io\":{},\"timeout\":{},\"bad_response\":{}}},"
            "\"abandoned\":{},\"unsent\":{},\"connects\":{},\"rps\":{:.2f},\"ok_rps\":{:.2f},"
            "\"latency_ms\":{{\"p50\":{:.3f},\"p90\":{:.3f},\"p95\":{:.3f},\"p99\":{:.3f},\"p99_9\":{:.3f},"
            "\"max\":{:.3f},\"mean\":{:.3f}}},\"status_counts\":{{{}}}",
            JsonEscape(opt.url), JsonEscape(plan.mixed ? std::string("mixed") : plan.method), opt.connections,
            opt.rate, opt.warmup_s, window_s, total.completed, total.ok, total.non2xx, total.errors(),
            total.connect_errors, total.io_errors, total.timeouts, total.parse_errors, total.abandoned, total.unsent,
            total.connects, rps, ok_rps, lat.p50, lat.p90, lat.p95, lat.p99, lat.p999, lat.max, lat.mean,
            StatusesJson(total));
        if (plan.mixed) {
            json += fmt::format(",\"scenario\":\"mixed\",\"desks\":{},\"think_ms\":{:g},\"unusable\":{},"
                                "\"skipped\":{},\"failures\":{},\"kinds\":{{{}}}",
                                plan.desks.size(), opt.think_ms, total.unusable, total.skipped, total.failures(),
                                kinds_json);
        } else {
            json += ProblemJson(*first[0]);
        }
        json += "}";
        fmt::print(stderr, "{}\n", line);
        fmt::print("{}\n", json);
    } else {
        fmt::print("{}\n", line);
    }
    std::fflush(stdout);

    if (total.ok == 0) {
        fmt::print(stderr, "xf_loadgen: no request succeeded\n");
        return 1;
    }
    return 0;
}

}  // namespace
}  // namespace xf::loadgen

int main(int argc, char** argv) {
    bool help = false;
    std::optional<xf::loadgen::Options> opt = xf::loadgen::ParseArgs(argc, argv, &help);
    if (help) {
        xf::loadgen::PrintUsage(stdout);
        return 0;
    }
    if (!opt) return 2;
    struct sigaction sa {};
    sa.sa_handler = xf::loadgen::OnSignal;
    sigemptyset(&sa.sa_mask);
    ::sigaction(SIGINT, &sa, nullptr);
    ::sigaction(SIGTERM, &sa, nullptr);
    ::signal(SIGPIPE, SIG_IGN);
    return xf::loadgen::Run(*opt);
}
