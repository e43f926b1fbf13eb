#include "metrics/registry.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace xf::metrics {

void Counter::Inc(double amount) {
    if (!(amount >= 0)) return;  // also NaN
    value_.fetch_add(amount, std::memory_order_relaxed);
}

Histogram::Histogram(std::vector<double> upper_bounds) : bounds_(std::move(upper_bounds)) {
    for (size_t i = 0; i < bounds_.size(); ++i) {
        if (!std::isfinite(bounds_[i]) || (i > 0 && bounds_[i] <= bounds_[i - 1]))
            throw std::logic_error("histogram bounds must be finite and strictly increasing");
    }
    counts_ = std::make_unique<std::atomic<uint64_t>[]>(bounds_.size() + 1);
    for (size_t i = 0; i <= bounds_.size(); ++i) counts_[i].store(0, std::memory_order_relaxed);
}

void Histogram::Observe(double v) {
    if (std::isnan(v)) return;
    // The first bucket whose upper bound is >= v (bounds are inclusive); past the last: the +Inf bucket.
    size_t i = static_cast<size_t>(std::lower_bound(bounds_.begin(), bounds_.end(), v) - bounds_.begin());
    counts_[i].fetch_add(1, std::memory_order_relaxed);
    sum_.fetch_add(v, std::memory_order_relaxed);
}

Histogram::Snapshot Histogram::Snap() const {
    Snapshot s;
    s.upper_bounds = bounds_;
    s.cumulative.resize(bounds_.size() + 1);
    uint64_t running = 0;
    for (size_t i = 0; i <= bounds_.size(); ++i) {
        running += counts_[i].load(std::memory_order_relaxed);
        s.cumulative[i] = running;
    }
    s.count = running;
    s.sum = sum_.load(std::memory_order_relaxed);
    return s;
}

std::vector<double> ExponentialBuckets(double start, double factor, int count) {
    std::vector<double> out;
    double v = start;
    for (int i = 0; i < count; ++i, v *= factor) out.push_back(v);
    return out;
}

std::vector<double> LinearBuckets(double start, double width, int count) {
    std::vector<double> out;
    for (int i = 0; i < count; ++i) out.push_back(start + width * i);
    return out;
}

std::vector<double> LatencyBuckets() {
    return {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

std::string EscapeLabelValue(std::string_view v) {
    std::string out;
    out.reserve(v.size());
    for (char c : v) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '"')
            out += "\\\"";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

std::string EscapeHelp(std::string_view v) {
    std::string out;
    out.reserve(v.size());
    for (char c : v) {
        if (c == '\\')
            out += "\\\\";
        else if (c == '\n')
            out += "\\n";
        else
            out += c;
    }
    return out;
}

std::string FormatValue(double v) {
    if (std::isnan(v)) return "NaN";
    if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
    return fmt::format("{}", v);
}

namespace {

bool NameChar(char c, bool first, bool colon) {
    bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (colon && c == ':');
    return alpha || (!first && c >= '0' && c <= '9');
}

std::string_view TypeName(Type t) {
    switch (t) {
        case Type::kCounter:
            return "counter";
        case Type::kGauge:
            return "gauge";
        case Type::kHistogram:
            return "histogram";
    }
    return "untyped";
}

}  // namespace

bool IsValidMetricName(std::string_view name) {
    if (name.empty()) return false;
    for (size_t i = 0; i < name.size(); ++i)
        if (!NameChar(name[i], i == 0, true)) return false;
    return true;
}

bool IsValidLabelName(std::string_view name) {
    if (name.empty() || name.starts_with("__")) return false;
    for (size_t i = 0; i < name.size(); ++i)
        if (!NameChar(name[i], i == 0, false)) return false;
    return true;
}

FamilyBase::FamilyBase(std::string name, std::string help, std::vector<std::string> label_names, Type type)
    : name_(std::move(name)), help_(std::move(help)), label_names_(std::move(label_names)), type_(type) {
    if (!IsValidMetricName(name_)) throw std::logic_error("bad metric name: " + name_);
    for (size_t i = 0; i < label_names_.size(); ++i) {
        const auto& l = label_names_[i];
        if (!IsValidLabelName(l) || (type_ == Type::kHistogram && l == "le"))
            throw std::logic_error("metric " + name_ + ": bad label name " + l);
        for (size_t j = 0; j < i; ++j)
            if (label_names_[j] == l) throw std::logic_error("metric " + name_ + ": label " + l + " twice");
    }
}

void FamilyBase::RenderHeader(std::string& out) const {
    out += "# HELP ";
    out += name_;
    out += ' ';
    out += EscapeHelp(help_);
    out += "\n# TYPE ";
    out += name_;
    out += ' ';
    out += TypeName(type_);
    out += '\n';
}

void FamilyBase::AppendLabels(std::string& out, const std::vector<std::string>& values, std::string_view extra_name,
                              std::string_view extra_value) const {
    if (values.empty() && extra_name.empty()) return;
    out += '{';
    bool first = true;
    auto add = [&](std::string_view name, std::string_view value) {
        if (!first) out += ',';
        first = false;
        out += name;
        out += "=\"";
        out += EscapeLabelValue(value);
        out += '"';
    };
    for (size_t i = 0; i < values.size(); ++i) add(label_names_[i], values[i]);
    if (!extra_name.empty()) add(extra_name, extra_value);
}

template <>
void Family<Counter>::Render(std::string& out) const {
    RenderHeader(out);
    std::shared_lock lock(mu_);
    for (const auto& [values, c] : children_) {
        out += name_;
        AppendLabels(out, values);
        if (!values.empty()) out += '}';
        out += ' ';
        out += FormatValue(c->Value());
        out += '\n';
    }
}

template <>
void Family<Gauge>::Render(std::string& out) const {
    RenderHeader(out);
    std::shared_lock lock(mu_);
    for (const auto& [values, g] : children_) {
        out += name_;
        AppendLabels(out, values);
        if (!values.empty()) out += '}';
        out += ' ';
        out += FormatValue(g->Value());
        out += '\n';
    }
}

template <>
void Family<Histogram>::Render(std::string& out) const {
    RenderHeader(out);
    std::shared_lock lock(mu_);
    for (const auto& [values, h] : children_) {
        auto s = h->Snap();
        for (size_t i = 0; i <= s.upper_bounds.size(); ++i) {
            out += name_;
            out += "_bucket";
            AppendLabels(out, values, "le", i < s.upper_bounds.size() ? FormatValue(s.upper_bounds[i]) : "+Inf");
            out += "} ";
            out += std::to_string(s.cumulative[i]);
            out += '\n';
        }
        out += name_;
        out += "_sum";
        AppendLabels(out, values);
        if (!values.empty()) out += '}';
        out += ' ';
        out += FormatValue(s.sum);
        out += '\n';
        out += name_;
        out += "_count";
        AppendLabels(out, values);
        if (!values.empty()) out += '}';
        out += ' ';
        out += std::to_string(s.count);
        out += '\n';
    }
}

template <class M>
Family<M>& Registry::Add(std::string name, std::string help, std::vector<std::string> label_names, Type type,
                         typename Family<M>::Factory make) {
    auto family =
        std::make_unique<Family<M>>(std::move(name), std::move(help), std::move(label_names), type, std::move(make));
    std::lock_guard lock(mu_);
    for (const auto& f : families_)
        if (f->name() == family->name()) throw std::logic_error("metric registered twice: " + family->name());
    auto& ref = *family;
    families_.push_back(std::move(family));
    return ref;
}

Family<Counter>& Registry::AddCounter(std::string name, std::string help, std::vector<std::string> label_names) {
    return Add<Counter>(std::move(name), std::move(help), std::move(label_names), Type::kCounter,
                        [] { return std::make_unique<Counter>(); });
}

Family<Gauge>& Registry::AddGauge(std::string name, std::string help, std::vector<std::string> label_names) {
    return Add<Gauge>(std::move(name), std::move(help), std::move(label_names), Type::kGauge,
                      [] { return std::make_unique<Gauge>(); });
}

Family<Histogram>& Registry::AddHistogram(std::string name, std::string help, std::vector<std::string> label_names,
                                          std::vector<double> upper_bounds) {
    Histogram probe(upper_bounds);  // checks the bounds now, at registration
    return Add<Histogram>(std::move(name), std::move(help), std::move(label_names), Type::kHistogram,
                          [b = std::move(upper_bounds)] { return std::make_unique<Histogram>(b); });
}

void Registry::AddCollector(std::function<void()> collect) {
    std::lock_guard lock(mu_);
    collectors_.push_back(std::move(collect));
}

std::string Registry::Render() const {
    std::lock_guard render_lock(render_mu_);
    std::vector<std::function<void()>> collectors;
    std::vector<const FamilyBase*> families;
    {
        std::lock_guard lock(mu_);
        collectors = collectors_;
        for (const auto& f : families_) families.push_back(f.get());
    }
    for (const auto& c : collectors) c();
    std::string out;
    out.reserve(8192);
    for (const auto* f : families) f->Render(out);
    return out;
}

}  // namespace xf::metrics
