// Figures of this process read from Linux /proc (resident memory, open file descriptors, start time, CPU time), for
// the standard process_* metrics. The parsing is separate from the reading so that it is tested on fixed text.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace xf::metrics {

struct ProcessStats {
    int64_t resident_bytes = 0;
    int64_t virtual_bytes = 0;
    int64_t open_fds = 0;
    int64_t max_fds = 0;            // the soft RLIMIT_NOFILE
    double start_time_seconds = 0;  // Unix time the process started
    double cpu_seconds = 0;         // user + system
    int64_t threads = 0;
};

// From the text of /proc/self/stat (fields 14, 15 utime/stime, 20 num_threads, 22 starttime, 23 vsize, 24 rss),
// the clock ticks per second, the page size and the boot time (btime of /proc/stat). nullopt if malformed.
std::optional<ProcessStats> ParseProcStat(std::string_view stat, long ticks_per_second, long page_size,
                                          int64_t boot_time);
// The `btime` line of /proc/stat; nullopt if absent.
std::optional<int64_t> ParseBootTime(std::string_view proc_stat);

// This process now; nullopt where /proc is not readable (not Linux).
std::optional<ProcessStats> ReadProcessStats();

}  // namespace xf::metrics
