// docs/api/openapi.yaml stays in step with the routes RegisterApi and RegisterOps actually add: the set of documented
// (METHOD, path) pairs must equal Router::Routes(), and every documented operation names an operationId and
// its responses. The YAML is read with a small line-based reader of the `paths:` section (no YAML library).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/services.hpp"
#include "base/clock.hpp"
#include "crypto/crypto.hpp"
#include "crypto/field_cipher.hpp"
#include "domain/calendar.hpp"
#include "http/api.hpp"
#include "http/ops.hpp"
#include "http/router.hpp"
#include "storage/sqlite/sqlite_store.hpp"

namespace xf::http {
namespace {

using Pair = std::pair<std::string, std::string>;  // (METHOD, path)

struct DocOp {
    std::string method;  // upper case, e.g. "POST"
    std::string path;    // e.g. "/api/v1/petitions/{id}"
    int line = 0;        // 1-based line of the operation key
    bool has_operation_id = false;
    bool has_responses = false;
};

size_t Indent(std::string_view line) {
    size_t n = 0;
    while (n < line.size() && line[n] == ' ') ++n;
    return n;
}

std::string_view TrimRight(std::string_view s) {
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

std::vector<std::string_view> Lines(std::string_view text) {
    std::vector<std::string_view> out;
    while (!text.empty()) {
        size_t nl = text.find('\n');
        out.push_back(TrimRight(text.substr(0, nl)));
        if (nl == std::string_view::npos) break;
        text.remove_prefix(nl + 1);
    }
    return out;
}

bool Ignorable(std::string_view line) {
    size_t i = Indent(line);
    return i == line.size() || line[i] == '#';
}

std::optional<std::string> OperationMethod(std::string_view key) {
    static const std::map<std::string_view, std::string> kMethods{
        {"get:", "GET"}, {"post:", "POST"}, {"put:", "PUT"}, {"patch:", "PATCH"}, {"delete:", "DELETE"}};
    auto it = kMethods.find(key);
    if (it == kMethods.end()) return std::nullopt;
    return it->second;
}

// Reads the top-level `paths:` section: a path key is a line indented exactly 2 spaces that starts with '/' and
// ends with ':'; an operation is a line indented exactly 4 spaces that is `get:`/`post:`/`put:`/`patch:`/`delete:`.
// `operationId:` and `responses:` count when they sit directly in the operation's block (6 spaces).
std::vector<DocOp> ParsePaths(std::string_view yaml) {
    std::vector<DocOp> ops;
    bool in_paths = false;
    std::optional<std::string> path;
    constexpr size_t kNone = static_cast<size_t>(-1);
    size_t op = kNone;  // index into ops of the operation whose block we are in (an index, not a pointer)
    int line_no = 0;
    for (std::string_view line : Lines(yaml)) {
        ++line_no;
        if (Ignorable(line)) continue;
        size_t indent = Indent(line);
        std::string_view rest = line.substr(indent);
        if (indent == 0) {
            in_paths = rest == "paths:";
            path.reset();
            op = kNone;
            continue;
        }
        if (!in_paths) continue;
        if (indent <= 2) {
            op = kNone;
            path.reset();
            if (indent == 2 && rest.starts_with('/') && rest.ends_with(':'))
                path = std::string(rest.substr(0, rest.size() - 1));
            continue;
        }
        if (indent <= 4) {
            op = kNone;
            if (indent == 4 && path) {
                if (auto m = OperationMethod(rest)) {
                    ops.push_back({*m, *path, line_no, false, false});
                    op = ops.size() - 1;
                }
            }
            continue;
        }
        if (op != kNone && indent == 6) {
            if (rest.starts_with("operationId:") && rest.find_first_not_of(' ', 12) != std::string_view::npos)
                ops[op].has_operation_id = true;
            if (rest.starts_with("responses:")) ops[op].has_responses = true;
        }
    }
    return ops;
}

std::set<Pair> PairsOf(const std::vector<DocOp>& ops) {
    std::set<Pair> out;
    for (const auto& o : ops) out.emplace(o.method, o.path);
    return out;
}

std::string Slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::filesystem::path SpecPath() {
    const char* root = std::getenv("XINFANG_SOURCE_DIR");
    return std::filesystem::path(root && *root ? root : "/work/main") / "docs" / "api" / "openapi.yaml";
}

std::string Spec() {
    auto p = SpecPath();
    EXPECT_TRUE(std::filesystem::is_regular_file(p)) << "missing " << p;
    return Slurp(p);
}

// ------------------------------------------------------------------ the reader itself

TEST(OpenApiParserTest, ReadsOnlyOperationsUnderPaths) {
    constexpr std::string_view kYaml =
        "# comment\n"
        "openapi: 3.0.3\n"
        "info:\n"
        "  /looks-like-a-path:\n"
        "    get:\n"
        "paths:\n"
        "  /a:\n"
        "    get:\n"
        "      operationId: getA\n"
        "      responses:\n"
        "        \"200\":\n"
        "          description: ok\n"
        "\n"
        "    # a comment between operations\n"
        "    post:\n"
        "      operationId: postA\n"
        "      requestBody:\n"
        "        content:\n"
        "          responses:\n"
        "    parameters:\n"
        "      - name: x\n"
        "        get:\n"
        "  /b/{id}/c:\n"
        "    delete:\n"
        "      responses:\n"
        "        \"204\":\n"
        "          operationId: nested-does-not-count\n"
        "    head:\n"
        "      operationId: headIsNotListed\n"
        "  x-not-a-path:\n"
        "    put:\n"
        "  /d:\r\n"
        "    patch:\r\n"
        "      operationId: patchD\r\n"
        "      responses: {}\r\n"
        "components:\n"
        "  /e:\n"
        "    get:\n"
        "      operationId: outside\n";
    auto ops = ParsePaths(kYaml);
    std::set<Pair> want{{"GET", "/a"}, {"POST", "/a"}, {"DELETE", "/b/{id}/c"}, {"PATCH", "/d"}};
    EXPECT_EQ(PairsOf(ops), want);
    ASSERT_EQ(ops.size(), 4u);
    EXPECT_EQ(ops[0].line, 8);
    EXPECT_TRUE(ops[0].has_operation_id && ops[0].has_responses);  // GET /a
    EXPECT_TRUE(ops[1].has_operation_id);                          // POST /a
    EXPECT_FALSE(ops[1].has_responses);     // `responses:` nested under requestBody is not the operation's
    EXPECT_FALSE(ops[2].has_operation_id);  // DELETE: operationId only nested deeper
    EXPECT_TRUE(ops[2].has_responses);
    EXPECT_TRUE(ops[3].has_operation_id && ops[3].has_responses);  // CRLF lines
    EXPECT_TRUE(ParsePaths("openapi: 3.0.3\ninfo:\n  title: x\n").empty());
}

// ------------------------------------------------------------------ the real document against the real routes

class OpenApiTest : public ::testing::Test {
  protected:
    void SetUp() override {
        ASSERT_TRUE(crypto::Init());
        dir_ =
            std::filesystem::temp_directory_path() / ("xf-openapi-" + std::to_string(::getpid()) + "-" +
                                                      ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::remove_all(dir_);
        std::filesystem::create_directories(dir_);
        auto store = storage::OpenSqliteStore({dir_ / "t.db"});
        ASSERT_TRUE(store) << store.error().message;
        store_ = std::move(*store);
        auto cipher = crypto::FieldCipher::FromText(crypto::FieldCipher::GenerateKeyText());
        ASSERT_TRUE(cipher) << cipher.error().message;
        app::AppOptions opt;
        opt.password_params = {1, 1024, 1};  // the dummy hash made at start-up need not be slow here
        services_ = std::make_unique<app::Services>(*store_, clock_, HolidayCalendar{}, std::move(*cipher), opt);
        router_ = std::make_unique<Router>();
        RegisterApi(*router_, *services_, {});
        RegisterOps(*router_, *services_, {.registry = &registry_});
    }
    void TearDown() override {
        router_.reset();
        services_.reset();
        store_.reset();
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }

    std::set<Pair> RoutePairs() const {
        std::set<Pair> out;
        for (const auto& [m, pattern] : router_->Routes()) out.emplace(std::string(MethodName(m)), pattern);
        return out;
    }

    std::filesystem::path dir_;
    SystemClock clock_;
    std::unique_ptr<UnitOfWork> store_;
    std::unique_ptr<app::Services> services_;
    metrics::Registry registry_;
    std::unique_ptr<Router> router_;
};

TEST_F(OpenApiTest, DocumentedOperationsEqualRegisteredRoutes) {
    auto routes = RoutePairs();
    ASSERT_GE(routes.size(), 10u) << "the route table looks empty";
    auto ops = ParsePaths(Spec());
    ASSERT_FALSE(ops.empty()) << "no operations read from " << SpecPath();

    std::map<Pair, int> seen;
    for (const auto& o : ops)
        if (!seen.emplace(Pair{o.method, o.path}, o.line).second)
            ADD_FAILURE() << "documented twice: " << o.method << " " << o.path << " (line " << o.line << ")";
    auto documented = PairsOf(ops);

    for (const auto& [m, p] : routes)
        if (!documented.contains({m, p})) ADD_FAILURE() << "route not documented in openapi.yaml: " << m << " " << p;
    for (const auto& [m, p] : documented)
        if (!routes.contains({m, p}))
            ADD_FAILURE() << "documented but not registered: " << m << " " << p << " (line " << seen[{m, p}] << ")";
    EXPECT_EQ(documented, routes);
}

TEST_F(OpenApiTest, EveryOperationHasOperationIdAndResponses) {
    auto ops = ParsePaths(Spec());
    ASSERT_FALSE(ops.empty());
    for (const auto& o : ops) {
        EXPECT_TRUE(o.has_operation_id) << o.method << " " << o.path << " (line " << o.line << ") lacks operationId";
        EXPECT_TRUE(o.has_responses) << o.method << " " << o.path << " (line " << o.line << ") lacks responses";
    }
}

TEST(OpenApiDocTest, DeclaresOpenApi3OnFirstLine) {
    std::string text = Spec();
    std::optional<std::string_view> first;
    for (std::string_view line : Lines(text))
        if (!Ignorable(line)) {
            first = line;
            break;
        }
    ASSERT_TRUE(first) << "empty document";
    EXPECT_TRUE(first->starts_with("openapi: 3.") || first->starts_with("openapi: \"3.") ||
                first->starts_with("openapi: '3."))
        << "first non-comment line: " << *first;
}

}  // namespace
}  // namespace xf::http
