#include "metrics/process.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <charconv>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace xf::metrics {
namespace {

std::optional<std::string> Slurp(const char* path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

template <class T>
bool ToNumber(std::string_view s, T& out) {
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && p == s.data() + s.size();
}

}  // namespace

std::optional<ProcessStats> ParseProcStat(std::string_view stat, long ticks_per_second, long page_size,
                                          int64_t boot_time) {
    // "pid (comm) state ppid …": comm may hold spaces and parentheses, so fields are counted after the last ')'.
    auto close = stat.rfind(')');
    if (close == std::string_view::npos || ticks_per_second <= 0) return std::nullopt;
    std::vector<std::string_view> f;  // f[0] is field 3 (state)
    std::string_view rest = stat.substr(close + 1);
    while (!rest.empty()) {
        while (!rest.empty() && (rest.front() == ' ' || rest.front() == '\n')) rest.remove_prefix(1);
        if (rest.empty()) break;
        size_t end = rest.find_first_of(" \n");
        f.push_back(rest.substr(0, end));
        if (end == std::string_view::npos) break;
        rest.remove_prefix(end);
    }
    auto field = [&](int n) -> std::string_view { return static_cast<size_t>(n - 3) < f.size() ? f[n - 3] : ""; };
    uint64_t utime = 0, stime = 0, start = 0, vsize = 0;
    int64_t threads = 0, rss = 0;
    if (!ToNumber(field(14), utime) || !ToNumber(field(15), stime) || !ToNumber(field(20), threads) ||
        !ToNumber(field(22), start) || !ToNumber(field(23), vsize) || !ToNumber(field(24), rss))
        return std::nullopt;
    ProcessStats s;
    s.cpu_seconds = static_cast<double>(utime + stime) / static_cast<double>(ticks_per_second);
    s.threads = threads;
    s.start_time_seconds =
        static_cast<double>(boot_time) + static_cast<double>(start) / static_cast<double>(ticks_per_second);
    s.virtual_bytes = static_cast<int64_t>(vsize);
    s.resident_bytes = rss * page_size;
    return s;
}

std::optional<int64_t> ParseBootTime(std::string_view proc_stat) {
    size_t pos = 0;
    while (pos < proc_stat.size()) {
        size_t nl = proc_stat.find('\n', pos);
        std::string_view line = proc_stat.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
        if (line.starts_with("btime ")) {
            int64_t v = 0;
            if (ToNumber(line.substr(6), v)) return v;
            return std::nullopt;
        }
        if (nl == std::string_view::npos) break;
        pos = nl + 1;
    }
    return std::nullopt;
}

std::optional<ProcessStats> ReadProcessStats() {
    auto stat = Slurp("/proc/self/stat");
    auto global = Slurp("/proc/stat");
    if (!stat || !global) return std::nullopt;
    auto boot = ParseBootTime(*global);
    if (!boot) return std::nullopt;
    auto s = ParseProcStat(*stat, sysconf(_SC_CLK_TCK), sysconf(_SC_PAGESIZE), *boot);
    if (!s) return std::nullopt;
    std::error_code ec;
    int64_t fds = 0;
    for (auto it = std::filesystem::directory_iterator("/proc/self/fd", ec);
         !ec && it != std::filesystem::directory_iterator(); it.increment(ec))
        ++fds;
    s->open_fds = fds > 0 ? fds - 1 : 0;  // the directory stream itself holds one while counting
    rlimit lim{};
    if (getrlimit(RLIMIT_NOFILE, &lim) == 0) s->max_fds = static_cast<int64_t>(lim.rlim_cur);
    return s;
}

}  // namespace xf::metrics
