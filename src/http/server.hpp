// HTTP/1.1 server: Beast sessions on a few I/O threads, handlers on a separate worker pool so a handler
// blocked on the database never stalls I/O. This header is Beast-free; the implementation is in server.cpp.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/error.hpp"
#include "http/request.hpp"

namespace xf::http {

namespace detail {
struct ServerImpl;
}  // namespace detail

// What the server reports after writing each response, for request metrics (http/ops.hpp).
struct CompletedRequest {
    std::string_view method;  // "GET", …; "OTHER" for a method the router does not know
    std::string_view route;   // Request::route as the router set it; "" when the request never reached the router
                              // (malformed, too large, a bad target)
    int status = 0;
    std::chrono::nanoseconds elapsed{};  // from the request's header read to its response written
    bool written = true;                 // false: the peer went away before the response was written
};

struct ServerOptions {
    std::string host = "127.0.0.1";
    uint16_t port = 8080;  // 0 = ephemeral; see Server::Port()
    int io_threads = 2;
    int worker_threads = 32;
    size_t max_body_bytes = 1 << 20;          // larger bodies get 413 without reaching the handler
    // File uploads (POST to a path ending in one of `upload_path_suffixes`) may be this large instead.
    size_t max_upload_bytes = 25u << 20;
    std::vector<std::string> upload_path_suffixes = {"/attachments"};
    std::chrono::seconds read_timeout{30};    // per request read, including keep-alive idle time
    std::chrono::seconds shutdown_grace{10};  // Stop() waits this long for in-flight requests
    // Peers (the load balancer) whose X-Forwarded-For is believed: for their requests the client address is the
    // last address in that header (the one the proxy appended). Empty: the TCP peer is the client.
    std::vector<std::string> trusted_proxies;
    // Called on an I/O thread after each response (keep it cheap and thread-safe); may be empty.
    std::function<void(const CompletedRequest&)> on_complete;
};

// One HTTP/1.x request read from `raw` as a connection reads it (header limit 16 KiB, the body limits of
// `options` with the upload rule, Content-Length and chunked bodies) and converted as the handlers see it (headers
// lower-cased, request id, target → path + query, remote address 127.0.0.1). Bytes after the request are ignored.
// Errors: kResourceExhausted for the limits (the server answers 413 / 431), kInvalidArgument for a malformed or
// truncated request or target. Used by the fuzz target tests/fuzz/http_request_fuzz.cpp and the tests.
Result<Request> ParseRequestBytes(std::string_view raw, const ServerOptions& options = {});

class Server {
  public:
    Server(ServerOptions options, Handler handler);  // handler is usually the router's Dispatch
    ~Server();                                       // calls Stop()
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Binds and listens, then starts the I/O threads and the worker pool. kUnavailable if the address
    // cannot be resolved or bound; kFailedPrecondition if already started.
    Status Start();
    // The bound port (useful with port 0); 0 before Start().
    uint16_t Port() const;
    // Graceful: stop accepting, close idle connections, let in-flight requests finish and be written
    // (up to shutdown_grace; after that connections are dropped), then join all threads. Idempotent and
    // thread-safe, but must not be called from a handler (it waits for handlers to return).
    void Stop();
    // Blocks until Stop() has completed (returns at once if never started).
    void Wait();

  private:
    std::unique_ptr<detail::ServerImpl> impl_;
};

}  // namespace xf::http
