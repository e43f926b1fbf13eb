// For tests: the PostgreSQL server to test against — XINFANG_TEST_PG_URL, or the cluster that `scripts/pg.sh start
// DIR` runs for XINFANG_TEST_PG_DIR (its port in DIR/port; ctest's fixture "pg"). Empty if neither is set.
#pragma once

#include <cstdlib>
#include <fstream>
#include <string>

namespace xf::pg {

inline std::string TestServerUrl() {
    if (const char* url = std::getenv("XINFANG_TEST_PG_URL")) return url;
    const char* dir = std::getenv("XINFANG_TEST_PG_DIR");
    if (!dir) return "";
    std::ifstream in(std::string(dir) + "/port");
    int port = 0;
    if (!(in >> port)) return "";
    return "postgresql://postgres@127.0.0.1:" + std::to_string(port) + "/postgres";
}

}  // namespace xf::pg
