#include "engine/latency_bench.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <vector>

#if defined(__x86_64__)
#include <x86intrin.h>
#endif

#include "govern/govern.h"

namespace govern {
namespace {

using SteadyClock = std::chrono::steady_clock;

bool TscUsable() {
#if defined(__x86_64__) && defined(__linux__)
  std::ifstream cpuinfo("/proc/cpuinfo");
  std::string line;
  while (std::getline(cpuinfo, line)) {
    if (line.rfind("flags", 0) != 0) continue;
    auto has = [&](const char* flag) { return (" " + line + " ").find(std::string(" ") + flag + " ") != std::string::npos; };
    return has("constant_tsc") && has("nonstop_tsc");
  }
#endif
  return false;
}

// A clock in ticks with a known tick length.
class TickClock {
 public:
  TickClock() : tsc_(TscUsable()) {
    if (!tsc_) return;
    auto t0 = SteadyClock::now();
    uint64_t c0 = Now();
    while (SteadyClock::now() - t0 < std::chrono::milliseconds(20)) {
    }
    auto t1 = SteadyClock::now();
    uint64_t c1 = Now();
    double ns = std::chrono::duration<double, std::nano>(t1 - t0).count();
    ns_per_tick_ = c1 > c0 ? ns / static_cast<double>(c1 - c0) : 1.0;
  }

  inline uint64_t Now() const noexcept {
#if defined(__x86_64__)
    if (tsc_) {
      _mm_lfence();
      uint64_t t = __rdtsc();
      _mm_lfence();
      return t;
    }
#endif
    return static_cast<uint64_t>(SteadyClock::now().time_since_epoch().count());
  }
  double ns_per_tick() const { return ns_per_tick_; }
  const char* name() const { return tsc_ ? "tsc" : "steady_clock"; }

  // Median ticks between two back-to-back Now() calls, and the clock's step:
  // the smallest gap between distinct observed differences (the TSC of some
  // VMs advances 26 ticks at a time, 10 ns at 2.6 GHz).
  uint64_t Overhead(uint64_t* step) const {
    std::vector<uint64_t> d(4096);
    for (uint64_t& x : d) {
      uint64_t a = Now();
      uint64_t b = Now();
      x = b - a;
    }
    std::sort(d.begin(), d.end());
    uint64_t median = d[d.size() / 2];
    d.erase(std::unique(d.begin(), d.end()), d.end());
    *step = 0;
    for (size_t i = 0; i < d.size(); ++i) {
      uint64_t gap = i == 0 ? d[0] : d[i] - d[i - 1];
      if (gap > 0 && (*step == 0 || gap < *step)) *step = gap;
    }
    return median;
  }

 private:
  bool tsc_;
  double ns_per_tick_ = 1.0;  // steady_clock counts nanoseconds on Linux
};

volatile uint32_t g_sink;  // keeps results observable

struct PathRun {
  std::vector<uint64_t> ticks;  // one per decision
  uint64_t decisions = 0;
  double wall_seconds = 0;      // throughput passes
  uint32_t iterations = 0;
};

// Runs `one(i)` for i in [0, n): a warm-up pass, timed passes, throughput passes.
template <typename One>
PathRun Measure(const TickClock& clock, size_t n, const LatencyBenchOptions& options, One&& one) {
  PathRun run;
  auto t0 = SteadyClock::now();
  for (size_t i = 0; i < n; ++i) one(i);  // warm-up
  double pass = std::chrono::duration<double>(SteadyClock::now() - t0).count();
  uint32_t passes = options.iterations;
  if (passes == 0) passes = static_cast<uint32_t>(std::clamp(std::ceil(options.min_seconds / std::max(pass, 1e-9)), 1.0, 1e6));
  uint64_t cap = std::max<uint64_t>(1, options.max_samples / std::max<size_t>(n, 1));
  passes = static_cast<uint32_t>(std::min<uint64_t>(passes, cap));
  run.iterations = passes;
  run.ticks.reserve(static_cast<size_t>(passes) * n);
  for (uint32_t p = 0; p < passes; ++p) {
    for (size_t i = 0; i < n; ++i) {
      uint64_t a = clock.Now();
      one(i);
      uint64_t b = clock.Now();
      run.ticks.push_back(b - a);
    }
  }
  auto w0 = SteadyClock::now();
  for (uint32_t p = 0; p < passes; ++p)
    for (size_t i = 0; i < n; ++i) one(i);
  run.wall_seconds = std::chrono::duration<double>(SteadyClock::now() - w0).count();
  run.decisions = static_cast<uint64_t>(passes) * n;
  return run;
}

LatencyStats Summarize(PathRun& run, const TickClock& clock, uint64_t overhead) {
  LatencyStats s;
  std::vector<uint64_t>& t = run.ticks;
  s.samples = t.size();
  if (t.empty()) return s;
  for (uint64_t& x : t) x = x > overhead ? x - overhead : 0;
  std::sort(t.begin(), t.end());
  auto at = [&](double q) {
    size_t rank = static_cast<size_t>(std::ceil(q * static_cast<double>(t.size())));
    return static_cast<double>(t[std::min(t.size() - 1, rank == 0 ? 0 : rank - 1)]) * clock.ns_per_tick();
  };
  s.p50_ns = at(0.50);
  s.p90_ns = at(0.90);
  s.p99_ns = at(0.99);
  s.p999_ns = at(0.999);
  s.max_ns = static_cast<double>(t.back()) * clock.ns_per_tick();
  double sum = 0;
  for (uint64_t x : t) sum += static_cast<double>(x);
  s.mean_ns = sum / static_cast<double>(t.size()) * clock.ns_per_tick();
  s.per_second = run.wall_seconds > 0 ? static_cast<double>(run.decisions) / run.wall_seconds : 0;
  return s;
}

std::string Num(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string PathJson(const LatencyStats& s, uint32_t iterations) {
  return "{\"samples\":" + std::to_string(s.samples) + ",\"iterations\":" + std::to_string(iterations) +
         ",\"p50_ns\":" + Num(s.p50_ns) + ",\"p90_ns\":" + Num(s.p90_ns) + ",\"p99_ns\":" + Num(s.p99_ns) +
         ",\"p999_ns\":" + Num(s.p999_ns) + ",\"max_ns\":" + Num(s.max_ns) + ",\"mean_ns\":" + Num(s.mean_ns) +
         ",\"per_second\":" + Num(s.per_second);
}

}  // namespace

Expected<LatencyBenchReport> RunLatencyBench(const Engine& engine, const Context& context, std::string_view sql,
                                             const LatencyBenchOptions& options) {
  LatencyBenchReport report;
  TickClock clock;
  report.clock = clock.name();
  uint64_t step = 0;
  uint64_t overhead = clock.Overhead(&step);
  report.timer_overhead_ns = static_cast<double>(overhead) * clock.ns_per_tick();
  report.timer_resolution_ns = static_cast<double>(step) * clock.ns_per_tick();

  // The statements and their facts, extracted once (the vm path decides on these).
  Session vm(engine);
  const AnalysisResult& all = vm.Analyze(sql);
  report.statements = all.statements.size();
  report.parse_errors = all.errors.size();
  if (all.statements.empty()) return Status::Error("no statement parses in the input");
  std::vector<std::string_view> texts;
  texts.reserve(all.statements.size());
  for (const StatementFacts& f : all.statements) texts.push_back(sql.substr(f.pos.offset, f.pos.length));

  PathRun vm_run = Measure(clock, all.statements.size(), options,
                           [&](size_t i) { g_sink = static_cast<uint32_t>(vm.Decide(all.statements[i], context).verdict); });

  Session full(engine);
  PathRun full_run = Measure(clock, texts.size(), options, [&](size_t i) {
    uint32_t v = 0;
    for (const StatementFacts& f : full.Analyze(texts[i]).statements)
      v |= static_cast<uint32_t>(full.Decide(f, context).verdict);
    g_sink = v;
  });

  // Cached: the texts the cache holds after one pass, decided again and again.
  Session cached(engine);
  DecisionCacheOptions cache_options;
  cache_options.capacity = std::max<size_t>(cache_options.capacity, 4 * texts.size());
  cache_options.max_entry_bytes = std::max<size_t>(cache_options.max_entry_bytes, 1 << 16);
  cached.EnableDecisionCache(cache_options);
  for (std::string_view t : texts) cached.DecideText(t, context);
  std::vector<std::string_view> hits;
  for (std::string_view t : texts) {
    DecisionCacheStats before = cached.decision_cache()->stats();
    cached.DecideText(t, context);
    if (cached.decision_cache()->stats().hits > before.hits) hits.push_back(t);
  }
  report.cacheable = hits.size();
  DecisionCacheStats before = cached.decision_cache()->stats();
  PathRun cached_run;
  if (!hits.empty()) {
    cached_run = Measure(clock, hits.size(), options, [&](size_t i) {
      const StatementDecision* d = cached.DecideText(hits[i], context);
      g_sink = d ? static_cast<uint32_t>(d->decision.verdict) : 0u;
    });
  }
  const DecisionCacheStats& after = cached.decision_cache()->stats();
  report.cache.hits = after.hits - before.hits;
  report.cache.misses = after.misses - before.misses;
  report.cache.inserts = after.inserts - before.inserts;
  report.cache.evictions = after.evictions - before.evictions;
  report.cache.rejected = after.rejected - before.rejected;

  report.vm = Summarize(vm_run, clock, overhead);
  report.full = Summarize(full_run, clock, overhead);
  report.cached = Summarize(cached_run, clock, overhead);
  report.vm_iterations = vm_run.iterations;
  report.full_iterations = full_run.iterations;
  report.cached_iterations = cached_run.iterations;
  return report;
}

std::string LatencyBenchJson(const LatencyBenchReport& r) {
  std::string out = "{\"statements\":" + std::to_string(r.statements) +
                    ",\"parse_errors\":" + std::to_string(r.parse_errors) +
                    ",\"cacheable\":" + std::to_string(r.cacheable) + ",\"clock\":\"" + r.clock +
                    "\",\"timer_overhead_ns\":" + Num(r.timer_overhead_ns) +
                    ",\"timer_resolution_ns\":" + Num(r.timer_resolution_ns) + ",\"paths\":{";
  out += "\"vm\":" + PathJson(r.vm, r.vm_iterations) + "}";
  out += ",\"full\":" + PathJson(r.full, r.full_iterations) + "}";
  out += ",\"cached\":" + PathJson(r.cached, r.cached_iterations) + ",\"hits\":" + std::to_string(r.cache.hits) +
         ",\"misses\":" + std::to_string(r.cache.misses) + "}";
  out += "}}\n";
  return out;
}

std::string LatencyBenchText(const LatencyBenchReport& r) {
  char line[256];
  std::string out;
  std::snprintf(line, sizeof line, "%zu statements (%zu did not parse, not timed); %zu served from the cache\n",
                r.statements, r.parse_errors, r.cacheable);
  out += line;
  std::snprintf(line, sizeof line, "clock: %s, resolution %.1f ns, overhead %.1f ns (subtracted)\n\n",
                r.clock.c_str(), r.timer_resolution_ns, r.timer_overhead_ns);
  out += line;
  std::snprintf(line, sizeof line, "%-8s %10s %10s %10s %10s %10s %10s %14s\n", "path", "samples", "p50", "p90",
                "p99", "p99.9", "max", "decisions/s");
  out += line;
  auto row = [&](const char* name, const LatencyStats& s) {
    auto t = [](double ns) {
      char b[32];
      if (ns < 1e3) std::snprintf(b, sizeof b, "%.0f ns", ns);
      else if (ns < 1e6) std::snprintf(b, sizeof b, "%.2f us", ns / 1e3);
      else std::snprintf(b, sizeof b, "%.2f ms", ns / 1e6);
      return std::string(b);
    };
    std::snprintf(line, sizeof line, "%-8s %10llu %10s %10s %10s %10s %10s %14.0f\n", name,
                  static_cast<unsigned long long>(s.samples), t(s.p50_ns).c_str(), t(s.p90_ns).c_str(),
                  t(s.p99_ns).c_str(), t(s.p999_ns).c_str(), t(s.max_ns).c_str(), s.per_second);
    out += line;
  };
  row("vm", r.vm);
  row("full", r.full);
  row("cached", r.cached);
  if (r.full.per_second > 0 && r.vm.per_second > 0 && r.cached.per_second > 0) {
    std::snprintf(line, sizeof line, "\nthroughput: cached %.0fx full, vm %.0fx full\n",
                  r.cached.per_second / r.full.per_second, r.vm.per_second / r.full.per_second);
    out += line;
  }
  return out;
}

}  // namespace govern
