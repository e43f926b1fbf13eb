// Outgoing notifications (短信/邮件) kept in an outbox table, written in the same transaction as the event they
// announce and sent afterwards by a sender that retries with back-off. Pure types and rules; no I/O.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "base/date.hpp"

namespace xf {

enum class NotifyChannel { kSms, kEmail };
std::string_view NotifyChannelName(NotifyChannel c);
std::optional<NotifyChannel> ParseNotifyChannel(std::string_view s);

enum class OutboxStatus { kPending, kSent, kDead };
std::string_view OutboxStatusName(OutboxStatus s);

struct OutboxMessage {
    int64_t id = 0;
    std::string key;                 // idempotency key, unique; sent with the message so a gateway can drop repeats
    NotifyChannel channel = NotifyChannel::kSms;
    std::string recipient_sealed;    // phone number or e-mail address, sealed with the FieldCipher
    std::string subject;             // e-mail subject (SMS: empty)
    std::string body;
    std::string topic;               // what it announces: "petition.step", "portal.otp", "reception.booked", …
    Instant created_at{};
    OutboxStatus status = OutboxStatus::kPending;
    int attempts = 0;                // sends tried so far
    Instant next_attempt_at{};
    std::string last_error;
    std::optional<Instant> sent_at;
};

// Back-off after the n-th failed attempt (n ≥ 1): 30 s, 1 min, 2 min, … capped at 1 hour; after kMaxAttempts the
// message is given up (kDead) and shows in the console.
constexpr int kOutboxMaxAttempts = 12;
std::chrono::seconds OutboxBackoff(int failed_attempts);

}  // namespace xf
