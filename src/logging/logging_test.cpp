// The two log line formats, with and without a request id in scope.
#include "logging/logging.hpp"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <sstream>
#include <thread>

#include "base/log_context.hpp"

namespace xf::logging {
namespace {

class Capture {
  public:
    explicit Capture(LogFormat format) {
        auto sink = std::make_shared<spdlog::sinks::ostream_sink_st>(out_);
        logger_ = std::make_shared<spdlog::logger>("", sink);
        logger_->set_formatter(MakeFormatter(format));
    }
    spdlog::logger& operator*() { return *logger_; }
    spdlog::logger* operator->() { return logger_.get(); }
    std::string Text() const { return out_.str(); }

  private:
    std::ostringstream out_;
    std::shared_ptr<spdlog::logger> logger_;
};

TEST(LogFormat, Parse) {
    EXPECT_EQ(*ParseLogFormat("json"), LogFormat::kJson);
    EXPECT_EQ(*ParseLogFormat("text"), LogFormat::kText);
    auto bad = ParseLogFormat("xml");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().field, "log.format");
}

TEST(LogFormat, TextAppendsTheRequestIdOnlyInsideARequest) {
    Capture out(LogFormat::kText);
    out->info("outside");
    {
        log::ScopedRequestId rid("abc-123");
        out->warn("inside {}", 1);
        {
            log::ScopedRequestId nested("n-2");
            out->info("nested");
        }
        out->info("back");
    }
    out->info("after");
    std::istringstream lines(out.Text());
    std::string l1, l2, l3, l4, l5;
    std::getline(lines, l1);
    std::getline(lines, l2);
    std::getline(lines, l3);
    std::getline(lines, l4);
    std::getline(lines, l5);
    EXPECT_TRUE(l1.ends_with("] [info] outside")) << l1;
    EXPECT_TRUE(l2.ends_with("] [warning] inside 1 rid=abc-123")) << l2;
    EXPECT_TRUE(l3.ends_with("nested rid=n-2")) << l3;
    EXPECT_TRUE(l4.ends_with("back rid=abc-123")) << l4;
    EXPECT_TRUE(l5.ends_with("] [info] after")) << l5;
}

TEST(LogFormat, JsonLinesParseAndCarryTheRequestId) {
    Capture out(LogFormat::kJson);
    out->info("plain");
    {
        log::ScopedRequestId rid("r-9");
        out->error("quote \" backslash \\ newline \n tab \t ctl \x01 中文");
    }
    out->info(std::string("bad utf8 \xff\xfe"));
    std::istringstream lines(out.Text());
    std::string line;
    std::vector<boost::json::object> docs;
    while (std::getline(lines, line)) docs.push_back(boost::json::parse(line).as_object());  // throws if not JSON
    ASSERT_EQ(docs.size(), 3u);
    EXPECT_EQ(docs[0].at("level").as_string(), "info");
    EXPECT_EQ(docs[0].at("msg").as_string(), "plain");
    EXPECT_FALSE(docs[0].contains("request_id"));
    std::string time(docs[0].at("time").as_string());
    EXPECT_EQ(time.size(), 24u) << time;  // 2026-12-03T08:00:00.123Z
    EXPECT_EQ(time.back(), 'Z');
    EXPECT_EQ(time[10], 'T');
    EXPECT_EQ(docs[1].at("level").as_string(), "error");
    EXPECT_EQ(docs[1].at("request_id").as_string(), "r-9");
    EXPECT_EQ(docs[1].at("msg").as_string(), "quote \" backslash \\ newline \n tab \t ctl \x01 中文");
    EXPECT_EQ(docs[2].at("msg").as_string(), "bad utf8 \xc3\xbf\xc3\xbe");  // the bytes read as Latin-1
}

TEST(LogFormat, TheRequestIdIsPerThread) {
    log::ScopedRequestId rid("main-thread");
    std::string seen = "unset";
    std::thread([&] { seen = std::string(log::CurrentRequestId()); }).join();
    EXPECT_EQ(seen, "");
    EXPECT_EQ(log::CurrentRequestId(), "main-thread");
}

}  // namespace
}  // namespace xf::logging
