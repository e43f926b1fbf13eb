// PostgreSQL-only concerns of the portal's ports that the contract suite (storage/contract) can only show by chance
// under load: here two transactions are interleaved step by step. (On SQLite one writer at a time makes them moot.)
//  - GetDay(id, for_update = true) holds the day's row lock to the end of the transaction: a second booking
//    transaction waits for it and then counts the first one's booking; a plain GetDay does not wait.
//  - ClaimDue passes over messages another claim has locked (SKIP LOCKED) instead of waiting for it or taking
//    them too; a claim that rolls back leaves its messages claimable, with no attempt counted.
// Needs a PostgreSQL: XINFANG_TEST_PG_URL, or XINFANG_TEST_PG_DIR of `scripts/pg.sh start DIR` (ctest sets it).
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <future>
#include <random>
#include <string>
#include <thread>
#include <tuple>

#include "crypto/crypto.hpp"
#include "domain/audit.hpp"
#include "domain/ports.hpp"
#include "storage/postgres/pg.hpp"
#include "storage/postgres/pg_store.hpp"
#include "storage/postgres/test_server.hpp"

namespace xf::storage {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

std::string Describe(const Error& e) { return std::string(ErrorCodeName(e.code)) + ": " + e.message; }
::testing::AssertionResult IsOk(const Status& s) {
    if (s) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << Describe(s.error());
}
#define ASSERT_OK(expr) ASSERT_TRUE(IsOk(expr))
#define EXPECT_OK(expr) EXPECT_TRUE(IsOk(expr))

template <class T>
Status Drop(const Result<T>& r) {
    if (!r) return Fail(r.error());
    return Ok();
}

Date D(int y, unsigned m, unsigned d) { return Date{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}}; }
Instant T(int64_t secs) { return Instant(std::chrono::seconds(secs)); }

// How long the first transaction keeps its lock while the second one tries: long enough that a second
// transaction that did not wait would finish well within it.
constexpr auto kHold = 600ms;

// A store on a fresh schema of the test server, dropped afterwards.
class PgPortalConcurrency : public ::testing::Test {
  protected:
    void SetUp() override {
        base_ = pg::TestServerUrl();
        ASSERT_FALSE(base_.empty()) << "no PostgreSQL: set XINFANG_TEST_PG_URL or XINFANG_TEST_PG_DIR";
        schema_ = "xf_portal_conc_" + std::to_string(::getpid()) + "_" + std::to_string(std::random_device{}() % 100000);
        auto admin = pg::Conn::Open(base_);
        ASSERT_TRUE(admin) << admin.error().message;
        ASSERT_OK((*admin)->Exec("CREATE SCHEMA " + schema_));
        std::string url = base_ + (base_.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + schema_;
        auto store = OpenPostgresStore(PostgresOptions{.url = url, .pool_size = 4});
        ASSERT_TRUE(store) << store.error().message;
        store_ = std::move(*store);
    }
    void TearDown() override {
        store_.reset();
        if (auto admin = pg::Conn::Open(base_)) (void)(*admin)->Exec("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
    }

    ReceptionDay Day() {
        ReceptionDay day;
        EXPECT_OK(store_->Write([&](Transaction& tx) -> Status {
            Org o;
            o.code = "county";
            o.name = "某县信访局";
            o.level = OrgLevel::kCounty;
            o.kind = OrgKind::kPetitionOffice;
            o.region_code = "520102";
            XF_ASSIGN_OR_RETURN(o, tx.orgs().Insert(o));
            ReceptionDay d;
            d.org_id = o.id;
            d.date = D(2026, 6, 10);
            d.per_slot = 1;
            d.place = "接待大厅";
            XF_ASSIGN_OR_RETURN(day, tx.reception().InsertDay(d));
            return Ok();
        }));
        return day;
    }

    static ReceptionBooking Booking(int64_t day_id, std::string code) {
        ReceptionBooking b;
        b.day_id = day_id;
        b.slot_minute = 9 * 60;
        b.confirmation_code = std::move(code);
        b.name = "张三";
        b.created_at = T(1'780'000'000);
        return b;
    }

    std::string base_, schema_;
    std::unique_ptr<UnitOfWork> store_;
};

TEST_F(PgPortalConcurrency, TheDayLockMakesASecondBookingWaitAndCountTheFirst) {
    const ReceptionDay day = Day();
    ASSERT_GT(day.id, 0);
    std::promise<void> locked;
    auto first_locked = locked.get_future();
    std::atomic<bool> first_committed{false};

    // First: locks the day, books, and keeps the lock (uncommitted) for a while.
    std::thread first([&] {
        EXPECT_OK(store_->Write([&](Transaction& tx) -> Status {
            XF_ASSIGN_OR_RETURN(auto d, tx.reception().GetDay(day.id, true));
            if (!d) return Fail(Error::NotFound("day"));
            XF_TRY(tx.reception().InsertBooking(Booking(day.id, "AAAA-0001")));
            locked.set_value();
            std::this_thread::sleep_for(kHold);
            first_committed = true;  // (set just before COMMIT: the second must not get past its lock before this)
            return Ok();
        }));
    });
    if (first_locked.wait_for(10s) != std::future_status::ready) {
        first.join();
        FAIL() << "the first transaction did not take the lock";
    }

    // A plain read does not wait for the lock, and does not see the uncommitted booking.
    const auto read_start = Clock::now();
    EXPECT_OK(store_->Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto d, tx.reception().GetDay(day.id, false));
        EXPECT_TRUE(d.has_value());
        XF_ASSIGN_OR_RETURN(auto list, tx.reception().ListBookings(day.id));
        EXPECT_TRUE(list.empty());
        return Ok();
    }));
    EXPECT_LT(Clock::now() - read_start, kHold / 2) << "GetDay(for_update = false) waited for the lock";
    EXPECT_FALSE(first_committed.load());

    // Second: its GetDay(for_update) waits until the first commits, then it counts the first booking: the slot
    // (1 place) is full and it books nothing.
    bool got_past_lock_early = true;
    size_t counted = 0;
    EXPECT_OK(store_->Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto d, tx.reception().GetDay(day.id, true));
        got_past_lock_early = !first_committed.load();
        XF_ASSIGN_OR_RETURN(auto list, tx.reception().ListBookings(day.id));
        counted = list.size();
        if (static_cast<int>(list.size()) >= d->per_slot) return Ok();
        return Drop(tx.reception().InsertBooking(Booking(day.id, "BBBB-0002")));
    }));
    first.join();
    EXPECT_FALSE(got_past_lock_early) << "GetDay(for_update = true) did not wait for the other transaction's lock";
    EXPECT_EQ(counted, 1u);
    EXPECT_OK(store_->Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto list, tx.reception().ListBookings(day.id));
        EXPECT_EQ(list.size(), 1u);
        return Ok();
    }));
}

TEST_F(PgPortalConcurrency, AVersionCheckedUpdateLosingARaceIsAborted) {
    const ReceptionDay day = Day();
    std::promise<void> updated;
    auto first_updated = updated.get_future();
    std::thread first([&] {
        EXPECT_OK(store_->Write([&](Transaction& tx) -> Status {
            ReceptionDay d = day;
            d.place = "甲";
            XF_TRY(Drop(tx.reception().UpdateDay(d)));
            updated.set_value();
            std::this_thread::sleep_for(kHold);
            return Ok();
        }));
    });
    if (first_updated.wait_for(10s) != std::future_status::ready) {
        first.join();
        FAIL() << "the first update did not happen";
    }
    // Same version: waits for the first update's row lock, then finds the version moved on.
    ReceptionDay d = day;
    d.place = "乙";
    Status s = store_->Write([&](Transaction& tx) { return Drop(tx.reception().UpdateDay(d)); });
    first.join();
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().code, ErrorCode::kAborted) << Describe(s.error());
    EXPECT_OK(store_->Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto got, tx.reception().GetDay(day.id, false));
        EXPECT_EQ(got->place, "甲");
        EXPECT_EQ(got->version, 2);
        return Ok();
    }));
}

OutboxMessage Message(std::string key, int64_t due) {
    OutboxMessage m;
    m.key = std::move(key);
    m.recipient_sealed = "sealed";
    m.body = "【信访】您的信访事项有新进展。";
    m.topic = "petition.step";
    m.created_at = T(due);
    m.next_attempt_at = T(due);
    return m;
}

TEST_F(PgPortalConcurrency, AClaimPassesOverMessagesAnotherClaimHoldsWithoutWaiting) {
    ASSERT_OK(store_->Write([&](Transaction& tx) -> Status {
        for (int i = 1; i <= 4; ++i) XF_TRY(Drop(tx.outbox().Enqueue(Message("m" + std::to_string(i), 1000 + i))));
        return Ok();
    }));
    std::promise<void> claimed;
    auto first_claimed = claimed.get_future();
    std::promise<void> second_done;
    auto second_finished = second_done.get_future();
    std::vector<OutboxMessage> a, b;
    bool second_finished_first = false;

    // First: claims the two oldest and keeps its transaction open until the second claim is done (or 5 s).
    std::thread first([&] {
        EXPECT_OK(store_->Write([&](Transaction& tx) -> Status {
            XF_ASSIGN_OR_RETURN(a, tx.outbox().ClaimDue("s1", T(2000), T(2060), 2));
            claimed.set_value();
            second_finished_first = second_finished.wait_for(5s) == std::future_status::ready;
            return Ok();
        }));
    });
    if (first_claimed.wait_for(10s) != std::future_status::ready) {
        first.join();
        FAIL() << "the first claim did not happen";
    }
    EXPECT_OK(store_->Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(b, tx.outbox().ClaimDue("s2", T(2000), T(2060), 10));
        return Ok();
    }));
    second_done.set_value();
    first.join();

    EXPECT_TRUE(second_finished_first) << "the second claim waited for the first one's transaction";
    ASSERT_EQ(a.size(), 2u);
    EXPECT_EQ(a[0].key, "m1");
    EXPECT_EQ(a[1].key, "m2");
    ASSERT_EQ(b.size(), 2u);
    EXPECT_EQ(b[0].key, "m3");
    EXPECT_EQ(b[1].key, "m4");
    for (const auto& m : b) EXPECT_EQ(m.attempts, 1);
    // Both committed: everything is leased, nothing is due for a third sender.
    EXPECT_OK(store_->Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto none, tx.outbox().ClaimDue("s3", T(2001), T(2061), 10));
        EXPECT_TRUE(none.empty());
        return Ok();
    }));
}

TEST_F(PgPortalConcurrency, AClaimThatRollsBackLeavesItsMessagesDueWithNoAttemptCounted) {
    ASSERT_OK(store_->Write([&](Transaction& tx) { return Drop(tx.outbox().Enqueue(Message("m1", 1000))); }));
    Status s = store_->Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(auto got, tx.outbox().ClaimDue("s1", T(2000), T(2060), 10));
        EXPECT_EQ(got.size(), 1u);
        return Fail(Error::Unavailable("the sender crashed before committing"));
    });
    ASSERT_FALSE(s);
    std::vector<OutboxMessage> again;
    EXPECT_OK(store_->Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(again, tx.outbox().ClaimDue("s2", T(2000), T(2060), 10));
        return Ok();
    }));
    ASSERT_EQ(again.size(), 1u);
    EXPECT_EQ(again[0].attempts, 1);
}

// Many claims at once over many messages: each message claimed once, every claim in a short transaction.
TEST_F(PgPortalConcurrency, ParallelClaimsOverManyMessagesClaimEachOnce) {
    constexpr int kMessages = 400;
    ASSERT_OK(store_->Write([&](Transaction& tx) -> Status {
        for (int i = 0; i < kMessages; ++i) XF_TRY(Drop(tx.outbox().Enqueue(Message("m" + std::to_string(i), 1000 + i % 7))));
        return Ok();
    }));
    constexpr int kThreads = 4;
    std::vector<std::vector<int64_t>> ids(kThreads);
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t)
        threads.emplace_back([&, t] {
            while (true) {
                std::vector<OutboxMessage> got;
                EXPECT_OK(store_->Write([&](Transaction& tx) -> Status {
                    XF_ASSIGN_OR_RETURN(got, tx.outbox().ClaimDue("s" + std::to_string(t), T(2000), T(2060), 7));
                    return Ok();
                }));
                if (got.empty()) break;
                for (size_t i = 1; i < got.size(); ++i)
                    EXPECT_LE(std::tie(got[i - 1].next_attempt_at, got[i - 1].id),
                              std::tie(got[i].next_attempt_at, got[i].id));  // oldest first
                for (const auto& m : got) ids[t].push_back(m.id);
            }
        });
    for (auto& th : threads) th.join();
    std::vector<int64_t> all;
    for (const auto& v : ids) all.insert(all.end(), v.begin(), v.end());
    std::sort(all.begin(), all.end());
    EXPECT_EQ(std::adjacent_find(all.begin(), all.end()), all.end()) << "a message was claimed twice";
    EXPECT_EQ(all.size(), static_cast<size_t>(kMessages));
}

}  // namespace
}  // namespace xf::storage

namespace xf::storage {
namespace {

// Concurrent transactions each take a free audit chain (FOR UPDATE SKIP LOCKED, new chains up to 16), so none waits
// for another's head; every chain stays gap-free and verifiable.
TEST_F(PgPortalConcurrency, ConcurrentAuditAppendsSpreadOverChainsAndStayVerifiable) {
    constexpr int kThreads = 8, kEach = 25;
    std::vector<std::thread> threads;
    std::atomic<int> failures{0};
    for (int t = 0; t < kThreads; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < kEach; ++i) {
                Status s = store_->Write([&](Transaction& tx) -> Status {
                    XF_TRY(tx.audit().Append(AuditRecord{.at = T(1'780'000'000 + i), .actor_user_id = t,
                                                         .actor_kind = "staff", .action = "concurrent",
                                                         .object_type = "org", .object_id = std::to_string(i)}));
                    std::this_thread::sleep_for(std::chrono::milliseconds(2));  // hold the chain a little
                    return tx.audit().Append(AuditRecord{.at = T(1'780'000'000 + i), .action = "second",
                                                         .object_type = "org"});
                });
                if (!s) ++failures;
            }
        });
    for (auto& th : threads) th.join();
    EXPECT_EQ(failures.load(), 0);
    int64_t checked = 0;
    std::vector<AuditChainHead> heads;
    ASSERT_OK(store_->Read([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(heads, tx.audit().Chains());
        for (const auto& h : heads) {
            AuditChainChecker k(h, {}, crypto::Sha256Hex);
            XF_ASSIGN_OR_RETURN(auto records, tx.audit().ChainRecords(h.chain, 0, h.seq, 100000));
            for (const auto& r : records) k.Feed(r);
            k.Finish();
            EXPECT_TRUE(k.ok()) << "chain " << h.chain << ": " << (k.problems().empty() ? "" : k.problems()[0]);
            checked += k.records();
        }
        return Ok();
    }));
    EXPECT_EQ(checked, 2 * kThreads * kEach);
    EXPECT_GT(heads.size(), 1u);  // the transactions did not all queue on one chain
    EXPECT_LE(heads.size(), 16u);
}

}  // namespace
}  // namespace xf::storage
