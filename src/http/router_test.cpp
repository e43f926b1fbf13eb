#include "http/router.hpp"

#include <stdexcept>

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

#include "http/error_mapping.hpp"

namespace xf::http {
namespace {

Request Req(Method m, std::string path) {
    Request r;
    r.method = m;
    r.target = path;
    r.path = std::move(path);
    return r;
}

Handler Tag(std::string tag) {
    return [tag](Request& req) {
        Response r;
        r.body = tag;
        for (const auto& [k, v] : req.path_params) r.body += "|" + k + "=" + v;
        return r;
    };
}

std::optional<std::string> HeaderOf(const Response& r, std::string_view name) {
    for (const auto& [k, v] : r.headers)
        if (k == name) return v;
    return std::nullopt;
}

TEST(RouterTest, MatchesLiteralAndParams) {
    Router router;
    router.Add(Method::kGet, "/api/v1/petitions", Tag("list"));
    router.Add(Method::kGet, "/api/v1/petitions/{id}", Tag("get"));
    router.Add(Method::kPost, "/api/v1/petitions/{id}/actions/{action}", Tag("act"));

    auto req = Req(Method::kGet, "/api/v1/petitions");
    EXPECT_EQ(router.Dispatch(req).body, "list");
    req = Req(Method::kGet, "/api/v1/petitions/42");
    EXPECT_EQ(router.Dispatch(req).body, "get|id=42");
    EXPECT_EQ(req.path_params.at("id"), "42");
    req = Req(Method::kPost, "/api/v1/petitions/42/actions/accept");
    EXPECT_EQ(router.Dispatch(req).body, "act|action=accept|id=42");
}

TEST(RouterTest, LiteralWinsOverParamWithBacktracking) {
    Router router;
    router.Add(Method::kGet, "/api/v1/petitions/{id}", Tag("by-id"));
    router.Add(Method::kGet, "/api/v1/petitions/search", Tag("search"));
    router.Add(Method::kGet, "/api/v1/petitions/{id}/history", Tag("history"));
    router.Add(Method::kGet, "/api/v1/petitions/stats/daily", Tag("daily"));

    auto req = Req(Method::kGet, "/api/v1/petitions/search");
    EXPECT_EQ(router.Dispatch(req).body, "search");
    req = Req(Method::kGet, "/api/v1/petitions/7");
    EXPECT_EQ(router.Dispatch(req).body, "by-id|id=7");
    req = Req(Method::kGet, "/api/v1/petitions/stats/daily");
    EXPECT_EQ(router.Dispatch(req).body, "daily");
    // "stats" has a literal child but no "history" under it: the parameter branch still matches.
    req = Req(Method::kGet, "/api/v1/petitions/stats/history");
    EXPECT_EQ(router.Dispatch(req).body, "history|id=stats");
}

TEST(RouterTest, ParamsDoNotMatchEmptySegmentsOrTrailingSlash) {
    Router router;
    router.Add(Method::kGet, "/api/v1/petitions/{id}", Tag("get"));
    auto req = Req(Method::kGet, "/api/v1/petitions/");
    EXPECT_EQ(router.Dispatch(req).status, 404);
    req = Req(Method::kGet, "/api/v1/petitions/1/");
    EXPECT_EQ(router.Dispatch(req).status, 404);
    req = Req(Method::kGet, "/api/v1/petitions//");
    EXPECT_EQ(router.Dispatch(req).status, 404);
}

TEST(RouterTest, SetsTheRoutePatternForMetrics) {
    Router router;
    router.Add(Method::kGet, "/api/v1/petitions/{id}", Tag("get"));
    router.SetFallback(Tag("static"));
    auto req = Req(Method::kGet, "/api/v1/petitions/42");
    router.Dispatch(req);
    EXPECT_EQ(req.route, "/api/v1/petitions/{id}");
    req = Req(Method::kPost, "/api/v1/petitions/42");  // 405: the path matched a pattern
    EXPECT_EQ(router.Dispatch(req).status, 405);
    EXPECT_EQ(req.route, "/api/v1/petitions/{id}");
    req = Req(Method::kGet, "/api/v1/nothing/1");
    router.Dispatch(req);
    EXPECT_EQ(req.route, kUnmatchedRoute);
    req = Req(Method::kGet, "/assets/app-123.js");
    EXPECT_EQ(router.Dispatch(req).body, "static");
    EXPECT_EQ(req.route, kStaticRoute);
}

TEST(ErrorMappingTest, WithRequestIdAddsTheIdToProblemObjectsOnly) {
    auto body = Response::Problem(Error::NotFound("无")).body;
    auto j = boost::json::parse(WithRequestId(body, "r-1")).as_object();
    EXPECT_EQ(j.at("request_id").as_string(), "r-1");
    EXPECT_EQ(j.at("status").as_int64(), 404);
    EXPECT_EQ(WithRequestId("not json", "r-1"), "not json");
    EXPECT_EQ(WithRequestId("[1]", "r-1"), "[1]");
}

TEST(RouterTest, UnknownPathIs404Problem) {
    Router router;
    router.Add(Method::kGet, "/api/v1/petitions", Tag("list"));
    auto req = Req(Method::kGet, "/api/v1/nothing");
    Response r = router.Dispatch(req);
    EXPECT_EQ(r.status, 404);
    EXPECT_EQ(r.content_type, kProblemContentType);
    auto j = boost::json::parse(r.body).as_object();
    EXPECT_EQ(j.at("status").as_int64(), 404);
    EXPECT_EQ(j.at("code").as_string(), "not_found");
}

TEST(RouterTest, WrongMethodIs405WithAllow) {
    Router router;
    router.Add(Method::kGet, "/api/v1/petitions/{id}", Tag("get"));
    router.Add(Method::kPatch, "/api/v1/petitions/{id}", Tag("patch"));
    auto req = Req(Method::kDelete, "/api/v1/petitions/3");
    Response r = router.Dispatch(req);
    EXPECT_EQ(r.status, 405);
    EXPECT_EQ(r.content_type, kProblemContentType);
    EXPECT_EQ(HeaderOf(r, "Allow"), "GET, PATCH, HEAD, OPTIONS");
    EXPECT_EQ(boost::json::parse(r.body).at("status").as_int64(), 405);

    req = Req(Method::kOther, "/api/v1/petitions/3");
    EXPECT_EQ(router.Dispatch(req).status, 405);

    req = Req(Method::kOptions, "/api/v1/petitions/3");
    r = router.Dispatch(req);
    EXPECT_EQ(r.status, 204);
    EXPECT_EQ(HeaderOf(r, "Allow"), "GET, PATCH, HEAD, OPTIONS");
}

TEST(RouterTest, HeadUsesGetHandler) {
    Router router;
    router.Add(Method::kGet, "/api/v1/x", Tag("get"));
    auto req = Req(Method::kHead, "/api/v1/x");
    EXPECT_EQ(router.Dispatch(req).body, "get");
}

TEST(RouterTest, FallbackOnlyForNonApiGet) {
    Router router;
    router.Add(Method::kGet, "/api/v1/x", Tag("api"));
    router.SetFallback(Tag("static"));
    auto req = Req(Method::kGet, "/index.html");
    EXPECT_EQ(router.Dispatch(req).body, "static");
    req = Req(Method::kHead, "/assets/app.js");
    EXPECT_EQ(router.Dispatch(req).body, "static");
    req = Req(Method::kGet, "/apiary");  // only "/api" and "/api/..." are API paths
    EXPECT_EQ(router.Dispatch(req).body, "static");
    req = Req(Method::kGet, "/api/v1/unknown");
    EXPECT_EQ(router.Dispatch(req).status, 404);
    req = Req(Method::kGet, "/api");
    EXPECT_EQ(router.Dispatch(req).status, 404);
    req = Req(Method::kPost, "/index.html");
    EXPECT_EQ(router.Dispatch(req).status, 404);
}

TEST(RouterTest, RoutesInRegistrationOrder) {
    Router router;
    router.Add(Method::kGet, "/api/v1/a", Tag("a"));
    router.Add(Method::kPost, "/api/v1/a", Tag("a"));
    router.Add(Method::kDelete, "/api/v1/a/{id}", Tag("a"));
    std::vector<std::pair<Method, std::string>> want = {
        {Method::kGet, "/api/v1/a"}, {Method::kPost, "/api/v1/a"}, {Method::kDelete, "/api/v1/a/{id}"}};
    EXPECT_EQ(router.Routes(), want);
}

TEST(RouterTest, DifferentParamNamesPerMethod) {
    Router router;
    router.Add(Method::kGet, "/api/v1/units/{unit_id}", Tag("get"));
    router.Add(Method::kDelete, "/api/v1/units/{id}", Tag("del"));
    auto req = Req(Method::kGet, "/api/v1/units/9");
    EXPECT_EQ(router.Dispatch(req).body, "get|unit_id=9");
    req = Req(Method::kDelete, "/api/v1/units/9");
    EXPECT_EQ(router.Dispatch(req).body, "del|id=9");
}

TEST(RouterTest, RejectsBadPatterns) {
    Router router;
    router.Add(Method::kGet, "/api/v1/a", Tag("a"));
    EXPECT_THROW(router.Add(Method::kGet, "/api/v1/a", Tag("a")), std::logic_error);
    EXPECT_THROW(router.Add(Method::kGet, "api/v1/b", Tag("b")), std::logic_error);
    EXPECT_THROW(router.Add(Method::kGet, "/api/v1/{a}/{a}", Tag("b")), std::logic_error);
    EXPECT_THROW(router.Add(Method::kGet, "/api/v1/x{a}", Tag("b")), std::logic_error);
    EXPECT_THROW(router.Add(Method::kGet, "/api/v1/{}", Tag("b")), std::logic_error);
    EXPECT_THROW(router.Add(Method::kOther, "/api/v1/c", Tag("c")), std::logic_error);
}

TEST(RequestTest, HeaderQueryCookie) {
    Request r;
    r.headers = {{"content-type", "application/json"},
                 {"cookie", "theme=dark; xf_session=\"abc123\"; empty="},
                 {"cookie", "late=1"}};
    r.query = {{"page", "2"}, {"q", "张三"}, {"page", "3"}};
    EXPECT_EQ(r.Header("content-type"), "application/json");
    EXPECT_FALSE(r.Header("accept"));
    EXPECT_EQ(r.Query("page"), "2");
    EXPECT_EQ(r.Query("q"), "张三");
    EXPECT_FALSE(r.Query("size"));
    EXPECT_EQ(r.Cookie("xf_session"), "abc123");
    EXPECT_EQ(r.Cookie("theme"), "dark");
    EXPECT_EQ(r.Cookie("empty"), "");
    EXPECT_EQ(r.Cookie("late"), "1");
    EXPECT_FALSE(r.Cookie("session"));
}

TEST(MethodTest, NamesRoundTrip) {
    for (Method m :
         {Method::kGet, Method::kPost, Method::kPut, Method::kPatch, Method::kDelete, Method::kHead, Method::kOptions})
        EXPECT_EQ(ParseMethod(MethodName(m)), m);
    EXPECT_EQ(ParseMethod("get"), Method::kOther);
    EXPECT_EQ(ParseMethod("PROPFIND"), Method::kOther);
}

// ---- error mapping ----

TEST(ErrorMappingTest, StatusTable) {
    EXPECT_EQ(HttpStatus(ErrorCode::kInvalidArgument), 400);
    EXPECT_EQ(HttpStatus(ErrorCode::kNotFound), 404);
    EXPECT_EQ(HttpStatus(ErrorCode::kAlreadyExists), 409);
    EXPECT_EQ(HttpStatus(ErrorCode::kFailedPrecondition), 409);
    EXPECT_EQ(HttpStatus(ErrorCode::kAborted), 409);
    EXPECT_EQ(HttpStatus(ErrorCode::kPermissionDenied), 403);
    EXPECT_EQ(HttpStatus(ErrorCode::kUnauthenticated), 401);
    EXPECT_EQ(HttpStatus(ErrorCode::kResourceExhausted), 429);
    EXPECT_EQ(HttpStatus(ErrorCode::kUnavailable), 503);
    EXPECT_EQ(HttpStatus(ErrorCode::kInternal), 500);
}

TEST(ErrorMappingTest, ProblemJsonFields) {
    auto j = ProblemJson(Error::InvalidArgument("petitioners[0].id_number", "身份证号校验位错误"));
    EXPECT_EQ(j.at("type").as_string(), "https://xinfang.example/problems/invalid_argument");
    EXPECT_EQ(j.at("title").as_string(), "请求参数错误");
    EXPECT_EQ(j.at("status").as_int64(), 400);
    EXPECT_EQ(j.at("detail").as_string(), "身份证号校验位错误");
    EXPECT_EQ(j.at("field").as_string(), "petitioners[0].id_number");
    EXPECT_EQ(j.at("code").as_string(), "invalid_argument");
    EXPECT_EQ(j.size(), 6u);

    auto nf = ProblemJson(Error::NotFound("信访件不存在"));
    EXPECT_FALSE(nf.contains("field"));
    EXPECT_EQ(nf.at("title").as_string(), "资源不存在");
}

TEST(ErrorMappingTest, ConflictTypeDistinguishesAbortedFromPrecondition) {
    auto aborted = ProblemJson(Error::Aborted("版本不符"));
    auto precondition = ProblemJson(Error::FailedPrecondition("已办结"));
    EXPECT_EQ(aborted.at("status").as_int64(), 409);
    EXPECT_EQ(precondition.at("status").as_int64(), 409);
    EXPECT_EQ(aborted.at("type").as_string(), "https://xinfang.example/problems/conflict");
    EXPECT_EQ(aborted.at("code").as_string(), "aborted");
    EXPECT_EQ(aborted.at("title").as_string(), "数据已被他人修改，请刷新后重试");
    EXPECT_EQ(precondition.at("type").as_string(), "https://xinfang.example/problems/failed_precondition");
    EXPECT_EQ(precondition.at("title").as_string(), "当前状态不允许此操作");
}

TEST(ErrorMappingTest, EveryCodeHasTitleAndType) {
    for (int c = 0; c <= static_cast<int>(ErrorCode::kInternal); ++c) {
        auto code = static_cast<ErrorCode>(c);
        EXPECT_FALSE(ProblemTitle(code).empty());
        EXPECT_TRUE(ProblemType(code).starts_with("https://xinfang.example/problems/"));
        int s = HttpStatus(code);
        EXPECT_TRUE(s >= 400 && s < 600) << s;
    }
    EXPECT_EQ(ProblemTitle(ErrorCode::kUnauthenticated), "未登录或会话已过期");
    EXPECT_EQ(ProblemTitle(ErrorCode::kResourceExhausted), "超出限制");
    EXPECT_EQ(ProblemTitle(ErrorCode::kUnavailable), "服务暂不可用");
    EXPECT_EQ(ProblemTitle(ErrorCode::kInternal), "服务器内部错误");
}

TEST(ErrorMappingTest, StatusOverrideAndResponseProblem) {
    Response r = Response::Problem(Error::ResourceExhausted("请求体过大"), 413);
    EXPECT_EQ(r.status, 413);
    EXPECT_EQ(r.content_type, "application/problem+json; charset=utf-8");
    auto j = boost::json::parse(r.body).as_object();
    EXPECT_EQ(j.at("status").as_int64(), 413);
    EXPECT_EQ(j.at("code").as_string(), "resource_exhausted");

    Response rate = Response::Problem(Error::ResourceExhausted("操作过于频繁"));
    EXPECT_EQ(rate.status, 429);
}

TEST(ResponseTest, Json) {
    Response r = Response::Json(201, boost::json::object{{"id", 42}, {"name", "张三"}});
    EXPECT_EQ(r.status, 201);
    EXPECT_EQ(r.content_type, "application/json; charset=utf-8");
    EXPECT_EQ(boost::json::parse(r.body).at("name").as_string(), "张三");
}

}  // namespace
}  // namespace xf::http
