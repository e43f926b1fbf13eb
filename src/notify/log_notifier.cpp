#include "notify/log_notifier.hpp"

#include <spdlog/spdlog.h>

#include "base/text.hpp"

namespace xf::notify {

Status LogNotifier::Send(const OutboundMessage& m) {
    spdlog::info("notify (log only) channel={} to={} key={} topic={} subject_chars={} body_chars={}",
                 NotifyChannelName(m.channel), MaskRecipient(m.channel, m.to), m.key, m.topic, Utf8Length(m.subject),
                 Utf8Length(m.body));
    return Ok();
}

}  // namespace xf::notify
