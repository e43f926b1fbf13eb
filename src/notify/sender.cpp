#include "notify/sender.hpp"

#include <spdlog/spdlog.h>

#include <condition_variable>
#include <mutex>

namespace xf::notify {

OutboxSender::OutboxSender(UnitOfWork& store, Notifier& notifier, const Clock& clock, Unseal unseal, std::string owner,
                           SenderOptions options)
    : store_(store),
      notifier_(notifier),
      clock_(clock),
      unseal_(std::move(unseal)),
      owner_(std::move(owner)),
      options_(std::move(options)) {
    if (options_.batch < 1) options_.batch = 1;
}

Result<SendRound> OutboxSender::RunOnce(std::stop_token stop) {
    SendRound round;
    Instant now = clock_.Now();
    Instant lease_until = now + options_.batch * options_.per_message_timeout + options_.lease_slack;
    std::vector<OutboxMessage> claimed;
    XF_TRY(store_.Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(claimed, tx.outbox().ClaimDue(owner_, now, lease_until, options_.batch));
        return Ok();
    }));
    round.claimed = static_cast<int>(claimed.size());
    for (const auto& m : claimed) {
        if (stop.stop_requested()) {
            XF_TRY(Release(m, "发送程序停止，未发送", round));
            continue;
        }
        // A send that could outlast the lease might overlap another sender's claim of the same message.
        if (clock_.Now() + options_.per_message_timeout > lease_until) {
            XF_TRY(Release(m, "本轮租约将到期，未发送", round));
            continue;
        }
        Status outcome;
        if (auto to = unseal_(m.recipient_sealed); !to) {
            outcome = Fail(Error::Unavailable("收件人解密失败（密钥是否一致？）：" + to.error().message));
        } else {
            OutboundMessage out{m.key, m.channel, std::move(*to), m.subject, m.body, m.topic};
            outcome = notifier_.Send(out);
            if (outcome && options_.after_send) options_.after_send(m);
        }
        XF_TRY(Record(m, outcome, round));
    }
    return round;
}

Status OutboxSender::Record(const OutboxMessage& m, const Status& outcome, SendRound& round) {
    Instant now = clock_.Now();
    bool held = false;
    bool dead = false;
    if (outcome) {
        XF_TRY(store_.Write([&](Transaction& tx) -> Status {
            XF_ASSIGN_OR_RETURN(held, tx.outbox().MarkSent(m.id, owner_, now));
            return Ok();
        }));
    } else {
        dead = IsPermanentSendError(outcome.error()) || m.attempts >= kOutboxMaxAttempts;
        Instant next = now + OutboxBackoff(std::max(1, m.attempts));
        XF_TRY(store_.Write([&](Transaction& tx) -> Status {
            XF_ASSIGN_OR_RETURN(held, tx.outbox().MarkFailed(m.id, owner_, outcome.error().message, next, dead));
            return Ok();
        }));
    }
    if (!held) {
        ++round.lease_lost;
        spdlog::warn(
            "outbox id={} key={}: lease passed to another sender before the outcome was recorded; the "
            "message may be sent twice (same key)",
            m.id, m.key);
        return Ok();
    }
    if (outcome) {
        ++round.sent;
        spdlog::debug("outbox sent id={} key={} channel={} attempt={}", m.id, m.key, NotifyChannelName(m.channel),
                      m.attempts);
    } else if (dead) {
        ++round.dead;
        spdlog::warn("outbox gave up id={} key={} channel={} attempt={}: {}", m.id, m.key, NotifyChannelName(m.channel),
                     m.attempts, outcome.error().message);
    } else {
        ++round.retrying;
        spdlog::info("outbox send failed id={} key={} channel={} attempt={}, retry in {} s: {}", m.id, m.key,
                     NotifyChannelName(m.channel), m.attempts, OutboxBackoff(std::max(1, m.attempts)).count(),
                     outcome.error().message);
    }
    return Ok();
}

Status OutboxSender::Release(const OutboxMessage& m, const std::string& why, SendRound& round) {
    bool held = false;
    Instant now = clock_.Now();
    XF_TRY(store_.Write([&](Transaction& tx) -> Status {
        XF_ASSIGN_OR_RETURN(held, tx.outbox().MarkFailed(m.id, owner_, why, now, false));
        return Ok();
    }));
    if (held)
        ++round.released;
    else
        ++round.lease_lost;
    return Ok();
}

void OutboxSender::RunLoop(std::stop_token stop, std::chrono::milliseconds interval) {
    std::mutex mu;
    std::condition_variable_any cv;
    while (!stop.stop_requested()) {
        auto r = RunOnce(stop);
        if (!r) {
            spdlog::warn("outbox sender: {}", r.error().message);
        } else {
            if (r->claimed > 0)
                spdlog::info("outbox round: claimed={} sent={} retrying={} dead={} released={} lease_lost={}",
                             r->claimed, r->sent, r->retrying, r->dead, r->released, r->lease_lost);
            if (r->claimed == options_.batch && r->released == 0) continue;  // more are probably waiting
        }
        std::unique_lock lock(mu);
        cv.wait_for(lock, stop, interval, [] { return false; });
    }
}

}  // namespace xf::notify
