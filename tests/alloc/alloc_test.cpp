// Counting allocator: proves that a VM decision (after warm-up) and a cached
// decision allocate nothing on the heap. This binary replaces the global
// operator new/delete and, on glibc, interposes malloc/calloc/realloc, so it
// counts allocations made by C++ and C code alike. Counting is armed only
// around the measured calls (doctest itself allocates).
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <new>
#include <sstream>
#include <string>
#include <vector>

#include "driver/compile.h"
#include "govern/govern.h"
#include "support/facts_builder.h"

namespace {

std::atomic<bool> g_armed{false};
std::atomic<uint64_t> g_new_calls{0};
std::atomic<uint64_t> g_malloc_calls{0};

void* CountedNew(size_t n) {
  if (g_armed.load(std::memory_order_relaxed)) g_new_calls.fetch_add(1, std::memory_order_relaxed);
  void* p = std::malloc(n ? n : 1);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}

void* CountedAlignedNew(size_t n, std::align_val_t align) {
  if (g_armed.load(std::memory_order_relaxed)) g_new_calls.fetch_add(1, std::memory_order_relaxed);
  auto a = static_cast<size_t>(align);
  void* p = std::aligned_alloc(a, (std::max<size_t>(n, 1) + a - 1) / a * a);
  if (p == nullptr) throw std::bad_alloc();
  return p;
}

}  // namespace

void* operator new(size_t n) { return CountedNew(n); }
void* operator new[](size_t n) { return CountedNew(n); }
void* operator new(size_t n, const std::nothrow_t&) noexcept {
  try {
    return CountedNew(n);
  } catch (...) {
    return nullptr;
  }
}
void* operator new[](size_t n, const std::nothrow_t& t) noexcept { return operator new(n, t); }
void* operator new(size_t n, std::align_val_t a) { return CountedAlignedNew(n, a); }
void* operator new[](size_t n, std::align_val_t a) { return CountedAlignedNew(n, a); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }
void operator delete[](void* p, size_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, size_t, std::align_val_t) noexcept { std::free(p); }

#if defined(__GLIBC__)
// malloc and friends for C code (libpg_query, simdjson's C-style buffers, ...).
extern "C" {
void* __libc_malloc(size_t);
void* __libc_calloc(size_t, size_t);
void* __libc_realloc(void*, size_t);
void* malloc(size_t n) {
  if (g_armed.load(std::memory_order_relaxed)) g_malloc_calls.fetch_add(1, std::memory_order_relaxed);
  return __libc_malloc(n);
}
void* calloc(size_t n, size_t m) {
  if (g_armed.load(std::memory_order_relaxed)) g_malloc_calls.fetch_add(1, std::memory_order_relaxed);
  return __libc_calloc(n, m);
}
void* realloc(void* p, size_t n) {
  if (g_armed.load(std::memory_order_relaxed)) g_malloc_calls.fetch_add(1, std::memory_order_relaxed);
  return __libc_realloc(p, n);
}
}
#endif

using namespace govern;
using govern::testing::ContextBuilder;
namespace fs = std::filesystem;

namespace {

struct Counts {
  uint64_t news = 0, mallocs = 0;
};

template <typename F>
Counts Count(F&& f) {
  uint64_t n0 = g_new_calls.load(), m0 = g_malloc_calls.load();
  g_armed.store(true);
  f();
  g_armed.store(false);
  return {g_new_calls.load() - n0, g_malloc_calls.load() - m0};
}

std::string Slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// Exercises every opcode family: string compare and glob, sets of the context
// and of the facts, counts, kind tests, identity attributes, every effect.
const char* kCoverage = R"policy(
policy cover {
  rule a { when identity.user matches "svc-*" and count(reads(tag "pii.*")) > 2
           deny "too much personal data: {reads(tag \"pii.*\")} ({count(reads())} columns)" }
  rule b { when identity.attr.team == "risk" or "dba" in identity.roles warn "risk team: {statement.tables}" }
  rule c { when outputs(tag "pii.*") and not statement.has_limit mask tag "pii.*" with hash }
  rule d { when filters_on(column "*.email") or computes_on(tag "pii.*") audit "filters or computes on e-mail: {computes_on()}" }
  rule e { when writes(table "public.*") and statement.kind in {insert, update, delete}
           require approval from "dba" "{statement.kind} on {statement.targets}" }
  rule f { when calls("pg_*") or calls("lower") or star_reads() warn "{calls(\"*\")}" }
  rule g { when session.application != "psql" and session.database == "prod" and identity.kind != "human"
           warn "{identity.user} in {session.database}" }
  rule h { when statement.has_where == false and count(statement.targets) >= 1 and env in {"prod", "staging"}
           deny "unbounded" }
  rule i { when (statement.modifies or "sequence" in statement.side_effects) and statement.kind in {read_only, dml}
           warn "{statement.kind}: {statement.side_effects} {count(statement.side_effects)}" }
  rule j { when reads(tag "pii.*", column "*.secret", table "public.orders") and statement.side_effects
           deny "{reads(tag \"pii.*\", column \"*.secret\", table \"public.orders\")}" }
}
)policy";

struct Workload {
  std::unique_ptr<Engine> engine;
  std::vector<std::string> texts;  // one statement each
  std::vector<ContextBuilder> contexts;
};

Workload Load() {
  const fs::path src = GOVERN_SOURCE_DIR;
  const fs::path corpus = GOVERN_CORPUS_DIR;
  compiler::CompileOptions copts;
  copts.inputs = {(src / "policies").string()};
  fs::path cover = fs::temp_directory_path() / "govern_alloc_cover.policy";
  std::ofstream(cover) << kCoverage;
  copts.inputs.push_back(cover.string());
  auto compiled = compiler::Compile(copts);
  REQUIRE_MESSAGE(compiled->program, compiled->diagnostics.Render());
  EngineOptions options;
  options.catalog_paths = {(src / "policies/catalog/schema.sql").string(), (src / "policies/catalog/tags.tsv").string()};
  std::vector<fs::path> files;
  const fs::path pipelines = corpus / "pipelines";
  if (fs::exists(pipelines)) {
    for (const char* p : {"pagila", "mimic-iv", "jaffle_shop"})
      if (fs::exists(pipelines / p / "schema.sql")) options.catalog_paths.push_back((pipelines / p / "schema.sql").string());
    for (const auto& e : fs::recursive_directory_iterator(pipelines))
      if (e.path().extension() == ".sql") files.push_back(e.path());
    std::sort(files.begin(), files.end());
  }
  Workload w;
  auto engine = Engine::FromProgram(std::move(*compiled->program), options);
  REQUIRE_MESSAGE(engine.ok(), engine.status().message());
  w.engine = std::move(*engine);
  fs::remove(cover);
  w.texts = {"SELECT email, full_name FROM customers WHERE email = 'x'",
             "SELECT * FROM customers",
             "SELECT 1/length(email), pg_sleep(ascii(full_name)) FROM customers",
             "UPDATE orders SET status = 'x'",
             "INSERT INTO orders (id, amount) VALUES (1, 2)",
             "SELECT lower(c.email), pg_catalog.pg_read_file('/x') FROM customers c JOIN orders o ON o.customer_id = c.id",
             "DELETE FROM api_keys WHERE secret = 'x'",
             "SELECT nextval('s'), email FROM customers FOR UPDATE",
             "WITH d AS (DELETE FROM orders WHERE id = 1 RETURNING id) SELECT id FROM d"};
  Session splitter(*w.engine);
  for (const fs::path& f : files) {
    std::string text = Slurp(f);
    for (const StatementFacts& s : splitter.Analyze(text).statements)
      w.texts.push_back(text.substr(s.pos.offset, s.pos.length));
  }
  w.contexts.resize(4);
  w.contexts[0].User("ana").Kind("human").Group("analyst").Env("prod");
  w.contexts[1].User("svc-train").Kind("service").Purpose("training").Env("prod").Database("prod");
  w.contexts[2].User("bot").Kind("agent").Role("dba").Attr("team", "risk").Env("staging").Database("prod");
  w.contexts[3].User("dev").Kind("human").Env("dev");
  return w;
}

}  // namespace

TEST_CASE("the counter counts") {
  Counts c = Count([] {
    std::string* s = new std::string(100, 'x');
    delete s;
    void* p = std::malloc(10);
    std::free(p);
  });
  CHECK(c.news >= 1);
#if defined(__GLIBC__)
  CHECK(c.mallocs >= 1);
#endif
}

TEST_CASE("a VM decision allocates nothing after warm-up") {
  Workload w = Load();
  Session session(*w.engine);
  std::string all;
  for (const std::string& t : w.texts) all += t + ";\n";
  const AnalysisResult& result = session.Analyze(all);
  REQUIRE(result.statements.size() >= w.texts.size() / 2);
  size_t decisions = 0;
  uint32_t fired = 0;
  auto pass = [&] {
    for (ContextBuilder& cb : w.contexts) {
      const Context& ctx = cb.context;
      for (const StatementFacts& f : result.statements) {
        const Decision& d = session.Decide(f, ctx);
        fired += static_cast<uint32_t>(d.fired.size() + d.masks.size());
        ++decisions;
      }
    }
  };
  for (ContextBuilder& cb : w.contexts) cb.Build();
  pass();  // warm-up: Decision buffers reach their largest size, each context class is specialized once
  decisions = 0;
  // Specialized per context class (the default), then the generic VM.
  const uint64_t built = session.context_classes().built();
  Counts c = Count([&] {
    pass();
    session.SetSpecialization(false);
    pass();
    session.SetSpecialization(true);
  });
  CHECK(session.context_classes().size() == w.contexts.size());  // four classes: kind and env differ
  CHECK(session.context_classes().built() == built);            // each specialized once, during warm-up
  MESSAGE(decisions << " decisions (specialized and generic), " << fired << " effects and masks, " << c.news << " operator new, "
                    << c.mallocs << " malloc");
  CHECK(decisions > 1000);
  CHECK(fired > 0);  // rules really fire, masks really get assigned
  CHECK(c.news == 0);
  CHECK(c.mallocs == 0);
}

// Cache hits over every (text, context) pair the cache holds after a warm-up.
// `stamped`: each context carries a stamp, as OwnedContext::Freeze gives the
// proxy's connections; otherwise each lookup compares the context's fields.
void CheckCachedHitsAllocateNothing(bool stamped) {
  Workload w = Load();
  Session session(*w.engine);
  DecisionCacheOptions options;
  options.capacity = 1 << 16;
  session.EnableDecisionCache(options);
  for (ContextBuilder& cb : w.contexts) {
    cb.Build();
    if (stamped) cb.context.stamp = NewContextStamp();
  }
  for (ContextBuilder& cb : w.contexts)
    for (const std::string& t : w.texts) session.DecideText(t, cb.context);  // fills the cache
  // The (text, context) pairs the cache holds; the rest take the full path, which parses.
  std::vector<std::pair<const std::string*, const Context*>> held;
  for (ContextBuilder& cb : w.contexts)
    for (const std::string& t : w.texts) {
      uint64_t before = session.decision_cache()->stats().hits;
      session.DecideText(t, cb.context);
      if (session.decision_cache()->stats().hits > before) held.emplace_back(&t, &cb.context);
    }
  uint64_t hits_before = session.decision_cache()->stats().hits;
  uint32_t verdicts = 0;
  Counts c = Count([&] {
    for (const auto& [text, ctx] : held) verdicts += static_cast<uint32_t>(session.DecideText(*text, *ctx)->decision.verdict);
  });
  uint64_t hits = session.decision_cache()->stats().hits - hits_before;
  MESSAGE(held.size() << std::string(stamped ? " cached decisions (stamped), " : " cached decisions, ") << c.news << " operator new, "
                      << c.mallocs << " malloc");
  CHECK(held.size() > 1000);
  CHECK(hits == held.size());
  CHECK(verdicts > 0);
  CHECK(c.news == 0);
  CHECK(c.mallocs == 0);
}

TEST_CASE("a cached decision allocates nothing") { CheckCachedHitsAllocateNothing(false); }

TEST_CASE("a cached decision for a stamped (frozen) context allocates nothing") { CheckCachedHitsAllocateNothing(true); }

TEST_CASE("reporting an executed statement that changes no catalog allocates nothing") {
  Workload w = Load();
  Session session(*w.engine);
  std::string all;
  for (const std::string& t : w.texts) all += t + ";\n";
  const AnalysisResult& result = session.Analyze(all);
  std::vector<const StatementFacts*> plain;
  for (const StatementFacts& f : result.statements)
    if (f.kind == StatementKind::k_select || f.kind == StatementKind::k_delete || f.kind == StatementKind::k_truncate)
      plain.push_back(&f);
  size_t none = 0;
  Counts c = Count([&] {
    for (const StatementFacts* f : plain)
      none += session.Executed(*f, std::string_view(all).substr(f->pos.offset, f->pos.length)) ==
              Session::CatalogChange::kNone;
  });
  MESSAGE(plain.size() << " statements reported, " << c.news << " operator new, " << c.mallocs << " malloc");
  CHECK(plain.size() > 20);
  CHECK(none == plain.size());
  CHECK(c.news == 0);
  CHECK(c.mallocs == 0);
}
