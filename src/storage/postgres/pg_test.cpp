// The generic PostgreSQL layer (pg.hpp) against a real server: the one ctest starts (fixture "pg", see
// src/storage/contract/CMakeLists.txt). Each test works in its own schema.
#include "storage/postgres/pg.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "storage/postgres/pg_store.hpp"
#include "storage/postgres/test_server.hpp"

namespace xf::pg {
namespace {

std::string BaseUrl() { return TestServerUrl(); }

class PgTest : public ::testing::Test {
  protected:
    void SetUp() override {
        ASSERT_FALSE(BaseUrl().empty()) << "set XINFANG_TEST_PG_DIR or XINFANG_TEST_PG_URL";
        schema_ = "xf_pg_" + std::to_string(::getpid()) + "_" + std::to_string(std::random_device{}() % 1000000);
        auto c = Conn::Open(BaseUrl());
        ASSERT_TRUE(c) << c.error().message;
        admin_ = std::move(*c);
        ASSERT_TRUE(admin_->Exec("CREATE SCHEMA " + schema_));
        url_ = BaseUrl() + "?options=-csearch_path%3D" + schema_;
    }
    void TearDown() override {
        if (admin_) (void)admin_->Exec("DROP SCHEMA " + schema_ + " CASCADE");
    }
    std::unique_ptr<Conn> Connect() {
        auto c = Conn::Open(url_);
        EXPECT_TRUE(c) << c.error().message;
        return c ? std::move(*c) : nullptr;
    }

    std::string schema_, url_;
    std::unique_ptr<Conn> admin_;
};

TEST(PgArrays, TextArrayQuotesEveryElementAndEscapesQuotesAndBackslashes) {
    EXPECT_EQ(TextArray({}), "{}");
    EXPECT_EQ(TextArray({"a", ""}), R"({"a",""})");
    EXPECT_EQ(TextArray({R"(x"y)", R"(a\b)", "c,d", "{e}", "NULL"}), R"({"x\"y","a\\b","c,d","{e}","NULL"})");
    EXPECT_EQ(IntArray({1, -2, 30}), "{1,-2,30}");
    EXPECT_EQ(OptTextArray({std::nullopt, "NULL", "a\"b"}), R"({NULL,"NULL","a\"b"})");
}

TEST(PgUrls, RecognisesPostgresSchemesOnly) {
    EXPECT_TRUE(IsPostgresUrl("postgresql://u@h:5432/db"));
    EXPECT_TRUE(IsPostgresUrl("postgres://h/db"));
    EXPECT_FALSE(IsPostgresUrl("sqlite:data/xinfang.db"));
    EXPECT_FALSE(IsPostgresUrl("mysql://h/db"));
}

TEST_F(PgTest, ArraysRoundTripThroughTheServerAsBoundParameters) {
    auto c = Connect();
    ASSERT_TRUE(c);
    std::vector<std::string> values = {R"(x"y)", R"(a\b)", "信访,事项", "{}", "", "NULL", "'; DROP TABLE x; --"};
    auto r = c->Query("SELECT unnest($1::text[])", Params().Add(TextArray(values)));
    ASSERT_TRUE(r) << r.error().message;
    ASSERT_EQ(r->size(), static_cast<int>(values.size()));
    for (int i = 0; i < r->size(); ++i) {
        EXPECT_EQ(r->Text(i, 0), values[static_cast<size_t>(i)]);
        EXPECT_FALSE(r->IsNull(i, 0));
    }
}

TEST_F(PgTest, NullElementsRoundTripAsNullAndTheTextNullAsText) {
    auto c = Connect();
    ASSERT_TRUE(c);
    auto r = c->Query("SELECT v FROM unnest($1::bigint[]) AS v", Params().Add(OptTextArray({"7", std::nullopt})));
    ASSERT_TRUE(r) << r.error().message;
    ASSERT_EQ(r->size(), 2);
    EXPECT_EQ(r->Int64(0, 0), 7);
    EXPECT_TRUE(r->IsNull(1, 0));
    auto t = c->Query("SELECT v FROM unnest($1::text[]) AS v", Params().Add(OptTextArray({"NULL", std::nullopt})));
    ASSERT_TRUE(t) << t.error().message;
    EXPECT_EQ(t->Text(0, 0), "NULL");
    EXPECT_TRUE(t->IsNull(1, 0));
}

TEST_F(PgTest, UniqueViolationIsAlreadyExistsAndLeavesTheConnectionUsable) {
    auto c = Connect();
    ASSERT_TRUE(c);
    ASSERT_TRUE(c->Exec("CREATE TABLE t (k text PRIMARY KEY)"));
    ASSERT_TRUE(c->Query("INSERT INTO t VALUES ($1)", Params().Add("a")));
    auto dup = c->Query("INSERT INTO t VALUES ($1)", Params().Add("a"));
    ASSERT_FALSE(dup);
    EXPECT_EQ(dup.error().code, ErrorCode::kAlreadyExists);
    auto n = c->Query("SELECT count(*) FROM t");
    ASSERT_TRUE(n);
    EXPECT_EQ(n->Int64(0, 0), 1);
}

TEST_F(PgTest, CommitOfATransactionWithAFailedStatementIsAnError) {
    auto c = Connect();
    ASSERT_TRUE(c);
    ASSERT_TRUE(c->Exec("CREATE TABLE t (k text PRIMARY KEY)"));
    ASSERT_TRUE(c->Exec("BEGIN"));
    ASSERT_TRUE(c->Query("INSERT INTO t VALUES ($1)", Params().Add("a")));
    EXPECT_FALSE(c->Query("SELECT 1/0"));
    auto s = c->Commit();  // the server answers ROLLBACK: nothing was written, and the caller must be told
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().code, ErrorCode::kAborted);
    auto n = c->Query("SELECT count(*) FROM t");
    ASSERT_TRUE(n);
    EXPECT_EQ(n->Int64(0, 0), 0);
    EXPECT_FALSE(c->in_transaction());
}

TEST_F(PgTest, NullParametersAndOptionalColumnsRoundTrip) {
    auto c = Connect();
    ASSERT_TRUE(c);
    auto r = c->Query("SELECT $1::bigint, $2::text", Params().Add(std::optional<int64_t>()).Add(std::optional<std::string>("x")));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->OptInt64(0, 0), std::nullopt);
    EXPECT_EQ(r->OptText(0, 1), "x");
}

TEST_F(PgTest, ServersStartingAtOnceApplyEachMigrationOnce) {
    std::vector<Migration> migrations = {
        {1, "one", "CREATE TABLE a (x int); INSERT INTO a VALUES (1);"},
        {2, "two", "INSERT INTO a VALUES (2); SELECT pg_sleep(0.2);"},
        {3, "three", "INSERT INTO a VALUES (3);"},
    };
    constexpr int kServers = 6;
    std::atomic<int> applied{0}, failed{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < kServers; ++i)
        threads.emplace_back([&] {
            auto c = Conn::Open(url_);
            if (!c) {
                ++failed;
                return;
            }
            auto n = Migrate(**c, migrations);
            if (!n)
                ++failed;
            else
                applied += *n;
        });
    for (auto& t : threads) t.join();
    EXPECT_EQ(failed.load(), 0);
    EXPECT_EQ(applied.load(), 3);  // in all: every migration once
    auto c = Connect();
    ASSERT_TRUE(c);
    auto r = c->Query("SELECT string_agg(x::text, ',' ORDER BY x) FROM a");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->Text(0, 0), "1,2,3");
    auto v = c->Query("SELECT count(*), max(version) FROM schema_migrations");
    ASSERT_TRUE(v);
    EXPECT_EQ(v->Int64(0, 0), 3);
    EXPECT_EQ(v->Int64(0, 1), 3);
}

// The pre-upgrade hook (xinfang's backup): run under the migration lock, once per upgrade however many servers start
// at once, before anything is applied; its error leaves the database as it was.
TEST_F(PgTest, BeforeMigrationsRunsOnceUnderTheLockAndCanStopTheUpgrade) {
    std::vector<Migration> v1 = {{1, "one", "CREATE TABLE a (x int); INSERT INTO a VALUES (1);"}};
    std::vector<Migration> v2 = v1;
    v2.push_back({2, "two", "ALTER TABLE a ADD COLUMN y int;"});
    std::mutex mu;
    std::vector<std::pair<int, int>> calls;
    auto record = [&](int from, int to) -> Status {
        std::lock_guard lock(mu);
        calls.emplace_back(from, to);
        return Ok();
    };
    {
        auto c = Connect();
        ASSERT_TRUE(c);
        ASSERT_TRUE(Migrate(*c, v1, record));
        ASSERT_TRUE(Migrate(*c, v1, record));  // nothing to apply: not called
        auto refused = Migrate(*c, v2, [](int, int) -> Status { return Fail(Error::Unavailable("backup failed")); });
        ASSERT_FALSE(refused);
        EXPECT_EQ(refused.error().message, "backup failed");
        auto v = c->Query("SELECT max(version) FROM schema_migrations");
        ASSERT_TRUE(v);
        EXPECT_EQ(v->Int64(0, 0), 1);
    }
    std::atomic<int> failed{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 4; ++i)
        threads.emplace_back([&] {
            auto c = Conn::Open(url_);
            if (!c || !Migrate(**c, v2, [&](int from, int to) {
                    std::this_thread::sleep_for(std::chrono::milliseconds(200));  // a backup takes a while
                    return record(from, to);
                }))
                ++failed;
        });
    for (auto& t : threads) t.join();
    EXPECT_EQ(failed.load(), 0);
    EXPECT_EQ(calls, (std::vector<std::pair<int, int>>{{0, 1}, {1, 2}}));
}

TEST_F(PgTest, AFailedMigrationLeavesNoTraceAndIsReported) {
    std::vector<Migration> migrations = {
        {1, "one", "CREATE TABLE a (x int);"},
        {2, "broken", "INSERT INTO a VALUES (1); INSERT INTO missing VALUES (1);"},
    };
    auto c = Connect();
    ASSERT_TRUE(c);
    auto n = Migrate(*c, migrations);
    ASSERT_FALSE(n);
    EXPECT_NE(n.error().message.find("broken"), std::string::npos);
    auto r = c->Query("SELECT (SELECT count(*) FROM a), (SELECT count(*) FROM schema_migrations)");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->Int64(0, 0), 0);  // migration 2 rolled back whole
    EXPECT_EQ(r->Int64(0, 1), 1);  // migration 1 stays applied
}

TEST_F(PgTest, ADatabaseNewerThanTheBinaryIsRefused) {
    auto c = Connect();
    ASSERT_TRUE(c);
    ASSERT_TRUE(Migrate(*c, {{1, "one", "SELECT 1;"}, {2, "two", "SELECT 1;"}}));
    auto n = Migrate(*c, {{1, "one", "SELECT 1;"}});
    ASSERT_FALSE(n);
    EXPECT_EQ(n.error().code, ErrorCode::kFailedPrecondition);
}

TEST_F(PgTest, PoolReusesConnectionsAndWaitsWhenAllAreLeased) {
    Pool pool(url_, 2, std::chrono::milliseconds(200));
    {
        auto a = pool.Acquire();
        auto b = pool.Acquire();
        ASSERT_TRUE(a && b);
        auto c = pool.Acquire();  // both leased: times out
        ASSERT_FALSE(c);
        EXPECT_EQ(c.error().code, ErrorCode::kUnavailable);
    }
    // Released: the same connections are handed out again (the server sees no new backend).
    std::set<std::string> pids;
    for (int i = 0; i < 5; ++i) {
        auto a = pool.Acquire();
        ASSERT_TRUE(a);
        auto pid = (*a)->Query("SELECT pg_backend_pid()");
        ASSERT_TRUE(pid);
        pids.insert(pid->Text(0, 0));
    }
    EXPECT_EQ(pids.size(), 1u);
}

TEST_F(PgTest, AConnectionReturnedInsideATransactionIsRolledBack) {
    Pool pool(url_, 1);
    {
        auto a = pool.Acquire();
        ASSERT_TRUE(a);
        ASSERT_TRUE((*a)->Exec("BEGIN"));
        ASSERT_TRUE((*a)->Exec("CREATE TABLE t (x int)"));
    }
    auto b = pool.Acquire();
    ASSERT_TRUE(b);
    EXPECT_FALSE((*b)->in_transaction());
    auto r = (*b)->Query("SELECT to_regclass('t') IS NULL");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->TextView(0, 0), "t");
}

TEST_F(PgTest, AReadOnlyStoreRefusesWritesAndReportsItsLag) {
    // The schema must be migrated first (a replica never migrates).
    auto primary = storage::OpenPostgresStore(storage::PostgresOptions{.url = url_, .pool_size = 2});
    ASSERT_TRUE(primary) << primary.error().message;
    auto replica = storage::OpenPostgresStore(storage::PostgresOptions{.url = url_, .pool_size = 2, .read_only = true});
    ASSERT_TRUE(replica) << replica.error().message;
    auto s = (*replica)->Write([](Transaction&) { return Ok(); });
    ASSERT_FALSE(s);
    EXPECT_EQ(s.error().code, ErrorCode::kFailedPrecondition);
    auto lag = (*replica)->ReplicaLagSeconds();
    ASSERT_TRUE(lag) << lag.error().message;
    ASSERT_TRUE(lag->has_value());
    EXPECT_EQ(**lag, 0.0);  // not in recovery: nothing to replay
    auto none = (*primary)->ReplicaLagSeconds();
    ASSERT_TRUE(none);
    EXPECT_FALSE(none->has_value());
}

TEST_F(PgTest, AStoreSurvivesItsConnectionsBeingKilled) {
    // Tagged, so that only this store's connections are killed (other tests share the server).
    const std::string app = "xf_kill_" + schema_;
    auto store = storage::OpenPostgresStore(
        storage::PostgresOptions{.url = url_ + "&application_name=" + app, .pool_size = 3});
    ASSERT_TRUE(store) << store.error().message;
    auto count_orgs = [&]() -> Result<size_t> {
        size_t n = 0;
        XF_TRY((*store)->Read([&](Transaction& tx) -> Status {
            XF_ASSIGN_OR_RETURN(auto orgs, tx.orgs().List());
            n = orgs.size();
            return Ok();
        }));
        return n;
    };
    ASSERT_TRUE(count_orgs());
    // As after a restart or a failover: every connection the pool holds is gone.
    auto killed = admin_->Query("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1",
                                Params().Add(app));
    ASSERT_TRUE(killed) << killed.error().message;
    ASSERT_GE(killed->Int64(0, 0), 1);
    auto n = count_orgs();
    ASSERT_TRUE(n) << n.error().message;
    EXPECT_EQ(*n, 0u);
    auto w = (*store)->Write([](Transaction& tx) -> Status { return tx.settings().Set("k", "v"); });
    EXPECT_TRUE(w) << w.error().message;
}

}  // namespace
}  // namespace xf::pg
