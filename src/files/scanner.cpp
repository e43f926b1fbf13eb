#include "files/scanner.hpp"

#include <fmt/format.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <system_error>
#include <utility>

namespace xf::files {
namespace {

using Clock = std::chrono::steady_clock;

constexpr size_t kChunkBytes = 64 * 1024;
constexpr size_t kMaxReplyBytes = 4096;
constexpr std::string_view kUnavailable = "病毒扫描服务不可用";

std::string ErrnoText(int err) { return std::error_code(err, std::generic_category()).message(); }

Error Unavailable(std::string_view detail) { return Error::Unavailable(fmt::format("{}（{}）", kUnavailable, detail)); }

// The reply goes into an error message: keep it short and printable.
std::string Printable(std::string_view s) {
    std::string out;
    for (char c : s.substr(0, 200)) out.push_back(c >= 0x20 && c < 0x7F ? c : '?');
    return out;
}

class Socket {
  public:
    Socket() : fd_(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) {}
    ~Socket() {
        if (fd_ >= 0) ::close(fd_);
    }
    Socket(const Socket&) = delete;
    Socket& operator=(const Socket&) = delete;
    int get() const { return fd_; }

  private:
    int fd_;
};

// SO_*TIMEO of zero means "wait forever", so never set less than 1 ms.
bool SetTimeout(int fd, int option, std::chrono::milliseconds t) {
    const auto ms = std::max<int64_t>(t.count(), 1);
    timeval tv{};
    tv.tv_sec = static_cast<time_t>(ms / 1000);
    tv.tv_usec = static_cast<suseconds_t>((ms % 1000) * 1000);
    return ::setsockopt(fd, SOL_SOCKET, option, &tv, sizeof tv) == 0;
}

// 0 on success, else the errno of the failed send (EAGAIN/EWOULDBLOCK = the send timeout expired).
int SendAll(int fd, std::string_view data) {
    while (!data.empty()) {
        ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR) continue;
            return errno;
        }
        data.remove_prefix(static_cast<size_t>(n));
    }
    return 0;
}

std::string BigEndian32(uint32_t n) {
    return {static_cast<char>(n >> 24), static_cast<char>(n >> 16), static_cast<char>(n >> 8), static_cast<char>(n)};
}

struct Reply {
    std::string text;
    bool timed_out = false;
    int error = 0;  // errno of a failed recv other than a timeout
};

// Reads clamd's NUL-terminated reply (or up to EOF), all of it within `timeout`: the receive timeout is reset to the
// time left before each recv, so a server that trickles bytes cannot stretch the wait.
Reply ReadReply(int fd, std::chrono::milliseconds timeout) {
    Reply r;
    const auto deadline = Clock::now() + timeout;
    char buf[512];
    while (r.text.size() < kMaxReplyBytes) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0 || !SetTimeout(fd, SO_RCVTIMEO, left)) {
            r.timed_out = true;
            break;
        }
        ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                r.timed_out = true;
            else
                r.error = errno;
            break;
        }
        if (n == 0) break;
        r.text.append(buf, static_cast<size_t>(n));
        if (r.text.find('\0') != std::string::npos) break;
    }
    if (size_t nul = r.text.find('\0'); nul != std::string::npos) r.text.resize(nul);
    while (!r.text.empty() && (r.text.back() == '\n' || r.text.back() == '\r')) r.text.pop_back();
    return r;
}

Result<ScanVerdict> ParseReply(const Reply& reply) {
    std::string_view text = reply.text;
    if (text.empty()) {
        if (reply.timed_out) return Fail(Unavailable("等待扫描结果超时"));
        if (reply.error != 0) return Fail(Unavailable(fmt::format("读取扫描结果失败：{}", ErrnoText(reply.error))));
        return Fail(Unavailable("连接被提前关闭"));
    }
    if (text.find("size limit exceeded") != std::string_view::npos)
        return Fail(Error::ResourceExhausted("附件过大，超出病毒扫描服务的大小限制"));
    if (text.ends_with(" ERROR")) return Fail(Unavailable(fmt::format("clamd 报告错误：{}", Printable(text))));
    if (text.starts_with("stream: ")) {
        std::string_view rest = text.substr(8);
        if (rest == "OK") return ScanVerdict{};
        if (rest.ends_with(" FOUND") && rest.size() > 6) {
            return ScanVerdict{.clean = false, .signature = std::string(rest.substr(0, rest.size() - 6))};
        }
    }
    return Fail(Unavailable(fmt::format("无法识别的应答：{}", Printable(text))));
}

}  // namespace

VirusScanner::~VirusScanner() = default;

ClamdScanner::ClamdScanner(std::string socket_path, std::chrono::milliseconds timeout)
    : socket_path_(std::move(socket_path)), timeout_(timeout) {}

Result<ScanVerdict> ClamdScanner::Scan(std::string_view bytes) {
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    if (socket_path_.empty() || socket_path_.size() >= sizeof addr.sun_path)
        return Fail(Unavailable(fmt::format("套接字路径无效：{}", socket_path_)));
    std::copy(socket_path_.begin(), socket_path_.end(), addr.sun_path);

    Socket sock;
    if (sock.get() < 0) return Fail(Unavailable(fmt::format("socket：{}", ErrnoText(errno))));
    // On Linux SO_SNDTIMEO also bounds connect() on a unix socket whose listen backlog is full.
    if (!SetTimeout(sock.get(), SO_SNDTIMEO, timeout_) || !SetTimeout(sock.get(), SO_RCVTIMEO, timeout_))
        return Fail(Unavailable(fmt::format("setsockopt：{}", ErrnoText(errno))));
    while (::connect(sock.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
        if (errno == EINTR) continue;
        return Fail(Unavailable(fmt::format("连接 {} 失败：{}", socket_path_, ErrnoText(errno))));
    }

    // "z" prefix: NUL-terminated command and reply. Then chunks of <4-byte big-endian length><data>, ended by a
    // zero-length chunk.
    int err = SendAll(sock.get(), std::string_view("zINSTREAM\0", 10));
    for (size_t off = 0; err == 0 && off < bytes.size(); off += kChunkBytes) {
        const std::string_view chunk = bytes.substr(off, kChunkBytes);
        err = SendAll(sock.get(), BigEndian32(static_cast<uint32_t>(chunk.size())));
        if (err == 0) err = SendAll(sock.get(), chunk);
    }
    if (err == 0) err = SendAll(sock.get(), BigEndian32(0));
    if (err != 0) {
        // clamd closes the stream when it rejects it (e.g. StreamMaxLength exceeded) after saying why; prefer its
        // reason over our EPIPE.
        if (err != EAGAIN && err != EWOULDBLOCK) {
            Reply reply = ReadReply(sock.get(), std::min(timeout_, std::chrono::milliseconds(1000)));
            if (!reply.text.empty()) return ParseReply(reply);
        }
        if (err == EAGAIN || err == EWOULDBLOCK) return Fail(Unavailable("发送数据超时"));
        return Fail(Unavailable(fmt::format("发送数据失败：{}", ErrnoText(err))));
    }
    return ParseReply(ReadReply(sock.get(), timeout_));
}

Result<std::unique_ptr<VirusScanner>> MakeScanner(std::string_view spec, std::chrono::milliseconds timeout) {
    if (spec.empty() || spec == "off") return std::unique_ptr<VirusScanner>();
    constexpr std::string_view kClamd = "clamd:";
    if (spec.starts_with(kClamd)) {
        std::string_view path = spec.substr(kClamd.size());
        if (!path.starts_with('/'))
            return Fail(Error::InvalidArgument("virus_scanner",
                                               "clamd 套接字路径必须是绝对路径，例如 clamd:/run/clamav/clamd.ctl"));
        if (path.size() >= sizeof(sockaddr_un{}.sun_path))
            return Fail(Error::InvalidArgument("virus_scanner", "clamd 套接字路径过长"));
        if (timeout.count() <= 0) return Fail(Error::InvalidArgument("virus_scanner", "病毒扫描超时必须大于 0"));
        return std::unique_ptr<VirusScanner>(std::make_unique<ClamdScanner>(std::string(path), timeout));
    }
    return Fail(Error::InvalidArgument(
        "virus_scanner", fmt::format("无法识别的病毒扫描设置“{}”：应为 off 或 clamd:<套接字路径>", Printable(spec))));
}

}  // namespace xf::files
