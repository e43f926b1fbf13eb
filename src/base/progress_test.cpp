#include "base/progress.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace xf {
namespace {

using namespace std::chrono_literals;

TEST(ProgressMeterTest, LineShowsCountsRateAndTimeLeft) {
    EXPECT_EQ(ProgressMeter::Line("导入", "行", 2500, 10000, 5.0, false), "导入：2,500/10,000 行（25%），500 行/秒，预计还需 15 秒");
    EXPECT_EQ(ProgressMeter::Line("导入", "行", 2500, 10000, 5.0, true),
              "导入 [######..................]  25%  2,500/10,000 行  500 行/秒  剩余 15 秒");
    // Unknown total: no percentage and no time left; nothing done yet: no rate.
    EXPECT_EQ(ProgressMeter::Line("检查", "条", 1234567, std::nullopt, 10.0, false), "检查：1,234,567 条，123,457 条/秒");
    EXPECT_EQ(ProgressMeter::Line("复制", "页", 0, 100, 0.0, false), "复制：0/100 页（0%），—");
    EXPECT_EQ(ProgressMeter::Line("复制", "页", 100, 100, 2.0, false), "复制：100/100 页（100%），50 页/秒");
    EXPECT_EQ(ProgressMeter::Line("复制", "页", 5, 100, 0.001, false), "复制：5/100 页（5%），—");  // too early for a rate
}

TEST(ProgressMeterTest, DurationsAndCounts) {
    EXPECT_EQ(ProgressMeter::Duration(42.4), "42 秒");
    EXPECT_EQ(ProgressMeter::Duration(187), "3:07");
    EXPECT_EQ(ProgressMeter::Duration(3723), "1:02:03");
    EXPECT_EQ(ProgressMeter::Count(0), "0");
    EXPECT_EQ(ProgressMeter::Count(999), "999");
    EXPECT_EQ(ProgressMeter::Count(1000), "1,000");
    EXPECT_EQ(ProgressMeter::Count(-1234567), "-1,234,567");
}

struct Captured {
    char* buf = nullptr;
    size_t size = 0;
    std::FILE* f = open_memstream(&buf, &size);
    ~Captured() {
        if (f) std::fclose(f);
        std::free(buf);
    }
    std::string Text() {
        std::fflush(f);
        return std::string(buf, size);
    }
};

TEST(ProgressMeterTest, LogModeWritesALineEveryIntervalAndAFinalOne) {
    Captured out;
    auto t = std::chrono::steady_clock::time_point{};
    ProgressMeter::Options o{"重建检索索引", "件", 1000};
    o.out = out.f;
    o.terminal = false;
    o.log_every = 5s;
    o.now = [&] { return t; };
    {
        ProgressMeter m(o);
        m.Update(10);  // at 0 s: nothing yet (a short run writes no progress lines)
        t += 3s;
        m.Update(300);
        EXPECT_EQ(out.Text(), "");
        t += 2s;  // 5 s
        m.Update(500);
        t += 1s;
        m.Update(600);  // 1 s after the last line: nothing
        t += 4s;        // 10 s
        m.Update(900);
        t += 1s;
        m.Finish(1000);
    }
    EXPECT_EQ(out.Text(),
              "重建检索索引：500/1,000 件（50%），100 件/秒，预计还需 5 秒\n"
              "重建检索索引：900/1,000 件（90%），90 件/秒，预计还需 1 秒\n"
              "重建检索索引：完成 1,000 件，用时 11 秒，平均 91 件/秒\n");
}

TEST(ProgressMeterTest, TerminalModeRedrawsOneLineAndEndsIt) {
    Captured out;
    auto t = std::chrono::steady_clock::time_point{};
    ProgressMeter::Options o{"复制", "页", 10};
    o.out = out.f;
    o.terminal = true;
    o.now = [&] { return t; };
    {
        ProgressMeter m(o);
        m.Update(0);  // first call: drawn at once
        t += 100ms;
        m.Update(3);  // within 200 ms: not redrawn
        t += 150ms;
        m.Update(5);
    }  // destroyed without Finish (an error path): the open line is ended
    const std::string text = out.Text();
    EXPECT_EQ(text.find('\n'), text.size() - 1) << text;
    EXPECT_EQ(std::count(text.begin(), text.end(), '\r'), 2) << text;
    EXPECT_NE(text.find("5/10 页"), std::string::npos) << text;
    EXPECT_EQ(text.find("3/10 页"), std::string::npos) << text;
    EXPECT_NE(text.find("\x1b[K"), std::string::npos);
}

}  // namespace
}  // namespace xf
