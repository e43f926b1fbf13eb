#include "storage/codec/petition_codec.hpp"

#include <gtest/gtest.h>

namespace xf::storage {
namespace {

Petition Sample() {
    Petition p;
    p.number = "XF1";
    p.query_code = "ABCD-EFGH-JKLM";
    p.channel = Channel::kVisit;
    p.received_at = Instant(std::chrono::seconds(1'700'000'000));
    p.registered_org_id = 7;
    p.current_org_id = 7;
    p.category_code = "0402";
    p.region_code = "520102";
    p.title = "标题";
    p.content = "内容";
    p.persons = 1;
    p.petitioners.push_back({"张三", "", "", "", "", false, "", ""});
    CaseClock working;
    working.kind = ClockKind::kRoute;
    working.started_on = *ParseDate("2026-01-05");
    working.rule.unit = DayUnit::kWorkingDays;
    working.rule.days = 15;
    working.due = *ParseDate("2026-01-26");
    CaseClock calendar = working;
    calendar.kind = ClockKind::kHandling;
    calendar.rule.unit = DayUnit::kCalendarDays;
    calendar.rule.days = 60;
    calendar.due = *ParseDate("2026-03-06");
    calendar.stopped_on = *ParseDate("2026-02-01");
    p.clocks = {working, calendar};
    return p;
}

TEST(PetitionCodecTest, LeavesOutDefaultMembersAndReadsThemBackAsDefaults) {
    Petition p = Sample();
    p.resolved = false;  // a value, not the default: kept
    const std::string doc = EncodePetition(p);
    for (std::string_view absent : {"secret_hash", "parent_case_id", "accused_name", "is_repeat", "rating", "\"id_number\"",
                                    "representative", "paused_days", "fixed_due", "calendar", "remind_count"})
        EXPECT_EQ(doc.find(absent), std::string::npos) << absent << " in " << doc;
    EXPECT_NE(doc.find("\"resolved\":false"), std::string::npos) << doc;
    EXPECT_NE(doc.find("\"unit\":\"working\""), std::string::npos) << doc;

    auto back = DecodePetition(doc);
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(back->number, p.number);
    EXPECT_EQ(back->secret_hash, "");
    EXPECT_EQ(back->parent_case_id, std::nullopt);
    EXPECT_EQ(back->resolved, std::optional<bool>(false));
    EXPECT_FALSE(back->is_repeat);
    EXPECT_EQ(back->remind_count, 0);
    ASSERT_EQ(back->petitioners.size(), 1u);
    EXPECT_EQ(back->petitioners[0].name, "张三");
    EXPECT_FALSE(back->petitioners[0].representative);
    ASSERT_EQ(back->clocks.size(), 2u);
    EXPECT_EQ(back->clocks[0].rule.unit, DayUnit::kWorkingDays);
    EXPECT_EQ(back->clocks[1].rule.unit, DayUnit::kCalendarDays);
    EXPECT_EQ(back->clocks[1].paused_days, 0);
    EXPECT_EQ(back->clocks[1].stopped_on, p.clocks[1].stopped_on);
    EXPECT_EQ(back->clocks[0].stopped_on, std::nullopt);
    EXPECT_EQ(EncodePetition(*back), doc);  // a fixed point

    p.resolved.reset();
    EXPECT_EQ(EncodePetition(p).find("resolved"), std::string::npos);
}

// Documents written before the compact form spelled every member out; they must read exactly as before.
TEST(PetitionCodecTest, ReadsTheFullFormOfEarlierReleases) {
    const std::string full =
        R"({"number":"XF1","query_code":"ABCD-EFGH-JKLM","secret_hash":"","kind":"original","parent_case_id":null,)"
        R"("root_case_id":null,"child_case_id":null,"channel":"visit","purpose":"complaint","received_at":1700000000,)"
        R"("registered_org_id":7,"registered_by":0,"current_org_id":7,"routed_from_org_id":null,"category_code":"0402",)"
        R"("region_code":"520102","title":"标题","content":"内容","persons":1,"petitioners":[{"name":"张三",)"
        R"("id_number":"","id_index":"","phone":"","address":"","representative":false}],"accused_name":"",)"
        R"("accused_org_id":null,"involves_litigation":false,"anonymous":false,"is_repeat":false,"repeat_of":null,)"
        R"("skipped_level":false,"state":"registered","clocks":[{"kind":"route","started_on":"2026-01-05",)"
        R"("unit":"working","days":15,"fixed_due":null,"extension_days":0,"paused_days":0,"paused_since":null,)"
        R"("due":"2026-01-26","stopped_on":null},{"kind":"handling","started_on":"2026-01-05","unit":"calendar",)"
        R"("days":60,"fixed_due":null,"extension_days":0,"paused_days":0,"paused_since":null,"due":"2026-03-06",)"
        R"("stopped_on":"2026-02-01"}],"rating":null,"rating_comment":"","route_note":"","route":null,)"
        R"("routed_on":null,"resolved":null,"imported":false,"accepted_on":null,"replied_on":null,"closed_on":null,)"
        R"("extended":false,"remind_count":0,"supervise_count":0,"created_at":0,"updated_at":0})";
    auto old = DecodePetition(full);
    ASSERT_TRUE(old) << old.error().message;
    EXPECT_EQ(EncodePetition(*old), EncodePetition(Sample()));
    EXPECT_LT(EncodePetition(*old).size(), full.size() * 2 / 3);
}

}  // namespace
}  // namespace xf::storage
