#include "domain/audit.hpp"

#include <gtest/gtest.h>

#include <functional>

namespace xf {
namespace {

// A stand-in for SHA-256 that is still sensitive to every byte (the product passes crypto::Sha256Hex).
std::string FakeHash(std::string_view s) {
    uint64_t h = 1469598103934665603ull;
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return std::string(buf) + std::string(48, 'a');
}

struct Chain {
    AuditChainHead head{.chain = 3};
    std::vector<AuditRecord> records;
    void Append(std::string action) {
        AuditRecord r{.id = static_cast<int64_t>(records.size()) + 100,
                      .at = Instant(std::chrono::seconds(1'780'000'000 + records.size())),
                      .actor_user_id = 7,
                      .actor_kind = "staff",
                      .action = std::move(action),
                      .object_type = "petition",
                      .object_id = "42",
                      .detail_json = R"({"n":1})",
                      .request_id = "rid",
                      .remote_addr = "127.0.0.1"};
        LinkAuditRecord(r, head.chain, head.seq, head.hash, FakeHash);
        head.seq = r.seq;
        head.hash = r.hash;
        records.push_back(std::move(r));
    }
};

std::vector<std::string> Check(const Chain& c, std::vector<AuditAnchor> anchors = {}) {
    AuditChainChecker k(c.head, std::move(anchors), FakeHash);
    for (const auto& r : c.records) k.Feed(r);
    k.Finish();
    EXPECT_EQ(k.records(), static_cast<int64_t>(c.records.size()));
    return k.problems();
}

Chain Five() {
    Chain c;
    for (int i = 0; i < 5; ++i) c.Append("petition.step" + std::to_string(i));
    return c;
}

TEST(AuditChainTest, LinksFromTheGenesisHash) {
    Chain c = Five();
    EXPECT_EQ(c.records[0].seq, 1);
    EXPECT_EQ(c.records[0].prev_hash, kAuditGenesisHash);
    for (size_t i = 1; i < c.records.size(); ++i) {
        EXPECT_EQ(c.records[i].seq, static_cast<int64_t>(i) + 1);
        EXPECT_EQ(c.records[i].prev_hash, c.records[i - 1].hash);
    }
    EXPECT_TRUE(Check(c).empty());
}

TEST(AuditChainTest, PayloadCoversEveryFieldUnambiguously) {
    AuditRecord a{.action = "ab", .object_type = "c"};
    AuditRecord b{.action = "a", .object_type = "bc"};
    EXPECT_NE(AuditChainPayload(a), AuditChainPayload(b));
    AuditRecord base = Five().records[2];
    std::vector<std::function<void(AuditRecord&)>> edits = {
        [](AuditRecord& r) { r.at += std::chrono::seconds(1); }, [](AuditRecord& r) { r.actor_user_id = 8; },
        [](AuditRecord& r) { r.actor_kind = "portal"; },         [](AuditRecord& r) { r.action = "x"; },
        [](AuditRecord& r) { r.object_type = "user"; },          [](AuditRecord& r) { r.object_id = "43"; },
        [](AuditRecord& r) { r.detail_json = "{}"; },             [](AuditRecord& r) { r.request_id = "r2"; },
        [](AuditRecord& r) { r.remote_addr = "10.0.0.1"; },      [](AuditRecord& r) { r.seq = 9; },
        [](AuditRecord& r) { r.chain = 4; },                     [](AuditRecord& r) { r.prev_hash = "x"; }};
    for (const auto& edit : edits) {
        AuditRecord r = base;
        edit(r);
        EXPECT_NE(AuditChainPayload(r), AuditChainPayload(base));
    }
    AuditRecord r = base;
    r.id = 999;  // the row id is the database's, not part of the record
    r.hash = "other";
    EXPECT_EQ(AuditChainPayload(r), AuditChainPayload(base));
}

TEST(AuditChainTest, DetectsAnEditedRecord) {
    Chain c = Five();
    c.records[2].detail_json = R"({"n":2})";
    auto p = Check(c);
    ASSERT_EQ(p.size(), 1u);
    EXPECT_NE(p[0].find("第 3 条"), std::string::npos);
    EXPECT_NE(p[0].find("被修改"), std::string::npos);
}

TEST(AuditChainTest, DetectsAnEditWhoseHashWasRecomputed) {
    Chain c = Five();
    c.records[1].action = "forged";
    c.records[1].hash = FakeHash(AuditChainPayload(c.records[1]));
    auto p = Check(c);
    ASSERT_EQ(p.size(), 1u);  // the next record's link no longer matches
    EXPECT_NE(p[0].find("第 3 条"), std::string::npos);
}

TEST(AuditChainTest, DetectsADeletedRecord) {
    Chain c = Five();
    c.records.erase(c.records.begin() + 1);
    auto p = Check(c);
    ASSERT_FALSE(p.empty());
    EXPECT_NE(p[0].find("第 2 条"), std::string::npos);
    EXPECT_NE(p[0].find("缺失"), std::string::npos);
}

TEST(AuditChainTest, DetectsTheNewestRecordsDeleted) {
    Chain c = Five();
    c.records.pop_back();
    auto p = Check(c);
    ASSERT_EQ(p.size(), 1u);
    EXPECT_NE(p[0].find("最新的记录被删除"), std::string::npos);
}

TEST(AuditChainTest, DetectsATruncationWithTheHeadRewrittenThroughAnAnchor) {
    Chain c = Five();
    std::vector<AuditAnchor> anchors = {{3, 5, c.records[4].hash}};
    EXPECT_TRUE(Check(c, anchors).empty());
    c.records.pop_back();
    c.head.seq = 4;
    c.head.hash = c.records[3].hash;
    EXPECT_TRUE(Check(c).empty());  // consistent without the anchor
    auto p = Check(c, anchors);
    ASSERT_EQ(p.size(), 1u);
    EXPECT_NE(p[0].find("截短"), std::string::npos);
}

TEST(AuditChainTest, DetectsAChainRewrittenFromTheStartThroughAnAnchor) {
    Chain c = Five();
    std::vector<AuditAnchor> anchors = {{3, 2, c.records[1].hash}, {9, 1, std::string(64, 'f')}};
    Chain forged;
    for (int i = 0; i < 5; ++i) forged.Append("forged" + std::to_string(i));
    auto p = Check(forged, anchors);  // the anchor of chain 9 belongs to another chain
    ASSERT_EQ(p.size(), 1u);
    EXPECT_NE(p[0].find("链被重写"), std::string::npos);
}

TEST(AuditChainTest, StartsAfterThePrunedRecords) {
    Chain c = Five();
    c.head.pruned_seq = 2;
    c.head.pruned_hash = c.records[1].hash;
    c.records.erase(c.records.begin(), c.records.begin() + 2);
    EXPECT_TRUE(Check(c, {{3, 2, c.head.pruned_hash}}).empty());
    EXPECT_EQ(Check(c, {{3, 2, std::string(64, 'e')}}).size(), 1u);
    c.records.erase(c.records.begin());
    EXPECT_EQ(Check(c).size(), 1u);
}

TEST(AuditChainTest, AnchorsRoundTripAndBadLinesAreRefused) {
    std::vector<AuditAnchor> a = {{0, 12, std::string(64, 'a')}, {5, 1, std::string(64, '0')}};
    auto parsed = ParseAuditAnchors(FormatAuditAnchors(a));
    ASSERT_TRUE(parsed) << parsed.error().message;
    EXPECT_EQ(*parsed, a);
    for (const std::string& bad : std::vector<std::string>{"0 12", "x 1 " + std::string(64, 'a'), "0 0 " + std::string(64, 'a'),
                                 "0 1 " + std::string(63, 'a'), "0 1 " + std::string(64, 'G')}) {
        auto r = ParseAuditAnchors(bad);
        ASSERT_FALSE(r) << bad;
        EXPECT_EQ(r.error().field, "anchors");
    }
}

}  // namespace
}  // namespace xf
