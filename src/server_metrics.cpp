#include "server_metrics.hpp"

#include <spdlog/spdlog.h>

#include <array>

#include "domain/org.hpp"
#include "metrics/process.hpp"

namespace xf {
namespace {

double Seconds(std::chrono::nanoseconds d) { return std::chrono::duration<double>(d).count(); }

constexpr std::array kOrgLevels = {OrgLevel::kNational, OrgLevel::kProvince, OrgLevel::kCity,
                                   OrgLevel::kCounty,   OrgLevel::kTownship, OrgLevel::kVillage};

}  // namespace

ServerMetrics::ServerMetrics(std::string version, bool sqlite) {
    auto& r = registry_;
    r.AddGauge("xinfang_build_info", "This build: always 1, the version in a label", {"version"})
        .With({std::move(version)})
        .Set(1);
    write_seconds_ = &r.AddHistogram("xinfang_db_write_seconds",
                                     "One write transaction as the request waited for it: queueing for the SQLite "
                                     "writer or a PostgreSQL connection, retries and the durable commit included",
                                     {}, metrics::LatencyBuckets())
                          .Get();
    auto& writes =
        r.AddCounter("xinfang_db_writes_total", "Write transactions, by result (committed, failed)", {"result"});
    writes_committed_ = &writes.With({"committed"});
    writes_failed_ = &writes.With({"failed"});
    if (sqlite) {
        group_commit_seconds_ = &r.AddHistogram("xinfang_sqlite_group_commit_seconds",
                                                "SQLite group transactions: BEGIN to the end of COMMIT, the fsync "
                                                "included",
                                                {}, metrics::LatencyBuckets())
                                     .Get();
        group_commit_items_ = &r.AddHistogram("xinfang_sqlite_group_commit_items",
                                              "Write transactions committed together by one SQLite group commit", {},
                                              metrics::ExponentialBuckets(1, 2, 9))
                                   .Get();
    }
}

void ServerMetrics::WriteFinished(std::chrono::nanoseconds elapsed, bool committed) {
    write_seconds_->Observe(Seconds(elapsed));
    (committed ? writes_committed_ : writes_failed_)->Inc();
}

void ServerMetrics::GroupCommitted(std::chrono::nanoseconds elapsed, size_t items) {
    if (!group_commit_seconds_) return;  // set once in the constructor
    group_commit_seconds_->Observe(Seconds(elapsed));
    group_commit_items_->Observe(static_cast<double>(items));
}

void ServerMetrics::Watch(UnitOfWork& store, UnitOfWork* replica, app::Services& services,
                          std::function<size_t()> render_queue_depth, const Clock& clock,
                          std::chrono::seconds refresh) {
    auto& r = registry_;
    const StoreStats first = store.Stats();

    if (first.writer) {  // SQLite: the writer thread
        auto& queue =
            r.AddGauge("xinfang_db_write_queue_depth", "Write transactions waiting for the SQLite writer thread").Get();
        auto& commits =
            r.AddCounter("xinfang_sqlite_commits_total", "SQLite group transactions, by result", {"result"});
        auto& checkpoints = r.AddCounter("xinfang_sqlite_wal_checkpoints_total",
                                         "WAL checkpoints by the writer thread: done (the -wal rewound), or "
                                         "waited_out (a reader held an old snapshot; retried later)",
                                         {"result"});
        auto& wal = r.AddGauge("xinfang_sqlite_wal_frames", "Pages in the WAL at the last checkpoint attempt").Get();
        auto& memory = r.AddGauge("xinfang_sqlite_memory_bytes", "Heap held by SQLite in this process").Get();
        r.AddCollector([&store, &queue, &commits, &checkpoints, &wal, &memory] {
            auto s = store.Stats();
            if (!s.writer) return;
            queue.Set(static_cast<double>(s.writer->queue_depth));
            commits.With({"committed"}).SetTotal(static_cast<double>(s.writer->commits));
            commits.With({"failed"}).SetTotal(static_cast<double>(s.writer->failed_commits));
            checkpoints.With({"done"}).SetTotal(static_cast<double>(s.writer->checkpoints));
            checkpoints.With({"waited_out"}).SetTotal(static_cast<double>(s.writer->checkpoints_waited_out));
            wal.Set(static_cast<double>(s.writer->wal_frames));
            memory.Set(static_cast<double>(s.writer->memory_bytes));
        });
    }
    if (first.pool) {  // PostgreSQL: the connection pool
        auto& conns = r.AddGauge("xinfang_db_pool_connections",
                                 "PostgreSQL connections of this server, by state (in_use, idle)", {"state"});
        auto& size = r.AddGauge("xinfang_db_pool_size", "Most PostgreSQL connections this server opens").Get();
        auto& waiting =
            r.AddGauge("xinfang_db_pool_waiting", "Requests waiting for a free PostgreSQL connection").Get();
        r.AddCollector([&store, &conns, &size, &waiting] {
            auto s = store.Stats();
            if (!s.pool) return;
            conns.With({"in_use"}).Set(static_cast<double>(s.pool->in_use));
            conns.With({"idle"}).Set(static_cast<double>(s.pool->open - s.pool->in_use));
            size.Set(static_cast<double>(s.pool->size));
            waiting.Set(static_cast<double>(s.pool->waiting));
        });
    }

    if (replica && replica->Stats().pool) {  // the standby's own pool: reports wait here, not on the primary's
        auto& conns = r.AddGauge("xinfang_db_replica_pool_connections",
                                 "Connections of this server to the read-only standby (reports), by state", {"state"});
        auto& size = r.AddGauge("xinfang_db_replica_pool_size", "Most standby connections this server opens").Get();
        auto& waiting =
            r.AddGauge("xinfang_db_replica_pool_waiting", "Reports waiting for a free standby connection").Get();
        r.AddCollector([replica, &conns, &size, &waiting] {
            auto s = replica->Stats();
            if (!s.pool) return;
            conns.With({"in_use"}).Set(static_cast<double>(s.pool->in_use));
            conns.With({"idle"}).Set(static_cast<double>(s.pool->open - s.pool->in_use));
            size.Set(static_cast<double>(s.pool->size));
            waiting.Set(static_cast<double>(s.pool->waiting));
        });
    }

    if (render_queue_depth) {
        auto& render = r.AddGauge("xinfang_render_queue_depth", "PDF documents waiting for a layout thread").Get();
        r.AddCollector([&render, depth = std::move(render_queue_depth)] { render.Set(static_cast<double>(depth())); });
    }

    overdue_ = &r.AddGauge("xinfang_overdue_cases",
                           "Open cases past a legal deadline (a running duty clock due before today, China time), by "
                           "the level of the org holding them; recounted at most every [metrics] refresh_seconds",
                           {"level"});
    outbox_ =
        &r.AddGauge("xinfang_outbox_messages",
                    "Notifications in the outbox by status: pending (not yet sent), dead (given up), sent", {"status"});
    outbox_oldest_age_ = &r.AddGauge("xinfang_outbox_oldest_pending_age_seconds",
                                     "Age of the oldest notification not yet sent (0 when none)")
                              .Get();
    figures_time_ = &r.AddGauge("xinfang_operational_figures_timestamp_seconds",
                                "When the overdue and outbox figures were last counted (Unix time)")
                         .Get();
    figures_errors_ = &r.AddCounter("xinfang_operational_figures_errors_total",
                                    "Recounts of the overdue and outbox figures that failed (the old figures stay)")
                           .Get();
    job_last_start_ = &r.AddGauge("xinfang_job_last_start_timestamp_seconds",
                                  "When each scheduled job last started, on any app server (Unix time; 0: never)",
                                  {"job"});
    job_last_duration_ = &r.AddGauge("xinfang_job_last_duration_seconds",
                                     "How long each scheduled job's last finished run took", {"job"});
    job_last_ok_ = &r.AddGauge("xinfang_job_last_success",
                               "1 if each scheduled job's last finished run succeeded, 0 if it failed or never ran",
                               {"job"});
    job_running_ = &r.AddGauge("xinfang_job_running",
                               "1 while a scheduled job's run has started and not finished (or was cut off)", {"job"});
    job_next_ = &r.AddGauge("xinfang_job_next_run_timestamp_seconds",
                            "When each scheduled job may next run (Unix time)", {"job"});
    for (OrgLevel level : kOrgLevels) overdue_->With({std::string(OrgLevelName(level))});
    r.AddCollector([this, &services, &clock, refresh] { RefreshOperationalFigures(services, clock, refresh); });

    auto& rss = r.AddGauge("process_resident_memory_bytes", "Resident memory of this process").Get();
    auto& vsize = r.AddGauge("process_virtual_memory_bytes", "Virtual memory of this process").Get();
    auto& fds = r.AddGauge("process_open_fds", "Open file descriptors").Get();
    auto& max_fds = r.AddGauge("process_max_fds", "The open file descriptor limit (soft RLIMIT_NOFILE)").Get();
    auto& start = r.AddGauge("process_start_time_seconds", "When this process started (Unix time)").Get();
    auto& cpu = r.AddCounter("process_cpu_seconds_total", "CPU time used, user and system").Get();
    auto& threads = r.AddGauge("process_threads", "Threads of this process").Get();
    r.AddCollector([&rss, &vsize, &fds, &max_fds, &start, &cpu, &threads] {
        auto p = metrics::ReadProcessStats();
        if (!p) return;
        rss.Set(static_cast<double>(p->resident_bytes));
        vsize.Set(static_cast<double>(p->virtual_bytes));
        fds.Set(static_cast<double>(p->open_fds));
        max_fds.Set(static_cast<double>(p->max_fds));
        start.Set(p->start_time_seconds);
        cpu.SetTotal(p->cpu_seconds);
        threads.Set(static_cast<double>(p->threads));
    });
}

void ServerMetrics::RefreshOperationalFigures(app::Services& services, const Clock& clock,
                                              std::chrono::seconds refresh) {
    std::lock_guard lock(refresh_mu_);
    const Instant now = clock.Now();
    auto age = [&] {  // moves between recounts too
        outbox_oldest_age_->Set(oldest_pending_ ? static_cast<double>((now - *oldest_pending_).count()) : 0.0);
    };
    if (refreshed_at_ && now - *refreshed_at_ < refresh) return age();
    auto f = services.CollectOperationalFigures();
    if (!f) {
        figures_errors_->Inc();
        spdlog::warn("metrics: counting overdue cases and the outbox failed: {}", f.error().message);
        refreshed_at_ = now;  // try again after `refresh`, not at every scrape
        return age();
    }
    refreshed_at_ = now;
    for (OrgLevel level : kOrgLevels) {
        std::string name(OrgLevelName(level));
        int64_t n = 0;
        for (const auto& row : f->overdue_by_level)
            if (row.key == name) n = row.batches;
        overdue_->With({name}).Set(static_cast<double>(n));
    }
    outbox_->With({"pending"}).Set(static_cast<double>(f->outbox.pending));
    outbox_->With({"dead"}).Set(static_cast<double>(f->outbox.dead));
    outbox_->With({"sent"}).Set(static_cast<double>(f->outbox.sent));
    oldest_pending_ = f->outbox.pending > 0 ? f->outbox.oldest_pending : std::nullopt;
    auto unix = [](Instant t) { return static_cast<double>(t.time_since_epoch().count()); };
    for (const auto& job : f->jobs) {
        const auto& st = job.status;
        const bool finished = st && st->last_finished_at && st->last_started_at &&
                              *st->last_finished_at >= *st->last_started_at;
        job_last_start_->With({job.name}).Set(st && st->last_started_at ? unix(*st->last_started_at) : 0.0);
        job_last_duration_->With({job.name})
            .Set(finished ? static_cast<double>((*st->last_finished_at - *st->last_started_at).count()) : 0.0);
        job_last_ok_->With({job.name}).Set(finished && !st->last_result.starts_with("error") ? 1.0 : 0.0);
        job_running_->With({job.name}).Set(st && st->last_started_at && !finished ? 1.0 : 0.0);
        job_next_->With({job.name}).Set(st ? unix(st->next_run_at) : 0.0);
    }
    age();
    figures_time_->Set(static_cast<double>(now.time_since_epoch().count()));
}

}  // namespace xf
