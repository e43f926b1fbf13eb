// The operational endpoints (docs/operations.md): GET /readyz (the database answers and its schema is current) and
// GET /metrics (the registry in the Prometheus text format, for loopback, [metrics] allow networks or the bearer
// token only), and HttpMetrics, which turns the server's completed requests into request metrics.
#pragma once

#include <string>
#include <vector>

#include "app/services.hpp"
#include "http/ip_network.hpp"
#include "http/router.hpp"
#include "http/server.hpp"
#include "metrics/registry.hpp"

namespace xf::http {

// Who may read /metrics: operational data, not public.
struct MetricsAccess {
    std::vector<IpNetwork> allow;  // [metrics] allow: client addresses (after trusted_proxies) that may scrape
    std::string token;             // [metrics] token: "Authorization: Bearer <token>" from anywhere; empty: none
};

enum class MetricsVerdict { kAllowed, kForbidden, kBadToken };

// A request with the configured bearer token is allowed from anywhere, one with another Authorization is
// kBadToken (when a token is configured). Otherwise: allowed from a loopback address that no proxy forwarded (no
// X-Forwarded-For / Forwarded header: an nginx on the same host is not a local scraper), or from an `allow` network.
MetricsVerdict CheckMetricsAccess(const MetricsAccess& access, const Request& req);

// Request counters and latency histograms by route pattern (bounded labels: requests that matched no route share
// "unmatched", the static files "static") and method.
class HttpMetrics {
  public:
    explicit HttpMetrics(metrics::Registry& registry);
    void Record(const CompletedRequest& r);  // for ServerOptions::on_complete

  private:
    metrics::Family<metrics::Counter>& requests_;
    metrics::Family<metrics::Histogram>& duration_;
};

struct OpsOptions {
    metrics::Registry* registry = nullptr;  // rendered by /metrics; required
    MetricsAccess metrics_access;
};

// Adds GET /readyz and GET /metrics.
void RegisterOps(Router& router, app::Services& services, OpsOptions options);

}  // namespace xf::http
