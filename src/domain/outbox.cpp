#include "domain/outbox.hpp"

#include <algorithm>

namespace xf {

std::string_view NotifyChannelName(NotifyChannel c) {
    switch (c) {
        case NotifyChannel::kSms:
            return "sms";
        case NotifyChannel::kEmail:
            return "email";
    }
    return "sms";
}

std::optional<NotifyChannel> ParseNotifyChannel(std::string_view s) {
    if (s == "sms") return NotifyChannel::kSms;
    if (s == "email") return NotifyChannel::kEmail;
    return std::nullopt;
}

std::string_view OutboxStatusName(OutboxStatus s) {
    switch (s) {
        case OutboxStatus::kPending:
            return "pending";
        case OutboxStatus::kSent:
            return "sent";
        case OutboxStatus::kDead:
            return "dead";
    }
    return "pending";
}

std::chrono::seconds OutboxBackoff(int failed_attempts) {
    // 30 s doubled per further failure; the shift is bounded before it could overflow.
    constexpr std::chrono::seconds kFirst{30}, kCap{3600};
    int n = std::clamp(failed_attempts, 1, 16);
    return std::min(kCap, kFirst * (int64_t{1} << (n - 1)));
}

}  // namespace xf
