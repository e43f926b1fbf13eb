// The progress of a long command-line operation (import, reindex, db copy, backup, audit verify). On a terminal: one
// line redrawn in place with a bar, done/total, rate and time left. Otherwise (a log file, a pipe, systemd): a plain
// line every few seconds, so that a log shows the operation moving without being flooded.
#pragma once

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace xf {

class ProgressMeter {
public:
    using TimePoint = std::chrono::steady_clock::time_point;
    struct Options {
        std::string label;             // what is done, e.g. "重建检索索引"
        std::string unit;              // what is counted, e.g. "件", "行", "页"
        std::optional<int64_t> total;  // unknown: no bar, no percentage, no time left
        std::FILE* out = stderr;
        std::optional<bool> terminal;  // default: whether `out` is a terminal
        std::chrono::milliseconds terminal_every{200};
        std::chrono::milliseconds log_every{5000};
        std::function<TimePoint()> now;  // default: steady_clock (tests inject their own)
    };

    explicit ProgressMeter(Options options);
    ProgressMeter(std::string label, std::string unit, std::optional<int64_t> total = std::nullopt);
    ~ProgressMeter();  // ends a line left open on a terminal
    ProgressMeter(const ProgressMeter&) = delete;
    ProgressMeter& operator=(const ProgressMeter&) = delete;

    void SetTotal(int64_t total) { options_.total = total; }
    // Counts reached `done`; prints if it is time to (always for the first call on a terminal).
    void Update(int64_t done);
    // The last line, always printed, with the elapsed time and the average rate.
    void Finish(int64_t done);

    // The text of one report (pure): `bar` selects the terminal form.
    static std::string Line(std::string_view label, std::string_view unit, int64_t done,
                            std::optional<int64_t> total, double elapsed_seconds, bool bar);
    static std::string Duration(double seconds);  // "42 秒", "3:07", "1:02:03"
    static std::string Count(int64_t n);          // 1234567 → "1,234,567"

private:
    void Print(int64_t done, bool final);
    TimePoint Now() const;

    Options options_;
    bool terminal_ = false;
    bool open_line_ = false;
    bool printed_ = false;
    TimePoint started_{}, last_{};
};

}  // namespace xf
