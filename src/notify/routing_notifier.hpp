// Hands each message to the notifier configured for its channel (短信 → gateway, 邮件 → SMTP, or the log).
#pragma once

#include "notify/notifier.hpp"

namespace xf::notify {

class RoutingNotifier final : public Notifier {
  public:
    // Either may be null: that channel is switched off, and its messages fail permanently ("未启用…通知").
    // The notifiers must outlive this object.
    RoutingNotifier(Notifier* sms, Notifier* email) : sms_(sms), email_(email) {}
    Status Send(const OutboundMessage& m) override;

  private:
    Notifier* sms_;
    Notifier* email_;
};

}  // namespace xf::notify
