// Method + path-pattern routing ("/api/v1/petitions/{id}/actions/{action}") with 404/405 problem responses
// and a GET fallback for non-API paths (static files). Beast-free; Dispatch is thread-safe once routes are added.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/request.hpp"

namespace xf::http {

// Paths at or under this prefix never reach the fallback handler.
inline constexpr std::string_view kApiPrefix = "/api";
// Request::route after Dispatch for a request served by the fallback, and for one that matched no route (a bounded
// label for request metrics: never the raw path).
inline constexpr std::string_view kStaticRoute = "static";
inline constexpr std::string_view kUnmatchedRoute = "unmatched";

class Router {
  public:
    Router();
    ~Router();
    Router(const Router&) = delete;
    Router& operator=(const Router&) = delete;

    // `pattern` starts with '/'; a segment "{name}" captures one non-empty path segment into
    // Request::path_params[name]. Literal segments win over parameters at the same position.
    // Registering the same method + pattern twice, or a malformed pattern, throws std::logic_error
    // (a programming error caught at startup).
    void Add(Method method, std::string pattern, Handler handler);

    // Handles GET/HEAD requests that match no route and are not under kApiPrefix.
    void SetFallback(Handler handler);

    // Runs the matching handler, after setting req.route to its pattern (or kStaticRoute / kUnmatchedRoute).
    // Unknown path → 404 problem; known path with another method → 405
    // problem with an Allow header. HEAD falls back to the GET handler; OPTIONS without a handler
    // answers 204 with Allow. Handler exceptions propagate (the server turns them into 500).
    Response Dispatch(Request& req) const;

    // Every (method, pattern) added, in registration order.
    std::vector<std::pair<Method, std::string>> Routes() const;

  private:
    struct Node;
    const Node* Match(const Node& node, const std::vector<std::string_view>& segments, size_t i,
                      std::vector<std::string_view>& values) const;

    std::unique_ptr<Node> root_;
    Handler fallback_;
    std::vector<std::pair<Method, std::string>> routes_;
};

}  // namespace xf::http
