// The single place where xf::ErrorCode maps to HTTP: status codes and RFC 9457 problem+json bodies.
#pragma once

#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "base/error.hpp"

namespace xf::http {

// Default HTTP status for an error code (kResourceExhausted → 429; pass an override for 413/431).
int HttpStatus(ErrorCode code);

// Chinese human-readable title for an error code, e.g. "资源不存在".
std::string_view ProblemTitle(ErrorCode code);

// "https://xinfang.example/problems/<code-name>"; kAborted uses ".../conflict" so clients can tell an
// optimistic-concurrency conflict from a precondition failure (both are 409).
std::string ProblemType(ErrorCode code);

// {"type", "title", "status", "detail", "field" (omitted if empty), "code"}. `http_status` 0 = HttpStatus(e.code).
boost::json::object ProblemJson(const Error& e, int http_status = 0);

// A problem+json body with "request_id": `id` added (the server adds it to every problem answer); a body that is
// not a JSON object is returned unchanged.
std::string WithRequestId(std::string body, std::string_view id);

}  // namespace xf::http
