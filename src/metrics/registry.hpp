// A small metrics registry: counters, gauges and histograms, each in a family with fixed label names, rendered in
// the Prometheus text exposition format 0.0.4 (docs/operations.md). No singleton: main.cpp owns one Registry and
// hands its families to whoever records. Updates are atomics (no lock); finding a labelled child takes a shared
// lock, creating one an exclusive lock. Nothing here knows what is measured.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace xf::metrics {

// "text/plain; version=0.0.4; charset=utf-8"
inline constexpr std::string_view kTextContentType = "text/plain; version=0.0.4; charset=utf-8";

// A value that only goes up (requests served, commits). Inc with a negative amount is ignored.
class Counter {
  public:
    void Inc(double amount = 1.0);
    // For a total kept elsewhere and copied at scrape time (a store's commit count, CPU seconds): it must only grow.
    void SetTotal(double total) { value_.store(total, std::memory_order_relaxed); }
    double Value() const { return value_.load(std::memory_order_relaxed); }

  private:
    std::atomic<double> value_{0.0};
};

// A value that goes up and down (queue depth, bytes in use).
class Gauge {
  public:
    void Set(double v) { value_.store(v, std::memory_order_relaxed); }
    void Inc(double amount = 1.0) { value_.fetch_add(amount, std::memory_order_relaxed); }
    void Dec(double amount = 1.0) { value_.fetch_sub(amount, std::memory_order_relaxed); }
    double Value() const { return value_.load(std::memory_order_relaxed); }

  private:
    std::atomic<double> value_{0.0};
};

// Observations counted into buckets with inclusive upper bounds (Prometheus `le`), plus their sum and count.
// The +Inf bucket is implicit. A NaN observation is ignored.
class Histogram {
  public:
    // `upper_bounds`: finite, strictly increasing; throws std::logic_error otherwise (a programming error).
    explicit Histogram(std::vector<double> upper_bounds);

    void Observe(double v);

    struct Snapshot {
        std::vector<double> upper_bounds;  // finite bounds, as given
        std::vector<uint64_t> cumulative;  // upper_bounds.size() + 1 entries; the last is the +Inf bucket == count
        double sum = 0;
        uint64_t count = 0;
    };
    // A scrape may run while observations arrive: each bucket is read once, and count is derived from them so that
    // the +Inf bucket always equals count (sum may include an observation a bucket does not yet show).
    Snapshot Snap() const;
    const std::vector<double>& upper_bounds() const { return bounds_; }

  private:
    std::vector<double> bounds_;
    std::unique_ptr<std::atomic<uint64_t>[]> counts_;  // per bucket (not cumulative), bounds_.size() + 1
    std::atomic<double> sum_{0.0};
};

// Bucket bound helpers. `count` bounds: start, start*factor, … / start, start+width, ….
std::vector<double> ExponentialBuckets(double start, double factor, int count);
std::vector<double> LinearBuckets(double start, double width, int count);
// Seconds, for request and transaction latencies: 1 ms … 10 s.
std::vector<double> LatencyBuckets();

enum class Type { kCounter, kGauge, kHistogram };

// Base of the families; Render appends the family in text format.
class FamilyBase {
  public:
    virtual ~FamilyBase() = default;
    const std::string& name() const { return name_; }
    virtual void Render(std::string& out) const = 0;

  protected:
    FamilyBase(std::string name, std::string help, std::vector<std::string> label_names, Type type);
    void RenderHeader(std::string& out) const;
    // `{a="x",b="y"` (without the closing brace; nothing when there are no labels and no extra label).
    void AppendLabels(std::string& out, const std::vector<std::string>& values, std::string_view extra_name = {},
                      std::string_view extra_value = {}) const;

    std::string name_, help_;
    std::vector<std::string> label_names_;
    Type type_;
};

// The children of one metric name, one per combination of label values (in label_names order). A child, once
// made, lives as long as the registry, so a caller may keep the reference.
template <class M>
class Family final : public FamilyBase {
  public:
    using Factory = std::function<std::unique_ptr<M>()>;
    Family(std::string name, std::string help, std::vector<std::string> label_names, Type type, Factory make)
        : FamilyBase(std::move(name), std::move(help), std::move(label_names), type), make_(std::move(make)) {}

    // The child for these label values (as many as label names; throws std::logic_error otherwise).
    M& With(const std::vector<std::string>& values);
    // The only child of a family without labels.
    M& Get() { return With({}); }

    void Render(std::string& out) const override;

  private:
    Factory make_;
    mutable std::shared_mutex mu_;
    std::map<std::vector<std::string>, std::unique_ptr<M>> children_;
};

class Registry {
  public:
    Registry() = default;
    Registry(const Registry&) = delete;
    Registry& operator=(const Registry&) = delete;

    // Names follow Prometheus ([a-zA-Z_:][a-zA-Z0-9_:]*; labels [a-zA-Z_][a-zA-Z0-9_]*, not "le" nor "__…");
    // a bad or repeated name throws std::logic_error (a programming error caught at start-up, like Router::Add).
    Family<Counter>& AddCounter(std::string name, std::string help, std::vector<std::string> label_names = {});
    Family<Gauge>& AddGauge(std::string name, std::string help, std::vector<std::string> label_names = {});
    Family<Histogram>& AddHistogram(std::string name, std::string help, std::vector<std::string> label_names,
                                    std::vector<double> upper_bounds);

    // Runs before every Render, in the order added: the place to set gauges read at scrape time (queue depths,
    // memory). Called from the scraping thread; must be thread-safe against the rest of the program.
    void AddCollector(std::function<void()> collect);

    // Every family, in the order added, in the text exposition format. Runs the collectors first; concurrent
    // Render calls run one at a time.
    std::string Render() const;

  private:
    template <class M>
    Family<M>& Add(std::string name, std::string help, std::vector<std::string> label_names, Type type,
                   typename Family<M>::Factory make);

    mutable std::mutex render_mu_;  // collectors run one scrape at a time
    mutable std::mutex mu_;         // families_, collectors_
    std::vector<std::unique_ptr<FamilyBase>> families_;
    std::vector<std::function<void()>> collectors_;
};

// Text-format helpers, exposed for the tests.
std::string EscapeLabelValue(std::string_view v);  // \ → \\, " → \", newline → \n
std::string EscapeHelp(std::string_view v);        // \ → \\, newline → \n
std::string FormatValue(double v);                 // shortest round-trip form; +Inf, -Inf, NaN
bool IsValidMetricName(std::string_view name);
bool IsValidLabelName(std::string_view name);

// ---------------------------------------------------------------------------------------------------------------

template <>
void Family<Counter>::Render(std::string& out) const;
template <>
void Family<Gauge>::Render(std::string& out) const;
template <>
void Family<Histogram>::Render(std::string& out) const;

template <class M>
M& Family<M>::With(const std::vector<std::string>& values) {
    {
        std::shared_lock lock(mu_);
        auto it = children_.find(values);
        if (it != children_.end()) return *it->second;
    }
    if (values.size() != label_names_.size())
        throw std::logic_error("metric " + name_ + ": " + std::to_string(values.size()) + " label values for " +
                               std::to_string(label_names_.size()) + " labels");
    std::unique_lock lock(mu_);
    auto& slot = children_[values];
    if (!slot) slot = make_();
    return *slot;
}

}  // namespace xf::metrics
