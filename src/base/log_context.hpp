// The request id of the work this thread is doing now, so that every log line written while handling a request
// carries it (src/logging adds it to each line). Set by the HTTP server around a handler; std only.
#pragma once

#include <string_view>

namespace xf::log {

// "" when the thread is not handling a request.
std::string_view CurrentRequestId();

// Sets the thread's request id for its lifetime and restores the previous one after. `id` must outlive the scope.
class ScopedRequestId {
  public:
    explicit ScopedRequestId(std::string_view id);
    ~ScopedRequestId();
    ScopedRequestId(const ScopedRequestId&) = delete;
    ScopedRequestId& operator=(const ScopedRequestId&) = delete;

  private:
    std::string_view previous_;
};

}  // namespace xf::log
