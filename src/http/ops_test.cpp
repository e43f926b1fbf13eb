// Who may read /metrics, the networks of [metrics] allow, and the request metrics HttpMetrics records.
#include "http/ops.hpp"

#include <gtest/gtest.h>

namespace xf::http {
namespace {

Request From(std::string addr, std::vector<std::pair<std::string, std::string>> headers = {}) {
    Request r;
    r.method = Method::kGet;
    r.path = "/metrics";
    r.remote_addr = std::move(addr);
    r.headers = std::move(headers);
    return r;
}

TEST(IpNetwork, ParsesAddressesAndNetworks) {
    auto n = ParseIpNetwork("10.0.0.0/8", "metrics.allow");
    ASSERT_TRUE(n);
    EXPECT_TRUE(n->Contains("10.1.2.3"));
    EXPECT_TRUE(n->Contains("::ffff:10.9.9.9"));  // a v4 client seen on a dual-stack socket
    EXPECT_FALSE(n->Contains("11.0.0.1"));
    EXPECT_FALSE(n->Contains("not an address"));
    auto host = ParseIpNetwork("192.0.2.7", "f");
    ASSERT_TRUE(host);
    EXPECT_TRUE(host->Contains("192.0.2.7"));
    EXPECT_FALSE(host->Contains("192.0.2.8"));
    auto v6 = ParseIpNetwork("2001:db8::/32", "f");
    ASSERT_TRUE(v6);
    EXPECT_TRUE(v6->Contains("2001:db8:1::5"));
    EXPECT_FALSE(v6->Contains("2001:db9::1"));
    EXPECT_FALSE(v6->Contains("10.0.0.1"));
    auto odd = ParseIpNetwork("172.16.0.0/12", "f");
    ASSERT_TRUE(odd);
    EXPECT_TRUE(odd->Contains("172.31.255.255"));
    EXPECT_FALSE(odd->Contains("172.32.0.0"));
    auto all = ParseIpNetwork("0.0.0.0/0", "f");
    ASSERT_TRUE(all);
    EXPECT_TRUE(all->Contains("203.0.113.9"));
}

TEST(IpNetwork, RefusesBadNetworksNamingTheField) {
    for (const char* bad :
         {"10.0.0.0/33", "10.1.2.3/8", "::1/129", "10.0.0.0/", "10.0.0.0/x", "example.org", "10.0.0.0/8/8", ""}) {
        auto n = ParseIpNetwork(bad, "metrics.allow");
        ASSERT_FALSE(n) << bad;
        EXPECT_EQ(n.error().field, "metrics.allow");
    }
}

TEST(IpNetwork, Loopback) {
    EXPECT_TRUE(IsLoopback("127.0.0.1"));
    EXPECT_TRUE(IsLoopback("127.8.0.1"));
    EXPECT_TRUE(IsLoopback("::1"));
    EXPECT_TRUE(IsLoopback("::ffff:127.0.0.1"));
    EXPECT_FALSE(IsLoopback("10.0.0.1"));
    EXPECT_FALSE(IsLoopback("::2"));
    EXPECT_FALSE(IsLoopback(""));
}

TEST(MetricsAccess, LoopbackUnlessForwarded) {
    MetricsAccess a;
    EXPECT_EQ(CheckMetricsAccess(a, From("127.0.0.1")), MetricsVerdict::kAllowed);
    EXPECT_EQ(CheckMetricsAccess(a, From("::1")), MetricsVerdict::kAllowed);
    EXPECT_EQ(CheckMetricsAccess(a, From("10.0.0.5")), MetricsVerdict::kForbidden);
    // An nginx on the same host forwarding someone else's request is not a local scraper.
    EXPECT_EQ(CheckMetricsAccess(a, From("127.0.0.1", {{"x-forwarded-for", "203.0.113.7"}})),
              MetricsVerdict::kForbidden);
    EXPECT_EQ(CheckMetricsAccess(a, From("127.0.0.1", {{"forwarded", "for=203.0.113.7"}})), MetricsVerdict::kForbidden);
}

TEST(MetricsAccess, AllowedNetworks) {
    MetricsAccess a;
    a.allow.push_back(*ParseIpNetwork("10.0.0.0/24", "f"));
    EXPECT_EQ(CheckMetricsAccess(a, From("10.0.0.9")), MetricsVerdict::kAllowed);
    EXPECT_EQ(CheckMetricsAccess(a, From("10.0.0.9", {{"x-forwarded-for", "10.0.0.9"}})), MetricsVerdict::kAllowed);
    EXPECT_EQ(CheckMetricsAccess(a, From("10.0.1.9")), MetricsVerdict::kForbidden);
}

TEST(MetricsAccess, BearerToken) {
    MetricsAccess a;
    a.token = "s3cret-token-for-prometheus";
    EXPECT_EQ(CheckMetricsAccess(a, From("203.0.113.9", {{"authorization", "Bearer s3cret-token-for-prometheus"}})),
              MetricsVerdict::kAllowed);
    EXPECT_EQ(CheckMetricsAccess(a, From("203.0.113.9", {{"authorization", "Bearer s3cret-token-for-prometheu"}})),
              MetricsVerdict::kBadToken);
    EXPECT_EQ(CheckMetricsAccess(a, From("203.0.113.9", {{"authorization", "Bearer "}})), MetricsVerdict::kBadToken);
    EXPECT_EQ(CheckMetricsAccess(a, From("203.0.113.9", {{"authorization", "Basic eDp5"}})), MetricsVerdict::kBadToken);
    // A wrong token is refused even from loopback (it was meant to be checked).
    EXPECT_EQ(CheckMetricsAccess(a, From("127.0.0.1", {{"authorization", "Bearer nope"}})), MetricsVerdict::kBadToken);
    EXPECT_EQ(CheckMetricsAccess(a, From("203.0.113.9")), MetricsVerdict::kForbidden);
    // Without a configured token, an Authorization header changes nothing.
    MetricsAccess none;
    EXPECT_EQ(CheckMetricsAccess(none, From("203.0.113.9", {{"authorization", "Bearer "}})),
              MetricsVerdict::kForbidden);
    EXPECT_EQ(CheckMetricsAccess(none, From("127.0.0.1", {{"authorization", "Bearer x"}})), MetricsVerdict::kAllowed);
}

TEST(HttpMetrics, CountsByRoutePatternMethodAndStatus) {
    metrics::Registry registry;
    HttpMetrics m(registry);
    using std::chrono::milliseconds;
    m.Record({"GET", "/api/v1/petitions/{id}", 200, milliseconds(3)});
    m.Record({"GET", "/api/v1/petitions/{id}", 200, milliseconds(30)});
    m.Record({"GET", "/api/v1/petitions/{id}", 404, milliseconds(1)});
    m.Record({"OTHER", "", 400, milliseconds(0)});
    std::string text = registry.Render();
    EXPECT_NE(
        text.find("xinfang_http_requests_total{route=\"/api/v1/petitions/{id}\",method=\"GET\",status=\"200\"} 2\n"),
        std::string::npos)
        << text;
    EXPECT_NE(
        text.find("xinfang_http_requests_total{route=\"/api/v1/petitions/{id}\",method=\"GET\",status=\"404\"} 1\n"),
        std::string::npos);
    EXPECT_NE(text.find("xinfang_http_requests_total{route=\"unmatched\",method=\"OTHER\",status=\"400\"} 1\n"),
              std::string::npos);
    EXPECT_NE(text.find("xinfang_http_request_duration_seconds_bucket{route=\"/api/v1/petitions/{id}\",method=\"GET\","
                        "le=\"0.005\"} 2\n"),
              std::string::npos);
    EXPECT_NE(
        text.find("xinfang_http_request_duration_seconds_count{route=\"/api/v1/petitions/{id}\",method=\"GET\"} 3\n"),
        std::string::npos);
}

}  // namespace
}  // namespace xf::http
