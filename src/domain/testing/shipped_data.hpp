// Test-only access to the data files the project ships in config/: the holiday calendars and the category table.
// Tests may do I/O; the domain may not, which is why this lives apart and is included only by *_test.cpp.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "domain/calendar.hpp"
#include "domain/category.hpp"

namespace xf::testing {

// The repository root: $XINFANG_SOURCE_DIR (set by ctest), else /work/main.
inline std::string SourceDir() {
    const char* root = std::getenv("XINFANG_SOURCE_DIR");
    return root && *root ? root : "/work/main";
}

// A file under the repository root; fails the current test if it cannot be read.
inline std::string ReadSourceFile(std::string_view relative) {
    std::string path = SourceDir() + "/" + std::string(relative);
    std::ifstream in(path, std::ios::binary);
    EXPECT_TRUE(in) << "cannot open " << path;
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// One year's shipped calendar, config/calendar/cn-YYYY.tsv.
inline HolidayCalendar ShippedCalendarYear(int year) {
    std::string name = "cn-" + std::to_string(year) + ".tsv";
    auto cal = HolidayCalendar::ParseTsv(ReadSourceFile("config/calendar/" + name), name);
    EXPECT_TRUE(cal) << (cal ? "" : cal.error().message);
    return cal ? *cal : HolidayCalendar();
}

// The shipped calendars 2024–2026, merged in year order.
inline const HolidayCalendar& ShippedCalendar() {
    static const HolidayCalendar cal = [] {
        HolidayCalendar merged;
        for (int year : {2024, 2025, 2026}) merged.Merge(ShippedCalendarYear(year));
        return merged;
    }();
    return cal;
}

inline CategoryTable ShippedCategories() {
    auto t = CategoryTable::ParseTsv(ReadSourceFile("config/categories.tsv"), "categories.tsv");
    EXPECT_TRUE(t) << (t ? "" : t.error().message);
    return t ? *t : CategoryTable();
}

}  // namespace xf::testing
