// The decisions of `xinfang doctor`, from fixed facts (the CLI test in tests/api/test_ops.py runs the binary).
#include "doctor.hpp"

#include <gtest/gtest.h>

namespace xf {
namespace {

using namespace std::chrono;

Date D(int y, unsigned m, unsigned d) { return year(y) / month(m) / day(d); }

PathFacts Dir(unsigned mode, uint32_t owner = 1000, uint32_t euid = 1000, bool writable = true) {
    PathFacts f;
    f.exists = true;
    f.is_directory = true;
    f.writable = writable;
    f.mode = mode;
    f.owner_uid = owner;
    f.euid = euid;
    return f;
}

HolidayCalendar Years(std::initializer_list<int> years) {
    HolidayCalendar c;
    for (int y : years) c.Set({D(y, 1, 1), false, "元旦"});
    return c;
}

TEST(Doctor, FormatAndExitCode) {
    CheckResult ok{"数据库", CheckLevel::kOk, "可连接", ""};
    CheckResult warn{"数据目录", CheckLevel::kWarning, "其他用户可读取", "chmod o-rwx /srv/x"};
    CheckResult err{"公文字体", CheckLevel::kError, "缺字体", "apt-get install fonts-noto-cjk"};
    EXPECT_EQ(FormatCheck(ok), "OK   数据库：可连接");
    EXPECT_EQ(FormatCheck(warn), "警告 数据目录：其他用户可读取；处理：chmod o-rwx /srv/x");
    EXPECT_EQ(FormatCheck(err), "错误 公文字体：缺字体；处理：apt-get install fonts-noto-cjk");
    // libpq's messages span lines: one line per check all the same.
    CheckResult multi{"数据库", CheckLevel::kError, "connection refused\n\tIs the server running?\n", "启动它"};
    EXPECT_EQ(FormatCheck(multi), "错误 数据库：connection refused Is the server running?；处理：启动它");
    EXPECT_EQ(DoctorExitCode({}), 0);
    EXPECT_EQ(DoctorExitCode({ok, ok}), 0);
    EXPECT_EQ(DoctorExitCode({ok, warn}), 1);
    EXPECT_EQ(DoctorExitCode({warn, err, ok}), 2);
}

TEST(Doctor, DataDirectory) {
    EXPECT_EQ(EvaluateDataDir("数据目录", "/srv/xf", Dir(0750), true).level, CheckLevel::kOk);
    EXPECT_EQ(EvaluateDataDir("数据目录", "/srv/xf", Dir(0700), true).level, CheckLevel::kOk);
    auto readable = EvaluateDataDir("数据目录", "/srv/xf", Dir(0755), true);
    EXPECT_EQ(readable.level, CheckLevel::kWarning);
    EXPECT_NE(readable.message.find("0755"), std::string::npos);
    EXPECT_EQ(readable.fix, "chmod o-rwx /srv/xf");
    EXPECT_EQ(EvaluateDataDir("数据目录", "/srv/xf", Dir(0751), true).level, CheckLevel::kWarning);  // o+x lists names
    EXPECT_EQ(EvaluateDataDir("数据目录", "/srv/xf", Dir(0777), true).level, CheckLevel::kError);
    EXPECT_EQ(EvaluateDataDir("数据目录", "/srv/xf", Dir(0750, 1000, 1000, false), true).level, CheckLevel::kError);
    auto other_user = EvaluateDataDir("数据目录", "/srv/xf", Dir(0750, 998, 0), true);
    EXPECT_EQ(other_user.level, CheckLevel::kWarning);
    EXPECT_NE(other_user.fix.find("sudo -u"), std::string::npos);
    PathFacts missing;
    EXPECT_EQ(EvaluateDataDir("数据目录", "/srv/xf", missing, true).level, CheckLevel::kWarning);
    EXPECT_EQ(EvaluateDataDir("数据目录", "/srv/xf", missing, false).level, CheckLevel::kError);
    PathFacts file = Dir(0640);
    file.is_directory = false;
    EXPECT_EQ(EvaluateDataDir("数据目录", "/srv/xf", file, true).level, CheckLevel::kError);
}

TEST(Doctor, CalendarCoverage) {
    const std::filesystem::path dir = "/etc/xinfang/calendar";
    // The current year missing: deadlines computed now are wrong.
    auto r = EvaluateCalendar(Years({2025}), D(2026, 3, 1), dir);
    EXPECT_EQ(r.level, CheckLevel::kError);
    EXPECT_NE(r.fix.find("cn-2026.tsv"), std::string::npos);
    // Next year missing early in the year: only mentioned.
    r = EvaluateCalendar(Years({2026}), D(2026, 3, 1), dir);
    EXPECT_EQ(r.level, CheckLevel::kOk);
    EXPECT_NE(r.message.find("2027"), std::string::npos);
    // … once a 90-day period set today reaches next year: a warning naming the file to add.
    EXPECT_EQ(EvaluateCalendar(Years({2026}), D(2026, 10, 2), dir).level, CheckLevel::kOk);  // + 90 = 12-31
    r = EvaluateCalendar(Years({2026}), D(2026, 10, 3), dir);
    EXPECT_EQ(r.level, CheckLevel::kWarning);
    EXPECT_NE(r.fix.find("/etc/xinfang/calendar/cn-2027.tsv"), std::string::npos);
    EXPECT_EQ(EvaluateCalendar(Years({2026}), D(2026, 12, 3), dir).level, CheckLevel::kWarning);
    EXPECT_EQ(EvaluateCalendar(Years({2026, 2027}), D(2026, 12, 3), dir).level, CheckLevel::kOk);
}

TEST(Doctor, Schema) {
    EXPECT_EQ(EvaluateSchema(10, 10, "sqlite:x").level, CheckLevel::kOk);
    auto old = EvaluateSchema(9, 10, "data/xf.db");
    EXPECT_EQ(old.level, CheckLevel::kError);
    EXPECT_NE(old.fix.find("xinfang migrate"), std::string::npos);
    auto newer = EvaluateSchema(11, 10, "data/xf.db");
    EXPECT_EQ(newer.level, CheckLevel::kError);
    EXPECT_NE(newer.fix.find("升级本程序"), std::string::npos);
}

TEST(Doctor, ClockSkew) {
    EXPECT_EQ(EvaluateClockSkew(1000.0, 1000.4).level, CheckLevel::kOk);
    EXPECT_EQ(EvaluateClockSkew(1000.0, 1005.0).level, CheckLevel::kOk);  // 5 s exactly
    auto slow = EvaluateClockSkew(1000.0, 1012.5);
    EXPECT_EQ(slow.level, CheckLevel::kWarning);
    EXPECT_NE(slow.message.find("慢于数据库服务器 12.5 秒"), std::string::npos) << slow.message;
    auto fast = EvaluateClockSkew(2000.0, 1000.0);
    EXPECT_EQ(fast.level, CheckLevel::kError);
    EXPECT_NE(fast.message.find("快于"), std::string::npos);
}

TEST(Doctor, SecretKey) {
    KeyFacts k;
    k.configured = true;
    k.configured_ok = true;
    k.from_environment = true;
    EXPECT_EQ(EvaluateSecretKey(k).level, CheckLevel::kOk);
    k.configured_ok = false;
    EXPECT_EQ(EvaluateSecretKey(k).level, CheckLevel::kError);
    // In a configuration file others can read.
    k.configured_ok = true;
    k.from_environment = false;
    k.config_file = Dir(0644);
    EXPECT_EQ(EvaluateSecretKey(k).level, CheckLevel::kWarning);
    k.config_file = Dir(0600);
    EXPECT_EQ(EvaluateSecretKey(k).level, CheckLevel::kOk);

    KeyFacts pg;
    pg.postgres = true;
    EXPECT_EQ(EvaluateSecretKey(pg).level, CheckLevel::kError);

    KeyFacts file;
    file.key_file = "/srv/xf/secret.key";
    EXPECT_EQ(EvaluateSecretKey(file).level, CheckLevel::kOk);  // a new installation: generated at first start
    file.database_exists = true;
    EXPECT_EQ(EvaluateSecretKey(file).level, CheckLevel::kError);  // the data would be unreadable
    file.key_file_facts = Dir(0600);
    file.key_file_facts.is_directory = false;
    file.key_file_ok = true;
    EXPECT_EQ(EvaluateSecretKey(file).level, CheckLevel::kOk);
    file.key_file_facts.mode = 0644;
    auto loose = EvaluateSecretKey(file);
    EXPECT_EQ(loose.level, CheckLevel::kWarning);
    EXPECT_EQ(loose.fix, "chmod 600 /srv/xf/secret.key");
    file.key_file_ok = false;
    EXPECT_EQ(EvaluateSecretKey(file).level, CheckLevel::kError);
}

}  // namespace
}  // namespace xf
