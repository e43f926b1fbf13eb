// The default Notifier: sends nothing, writes one log line per message with the recipient masked. For a single
// office without an SMS gateway, for development, and for the demo.
#pragma once

#include "notify/notifier.hpp"

namespace xf::notify {

class LogNotifier final : public Notifier {
  public:
    // The line: "notify (log only) channel=sms to=138****5678 key=… topic=… subject_chars=N body_chars=N". Subject
    // and body are not written: they may hold a one-time code or a case's details.
    Status Send(const OutboundMessage& m) override;
};

}  // namespace xf::notify
