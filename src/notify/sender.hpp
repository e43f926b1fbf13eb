// OutboxSender: takes due messages from the outbox (leased to this sender), sends each through a Notifier and
// records the outcome — sent, retry later with back-off, or dead. Each database step is its own short
// transaction; none is held open across a network send. docs/notifications.md explains the guarantees.
#pragma once

#include <chrono>
#include <functional>
#include <stop_token>
#include <string>

#include "base/clock.hpp"
#include "base/error.hpp"
#include "domain/ports.hpp"
#include "notify/notifier.hpp"

namespace xf::notify {

struct SenderOptions {
    // Messages claimed per round. The lease of a round is batch × per_message_timeout + lease_slack, so a smaller
    // batch lets another sender take over sooner after a crash.
    int batch = 10;
    // The longest one Send() may take (the notifier's own timeout; give both the same value).
    std::chrono::seconds per_message_timeout{10};
    // Room for the database steps of a round; part of the lease.
    std::chrono::seconds lease_slack{30};
    // Fault injection for tests (XINFANG_FAULT): called after a successful send, before it is recorded.
    std::function<void(const OutboxMessage&)> after_send;
};

// What one round did.
struct SendRound {
    int claimed = 0;
    int sent = 0;
    int retrying = 0;    // failed transiently; pending again after OutboxBackoff(attempts)
    int dead = 0;        // failed permanently, or for the kOutboxMaxAttempts-th time
    int released = 0;    // claimed but not tried (stop requested, or the lease was running out); pending again now
    int lease_lost = 0;  // the outcome could not be recorded because the lease had passed to another sender
};

class OutboxSender {
  public:
    // Opens a sealed recipient (the FieldCipher's Decrypt); an error counts as a transient failure.
    using Unseal = std::function<Result<std::string>(const std::string& sealed)>;

    // owner: this sender's name in leases ("host:pid"), unique among running senders.
    OutboxSender(UnitOfWork& store, Notifier& notifier, const Clock& clock, Unseal unseal, std::string owner,
                 SenderOptions options = {});

    // Claims up to batch due messages and handles them one after another. An error means the database could not
    // be read or written; the messages of the round not yet recorded stay leased until their lease ends.
    [[nodiscard]] Result<SendRound> RunOnce(std::stop_token stop = {});

    // Runs rounds until `stop` is requested: at once again after a full round (a backlog), else after `interval`.
    // Returns after the round in progress, which releases the messages it has not tried.
    void RunLoop(std::stop_token stop, std::chrono::milliseconds interval);

    const std::string& owner() const { return owner_; }

  private:
    Status Record(const OutboxMessage& m, const Status& outcome, SendRound& round);
    Status Release(const OutboxMessage& m, const std::string& why, SendRound& round);

    UnitOfWork& store_;
    Notifier& notifier_;
    const Clock& clock_;
    Unseal unseal_;
    std::string owner_;
    SenderOptions options_;
};

}  // namespace xf::notify
