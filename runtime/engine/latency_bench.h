// Per-decision latency of an Engine on a file of statements, for `govern bench`.
// Three paths, each measured in the same process run:
//   vm      the VM alone on facts extracted beforehand (Session::Decide)
//   full    parse + facts + decide of each statement's text (Session::Analyze + Decide)
//   cached  the same texts again through the decision cache (Session::DecideText, hits;
//           the cache is sized to hold every text: capacity >= 4x the statements;
//           `govern bench` passes a frozen context, as the proxy's connections do:
//           a hit knows it by its stamp, Context::stamp)
//
// Method. Every path first runs one untimed warm-up pass over the statements.
// Latency: each decision is timed on its own with the TSC (lfence; rdtsc) on
// x86-64 when the CPU reports constant_tsc and nonstop_tsc, otherwise with
// steady_clock; the median cost of reading the clock twice (timer_overhead_ns)
// is subtracted from every sample (clamped at 0). Throughput (per_second) comes
// from separate passes with no timer inside the loop: decisions / wall time.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"
#include "engine/decision_cache.h"
#include "facts/context.h"

namespace govern {

class Engine;

struct LatencyStats {
  uint64_t samples = 0;
  double p50_ns = 0, p90_ns = 0, p99_ns = 0, p999_ns = 0, max_ns = 0, mean_ns = 0;
  double per_second = 0;
};

struct LatencyBenchOptions {
  // Passes over the statements per path (timed passes, then as many
  // throughput passes); 0 picks enough passes for min_seconds per path.
  uint32_t iterations = 0;
  double min_seconds = 0.25;
  // At most this many latency samples per path (memory: 8 bytes each).
  uint64_t max_samples = 4'000'000;
};

struct LatencyBenchReport {
  size_t statements = 0;     // statements that parsed (each path decides these)
  size_t parse_errors = 0;   // statements that did not parse (not timed)
  size_t cacheable = 0;      // statement texts the cached path decides from the cache
  uint32_t vm_iterations = 0, full_iterations = 0, cached_iterations = 0;
  std::string clock;         // "tsc" or "steady_clock"
  double timer_overhead_ns = 0;    // median cost of a timing (subtracted from samples)
  double timer_resolution_ns = 0;  // the clock's smallest step
  LatencyStats vm, full, cached;
  DecisionCacheStats cache;  // cache counters of the timed cached passes
};

// Measures the three paths on every statement of `sql` for `context`.
Expected<LatencyBenchReport> RunLatencyBench(const Engine& engine, const Context& context, std::string_view sql,
                                             const LatencyBenchOptions& options);

// {"statements":N,"parse_errors":..,"cacheable":..,"clock":..,"timer_overhead_ns":..,"timer_resolution_ns":..,
//  "paths":{"vm":{"samples","iterations","p50_ns","p90_ns","p99_ns","p999_ns","max_ns","mean_ns","per_second"},
//  "full":{...},"cached":{...,"hits","misses"}}}
std::string LatencyBenchJson(const LatencyBenchReport& report);
// A table for people.
std::string LatencyBenchText(const LatencyBenchReport& report);

}  // namespace govern
