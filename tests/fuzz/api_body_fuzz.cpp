// Every JSON (and multipart) body decoder of the API, through the real handlers: the input chooses one of the
// routes that take a body (every POST/PUT/PATCH/DELETE the Router holds, so a new route is fuzzed without editing
// this file) and is sent as that request's body by a logged-in staff user, against a real SQLite store.
//
// Input: a first line "METHOD /api/v1/pattern/{with}/{params} S P" (a route as Router::Routes() lists it; S picks
// the session — admin, registrar, handler, supervisor, dept_handler —, P the path parameter values), then the body.
// A first line that names no route picks one by its hash, so every input reaches a handler.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/document.hpp"
#include "domain/workflow.hpp"
#include "fuzz/fuzz_env.hpp"
#include "http/api.hpp"
#include "http/request.hpp"

namespace {

using xf::fuzz::Env;
using xf::http::Method;

struct Route {
    Method method;
    std::string pattern;
    std::string key;  // "POST /api/v1/petitions"
};

const std::vector<Route>& BodyRoutes() {
    static const std::vector<Route> routes = [] {
        std::vector<Route> out;
        for (const auto& [m, pattern] : Env::Get().router().Routes()) {
            if (m == Method::kGet || m == Method::kHead || m == Method::kOptions) continue;
            if (m == Method::kDelete && pattern == "/api/v1/session") continue;  // would log the fuzzer out
            out.push_back({m, pattern, std::string(xf::http::MethodName(m)) + " " + pattern});
        }
        return out;
    }();
    return routes;
}

// The value of path parameter `name`, from the number p: existing ids are small (a 40-case demo), so ids cycle
// through 1..48 with now and then one that does not exist.
std::string ParamValue(std::string_view name, uint64_t p) {
    if (name == "action") return std::string(xf::ActionName(static_cast<xf::Action>(p % xf::kActionCount)));
    if (name == "kind")
        return std::string(xf::DocumentKindName(static_cast<xf::DocumentKind>(p % xf::kDocumentKindCount)));
    if (name == "year") return std::to_string(2024 + p % 4);
    if (p % 17 == 16) return std::to_string(p);  // rarely: any number
    return std::to_string(1 + p % 48);
}

// The path for `pattern` with each "{name}" replaced; P is consumed a few bits per parameter.
std::string Fill(const std::string& pattern, uint64_t p) {
    std::string out;
    size_t i = 0;
    while (i < pattern.size()) {
        size_t open = pattern.find('{', i);
        if (open == std::string::npos) {
            out.append(pattern, i);
            break;
        }
        size_t close = pattern.find('}', open);
        out.append(pattern, i, open - i);
        out += ParamValue(std::string_view(pattern).substr(open + 1, close - open - 1), p & 0xff);
        p >>= 8;
        i = close + 1;
    }
    return out;
}

uint64_t Number(std::string_view s) {
    uint64_t n = 0;
    for (char c : s) {
        if (c < '0' || c > '9') break;
        n = n * 10 + static_cast<uint64_t>(c - '0');
    }
    return n;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    Env& env = Env::Get();
    const auto& routes = BodyRoutes();
    std::string_view in(reinterpret_cast<const char*>(data), size);
    size_t nl = in.find('\n');
    std::string_view head = in.substr(0, nl);
    std::string_view body = nl == std::string_view::npos ? std::string_view() : in.substr(nl + 1);

    // "METHOD PATTERN S P"
    std::string_view key = head;
    uint64_t session = 0, params = 0;
    if (size_t sp = head.find(' '); sp != std::string_view::npos) {
        size_t sp2 = head.find(' ', sp + 1);
        if (sp2 != std::string_view::npos) {
            key = head.substr(0, sp2);
            std::string_view rest = head.substr(sp2 + 1);
            session = Number(rest);
            if (size_t sp3 = rest.find(' '); sp3 != std::string_view::npos) params = Number(rest.substr(sp3 + 1));
        }
    }
    const Route* route = nullptr;
    for (const auto& r : routes)
        if (r.key == key) route = &r;
    if (!route) route = &routes[std::hash<std::string_view>{}(head) % routes.size()];

    const xf::fuzz::StaffSession& who = env.Session(session);
    xf::http::Request req;
    req.method = route->method;
    req.path = Fill(route->pattern, params);
    req.target = req.path;
    req.remote_addr = "127.0.0.1";
    req.request_id = "fuzz";
    req.headers.emplace_back("cookie", std::string(xf::http::kSessionCookie) + "=" + who.token);
    req.headers.emplace_back("x-csrf-token", who.csrf);
    bool upload = route->method == Method::kPost && route->pattern.ends_with("/attachments");
    req.headers.emplace_back("content-type",
                             upload ? "multipart/form-data; boundary=XFBOUNDARY" : "application/json");
    req.body = std::string(body);
    xf::http::Response res = env.router().Dispatch(req);
    // A handler answers every body with a status; a 5xx is an internal error the body must never cause.
    if (res.status < 200 || res.status >= 500) {
        if (res.status == 503) return 0;  // a port that is not configured here (files, renderer)
        fprintf(stderr, "%s %s -> %d\n%s\n", std::string(xf::http::MethodName(route->method)).c_str(),
                req.path.c_str(), res.status, res.body.c_str());
        __builtin_trap();
    }
    return 0;
}
