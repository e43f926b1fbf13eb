// LoadConfig: the keys the Debian package and upgrades rely on ([database] backup_before_migrate and
// upgrade_backup_dir with their environment overrides), and the packaged /etc/xinfang/xinfang.toml itself.
#include "config.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <optional>
#include <string>

namespace xf {
namespace {

namespace fs = std::filesystem;

// Sets an environment variable for one test and restores the previous state afterwards.
class ScopedEnv {
  public:
    ScopedEnv(const char* name, const char* value) : name_(name) {
        if (const char* old = std::getenv(name)) old_ = old;
        if (value)
            ::setenv(name, value, 1);
        else
            ::unsetenv(name);
    }
    ~ScopedEnv() {
        if (old_)
            ::setenv(name_, old_->c_str(), 1);
        else
            ::unsetenv(name_);
    }

  private:
    const char* name_;
    std::optional<std::string> old_;
};

class ConfigTest : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("xf_config_test_" + std::to_string(::getpid()));
        fs::create_directories(dir_);
    }
    void TearDown() override {
        std::error_code ec;
        fs::remove_all(dir_, ec);
    }
    fs::path Write(const std::string& toml) {
        fs::path p = dir_ / "xinfang.toml";
        std::ofstream(p, std::ios::binary | std::ios::trunc) << toml;
        return p;
    }
    fs::path dir_;
    // The variables these tests read; whatever the caller's environment holds is put aside.
    ScopedEnv backup_{"XINFANG_BACKUP_BEFORE_MIGRATE", nullptr};
    ScopedEnv backup_dir_{"XINFANG_UPGRADE_BACKUP_DIR", nullptr};
    ScopedEnv db_{"XINFANG_DB", nullptr};
    ScopedEnv static_{"XINFANG_STATIC_DIR", nullptr};
    ScopedEnv config_dir_{"XINFANG_CONFIG_DIR", nullptr};
    ScopedEnv files_{"XINFANG_FILES_DIR", nullptr};
};

TEST_F(ConfigTest, UpgradeBackupIsOnByDefaultWithTheDirectoryLeftToTheServer) {
    auto c = LoadConfig(Write(""));
    ASSERT_TRUE(c) << c.error().message;
    EXPECT_TRUE(c->backup_before_migrate);
    EXPECT_TRUE(c->upgrade_backup_dir.empty());
}

TEST_F(ConfigTest, UpgradeBackupKeysFromTheFileAndTheEnvironment) {
    auto c = LoadConfig(Write("[database]\nbackup_before_migrate = false\nupgrade_backup_dir = \"/srv/xf-upgrades\"\n"));
    ASSERT_TRUE(c) << c.error().message;
    EXPECT_FALSE(c->backup_before_migrate);
    EXPECT_EQ(c->upgrade_backup_dir, "/srv/xf-upgrades");
    {
        ScopedEnv on("XINFANG_BACKUP_BEFORE_MIGRATE", "yes");
        ScopedEnv dir("XINFANG_UPGRADE_BACKUP_DIR", "/mnt/backup");
        auto e = LoadConfig(Write("[database]\nbackup_before_migrate = false\n"));
        ASSERT_TRUE(e) << e.error().message;
        EXPECT_TRUE(e->backup_before_migrate);  // the environment wins
        EXPECT_EQ(e->upgrade_backup_dir, "/mnt/backup");
    }
    for (const char* off : {"0", "false", "No", "off"}) {
        ScopedEnv env("XINFANG_BACKUP_BEFORE_MIGRATE", off);
        auto e = LoadConfig(std::nullopt);
        ASSERT_TRUE(e) << off << ": " << e.error().message;
        EXPECT_FALSE(e->backup_before_migrate) << off;
    }
}

TEST_F(ConfigTest, BadUpgradeBackupValuesNameTheirKey) {
    auto c = LoadConfig(Write("[database]\nbackup_before_migrate = \"no\"\n"));
    ASSERT_FALSE(c);
    EXPECT_EQ(c.error().field, "database.backup_before_migrate");
    ScopedEnv env("XINFANG_BACKUP_BEFORE_MIGRATE", "maybe");
    auto e = LoadConfig(std::nullopt);
    ASSERT_FALSE(e);
    EXPECT_EQ(e.error().field, "XINFANG_BACKUP_BEFORE_MIGRATE");
}

// The conffile of the Debian package (packaging/debian/xinfang.toml): it parses, and names the installed data, the
// console, the database and the state directory the package and its systemd unit provide.
TEST_F(ConfigTest, ThePackagedConfigurationPointsAtThePackageLayout) {
    const char* root = std::getenv("XINFANG_SOURCE_DIR");
    ASSERT_NE(root, nullptr) << "XINFANG_SOURCE_DIR is not set";
    auto c = LoadConfig(fs::path(root) / "packaging/debian/xinfang.toml");
    ASSERT_TRUE(c) << c.error().message;
    EXPECT_EQ(c->db_url, "sqlite:/var/lib/xinfang/xinfang.db");
    EXPECT_EQ(c->static_dir, "/usr/share/xinfang/web");
    EXPECT_EQ(c->config_dir, "/usr/share/xinfang");
    EXPECT_EQ(c->files.dir, "/var/lib/xinfang/files");
    EXPECT_TRUE(c->backup_before_migrate);
    EXPECT_EQ(c->upgrade_backup_dir, "/var/lib/xinfang/backups");
    EXPECT_EQ(c->listen, "127.0.0.1:8080");
    EXPECT_TRUE(c->secret_key.empty());  // SQLite: generated into /var/lib/xinfang/secret.key; PostgreSQL: the env file
}

}  // namespace
}  // namespace xf
