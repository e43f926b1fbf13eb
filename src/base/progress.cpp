#include "base/progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>

namespace xf {

ProgressMeter::ProgressMeter(Options options) : options_(std::move(options)) {
    terminal_ = options_.terminal.value_or(options_.out != nullptr && ::isatty(::fileno(options_.out)) == 1);
    started_ = last_ = Now();
}

ProgressMeter::ProgressMeter(std::string label, std::string unit, std::optional<int64_t> total)
    : ProgressMeter(Options{std::move(label), std::move(unit), total}) {}

ProgressMeter::~ProgressMeter() {
    if (open_line_ && options_.out) std::fputc('\n', options_.out);
}

ProgressMeter::TimePoint ProgressMeter::Now() const {
    return options_.now ? options_.now() : std::chrono::steady_clock::now();
}

void ProgressMeter::Update(int64_t done) {
    if (!options_.out) return;
    const auto now = Now();
    const auto every = terminal_ ? options_.terminal_every : options_.log_every;
    if (printed_ && now - last_ < every) return;
    if (!printed_ && !terminal_ && now - started_ < every) return;  // a short run writes no log lines at all
    last_ = now;
    Print(done, false);
}

void ProgressMeter::Finish(int64_t done) {
    if (!options_.out) return;
    Print(done, true);
}

void ProgressMeter::Print(int64_t done, bool final) {
    const double elapsed = std::chrono::duration<double>(Now() - started_).count();
    std::string text;
    if (final) {
        const double rate = elapsed > 0 ? static_cast<double>(done) / elapsed : 0;
        text = fmt::format("{}：完成 {} {}，用时 {}", options_.label, Count(done), options_.unit, Duration(elapsed));
        if (elapsed >= 1) text += fmt::format("，平均 {} {}/秒", Count(std::llround(rate)), options_.unit);
    } else {
        text = Line(options_.label, options_.unit, done, options_.total, elapsed, terminal_);
    }
    if (terminal_) {
        fmt::print(options_.out, "\r{}\x1b[K{}", text, final ? "\n" : "");
        open_line_ = !final;
    } else {
        fmt::print(options_.out, "{}\n", text);
    }
    std::fflush(options_.out);
    printed_ = true;
}

std::string ProgressMeter::Count(int64_t n) {
    std::string digits = std::to_string(n < 0 ? -n : n);
    std::string out;
    for (size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return n < 0 ? "-" + out : out;
}

std::string ProgressMeter::Duration(double seconds) {
    const auto s = static_cast<int64_t>(std::llround(std::max(0.0, seconds)));
    if (s < 60) return fmt::format("{} 秒", s);
    if (s < 3600) return fmt::format("{}:{:02}", s / 60, s % 60);
    return fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60);
}

std::string ProgressMeter::Line(std::string_view label, std::string_view unit, int64_t done,
                                std::optional<int64_t> total, double elapsed_seconds, bool bar) {
    // No rate (and so no time left) in the first half second: it would be noise.
    const double rate = elapsed_seconds >= 0.5 ? static_cast<double>(done) / elapsed_seconds : 0;
    const bool known = total && *total > 0;
    const double fraction = known ? std::clamp(static_cast<double>(done) / static_cast<double>(*total), 0.0, 1.0) : 0;
    std::string eta;
    if (known && rate > 0 && done < *total) eta = Duration(static_cast<double>(*total - done) / rate);
    std::string counts = known ? fmt::format("{}/{} {}", Count(done), Count(*total), unit)
                               : fmt::format("{} {}", Count(done), unit);
    std::string speed = rate > 0 ? fmt::format("{} {}/秒", Count(std::llround(rate)), unit) : std::string("—");
    if (bar) {
        constexpr int kWidth = 24;
        std::string line(label);
        if (known) {
            const int filled = static_cast<int>(fraction * kWidth);
            line += fmt::format(" [{}{}] {:3.0f}%", std::string(filled, '#'), std::string(kWidth - filled, '.'),
                                fraction * 100);
        }
        line += fmt::format("  {}  {}", counts, speed);
        if (!eta.empty()) line += "  剩余 " + eta;
        return line;
    }
    std::string line = fmt::format("{}：{}", label, counts);
    if (known) line += fmt::format("（{:.0f}%）", fraction * 100);
    line += "，" + speed;
    if (!eta.empty()) line += "，预计还需 " + eta;
    return line;
}

}  // namespace xf
