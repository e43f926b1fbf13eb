#include "http/router.hpp"

#include <stdexcept>

#include <fmt/format.h>

#include "base/text.hpp"

namespace xf::http {

// ---- Request / Method helpers (declared in request.hpp) ----

std::string_view MethodName(Method m) {
    switch (m) {
        case Method::kGet: return "GET";
        case Method::kPost: return "POST";
        case Method::kPut: return "PUT";
        case Method::kPatch: return "PATCH";
        case Method::kDelete: return "DELETE";
        case Method::kHead: return "HEAD";
        case Method::kOptions: return "OPTIONS";
        case Method::kOther: return "OTHER";
    }
    return "OTHER";
}

Method ParseMethod(std::string_view name) {
    if (name == "GET") return Method::kGet;
    if (name == "POST") return Method::kPost;
    if (name == "PUT") return Method::kPut;
    if (name == "PATCH") return Method::kPatch;
    if (name == "DELETE") return Method::kDelete;
    if (name == "HEAD") return Method::kHead;
    if (name == "OPTIONS") return Method::kOptions;
    return Method::kOther;
}

std::optional<std::string_view> Request::Header(std::string_view lower_name) const {
    for (const auto& [k, v] : headers)
        if (k == lower_name) return std::string_view(v);
    return std::nullopt;
}

std::optional<std::string_view> Request::Query(std::string_view name) const {
    for (const auto& [k, v] : query)
        if (k == name) return std::string_view(v);
    return std::nullopt;
}

std::optional<std::string> Request::Cookie(std::string_view name) const {
    for (const auto& [k, v] : headers) {
        if (k != "cookie") continue;
        for (std::string_view pair : Split(v, ';')) {
            pair = Trim(pair);
            size_t eq = pair.find('=');
            if (eq == std::string_view::npos || Trim(pair.substr(0, eq)) != name) continue;
            std::string_view value = Trim(pair.substr(eq + 1));
            if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
                value = value.substr(1, value.size() - 2);
            return std::string(value);
        }
    }
    return std::nullopt;
}

// ---- Router ----

namespace {

struct Route {
    std::string pattern;
    std::vector<std::string> param_names;  // in segment order
    Handler handler;
};

bool IsParam(std::string_view seg) { return seg.size() >= 2 && seg.front() == '{' && seg.back() == '}'; }

// "/a/b" → {"a", "b"}; "/" → {""}. Assumes a leading '/'.
std::vector<std::string_view> Segments(std::string_view path) { return Split(path.substr(1), '/'); }

bool IsApiPath(std::string_view path) {
    return path.starts_with(kApiPrefix) && (path.size() == kApiPrefix.size() || path[kApiPrefix.size()] == '/');
}

constexpr Method kAllMethods[] = {Method::kGet,    Method::kPost, Method::kPut,    Method::kPatch,
                                  Method::kDelete, Method::kHead, Method::kOptions};

}  // namespace

struct Router::Node {
    std::map<std::string, std::unique_ptr<Node>, std::less<>> literals;
    std::unique_ptr<Node> param;
    std::map<Method, Route> routes;
};

Router::Router() : root_(std::make_unique<Node>()) {}
Router::~Router() = default;

void Router::Add(Method method, std::string pattern, Handler handler) {
    if (pattern.empty() || pattern.front() != '/')
        throw std::logic_error(fmt::format("route pattern must start with '/': {}", pattern));
    if (method == Method::kOther) throw std::logic_error(fmt::format("route needs a concrete method: {}", pattern));
    if (!handler) throw std::logic_error(fmt::format("route has no handler: {}", pattern));
    Route route{pattern, {}, std::move(handler)};
    Node* node = root_.get();
    for (std::string_view seg : Segments(pattern)) {
        if (IsParam(seg)) {
            std::string name(seg.substr(1, seg.size() - 2));
            if (name.empty() || name.find_first_of("{}/") != std::string::npos)
                throw std::logic_error(fmt::format("bad parameter segment in route: {}", pattern));
            for (const auto& existing : route.param_names)
                if (existing == name) throw std::logic_error(fmt::format("duplicate parameter in route: {}", pattern));
            route.param_names.push_back(std::move(name));
            if (!node->param) node->param = std::make_unique<Node>();
            node = node->param.get();
        } else {
            if (seg.find_first_of("{}") != std::string_view::npos)
                throw std::logic_error(fmt::format("braces must enclose a whole segment: {}", pattern));
            auto it = node->literals.find(seg);
            if (it == node->literals.end())
                it = node->literals.emplace(std::string(seg), std::make_unique<Node>()).first;
            node = it->second.get();
        }
    }
    if (node->routes.contains(method))
        throw std::logic_error(fmt::format("duplicate route: {} {}", MethodName(method), pattern));
    routes_.emplace_back(method, pattern);
    node->routes.emplace(method, std::move(route));
}

void Router::SetFallback(Handler handler) { fallback_ = std::move(handler); }

std::vector<std::pair<Method, std::string>> Router::Routes() const { return routes_; }

// Depth-first, literal before parameter, so an exact segment wins but a dead-end literal branch
// still lets a parameter branch match. Only nodes that end at least one route count as matches.
const Router::Node* Router::Match(const Node& node, const std::vector<std::string_view>& segments, size_t i,
                                  std::vector<std::string_view>& values) const {
    if (i == segments.size()) return node.routes.empty() ? nullptr : &node;
    std::string_view seg = segments[i];
    if (auto it = node.literals.find(seg); it != node.literals.end()) {
        if (const Node* found = Match(*it->second, segments, i + 1, values)) return found;
    }
    if (node.param && !seg.empty()) {
        values.push_back(seg);
        if (const Node* found = Match(*node.param, segments, i + 1, values)) return found;
        values.pop_back();
    }
    return nullptr;
}

Response Router::Dispatch(Request& req) const {
    const Node* node = nullptr;
    std::vector<std::string_view> values;
    if (!req.path.empty() && req.path.front() == '/') node = Match(*root_, Segments(req.path), 0, values);

    if (node == nullptr) {
        if (fallback_ && (req.method == Method::kGet || req.method == Method::kHead) && !IsApiPath(req.path)) {
            req.route = std::string(kStaticRoute);
            return fallback_(req);
        }
        req.route = std::string(kUnmatchedRoute);
        return Response::Problem(Error::NotFound("请求的资源不存在"));
    }
    req.route = node->routes.begin()->second.pattern;  // every route of a node has the same pattern

    auto it = node->routes.find(req.method);
    if (it == node->routes.end() && req.method == Method::kHead) it = node->routes.find(Method::kGet);
    if (it == node->routes.end()) {
        std::vector<std::string> allowed;
        for (Method m : kAllMethods) {
            if (node->routes.contains(m) || (m == Method::kHead && node->routes.contains(Method::kGet)) ||
                m == Method::kOptions)
                allowed.emplace_back(MethodName(m));
        }
        std::string allow = Join(allowed, ", ");
        Response r;
        if (req.method == Method::kOptions) {
            r.status = 204;
            r.content_type.clear();
        } else {
            r = Response::Problem(
                Error::InvalidArgument("", fmt::format("此路径不支持 {} 方法", MethodName(req.method))), 405);
        }
        r.headers.emplace_back("Allow", std::move(allow));
        return r;
    }

    const Route& route = it->second;
    req.path_params.clear();
    for (size_t k = 0; k < route.param_names.size() && k < values.size(); ++k)
        req.path_params.emplace(route.param_names[k], std::string(values[k]));
    return route.handler(req);
}

}  // namespace xf::http
