// The Notifier port: sends one outgoing message (短信/邮件) to one recipient. Implementations: LogNotifier (the
// default, writes a log line), WebhookNotifier (HTTP POST to an SMS gateway or messaging platform), SmtpNotifier
// (e-mail) and RoutingNotifier (one notifier per channel). Used by OutboxSender; see docs/notifications.md.
#pragma once

#include <string>
#include <string_view>

#include "base/error.hpp"
#include "domain/outbox.hpp"

namespace xf::notify {

struct OutboundMessage {
    std::string key;  // the outbox idempotency key: sent along (Idempotency-Key, Message-ID) so repeats can be dropped
    NotifyChannel channel = NotifyChannel::kSms;
    std::string to;       // phone number or e-mail address, in clear
    std::string subject;  // e-mail subject (SMS: empty)
    std::string body;
    std::string topic;  // "petition.step", "portal.otp", … (may be empty)
};

// Send() reports failures as values, and their code says whether trying again can help:
//   kInvalidArgument / kFailedPrecondition — permanent: this message can never be delivered as it is (malformed
//       address, rejected by the gateway for its content, a channel this notifier does not serve). Give up now.
//   anything else (normally kUnavailable) — transient: timeout, refused connection, 5xx, 408/429, SMTP 4xx, or a
//       configuration problem (bad credentials, wrong URL) that an operator can fix. Retry with back-off.
// A transient failure may still have been delivered (the answer was lost), so a retry can repeat a message; the
// key lets the receiving side drop that repeat.
class Notifier {
  public:
    virtual ~Notifier() = default;
    [[nodiscard]] virtual Status Send(const OutboundMessage& m) = 0;
};

inline bool IsPermanentSendError(const Error& e) {
    return e.code == ErrorCode::kInvalidArgument || e.code == ErrorCode::kFailedPrecondition;
}

// Masks for logs: "13812345678" → "138****5678"; "alice@example.com" → "a***@example.com" (the domain is kept,
// the local part keeps only its first character); "" → "". Never log the recipient unmasked.
std::string MaskEmail(std::string_view address);
std::string MaskRecipient(NotifyChannel channel, std::string_view to);

// A plausible single e-mail address "local@domain": both parts non-empty, one '@', no spaces, control characters,
// or the characters <>(),;:"[]\ that would change the SMTP envelope or a header.
bool IsPlausibleEmail(std::string_view address);

}  // namespace xf::notify
