#include "domain/report.hpp"

#include <gtest/gtest.h>

#include <map>

#include "domain/stats.hpp"
#include "domain/workflow.hpp"

namespace xf {
namespace {

using namespace std::chrono;

Date D(int y, unsigned m, unsigned d) { return Date{year(y), month(m), day(d)}; }

TEST(PercentTenths, RoundsOnceHalfAwayFromZero) {
    EXPECT_EQ(PercentTenths(1853, 2000), 927);   // 92.65 → 92.7
    EXPECT_EQ(PercentTenths(89, 96), 927);       // 92.708… → 92.7
    EXPECT_EQ(PercentTenths(1, 3), 333);         // 33.33… → 33.3
    EXPECT_EQ(PercentTenths(2, 3), 667);         // 66.66… → 66.7
    EXPECT_EQ(PercentTenths(-169, 2000), -85);   // −8.45 → −8.5
    EXPECT_EQ(PercentTenths(0, 5), 0);
    EXPECT_EQ(PercentTenths(5, 0), std::nullopt);
    EXPECT_EQ(FormatTenths(927), "92.7");
    EXPECT_EQ(FormatTenths(-85), "-8.5");
    EXPECT_EQ(FormatTenths(5), "0.5");
}

TEST(Change, TextsInTheStyleOfAWorkSummary) {
    EXPECT_EQ((Change{216, 236}.text()), "同比下降8.5%");  // −20/236 = −8.47…
    EXPECT_EQ((Change{12, 10}.text()), "同比上升20.0%");
    EXPECT_EQ((Change{10, 10}.text()), "同比持平");
    EXPECT_EQ((Change{10, 0}.text()), "上年同期无数据");
    EXPECT_EQ((Change{0, 0}.text()), "同比持平");
    EXPECT_EQ((Change{216, 236}.direction()), "下降");
    EXPECT_EQ((Change{10, 0}.tenths()), std::nullopt);
}

TEST(Period, LabelsAndTheYearBefore) {
    EXPECT_EQ(PeriodLabel(D(2025, 1, 1), D(2025, 12, 31)), "2025年");
    EXPECT_EQ(PeriodLabel(D(2025, 4, 1), D(2025, 6, 30)), "2025年第二季度");
    EXPECT_EQ(PeriodLabel(D(2024, 2, 1), D(2024, 2, 29)), "2024年2月");
    EXPECT_EQ(PeriodLabel(D(2025, 1, 1), D(2025, 6, 30)), "2025年上半年");
    EXPECT_EQ(PeriodLabel(D(2026, 1, 1), D(2026, 11, 22)), "2026年1月1日至11月22日");
    EXPECT_EQ(PeriodLabel(D(2025, 12, 1), D(2026, 2, 28)), "2025年12月1日至2026年2月28日");
    auto [f, t] = PreviousYearPeriod(D(2024, 2, 1), D(2024, 2, 29));
    EXPECT_EQ(f, D(2023, 2, 1));
    EXPECT_EQ(t, D(2023, 2, 28));
}

// Cases built through the domain, summed in memory the way storage rolls them up.
class FiguresTest : public ::testing::Test {
  protected:
    HolidayCalendar cal;  // no holidays: plain calendar days
    DeadlinePolicy policy;
    std::vector<StatEntry> entries;

    Petition Case(Date received, Channel ch, int persons, std::string category, LedgerHistory h, Date today) {
        Petition p;
        p.channel = ch;
        p.persons = persons;
        p.category_code = std::move(category);
        p.region_code = "991021";
        p.registered_org_id = p.current_org_id = 1;
        p.received_at = ChinaMidnight(received);
        StartCase(p, received, cal, policy);
        EXPECT_TRUE(ApplyLedgerHistory(p, h, today, cal, policy).has_value());
        for (auto& e : StatEntriesFor(p)) entries.push_back(e);
        return p;
    }
    StatSumFn Sum() {
        return [this](StatDim dim, Date from, Date to) -> Result<std::vector<StatSum>> {
            std::map<std::string, StatSum> m;
            for (const auto& e : entries)
                if (e.dim == dim && e.day >= from && e.day <= to) {
                    auto& s = m[e.key];
                    s.key = e.key;
                    s.batches += e.batches;
                    s.persons += e.persons;
                }
            std::vector<StatSum> out;
            for (auto& [k, v] : m) out.push_back(v);
            return out;
        };
    }
};

TEST_F(FiguresTest, CountsRatesAndText) {
    Date today = D(2026, 11, 22);
    // 2025: a letter replied on time and rated 满意; a 30-person collective visit forwarded and replied late;
    // a 2-person visit rejected; a phone call still waiting to be routed since 2025-12-20 (route clock overdue).
    Case(D(2025, 3, 1), Channel::kLetter, 1, "0101",
         {Route::kAcceptDirectly, D(2025, 3, 5), D(2025, 4, 1), Outcome::kSupported, Rating::kSatisfied, {}}, today);
    Case(D(2025, 5, 10), Channel::kVisit, 30, "0102",
         {Route::kForward, D(2025, 5, 20), D(2025, 8, 1), Outcome::kExplained, Rating::kDissatisfied, false}, today);
    Case(D(2025, 6, 1), Channel::kVisit, 2, "0201", {Route::kReject, D(2025, 6, 3), {}, {}, {}, {}}, today);
    Case(D(2025, 12, 20), Channel::kPhone, 1, "0201", {}, today);
    // 2024: two letters.
    Case(D(2024, 3, 1), Channel::kLetter, 1, "0101", {Route::kForward, {}, {}, {}, {}, {}}, today);
    Case(D(2024, 7, 1), Channel::kLetter, 1, "0101", {}, today);

    auto cur = ComputeFigures(Sum(), D(2025, 1, 1), D(2025, 12, 31), today, 1);
    ASSERT_TRUE(cur.has_value()) << cur.error().message;
    EXPECT_EQ(cur->totals.batches, 4);
    EXPECT_EQ(cur->totals.persons, 34);
    EXPECT_EQ(cur->collective.batches, 1);
    EXPECT_EQ(cur->collective.persons, 30);
    EXPECT_EQ(cur->individual.batches, 1);
    EXPECT_EQ(cur->individual.persons, 2);
    ASSERT_EQ(cur->by_category.size(), 2u);  // first level: 01, 02
    EXPECT_EQ(cur->by_category[0].key, "01");
    EXPECT_EQ(cur->by_category[0].count.persons, 31);
    EXPECT_EQ(cur->routes[static_cast<size_t>(Route::kForward)], 1);
    EXPECT_EQ(cur->routes[static_cast<size_t>(Route::kReject)], 1);
    EXPECT_EQ(cur->by_month.size(), 12u);
    EXPECT_EQ(cur->by_month[4].count.persons, 30);  // May
    // 办结: the two replied and the rejected one; 化解: the supported letter only (the visit is marked 否).
    EXPECT_EQ(cur->done, 3);
    EXPECT_EQ(cur->resolved, 1);
    EXPECT_EQ(cur->overdue, 1);  // the phone call's route clock ran out on 2026-01-04
    EXPECT_EQ(cur->completion.numerator, 3);
    EXPECT_EQ(cur->completion.denominator, 4);
    // 及时受理: letter (4 days), visit (10 days), rejection (2 days) met; the phone call's clock is due 2026-01-04,
    // outside 2025, so it is not counted in 2025.
    EXPECT_EQ(cur->timely_acceptance.numerator, 3);
    EXPECT_EQ(cur->timely_acceptance.denominator, 3);
    // 按期办结: the letter (27 days after acceptance) on time; the visit 73 days after acceptance, late.
    EXPECT_EQ(cur->on_time_completion.numerator, 1);
    EXPECT_EQ(cur->on_time_completion.denominator, 2);
    EXPECT_EQ(cur->participation.numerator, 2);
    EXPECT_EQ(cur->participation.denominator, 2);
    EXPECT_EQ(cur->satisfaction.numerator, 1);
    EXPECT_EQ(cur->satisfaction.denominator, 2);

    auto prev = ComputeFigures(Sum(), D(2024, 1, 1), D(2024, 12, 31), today, 1);
    ASSERT_TRUE(prev.has_value());
    EXPECT_EQ(prev->totals.batches, 2);
    // 2024: the forwarded letter was never accepted (its acceptance clock ran out on 2024-03-16) and the other was
    // never routed: both count against 及时受理率.
    EXPECT_EQ(prev->timely_acceptance.numerator, 0);
    EXPECT_EQ(prev->timely_acceptance.denominator, 2);

    TextNames names{"青山县信访局", [](const std::string& c) { return c == "01" ? std::string("农村农业") : std::string("自然资源"); },
                    [](const std::string& c) { return c; }};
    std::string text = SummaryText(*cur, *prev, names);
    EXPECT_NE(text.find("2025年，青山县信访局共受理群众来信来访4批34人次（涉及信访事项4件），批次同比上升100.0%，人次同比上升1600.0%。"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("来访2批32人次（集体访1批30人次，个访1批2人次）"), std::string::npos) << text;
    EXPECT_NE(text.find("集体访人次占总人次的88.2%"), std::string::npos) << text;  // 30/34 = 88.23…
    EXPECT_NE(text.find("按内容分：农村农业2批31人次，自然资源2批3人次。"), std::string::npos) << text;
    EXPECT_NE(text.find("已办结3件，办结率75.0%"), std::string::npos) << text;
    EXPECT_NE(text.find("及时受理率100.0%（3/3）"), std::string::npos) << text;
    EXPECT_NE(text.find("满意率50.0%（1/2）"), std::string::npos) << text;
}

TEST(StatEntries, EncodeDecodeRoundTrip) {
    std::vector<StatEntry> in{{StatDim::kIntake, "visit|c|i|-|complaint", D(2025, 5, 10), 3, 1, 30},
                              {StatDim::kStatus, "open:2026-01-04", D(2025, 12, 20), 3, 1, 1}};
    auto out = DecodeStatEntries(EncodeStatEntries(in));
    ASSERT_TRUE(out.has_value());
    EXPECT_EQ(*out, in);
    EXPECT_FALSE(DecodeStatEntries("1,x,2025-01-01,3").has_value());
}

TEST(LedgerHistory, RejectsContradictions) {
    HolidayCalendar cal;
    DeadlinePolicy policy;
    Petition p;
    p.received_at = ChinaMidnight(D(2025, 3, 1));
    StartCase(p, D(2025, 3, 1), cal, policy);
    auto s = ApplyLedgerHistory(p, {Route::kAcceptDirectly, D(2025, 2, 1), {}, {}, {}, {}}, D(2026, 1, 1), cal, policy);
    ASSERT_FALSE(s.has_value());
    EXPECT_EQ(s.error().field, "accepted_on");
    s = ApplyLedgerHistory(p, {Route::kReject, D(2025, 3, 2), D(2025, 3, 9), {}, {}, {}}, D(2026, 1, 1), cal, policy);
    ASSERT_FALSE(s.has_value());
    EXPECT_EQ(s.error().field, "route");
    s = ApplyLedgerHistory(p, {{}, D(2025, 3, 2), {}, {}, {}, {}}, D(2026, 1, 1), cal, policy);
    ASSERT_FALSE(s.has_value());
    EXPECT_EQ(s.error().field, "route");
}

TEST(LedgerHistory, ARecentReplyIsStillOpenForReview) {
    HolidayCalendar cal;
    DeadlinePolicy policy;
    Petition p;
    p.received_at = ChinaMidnight(D(2026, 10, 1));
    StartCase(p, D(2026, 10, 1), cal, policy);
    ASSERT_TRUE(ApplyLedgerHistory(p, {Route::kAcceptDirectly, D(2026, 10, 8), D(2026, 11, 10), {}, {}, {}},
                                   D(2026, 11, 22), cal, policy)
                    .has_value());
    EXPECT_EQ(p.state, State::kReplied);
    ASSERT_NE(p.FindRunningClock(ClockKind::kReviewRequest), nullptr);
    EXPECT_EQ(p.FindRunningClock(ClockKind::kReviewRequest)->due, D(2026, 12, 10));
}

}  // namespace
}  // namespace xf
