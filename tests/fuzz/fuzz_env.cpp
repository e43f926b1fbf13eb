#include "fuzz/fuzz_env.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/demo.hpp"
#include "base/clock.hpp"
#include "crypto/crypto.hpp"
#include "crypto/field_cipher.hpp"
#include "domain/calendar.hpp"
#include "domain/category.hpp"
#include "http/api.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace xf::fuzz {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void Die(const std::string& what) {
    std::fprintf(stderr, "fuzz_env: %s\n", what.c_str());
    std::abort();
}

std::string ReadSource(const std::string& relative) {
    const char* root = std::getenv("XINFANG_SOURCE_DIR");
    std::string path = std::string(root && *root ? root : XF_SOURCE_DIR) + "/" + relative;
    std::ifstream in(path, std::ios::binary);
    if (!in) Die("cannot read " + path);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

fs::path TempRoot() {
    std::error_code ec;
    if (fs::is_directory("/dev/shm", ec) && ::access("/dev/shm", W_OK) == 0) return "/dev/shm";
    return fs::temp_directory_path();
}

}  // namespace

void QuietLogs() { spdlog::set_level(spdlog::level::off); }

struct Env::State {
    fs::path dir;
    SystemClock clock;
    std::unique_ptr<UnitOfWork> store;
    std::unique_ptr<app::Services> services;
    std::unique_ptr<http::Router> router;
};

Env& Env::Get() {
    static Env* env = [] {
        auto* e = new Env();
        std::atexit([] { delete env; });  // stops the store's threads and removes the directory
        return e;
    }();
    return *env;
}

Env::Env() : state_(std::make_unique<State>()) {
    QuietLogs();
    if (!crypto::Init()) Die("crypto::Init failed");
    State& s = *state_;
    s.dir = TempRoot() / ("xf-fuzz-" + std::to_string(::getpid()));
    std::error_code ec;
    fs::remove_all(s.dir, ec);
    fs::create_directories(s.dir);
    auto store = storage::OpenSqliteStore({.path = s.dir / "fuzz.db"});
    if (!store) Die("OpenSqliteStore: " + store.error().message);
    s.store = std::move(*store);
    auto cipher = crypto::FieldCipher::FromText(crypto::FieldCipher::GenerateKeyText());
    if (!cipher) Die("FieldCipher: " + cipher.error().message);
    auto categories = CategoryTable::ParseTsv(ReadSource("config/categories.tsv"), "categories.tsv");
    if (!categories) Die("categories.tsv: " + categories.error().message);
    app::AppOptions options;
    options.password_params = {1, 1024, 1};  // fast hashes: the fuzzer logs in again now and then
    options.notify_petitioners = false;
    auto demo = app::LoadDemo(*s.store, HolidayCalendar{}, *cipher, options, *categories, s.clock.Now(),
                              app::DemoOptions{.petitions = 40, .seed = 9});
    if (!demo) Die("LoadDemo: " + demo.error().message);
    s.services = std::make_unique<app::Services>(*s.store, s.clock, HolidayCalendar{}, std::move(*cipher), options);
    if (auto st = s.services->LoadCategories(); !st) Die("LoadCategories: " + st.error().message);
    if (auto st = s.services->EnsureDocumentTemplates(); !st) Die("EnsureDocumentTemplates: " + st.error().message);
    s.router = std::make_unique<http::Router>();
    http::RegisterApi(*s.router, *s.services, {});
    services_ = s.services.get();
    router_ = s.router.get();
    logins_ = {"admin", "registrar", "handler", "supervisor", "dept_handler"};
    sessions_.resize(logins_.size());
    for (size_t i = 0; i < logins_.size(); ++i) Session(i);
}

Env::~Env() {
    router_ = nullptr;
    services_ = nullptr;
    state_->router.reset();
    state_->services.reset();
    state_->store.reset();
    std::error_code ec;
    fs::remove_all(state_->dir, ec);
}

const StaffSession& Env::Session(size_t i) {
    i %= logins_.size();
    StaffSession& s = sessions_[i];
    if (!s.token.empty() && services_->Authenticate(s.token)) return s;
    auto r = services_->Login(logins_[i], std::string(app::kDemoPassword), app::RequestMeta{"fuzz", "127.0.0.1"});
    if (r) {
        s = {logins_[i], r->token, r->csrf_token};
    } else {
        s = {logins_[i], "", ""};  // locked out or deactivated by an earlier input: requests go unauthenticated
    }
    return s;
}

}  // namespace xf::fuzz
