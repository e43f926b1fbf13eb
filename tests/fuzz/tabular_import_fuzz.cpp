// The ledger importer: bytes → ReadXlsx (a zip, as ReadTableFile decides by content) or ReadCsv (UTF-8 or GB18030)
// → Services::ImportPetitions as a dry run (every row parsed and checked against the demo's orgs, categories and
// regions, nothing written) — what `xinfang petition import --dry-run` does with a file.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string_view>

#include "fuzz/fuzz_env.hpp"
#include "tabular/table.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    xf::fuzz::Env& env = xf::fuzz::Env::Get();
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    auto table = bytes.starts_with("PK\x03\x04") ? xf::tabular::ReadXlsx(bytes) : xf::tabular::ReadCsv(bytes);
    if (!table) return 0;
    for (const auto& row : table->rows)
        for (size_t i = 0; i < row.cells.size() + 2; ++i) (void)row.Get(i).text.size();  // Get past the end too
    xf::app::ImportOptions options;
    options.dry_run = true;
    options.skip_invalid = size % 2 == 1;
    options.source_name = "fuzz.csv";
    auto report = env.services().ImportPetitions(*table, options);
    if (!report && report.error().code == xf::ErrorCode::kInternal) {
        fprintf(stderr, "import failed internally: %s\n", report.error().message.c_str());
        __builtin_trap();
    }
    // A dry run counts the rows it would import; never more than the file has.
    if (report && (report->imported < 0 || report->imported + report->unchanged > report->rows ||
                   report->rows > static_cast<int64_t>(table->rows.size()))) {
        fprintf(stderr, "import report does not add up: rows %lld, imported %lld, unchanged %lld\n",
                static_cast<long long>(report->rows), static_cast<long long>(report->imported),
                static_cast<long long>(report->unchanged));
        __builtin_trap();
    }
    return 0;
}
