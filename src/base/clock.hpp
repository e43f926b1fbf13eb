// Time comes from an injected Clock so that deadlines and tests use fixed, controllable instants.
#pragma once

#include <atomic>
#include <chrono>

namespace xf {

using Instant = std::chrono::sys_seconds;

class Clock {
public:
    virtual ~Clock() = default;
    virtual Instant Now() const = 0;
};

class SystemClock final : public Clock {
public:
    Instant Now() const override {
        return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
    }
};

// A clock that only moves when told to; for tests and for replaying demo data.
class FakeClock final : public Clock {
public:
    explicit FakeClock(Instant start) : now_(start.time_since_epoch().count()) {}
    Instant Now() const override { return Instant(std::chrono::seconds(now_.load())); }
    void Set(Instant t) { now_ = t.time_since_epoch().count(); }
    void Advance(std::chrono::seconds d) { now_ += d.count(); }

private:
    std::atomic<long long> now_;
};

}  // namespace xf
