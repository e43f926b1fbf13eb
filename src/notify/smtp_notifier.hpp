// Sends e-mail messages through an SMTP server with libcurl: smtps://, or smtp:// with STARTTLS when the server
// offers it (required when a username is set and the server is not on this machine).
#pragma once

#include <chrono>
#include <string>

#include "base/clock.hpp"
#include "notify/mail_format.hpp"
#include "notify/notifier.hpp"

namespace xf::notify {

struct SmtpOptions {
    std::string url;                 // smtp://host:587 or smtps://host:465
    Mailbox from;                    // envelope MAIL FROM and the From header
    std::string username, password;  // AUTH when username is not empty
    std::chrono::milliseconds connect_timeout{5000};
    std::chrono::milliseconds timeout{10000};
};

// Only kEmail messages: an SMS given to it is a permanent error (use RoutingNotifier to split channels).
// Message-ID is "<key@xinfang>" (mail_format.hpp), so a repeat after a lost answer carries the same ID.
// Failures: a malformed recipient or an SMTP 5xx reply (mailbox unknown, message refused) is permanent; a 4xx
// reply, no connection, a timeout or a refused log-in (a configuration error an operator can fix) is transient.
class SmtpNotifier final : public Notifier {
  public:
    SmtpNotifier(SmtpOptions options, const Clock& clock) : options_(std::move(options)), clock_(clock) {}
    Status Send(const OutboundMessage& m) override;

  private:
    SmtpOptions options_;
    const Clock& clock_;
};

// Whether smtp:// must switch to TLS (STARTTLS) before going on: when a password would be sent and the server is
// not on this machine (127.x, localhost, [::1]). smtps:// is always TLS.
bool SmtpRequiresTls(const SmtpOptions& options);

}  // namespace xf::notify
