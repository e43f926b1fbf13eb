// The metrics of one `xinfang serve` process (docs/operations.md, "Metrics"): main.cpp's wiring of what each layer
// reports — the store through StoreObserver and StoreStats, the services' operational figures, the PDF renderer's
// queue, /proc — to one metrics::Registry. HTTP request metrics are recorded by http::HttpMetrics on the same
// registry. No layer below knows the Prometheus format.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "app/services.hpp"
#include "base/clock.hpp"
#include "domain/ports.hpp"
#include "metrics/registry.hpp"

namespace xf {

class ServerMetrics final : public StoreObserver {
  public:
    // `version`: this build's (xinfang_build_info). `sqlite`: the store is SQLite (its group-commit histograms exist
    // before the store is opened, since the store reports from its first commit on).
    ServerMetrics(std::string version, bool sqlite);

    metrics::Registry& registry() { return registry_; }

    // StoreObserver: called by the store on its own threads.
    void WriteFinished(std::chrono::nanoseconds elapsed, bool committed) override;
    void GroupCommitted(std::chrono::nanoseconds elapsed, size_t items) override;

    // Once the store and the services are open: adds the collectors run at each scrape. The overdue and outbox
    // figures cost a query each, so they are recounted at most every `refresh` (`clock` decides when). Everything
    // passed must outlive the registry's scrapes (i.e. the HTTP server).
    // `replica`: the read-only standby that serves reports (--db-replica), or nullptr.
    void Watch(UnitOfWork& store, UnitOfWork* replica, app::Services& services,
               std::function<size_t()> render_queue_depth, const Clock& clock, std::chrono::seconds refresh);

  private:
    void RefreshOperationalFigures(app::Services& services, const Clock& clock, std::chrono::seconds refresh);

    metrics::Registry registry_;
    // Children made once, so the store's threads only touch atomics.
    metrics::Histogram* write_seconds_ = nullptr;
    metrics::Counter* writes_committed_ = nullptr;
    metrics::Counter* writes_failed_ = nullptr;
    metrics::Histogram* group_commit_seconds_ = nullptr;
    metrics::Histogram* group_commit_items_ = nullptr;
    // Operational figures, set by RefreshOperationalFigures.
    metrics::Family<metrics::Gauge>* overdue_ = nullptr;
    metrics::Family<metrics::Gauge>* outbox_ = nullptr;
    metrics::Family<metrics::Gauge>* job_last_start_ = nullptr;
    metrics::Family<metrics::Gauge>* job_last_duration_ = nullptr;
    metrics::Family<metrics::Gauge>* job_last_ok_ = nullptr;
    metrics::Family<metrics::Gauge>* job_running_ = nullptr;
    metrics::Family<metrics::Gauge>* job_next_ = nullptr;
    metrics::Gauge* outbox_oldest_age_ = nullptr;
    metrics::Gauge* figures_time_ = nullptr;
    metrics::Counter* figures_errors_ = nullptr;

    std::mutex refresh_mu_;  // one recount at a time
    std::optional<Instant> refreshed_at_;
    std::optional<Instant> oldest_pending_;
};

}  // namespace xf
