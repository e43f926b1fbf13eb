// xf_report_bench: wall time of the statistics report itself (Services::ReportForOperator, as `xinfang report
// summary` calls it) on an existing database, without process start-up (opening the store, migration check,
// loading categories and calendar are done once, before timing). Issue #4; see bench/run_stats_bench.sh.
//
//   xf_report_bench --db PATH [--county CODE] [--province CODE] [--year Y] [--from D --to D] [--config-dir DIR]
//                   [--repetitions N] [benchmark flags, e.g. --benchmark_format=json]
//
// Queries (each its own benchmark, N repetitions of one call, reported as median / max / mean over them):
//   county_year          --county, the whole --year (default 2025) — rollups (stat_month)
//   county_year_visits   the same, only 信访形式 来访 — the filtered path (reads the cases' entries)
//   province_year        --province, the whole --year
//   province_range       --province, --from..--to (default 2021-01-01..2025-12-31)
//   province_year_visits --province, --year, only 来访 (the filtered path over a whole province)
// Before the repetitions, each query is run once untimed by the benchmark and its wall time printed as "first
// call" (SQLite's page cache of the connection still cold for that query; the OS page cache as it is).
// The ReportQuery and the org code are the same as the CLI builds for `report summary --org CODE --year Y`.
#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "app/services.hpp"
#include "base/clock.hpp"
#include "crypto/crypto.hpp"
#include "crypto/field_cipher.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace {

using namespace xf;

struct Options {
    std::string db;
    std::string county = "990101-xfj";
    std::string province = "990000-xfj";
    int year = 2025;
    std::string from = "2021-01-01", to = "2025-12-31";
    std::filesystem::path config_dir = XF_SOURCE_CONFIG_DIR;
    int repetitions = 7;
};

[[noreturn]] void Die(const std::string& what) {
    std::cerr << "xf_report_bench: " << what << "\n";
    std::exit(2);
}

template <class T>
T Must(Result<T> r, std::string_view what) {
    if (!r) Die(fmt::format("{}: {}", what, r.error().message));
    return std::move(*r);
}
void Must(Status s, std::string_view what) {
    if (!s) Die(fmt::format("{}: {}", what, s.error().message));
}

std::string ReadFile(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) Die("cannot read " + p.string());
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// The same calendar src/main.cpp loads: config/calendar/*.tsv merged in name order.
HolidayCalendar LoadCalendar(const std::filesystem::path& dir) {
    HolidayCalendar cal;
    std::vector<std::filesystem::path> files;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(dir / "calendar", ec))
        if (e.path().extension() == ".tsv") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) cal.Merge(Must(HolidayCalendar::ParseTsv(ReadFile(f), f.filename().string()), f.string()));
    return cal;
}

Options ParseArgs(int argc, char** argv) {
    Options o;
    if (const char* e = std::getenv("XF_BENCH_DB")) o.db = e;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) Die(a + " needs a value");
            return argv[++i];
        };
        if (a == "--db") o.db = value();
        else if (a == "--county") o.county = value();
        else if (a == "--province") o.province = value();
        else if (a == "--year") o.year = std::stoi(value());
        else if (a == "--from") o.from = value();
        else if (a == "--to") o.to = value();
        else if (a == "--config-dir") o.config_dir = value();
        else if (a == "--repetitions") o.repetitions = std::max(1, std::stoi(value()));
        else if (a == "--help" || a == "-h") {
            std::cout << "usage: xf_report_bench --db PATH [--county CODE] [--province CODE] [--year Y] [--from D --to D]"
                         " [--config-dir DIR] [--repetitions N] [--benchmark_* flags]\n";
            std::exit(0);
        } else Die("unknown argument " + a);
    }
    if (o.db.empty()) Die("--db PATH (or XF_BENCH_DB) is required");
    if (o.db.starts_with("sqlite:")) o.db = o.db.substr(7);
    if (!std::filesystem::exists(o.db)) Die("no database at " + o.db);
    return o;
}

struct Bench {
    std::string name;
    app::ReportQuery query;
};

}  // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);  // takes the --benchmark_* flags out of argv
    Options opt = ParseArgs(argc, argv);

    Must(crypto::Init(), "crypto init");
    storage::SqliteOptions so;
    so.path = opt.db;
    auto store = Must(storage::OpenSqliteStore(so), "open " + opt.db);
    auto dir = std::filesystem::path(opt.db).parent_path();
    if (dir.empty()) dir = ".";
    auto key = Must(crypto::LoadOrCreateKeyFile(dir / "secret.key"), "secret.key");
    auto cipher = Must(crypto::FieldCipher::FromText(key), "secret key");
    SystemClock clock;
    app::AppOptions ao;
    app::Services svc(*store, clock, LoadCalendar(opt.config_dir), cipher, ao);
    Must(svc.LoadCategories(), "load categories");
    Must(svc.LoadCalendarOverrides(), "load calendar overrides");
    if (svc.Categories()->All().empty()) Die("the database has no categories (not made by `xinfang`?)");
    Must(svc.RebuildStatsIfRulesChanged(), "statistics rules check");

    using std::chrono::year;
    Date y_from{year(opt.year), std::chrono::January, std::chrono::day(1)};
    Date y_to{year(opt.year), std::chrono::December, std::chrono::day(31)};
    Date r_from = Must(ParseDate(opt.from, "--from"), "--from"), r_to = Must(ParseDate(opt.to, "--to"), "--to");
    auto q = [](std::string org, Date f, Date t, std::optional<Channel> ch = std::nullopt) {
        app::ReportQuery r;
        r.org_code = std::move(org);
        r.from = f;
        r.to = t;
        r.channel = ch;
        return r;
    };
    std::vector<Bench> benches = {
        {"county_year", q(opt.county, y_from, y_to)},
        {"county_year_visits", q(opt.county, y_from, y_to, Channel::kVisit)},
        {"province_year", q(opt.province, y_from, y_to)},
        {"province_range", q(opt.province, r_from, r_to)},
        {"province_year_visits", q(opt.province, y_from, y_to, Channel::kVisit)},
    };

    std::cerr << fmt::format("database {} ({:.0f} MB); county {}, province {}, year {}, range {}..{}\n", opt.db,
                             std::filesystem::file_size(opt.db) / 1e6, opt.county, opt.province, opt.year, opt.from,
                             opt.to);
    for (const auto& b : benches) {
        auto t0 = std::chrono::steady_clock::now();
        auto r = svc.ReportForOperator(b.query);
        double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        if (!r) Die(fmt::format("{}: {}", b.name, r.error().message));
        std::cerr << fmt::format("first call {:<22} {:9.1f} ms  ({} 批 {} 人次, {} regions, {} categories{})\n",
                                 b.name, ms, r->current.totals.batches, r->current.totals.persons,
                                 r->current.by_region.size(), r->current.by_category.size(),
                                 r->filtered ? ", filtered" : "");
    }

    for (const auto& b : benches) {
        benchmark::RegisterBenchmark(b.name.c_str(),
                                     [&svc, q = b.query](benchmark::State& state) {
                                         for (auto _ : state) {
                                             auto r = svc.ReportForOperator(q);
                                             if (!r) {
                                                 state.SkipWithError(r.error().message.c_str());
                                                 break;
                                             }
                                             benchmark::DoNotOptimize(r->text.data());
                                         }
                                     })
            ->Unit(benchmark::kMillisecond)
            ->UseRealTime()
            ->Iterations(1)
            ->Repetitions(opt.repetitions)
            ->ComputeStatistics("max", [](const std::vector<double>& v) { return *std::max_element(v.begin(), v.end()); })
            ->ComputeStatistics("min", [](const std::vector<double>& v) { return *std::min_element(v.begin(), v.end()); })
            ->DisplayAggregatesOnly(true);
    }
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
