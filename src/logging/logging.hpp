// How log lines look ([log] format, docs/operations.md): "text" (spdlog's line with " rid=<request id>" appended
// while a request is handled) or "json" (one JSON object per line for log shippers). The request id comes from
// base/log_context.hpp, set by the HTTP server around each handler. The only place that builds spdlog formatters.
#pragma once

#include <spdlog/formatter.h>

#include <memory>
#include <string_view>

#include "base/error.hpp"

namespace xf::logging {

enum class LogFormat { kText, kJson };

// "text" | "json"; anything else is kInvalidArgument naming `field`.
Result<LogFormat> ParseLogFormat(std::string_view s, std::string_view field = "log.format");

// text: "[2026-12-03 08:00:00.123] [info] GET /healthz 200 0.3ms rid=5f0c…"
// json: {"time":"2026-12-03T08:00:00.123Z","level":"info","msg":"GET /healthz 200 0.3ms","request_id":"5f0c…"}
//       (request_id only while a request is handled; time in UTC; msg escaped, invalid UTF-8 bytes as \u00XX).
std::unique_ptr<spdlog::formatter> MakeFormatter(LogFormat format);

// Installs MakeFormatter(format) on the default logger (every sink).
void UseLogFormat(LogFormat format);

}  // namespace xf::logging
