// The text exposition format (0.0.4) and the bucket arithmetic, on fixed values.
#include "metrics/registry.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <thread>
#include <vector>

#include "metrics/process.hpp"

namespace xf::metrics {
namespace {

TEST(Histogram, BoundsAreInclusiveAndBucketsCumulative) {
    Histogram h({0.1, 0.5, 1});
    for (double v : {0.05, 0.1, 0.2, 0.5, 0.7, 1.0, 3.0}) h.Observe(v);
    auto s = h.Snap();
    // le=0.1: 0.05, 0.1; le=0.5: + 0.2, 0.5; le=1: + 0.7, 1.0; +Inf: + 3.0
    EXPECT_EQ(s.cumulative, (std::vector<uint64_t>{2, 4, 6, 7}));
    EXPECT_EQ(s.count, 7u);
    EXPECT_DOUBLE_EQ(s.sum, 0.05 + 0.1 + 0.2 + 0.5 + 0.7 + 1.0 + 3.0);
}

TEST(Histogram, NegativeAndHugeValuesAndNaN) {
    Histogram h({1, 2});
    h.Observe(-5);  // below the first bound: first bucket
    h.Observe(std::numeric_limits<double>::infinity());
    h.Observe(std::nan(""));  // ignored
    auto s = h.Snap();
    EXPECT_EQ(s.cumulative, (std::vector<uint64_t>{1, 1, 2}));
    EXPECT_EQ(s.count, 2u);
}

TEST(Histogram, RejectsUnsortedOrInfiniteBounds) {
    EXPECT_THROW(Histogram({1, 1}), std::logic_error);
    EXPECT_THROW(Histogram({2, 1}), std::logic_error);
    EXPECT_THROW(Histogram({1, std::numeric_limits<double>::infinity()}), std::logic_error);
    EXPECT_NO_THROW(Histogram({}));
}

TEST(Histogram, ConcurrentObservationsAreAllCounted) {
    Histogram h(LatencyBuckets());
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&] {
            for (int i = 0; i < 10000; ++i) h.Observe(0.003);
        });
    for (auto& t : threads) t.join();
    auto s = h.Snap();
    EXPECT_EQ(s.count, 40000u);
    EXPECT_NEAR(s.sum, 120.0, 1e-6);
    EXPECT_EQ(s.cumulative[1], 0u);      // le=0.0025
    EXPECT_EQ(s.cumulative[2], 40000u);  // le=0.005
}

TEST(Buckets, Helpers) {
    EXPECT_EQ(ExponentialBuckets(1, 2, 4), (std::vector<double>{1, 2, 4, 8}));
    EXPECT_EQ(LinearBuckets(0, 5, 3), (std::vector<double>{0, 5, 10}));
}

TEST(Counter, OnlyGoesUp) {
    Counter c;
    c.Inc();
    c.Inc(2.5);
    c.Inc(-1);
    EXPECT_DOUBLE_EQ(c.Value(), 3.5);
}

TEST(TextFormat, Escaping) {
    EXPECT_EQ(EscapeLabelValue("a\\b\"c\nd"), "a\\\\b\\\"c\\nd");
    EXPECT_EQ(EscapeHelp("a\\b\"c\nd"), "a\\\\b\"c\\nd");  // quotes are not escaped in HELP
    EXPECT_EQ(FormatValue(3), "3");
    EXPECT_EQ(FormatValue(0.25), "0.25");
    EXPECT_EQ(FormatValue(std::numeric_limits<double>::infinity()), "+Inf");
    EXPECT_EQ(FormatValue(-std::numeric_limits<double>::infinity()), "-Inf");
    EXPECT_EQ(FormatValue(std::nan("")), "NaN");
}

TEST(TextFormat, Names) {
    EXPECT_TRUE(IsValidMetricName("xinfang_http_requests_total"));
    EXPECT_TRUE(IsValidMetricName("a:b"));
    EXPECT_FALSE(IsValidMetricName("1abc"));
    EXPECT_FALSE(IsValidMetricName("a-b"));
    EXPECT_FALSE(IsValidMetricName(""));
    EXPECT_TRUE(IsValidLabelName("route"));
    EXPECT_FALSE(IsValidLabelName("a:b"));
    EXPECT_FALSE(IsValidLabelName("__name"));
    Registry r;
    EXPECT_THROW(r.AddCounter("bad name", "x"), std::logic_error);
    EXPECT_THROW(r.AddHistogram("h", "x", {"le"}, {1}), std::logic_error);
    EXPECT_THROW(r.AddGauge("g", "x", {"a", "a"}), std::logic_error);
    r.AddGauge("g", "x");
    EXPECT_THROW(r.AddCounter("g", "again"), std::logic_error);
    auto& f = r.AddCounter("c_total", "x", {"a"});
    EXPECT_THROW(f.With({}), std::logic_error);
}

TEST(TextFormat, RendersEveryTypeExactly) {
    Registry r;
    auto& requests = r.AddCounter("xf_requests_total", "Requests.\nSecond line", {"route", "status"});
    requests.With({"/a/{id}", "200"}).Inc(3);
    requests.With({"say \"hi\"\\", "500"}).Inc();
    r.AddGauge("xf_depth", "Queue depth").Get().Set(7);
    auto& h = r.AddHistogram("xf_seconds", "Latency", {"route"}, {0.1, 1});
    h.With({"/a"}).Observe(0.0625);
    h.With({"/a"}).Observe(2);
    r.AddGauge("xf_empty", "No child yet", {"x"});
    EXPECT_EQ(r.Render(),
              "# HELP xf_requests_total Requests.\\nSecond line\n"
              "# TYPE xf_requests_total counter\n"
              "xf_requests_total{route=\"/a/{id}\",status=\"200\"} 3\n"
              "xf_requests_total{route=\"say \\\"hi\\\"\\\\\",status=\"500\"} 1\n"
              "# HELP xf_depth Queue depth\n"
              "# TYPE xf_depth gauge\n"
              "xf_depth 7\n"
              "# HELP xf_seconds Latency\n"
              "# TYPE xf_seconds histogram\n"
              "xf_seconds_bucket{route=\"/a\",le=\"0.1\"} 1\n"
              "xf_seconds_bucket{route=\"/a\",le=\"1\"} 1\n"
              "xf_seconds_bucket{route=\"/a\",le=\"+Inf\"} 2\n"
              "xf_seconds_sum{route=\"/a\"} 2.0625\n"
              "xf_seconds_count{route=\"/a\"} 2\n"
              "# HELP xf_empty No child yet\n"
              "# TYPE xf_empty gauge\n");
}

TEST(TextFormat, HistogramWithoutLabels) {
    Registry r;
    r.AddHistogram("batch", "Items per commit", {}, {1, 4}).Get().Observe(3);
    EXPECT_EQ(r.Render(),
              "# HELP batch Items per commit\n# TYPE batch histogram\n"
              "batch_bucket{le=\"1\"} 0\nbatch_bucket{le=\"4\"} 1\nbatch_bucket{le=\"+Inf\"} 1\n"
              "batch_sum 3\nbatch_count 1\n");
}

TEST(Registry, CollectorsRunBeforeEachRender) {
    Registry r;
    auto& g = r.AddGauge("now", "x").Get();
    int calls = 0;
    r.AddCollector([&] { g.Set(++calls); });
    EXPECT_NE(r.Render().find("now 1\n"), std::string::npos);
    EXPECT_NE(r.Render().find("now 2\n"), std::string::npos);
}

TEST(ProcessStats, ParsesProcSelfStat) {
    // A comm with a space and a parenthesis; utime 250, stime 50 ticks; 9 threads; started 1000 ticks after boot;
    // vsize 4096000; rss 300 pages.
    std::string stat =
        "1234 (xin fang) (x)) S 1 1234 1234 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 9 0 1000 4096000 300 "
        "18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n";
    auto s = ParseProcStat(stat, 100, 4096, 1700000000);
    ASSERT_TRUE(s);
    EXPECT_DOUBLE_EQ(s->cpu_seconds, 3.0);
    EXPECT_EQ(s->threads, 9);
    EXPECT_DOUBLE_EQ(s->start_time_seconds, 1700000010.0);
    EXPECT_EQ(s->virtual_bytes, 4096000);
    EXPECT_EQ(s->resident_bytes, 300 * 4096);
    EXPECT_FALSE(ParseProcStat("1234 (x) S 1 2", 100, 4096, 0));
    EXPECT_EQ(ParseBootTime("cpu  1 2 3\nbtime 1700000000\nprocesses 5\n"), 1700000000);
    EXPECT_FALSE(ParseBootTime("cpu 1\n"));
}

TEST(ProcessStats, ReadsThisProcess) {
    auto s = ReadProcessStats();
    ASSERT_TRUE(s);
    EXPECT_GT(s->resident_bytes, 0);
    EXPECT_GE(s->open_fds, 3);  // stdin, stdout, stderr at least
    EXPECT_GT(s->max_fds, 0);
    EXPECT_GT(s->start_time_seconds, 1.5e9);
}

}  // namespace
}  // namespace xf::metrics
