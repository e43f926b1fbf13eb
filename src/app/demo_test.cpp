// Loads a small demo into a fresh SQLite store and checks that it shows what it promises: every state, channel and
// purpose, working logins, and that it loads only once.
#include "app/demo.hpp"
#include "domain/testing/shipped_data.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include "domain/personal_data.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace xf::app {
namespace {

namespace fs = std::filesystem;

HolidayCalendar LoadCalendar() { return testing::ShippedCalendar(); }
CategoryTable LoadCategories() { return testing::ShippedCategories(); }

// 2026-11-22 10:00 China time: inside the calendar files' years.
Instant DemoNow() {
    return ChinaMidnight(Date{std::chrono::year(2026), std::chrono::November, std::chrono::day(22)}) +
           std::chrono::hours(10);
}

class DemoTest : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() /
               ("xf_demo_" + std::to_string(::getpid()) + "_" + std::to_string(std::random_device{}()));
        fs::create_directories(dir_);
        auto store = storage::OpenSqliteStore(storage::SqliteOptions{.path = dir_ / "xinfang.db"});
        ASSERT_TRUE(store.has_value()) << store.error().message;
        store_ = std::move(*store);
        auto cipher = crypto::FieldCipher::FromText(crypto::FieldCipher::GenerateKeyText());
        ASSERT_TRUE(cipher.has_value());
        cipher_.emplace(*cipher);
        calendar_ = LoadCalendar();
        categories_ = LoadCategories();
        options_.password_params = crypto::PasswordParams{1, 1024, 1};
    }
    void TearDown() override {
        store_.reset();
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }

    // Every case visible to `who` matching `filter`, across pages.
    std::vector<Petition> ListAll(Services& svc, const Principal& who, PetitionFilter filter = {}) {
        std::vector<Petition> out;
        filter.limit = 500;
        while (true) {
            ListQuery q;
            q.filter = filter;
            auto page = svc.List(who, q);
            EXPECT_TRUE(page.has_value()) << (page ? "" : page.error().message);
            if (!page) break;
            for (auto& item : page->items) out.push_back(std::move(item.petition));
            if (!page->next) break;
            filter.after = page->next;
        }
        return out;
    }

    fs::path dir_;
    std::unique_ptr<UnitOfWork> store_;
    std::optional<crypto::FieldCipher> cipher_;
    HolidayCalendar calendar_;
    CategoryTable categories_;
    AppOptions options_;
};

TEST_F(DemoTest, LoadsEveryStateChannelAndPurposeOnceWithWorkingLogins) {
    const Instant now = DemoNow();
    auto t0 = std::chrono::steady_clock::now();
    auto summary = LoadDemo(*store_, calendar_, *cipher_, options_, categories_, now, DemoOptions{200, 20261122});
    auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0);
    ASSERT_TRUE(summary.has_value()) << summary.error().message;
    std::cout << "demo of 200 petitions loaded in " << elapsed.count() << " ms (" << summary->review_cases
              << " review cases)\n";
    EXPECT_FALSE(summary->already_loaded);
    EXPECT_EQ(summary->orgs, 23);
    EXPECT_EQ(summary->users, 10);
    EXPECT_EQ(summary->petitions, 200);
    EXPECT_GT(summary->review_cases, 0);
    ASSERT_EQ(summary->users_created.size(), 10u);

    FakeClock clock(now);
    Services svc(*store_, clock, calendar_, *cipher_, options_);
    ASSERT_TRUE(svc.LoadCategories().has_value());

    // Every demo user can log in with the demo password.
    std::map<std::string, LoginResult> logins;
    for (const auto& u : summary->users_created) {
        EXPECT_EQ(u.password, std::string(kDemoPassword));
        EXPECT_FALSE(u.roles_label.empty());
        EXPECT_FALSE(u.org_name.empty());
        auto login = svc.Login(u.login, u.password, {"test", "127.0.0.1"});
        ASSERT_TRUE(login.has_value()) << u.login << ": " << login.error().message;
        logins[u.login] = *login;
    }
    Principal admin{logins.at("admin").user, logins.at("admin").org};

    // Counts as summarized: originals + linked review cases, all visible to the admin (scope 全部).
    auto all = ListAll(svc, admin);
    int originals = 0, reviews = 0;
    std::set<Channel> channels;
    std::set<Purpose> purposes;
    std::set<std::string> categories;
    std::set<State> states;
    for (const auto& p : all) {
        (p.kind == CaseKind::kOriginal ? originals : reviews)++;
        if (p.kind == CaseKind::kOriginal) channels.insert(p.channel);
        purposes.insert(p.purpose);
        categories.insert(p.category_code);
        states.insert(p.state);
        EXPECT_LE(p.received_at, now) << p.number;
        EXPECT_LE(p.updated_at, now) << p.number;
        EXPECT_FALSE(p.title.empty());
    }
    std::map<State, int> by_state;
    for (const auto& p : all) by_state[p.state]++;
    for (const auto& [s, n] : by_state) std::cout << "  " << StateName(s) << ": " << n << "\n";
    EXPECT_EQ(originals, summary->petitions);
    EXPECT_EQ(reviews, summary->review_cases);
    EXPECT_EQ(channels.size(), 8u);
    EXPECT_EQ(purposes.size(), 3u);
    EXPECT_EQ(categories.size(), 77u);  // every second-level code of config/categories.tsv

    // At least one case in each state (through the state filter, as a user would query).
    for (State s : {State::kRegistered, State::kForwarded, State::kAccepted, State::kHearing, State::kReplied,
                    State::kUnderReview, State::kConcluded, State::kFinal, State::kNotAccepted, State::kTransferred}) {
        PetitionFilter f;
        f.state = s;
        f.limit = 5;
        ListQuery q;
        q.filter = f;
        auto page = svc.List(admin, q);
        ASSERT_TRUE(page.has_value());
        EXPECT_FALSE(page->items.empty()) << "no case in state " << StateName(s);
    }

    // Every case has a genuine timeline, and case personal data passes validation (decrypted for the holder).
    auto overdue = svc.List(admin, ListQuery{{}, std::nullopt, true});
    ASSERT_TRUE(overdue.has_value());
    EXPECT_FALSE(overdue->items.empty()) << "some cases should be overdue";
    int checked = 0;
    for (const auto& p : all) {
        if (checked >= 20) break;
        auto view = svc.Get(admin, p.id, {"test", ""});
        ASSERT_TRUE(view.has_value()) << view.error().message;
        EXPECT_FALSE(view->events.empty());
        EXPECT_EQ(view->events.front().action, "register");
        for (size_t i = 1; i < view->events.size(); ++i)
            EXPECT_LE(view->events[i - 1].at, view->events[i].at) << p.number;
        ++checked;
    }
    Principal registrar{logins.at("registrar").user, logins.at("registrar").org};
    for (const auto& p : all) {
        if (p.kind != CaseKind::kOriginal || p.anonymous || p.registered_org_id != registrar.org.id) continue;
        auto view = svc.Reveal(registrar, p.id, "核对演示数据", {"test", ""});
        ASSERT_TRUE(view.has_value()) << view.error().message;
        for (const auto& x : view->petitioners) {
            if (!x.id_number.empty()) {
                EXPECT_TRUE(ValidateIdNumber(x.id_number, "id").has_value()) << x.id_number;
            }
            if (!x.phone.empty()) {
                EXPECT_TRUE(ValidatePhone(x.phone, "phone").has_value()) << x.phone;
            }
        }
        break;
    }

    // A second load is a no-op.
    auto again = LoadDemo(*store_, calendar_, *cipher_, options_, categories_, now, DemoOptions{200, 20261122});
    ASSERT_TRUE(again.has_value()) << again.error().message;
    EXPECT_TRUE(again->already_loaded);
    EXPECT_EQ(again->petitions, 0);
    EXPECT_EQ(ListAll(svc, admin).size(), all.size());
}

TEST_F(DemoTest, DemoUsersListsEveryRole) {
    auto users = DemoUsers();
    ASSERT_EQ(users.size(), 10u);
    std::set<std::string> logins;
    for (const auto& u : users) logins.insert(u.login);
    for (const char* l : {"registrar", "handler", "approver", "dept_handler", "dept_approver", "city_handler",
                          "province_handler", "supervisor", "statistician", "admin"})
        EXPECT_TRUE(logins.contains(l)) << l;
}

}  // namespace
}  // namespace xf::app
