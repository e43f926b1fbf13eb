#include "logging/logging.hpp"

#include <fmt/format.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <ctime>

#include "base/log_context.hpp"
#include "base/text.hpp"

namespace xf::logging {
namespace {

// %* in the text pattern: " rid=<id>" while a request is handled, nothing otherwise.
class RequestIdFlag final : public spdlog::custom_flag_formatter {
    static constexpr std::string_view kPrefix = " rid=";

  public:
    void format(const spdlog::details::log_msg&, const std::tm&, spdlog::memory_buf_t& dest) override {
        auto id = log::CurrentRequestId();
        if (id.empty()) return;
        dest.append(kPrefix.data(), kPrefix.data() + kPrefix.size());
        dest.append(id.data(), id.data() + id.size());
    }
    std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<RequestIdFlag>(); }
};

void Append(spdlog::memory_buf_t& dest, std::string_view s) { dest.append(s.data(), s.data() + s.size()); }

void AppendJsonString(spdlog::memory_buf_t& dest, std::string_view s) {
    const bool utf8 = IsValidUtf8(s);
    dest.push_back('"');
    for (unsigned char c : s) {
        switch (c) {
            case '"':
                Append(dest, "\\\"");
                break;
            case '\\':
                Append(dest, "\\\\");
                break;
            case '\n':
                Append(dest, "\\n");
                break;
            case '\r':
                Append(dest, "\\r");
                break;
            case '\t':
                Append(dest, "\\t");
                break;
            default:
                // Control characters, DEL, and — in a message that is not valid UTF-8 — every byte above 0x7F
                // (read as Latin-1, so the line stays valid JSON and the byte can still be told).
                if (c < 0x20 || c == 0x7f || (!utf8 && c >= 0x80))
                    fmt::format_to(std::back_inserter(dest), "\\u{:04x}", c);
                else
                    dest.push_back(static_cast<char>(c));
        }
    }
    dest.push_back('"');
}

class JsonFormatter final : public spdlog::formatter {
  public:
    void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
        using namespace std::chrono;
        auto ms = time_point_cast<milliseconds>(msg.time);
        auto secs = time_point_cast<seconds>(ms);
        if (secs > ms) secs -= seconds(1);  // before 1970: floor, not truncate
        std::time_t t = system_clock::to_time_t(secs);
        std::tm tm{};
        gmtime_r(&t, &tm);
        fmt::format_to(std::back_inserter(dest),
                       "{{\"time\":\"{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}.{:03d}Z\",\"level\":", tm.tm_year + 1900,
                       tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                       static_cast<int>((ms - secs).count()));
        auto level = spdlog::level::to_string_view(msg.level);
        AppendJsonString(dest, std::string_view(level.data(), level.size()));
        if (msg.logger_name.size() > 0) {
            Append(dest, ",\"logger\":");
            AppendJsonString(dest, std::string_view(msg.logger_name.data(), msg.logger_name.size()));
        }
        Append(dest, ",\"msg\":");
        AppendJsonString(dest, std::string_view(msg.payload.data(), msg.payload.size()));
        if (auto id = log::CurrentRequestId(); !id.empty()) {
            Append(dest, ",\"request_id\":");
            AppendJsonString(dest, id);
        }
        Append(dest, "}\n");
    }
    std::unique_ptr<spdlog::formatter> clone() const override { return std::make_unique<JsonFormatter>(); }
};

}  // namespace

Result<LogFormat> ParseLogFormat(std::string_view s, std::string_view field) {
    if (s == "text") return LogFormat::kText;
    if (s == "json") return LogFormat::kJson;
    return Fail(Error::InvalidArgument(std::string(field), "应为 \"text\" 或 \"json\""));
}

std::unique_ptr<spdlog::formatter> MakeFormatter(LogFormat format) {
    if (format == LogFormat::kJson) return std::make_unique<JsonFormatter>();
    auto f = std::make_unique<spdlog::pattern_formatter>();
    // spdlog's default line ("%+" without the logger name) in colour, then the request id.
    f->add_flag<RequestIdFlag>('*').set_pattern("[%Y-%m-%d %H:%M:%S.%e] [%^%l%$] %v%*");
    return f;
}

void UseLogFormat(LogFormat format) { spdlog::set_formatter(MakeFormatter(format)); }

}  // namespace xf::logging
