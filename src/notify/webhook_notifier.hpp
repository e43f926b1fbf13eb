// Sends each message as one HTTP POST of JSON to a configured URL: an SMS gateway's adapter or a messaging
// platform's incoming webhook. The contract a receiver must keep is in docs/notifications.md.
#pragma once

#include <chrono>
#include <string>

#include "notify/notifier.hpp"

namespace xf::notify {

struct WebhookOptions {
    std::string url;    // http:// or https://; redirects are not followed
    std::string token;  // when not empty: "Authorization: Bearer <token>"
    std::chrono::milliseconds connect_timeout{5000};
    std::chrono::milliseconds timeout{10000};  // the whole request, connecting included
};

// POST url with Content-Type application/json and "Idempotency-Key: <key>"; the body is
// {"key","channel":"sms"|"email","to","subject","body","topic"} (topic only when set). 2xx = sent.
class WebhookNotifier final : public Notifier {
  public:
    explicit WebhookNotifier(WebhookOptions options) : options_(std::move(options)) {}
    Status Send(const OutboundMessage& m) override;

  private:
    WebhookOptions options_;
};

// The JSON body WebhookNotifier posts for m.
std::string WebhookBody(const OutboundMessage& m);

// What the gateway's HTTP status means: 2xx Ok; 408, 429 and 5xx transient (kUnavailable); 401, 403, 404, 405 and
// 407 transient too — they say the configuration (token, URL, proxy) is wrong, not the message, so the backlog
// goes out once an operator fixes it; every other status (400, 413, 422, other 4xx, 1xx, 3xx) permanent
// (kInvalidArgument).
Status ClassifyHttpStatus(long status);

}  // namespace xf::notify
