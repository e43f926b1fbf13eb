// HTTP request parsing and routing: raw bytes → Beast's request parser with the server's limits and conversion
// (http::ParseRequestBytes, the code a connection runs) → the Router holding the real API (fuzz_env.hpp).
// "@SESSION@" and "@CSRF@" in the input are replaced by a logged-in administrator's session cookie value and CSRF
// token (both are in the dictionary), so the fuzzer reaches authenticated handlers through raw HTTP as well.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "base/text.hpp"
#include "fuzz/fuzz_env.hpp"
#include "http/server.hpp"

namespace {

void ReplaceAll(std::string& s, std::string_view from, std::string_view to) {
    for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
        s.replace(at, from.size(), to);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    xf::fuzz::Env& env = xf::fuzz::Env::Get();
    std::string raw(reinterpret_cast<const char*>(data), size);
    if (raw.find('@') != std::string::npos) {
        const auto& admin = env.Session(0);
        ReplaceAll(raw, "@SESSION@", admin.token);
        ReplaceAll(raw, "@CSRF@", admin.csrf);
    }
    static const xf::http::ServerOptions options = [] {
        xf::http::ServerOptions o;
        o.max_body_bytes = 64 * 1024;  // smaller than the default so the fuzzer can reach the limits
        o.max_upload_bytes = 256 * 1024;
        return o;
    }();
    auto req = xf::http::ParseRequestBytes(raw, options);
    if (!req) return 0;
    // What ParseRequestBytes promises the handlers.
    if (req->path.empty() || req->path.front() != '/' || !xf::IsValidUtf8(req->path) ||
        req->path.find("/../") != std::string::npos || req->body.size() > options.max_upload_bytes) {
        fprintf(stderr, "bad request passed the parser: path=%s body=%zu\n", req->path.c_str(), req->body.size());
        __builtin_trap();
    }
    xf::http::Response res = env.router().Dispatch(*req);
    if (res.status < 100 || res.status > 599 || (res.status >= 500 && res.status != 503)) {
        fprintf(stderr, "%s %s -> %d\n%s\n", std::string(xf::http::MethodName(req->method)).c_str(),
                req->path.c_str(), res.status, res.body.c_str());
        __builtin_trap();
    }
    return 0;
}
