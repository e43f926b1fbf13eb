// Runs the storage contract against SQLite: every test gets a new database file in its own temporary directory,
// removed when the store is destroyed.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <random>
#include <string>

#include "storage/contract/contract.hpp"
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

}  // namespace

INSTANTIATE_TEST_SUITE_P(Sqlite, StoreContract, ::testing::Values(StoreFactory{"sqlite", &MakeFreshSqlite}),
                         StoreFactoryName());

}  // namespace xf::storage
