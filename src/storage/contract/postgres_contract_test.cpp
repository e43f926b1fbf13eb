// Runs the storage contract against PostgreSQL: every test gets a new schema (CREATE SCHEMA, migrated from empty)
// in the server named by XINFANG_TEST_PG_URL (ctest starts one with scripts/pg.sh: see CMakeLists.txt), dropped
// when the store is destroyed.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <random>
#include <string>

#include "storage/contract/contract.hpp"
#include "storage/postgres/pg.hpp"
#include "storage/postgres/pg_store.hpp"
#include "storage/postgres/test_server.hpp"

namespace xf::storage {
namespace {

std::string BaseUrl() { return pg::TestServerUrl(); }

// Owns the schema of one store: closes the store first, then drops the schema.
class SchemaStore final : public UnitOfWork {
  public:
    SchemaStore(std::unique_ptr<UnitOfWork> inner, std::string schema) : inner_(std::move(inner)), schema_(std::move(schema)) {}
    ~SchemaStore() override {
        inner_.reset();
        if (auto c = pg::Conn::Open(BaseUrl())) (void)(*c)->Exec("DROP SCHEMA " + schema_ + " CASCADE");
    }
    Status Read(const std::function<Status(Transaction&)>& work) override { return inner_->Read(work); }
    Status Write(const std::function<Status(Transaction&)>& work) override { return inner_->Write(work); }
    std::string BackendName() const override { return inner_->BackendName(); }
    Result<StoreHealth> Health() override { return inner_->Health(); }
    StoreStats Stats() const override { return inner_->Stats(); }
    Status RefreshPlannerStatistics() override { return inner_->RefreshPlannerStatistics(); }

  private:
    std::unique_ptr<UnitOfWork> inner_;
    std::string schema_;
};

std::unique_ptr<UnitOfWork> MakeFreshPostgresWith(bool windows_from_statistics) {
    if (BaseUrl().empty()) {
        ADD_FAILURE() << "no PostgreSQL to test against: set XINFANG_TEST_PG_URL or XINFANG_TEST_PG_DIR (ctest "
                         "starts one with scripts/pg.sh)";
        return nullptr;
    }
    static std::atomic<int> counter{0};
    std::string schema = "xf_contract_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" +
                         std::to_string(std::random_device{}() % 100000);
    auto admin = pg::Conn::Open(BaseUrl());
    if (!admin) {
        ADD_FAILURE() << "cannot connect to " << BaseUrl() << ": " << admin.error().message;
        return nullptr;
    }
    if (auto s = (*admin)->Exec("CREATE SCHEMA " + schema); !s) {
        ADD_FAILURE() << "CREATE SCHEMA failed: " << s.error().message;
        return nullptr;
    }
    std::string url = BaseUrl();
    url += (url.find('?') == std::string::npos ? "?" : "&");
    url += "options=-csearch_path%3D" + schema;
    auto store = OpenPostgresStore(PostgresOptions{.url = url, .pool_size = 8, .search_first_window = 3,
                                                   .search_window_from_statistics = windows_from_statistics,
                                                   .search_window_candidates = windows_from_statistics ? 20000 : 2});
    if (!store) {
        ADD_FAILURE() << "OpenPostgresStore failed: " << store.error().message;
        (void)(*admin)->Exec("DROP SCHEMA " + schema + " CASCADE");
        return nullptr;
    }
    return std::make_unique<SchemaStore>(std::move(*store), std::move(schema));
}

}  // namespace

// Search windows of 3 ids and 2 candidates at a time, so that every search crosses several; and once more with the
// first window sized by the planner's statistics, as a server runs (after RefreshPlannerStatistics there are some).
std::unique_ptr<UnitOfWork> MakeFreshPostgres() { return MakeFreshPostgresWith(false); }
std::unique_ptr<UnitOfWork> MakeFreshPostgresSizedWindows() { return MakeFreshPostgresWith(true); }

INSTANTIATE_TEST_SUITE_P(Postgres, StoreContract,
                         ::testing::Values(StoreFactory{"postgres", &MakeFreshPostgres},
                                           StoreFactory{"postgres_sized_windows", &MakeFreshPostgresSizedWindows}),
                         StoreFactoryName());

}  // namespace xf::storage
