// The storage contract: one gtest suite that every backend of the ports in domain/ports.hpp must pass unchanged.
// The tests (contract_tests.cpp) use only the port interfaces. A backend's test file instantiates them with a
// factory that hands out a fresh, empty, migrated store for every test:
//
//   namespace xf::storage {
//   INSTANTIATE_TEST_SUITE_P(Sqlite, StoreContract,
//                            ::testing::Values(StoreFactory{"sqlite", [] { return MakeFreshSqlite(); }}),
//                            StoreFactoryName());
//   }
//
// (INSTANTIATE_TEST_SUITE_P pastes the suite name into identifiers, so it must be named unqualified: open the
// namespace or add `using xf::storage::StoreContract;`.)
#pragma once

#include <gtest/gtest.h>

#include <cctype>
#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "domain/ports.hpp"

namespace xf::storage {

struct StoreFactory {
    std::string name;  // shown in test names: "sqlite", "postgres"
    // A new, empty store (schema applied, no rows) that no other test shares. Returns nullptr (after reporting
    // the reason with ADD_FAILURE) if the store cannot be opened. Destroying it releases everything it holds.
    std::function<std::unique_ptr<UnitOfWork>()> make_fresh;
};

// gtest prints parameters; without this it would dump the bytes of the std::function.
inline void PrintTo(const StoreFactory& f, std::ostream* os) { *os << "StoreFactory{" << f.name << "}"; }

// Names the instantiated tests after the backend: "Sqlite/StoreContract.OrgTree/sqlite".
struct StoreFactoryName {
    std::string operator()(const ::testing::TestParamInfo<StoreFactory>& info) const {
        std::string out;
        for (char c : info.param.name) out += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
        return out.empty() ? std::to_string(info.index) : out;
    }
};

class StoreContract : public ::testing::TestWithParam<StoreFactory> {
protected:
    void SetUp() override {
        store_ = GetParam().make_fresh();
        ASSERT_NE(store_, nullptr) << "the " << GetParam().name << " factory could not make a fresh store";
    }
    void TearDown() override { store_.reset(); }

    UnitOfWork& store() { return *store_; }

    std::unique_ptr<UnitOfWork> store_;
};

}  // namespace xf::storage
