#include "http/error_mapping.hpp"

#include <string>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "http/request.hpp"

namespace xf::http {

namespace {

constexpr std::string_view kProblemTypeBase = "https://xinfang.example/problems/";

}  // namespace

int HttpStatus(ErrorCode code) {
    switch (code) {
        case ErrorCode::kInvalidArgument: return 400;
        case ErrorCode::kNotFound: return 404;
        case ErrorCode::kAlreadyExists: return 409;
        case ErrorCode::kFailedPrecondition: return 409;
        case ErrorCode::kAborted: return 409;
        case ErrorCode::kPermissionDenied: return 403;
        case ErrorCode::kUnauthenticated: return 401;
        case ErrorCode::kResourceExhausted: return 429;
        case ErrorCode::kUnavailable: return 503;
        case ErrorCode::kInternal: return 500;
    }
    return 500;
}

std::string_view ProblemTitle(ErrorCode code) {
    switch (code) {
        case ErrorCode::kInvalidArgument: return "请求参数错误";
        case ErrorCode::kNotFound: return "资源不存在";
        case ErrorCode::kAlreadyExists: return "资源已存在";
        case ErrorCode::kFailedPrecondition: return "当前状态不允许此操作";
        case ErrorCode::kAborted: return "数据已被他人修改，请刷新后重试";
        case ErrorCode::kPermissionDenied: return "无权访问";
        case ErrorCode::kUnauthenticated: return "未登录或会话已过期";
        case ErrorCode::kResourceExhausted: return "超出限制";
        case ErrorCode::kUnavailable: return "服务暂不可用";
        case ErrorCode::kInternal: return "服务器内部错误";
    }
    return "服务器内部错误";
}

std::string ProblemType(ErrorCode code) {
    std::string type(kProblemTypeBase);
    type += code == ErrorCode::kAborted ? std::string_view("conflict") : ErrorCodeName(code);
    return type;
}

boost::json::object ProblemJson(const Error& e, int http_status) {
    boost::json::object o;
    o["type"] = ProblemType(e.code);
    o["title"] = ProblemTitle(e.code);
    o["status"] = http_status > 0 ? http_status : HttpStatus(e.code);
    o["detail"] = e.message;
    if (!e.field.empty()) o["field"] = e.field;
    o["code"] = ErrorCodeName(e.code);
    return o;
}

std::string WithRequestId(std::string body, std::string_view id) {
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(body, ec);
    if (ec || !v.is_object()) return body;
    v.as_object()["request_id"] = id;
    return boost::json::serialize(v);
}

Response Response::Json(int status, const boost::json::value& v) {
    Response r;
    r.status = status;
    r.body = boost::json::serialize(v);
    return r;
}

Response Response::Problem(const Error& e, int http_status) {
    Response r;
    r.status = http_status > 0 ? http_status : HttpStatus(e.code);
    r.content_type = std::string(kProblemContentType);
    r.body = boost::json::serialize(ProblemJson(e, r.status));
    return r;
}

}  // namespace xf::http
