// Runs the storage contract against SQLite: every test gets a new database file in its own temporary directory,
// removed when the store is destroyed.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "domain/search.hpp"
#include "storage/contract/contract.hpp"
#include "storage/sqlite/db.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace xf::storage {
namespace {

namespace fs = std::filesystem;

// Owns the temporary directory of one store: closes the store first, then removes its files.
class TempDirStore final : public UnitOfWork {
public:
    TempDirStore(std::unique_ptr<UnitOfWork> inner, fs::path dir) : inner_(std::move(inner)), dir_(std::move(dir)) {}
    ~TempDirStore() override {
        inner_.reset();
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }
    Status Read(const std::function<Status(Transaction&)>& work) override { return inner_->Read(work); }
    Status Write(const std::function<Status(Transaction&)>& work) override { return inner_->Write(work); }
    std::string BackendName() const override { return inner_->BackendName(); }
    Result<StoreHealth> Health() override { return inner_->Health(); }
    StoreStats Stats() const override { return inner_->Stats(); }
    const fs::path& dir() const { return dir_; }

private:
    std::unique_ptr<UnitOfWork> inner_;
    fs::path dir_;
};

std::unique_ptr<UnitOfWork> MakeFreshSqlite() {
    static std::atomic<int> counter{0};
    fs::path dir = fs::temp_directory_path() / ("xf_contract_" + std::to_string(::getpid()) + "_" +
                                                std::to_string(counter++) + "_" +
                                                std::to_string(std::random_device{}()));
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) {
        ADD_FAILURE() << "cannot create " << dir << ": " << ec.message();
        return nullptr;
    }
    auto store = OpenSqliteStore(SqliteOptions{.path = dir / "xinfang.db"});
    if (!store) {
        ADD_FAILURE() << "OpenSqliteStore failed: " << store.error().message;
        fs::remove_all(dir, ec);
        return nullptr;
    }
    return std::make_unique<TempDirStore>(std::move(*store), std::move(dir));
}

int64_t Fts5Segments(Connection& c, const std::string& table) {
    auto n = Fts5SegmentCount(c, table);
    EXPECT_TRUE(n) << n.error().message;
    return n ? *n : -1;
}

// Registrations that the writer commits as one group write one segment into each FTS5 index, not one each (every
// work item runs in a savepoint, at which SQLite 3.40's FTS5 writes out its pending terms; sqlite_store.cpp
// ApplyPendingIndexRows). At 10,000,000 cases the merges of one segment per registration held the group commits
// to 11 registrations/s (docs/performance.md, issue #10).
TEST(SqliteStoreTest, ConcurrentRegistrationsWriteOneIndexSegmentPerGroup) {
    auto store = MakeFreshSqlite();
    ASSERT_NE(store, nullptr);
    int64_t org = 0;
    ASSERT_TRUE(store->Write([&](Transaction& tx) -> Status {
        Org o;
        o.code = "seg";
        o.name = "分段测试信访局";
        o.level = OrgLevel::kCounty;
        o.kind = OrgKind::kPetitionOffice;
        o.region_code = "520102";
        XF_ASSIGN_OR_RETURN(o, tx.orgs().Insert(o));
        org = o.id;
        return Ok();
    }));
    constexpr int kCases = 12;  // fewer than FTS5's automerge (16, migration 0011): no merge hides the count
    std::atomic<bool> holding{false};
    std::atomic<bool> release{false};
    std::thread blocker([&] {
        // Holds the writer until every registration is queued behind it, so that they form one group.
        EXPECT_TRUE(store->Write([&](Transaction&) -> Status {
            holding = true;
            while (!release.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
            return Ok();
        }));
    });
    while (!holding.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    std::vector<std::thread> writers;
    for (int i = 0; i < kCases; ++i) {
        writers.emplace_back([&, i] {
            Status s = store->Write([&](Transaction& tx) -> Status {
                Petition p;
                p.number = "SEG-" + std::to_string(i);
                p.query_code = "QSEG" + std::to_string(i);
                p.secret_hash = "hash";
                p.received_at = p.created_at = p.updated_at = Instant{} + std::chrono::hours(24 * 20000 + i);
                p.registered_org_id = p.current_org_id = org;
                p.category_code = "0402";
                p.region_code = "520102";
                p.title = "拖欠工资第" + std::to_string(i) + "件";
                p.content = "某公司拖欠三十名农民工工资共计四十万元，至今未付，请求帮助追讨。编号" + std::to_string(i);
                XF_TRY(tx.petitions().Insert(p));
                return Ok();
            });
            EXPECT_TRUE(s) << s.error().message;
        });
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (store->Stats().writer->queue_depth < kCases && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    EXPECT_EQ(store->Stats().writer->queue_depth, kCases);
    const uint64_t commits_before = store->Stats().writer->commits;
    release = true;
    blocker.join();
    for (auto& t : writers) t.join();
    EXPECT_EQ(store->Stats().writer->commits - commits_before, 2u);  // the blocker's group, then the registrations'

    auto* temp = dynamic_cast<TempDirStore*>(store.get());
    ASSERT_NE(temp, nullptr);
    auto c = Connection::Open(temp->dir() / "xinfang.db", OpenMode::kReadOnly);
    ASSERT_TRUE(c) << c.error().message;
    EXPECT_EQ(Fts5Segments(*c, "petition_fts"), 1);
    EXPECT_EQ(Fts5Segments(*c, "petition_match"), 1);
    // Merges: incremental from 16 segments on a level, whole-level only from 64 (migrations 0011 and 0014).
    for (const std::string table : {"petition_fts", "petition_match"}) {
        auto config = c->PrepareUncached("SELECT group_concat(k || '=' || v, ' ') FROM (SELECT k, v FROM " + table +
                                         "_config WHERE k IN ('automerge', 'crisismerge') ORDER BY k)");
        ASSERT_TRUE(config) << config.error().message;
        ASSERT_TRUE(config->Step().value_or(false));
        EXPECT_EQ(config->Text(0), "automerge=16 crisismerge=64") << table;
    }
    ASSERT_TRUE(store->Read([&](Transaction& tx) -> Status {
        PetitionFilter f;
        XF_ASSIGN_OR_RETURN(f.text, search::ParseQuery("农民工"));
        XF_ASSIGN_OR_RETURN(int64_t found, tx.petitions().Count(f));
        EXPECT_EQ(found, kCases);
        return Ok();
    }));
}

}  // namespace

INSTANTIATE_TEST_SUITE_P(Sqlite, StoreContract, ::testing::Values(StoreFactory{"sqlite", &MakeFreshSqlite}),
                         StoreFactoryName());

}  // namespace xf::storage
