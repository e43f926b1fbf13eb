#include "http/ops.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <boost/json/serialize.hpp>
#include <stdexcept>

#include "http/error_mapping.hpp"

namespace xf::http {
namespace {

// Constant time in the length of the expected token: the comparison does not tell how much of a guess was right.
bool SameToken(std::string_view given, std::string_view expected) {
    unsigned diff = given.size() == expected.size() ? 0u : 1u;
    for (size_t i = 0; i < expected.size(); ++i)
        diff |= static_cast<unsigned char>(expected[i]) ^ static_cast<unsigned char>(i < given.size() ? given[i] : 0);
    return diff == 0;
}

Response ReadinessProblem(std::string_view check, std::string detail) {
    Error e = Error::Unavailable(std::move(detail));
    auto body = ProblemJson(e);
    body["check"] = check;
    Response r;
    r.status = 503;
    r.content_type = std::string(kProblemContentType);
    r.body = boost::json::serialize(body);
    return r;
}

}  // namespace

MetricsVerdict CheckMetricsAccess(const MetricsAccess& access, const Request& req) {
    if (auto auth = req.Header("authorization"); auth && !access.token.empty()) {
        constexpr std::string_view kBearer = "Bearer ";
        if (auth->size() > kBearer.size() && auth->substr(0, kBearer.size()) == kBearer &&
            SameToken(auth->substr(kBearer.size()), access.token))
            return MetricsVerdict::kAllowed;
        return MetricsVerdict::kBadToken;
    }
    const bool forwarded = req.Header("x-forwarded-for").has_value() || req.Header("forwarded").has_value();
    if (IsLoopback(req.remote_addr) && !forwarded) return MetricsVerdict::kAllowed;
    if (auto a = ParseIpAddress(req.remote_addr)) {
        for (const auto& n : access.allow)
            if (n.Contains(*a)) return MetricsVerdict::kAllowed;
    }
    return MetricsVerdict::kForbidden;
}

HttpMetrics::HttpMetrics(metrics::Registry& registry)
    : requests_(registry.AddCounter("xinfang_http_requests_total",
                                    "HTTP requests answered, by route pattern, method and status",
                                    {"route", "method", "status"})),
      duration_(registry.AddHistogram("xinfang_http_request_duration_seconds",
                                      "Time from a request's header read to its response written, by route pattern "
                                      "and method",
                                      {"route", "method"}, metrics::LatencyBuckets())) {}

void HttpMetrics::Record(const CompletedRequest& r) {
    std::string route = r.route.empty() ? std::string(kUnmatchedRoute) : std::string(r.route);
    std::string method(r.method);
    requests_.With({route, method, std::to_string(r.status)}).Inc();
    duration_.With({std::move(route), std::move(method)}).Observe(std::chrono::duration<double>(r.elapsed).count());
}

void RegisterOps(Router& router, app::Services& svc, OpsOptions options) {
    if (!options.registry) throw std::logic_error("RegisterOps needs a metrics registry");

    // For load balancers and orchestrators: 200 only when this server can do its work. Public, and it says no more
    // than which check failed (the database's own error goes to the log, with the request id).
    router.Add(Method::kGet, "/readyz", [&svc](Request&) -> Response {
        auto h = svc.CheckStore();
        if (!h) {
            spdlog::warn("readiness: database unreachable: {}", h.error().message);
            return ReadinessProblem("database", "数据库不可达");
        }
        if (!h->schema_current()) {
            spdlog::warn("readiness: schema version {} in the database, {} expected", h->schema_version,
                         h->expected_schema_version);
            return ReadinessProblem(
                "schema", h->schema_version < h->expected_schema_version
                              ? fmt::format("数据库结构版本为 {}，本程序需要 {}：请运行 xinfang migrate",
                                            h->schema_version, h->expected_schema_version)
                              : fmt::format("数据库结构版本为 {}，高于本程序的 {}：数据库已由新版本升级，请升级本程序",
                                            h->schema_version, h->expected_schema_version));
        }
        return Response::Json(
            200, boost::json::object{{"status", "ready"},
                                     {"checks", boost::json::object{{"database", "ok"}, {"schema", "ok"}}}});
    });

    router.Add(Method::kGet, "/metrics",
               [registry = options.registry, access = std::move(options.metrics_access)](Request& req) -> Response {
                   switch (CheckMetricsAccess(access, req)) {
                       case MetricsVerdict::kAllowed:
                           break;
                       case MetricsVerdict::kBadToken: {
                           Response r = Response::Problem(Error::Unauthenticated("监控令牌无效"));
                           r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"xinfang-metrics\"");
                           return r;
                       }
                       case MetricsVerdict::kForbidden:
                           return Response::Problem(Error::PermissionDenied(
                               "监控指标只允许本机、[metrics] allow 中的地址或持监控令牌访问（docs/operations.md）"));
                   }
                   Response r;
                   r.content_type = std::string(metrics::kTextContentType);
                   r.body = registry->Render();
                   return r;
               });
}

}  // namespace xf::http
