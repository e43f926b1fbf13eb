#include "notify/routing_notifier.hpp"

namespace xf::notify {

Status RoutingNotifier::Send(const OutboundMessage& m) {
    Notifier* target = m.channel == NotifyChannel::kEmail ? email_ : sms_;
    if (!target)
        return Fail(Error::FailedPrecondition(m.channel == NotifyChannel::kEmail ? "未启用邮件通知（[notify] email）"
                                                                                 : "未启用短信通知（[notify] sms）"));
    return target->Send(m);
}

}  // namespace xf::notify
