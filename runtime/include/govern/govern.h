// govern's embedding API: what a proxy (or any host) links to decide on SQL.
// Pulls in nothing from compiler/ or ANTLR. See examples/embed/embed.cpp.
//
//   govern::EngineOptions options;
//   options.verify_key_path = "key.pub";
//   auto engine = govern::Engine::Load("policies.bundle", options);
//   if (!engine.ok()) { fprintf(stderr, "%s\n", engine.status().message().c_str()); return 2; }
//   govern::Session session(**engine);              // one per thread
//   auto identity = govern::ParseIdentityJson(R"({"user":"ana","groups":["analyst"]})");
//   identity->SetEnv("prod");
//   for (const govern::StatementFacts& s : session.Analyze("SELECT email FROM customers").statements) {
//     const govern::Decision& d = session.Decide(s, identity->view());
//     printf("%s\n", govern::VerdictName(d.verdict).data());
//   }
//
// REQUIRES: an Engine outlives its Sessions; a Session is used by one thread.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "bundle/program.h"
#include "catalog/catalog.h"
#include "core/status.h"
#include "engine/context_classes.h"
#include "engine/decision_cache.h"
#include "facts/context.h"
#include "facts/facts.h"
#include "sql/analyzer.h"
#include "sql/session_change.h"
#include "vm/bound_program.h"
#include "vm/decision.h"

namespace govern {

struct EngineOptions {
  // Require a valid Ed25519 signature by this public key (PEM).
  std::string verify_key_path;
  // Catalog sources (DDL .sql, tags files, JSON catalogs), loaded after the
  // bundle's embedded catalog (if any): they add to it.
  std::vector<std::string> catalog_paths;
  // Schemas for unqualified names; empty: the catalog's search path.
  std::vector<std::string> search_path;
  // Load/FromProgram refuse a bundle whose tag selectors can match no column
  // (no catalog, or one without those tags): its tag rules would fail open.
  // True runs it anyway (an explicit choice: --allow-no-catalog).
  bool allow_no_catalog = false;
  // Called with the loaded catalog (an empty one when there is none) before
  // the program is bound: the host adds catalog effects of its own SQL (lint's
  // repository flow, ApplyCatalogFlow). Null: nothing added.
  std::function<void(Catalog*)> extend_catalog;
  // Parses the sessions may reuse by text (lint: the repository flow's, see
  // sql/parse_cache.h); never written once sessions run. Null: none.
  std::shared_ptr<const sql::ParseCache> parse_cache;
};

// A catalog and the program bound to it: one immutable snapshot that
// sessions decide with. Catalog changes made through sessions
// (Session::Executed) publish new views; old ones live while used.
struct CatalogView {
  std::shared_ptr<const Catalog> catalog;  // null: no catalog
  std::shared_ptr<const BoundProgram> program;
  uint64_t generation = 0;  // unique in the process, never reused (cache key)
};

// Ok, or the error Engine::Load gives when every tag selector of the program
// matches no column of its catalog (see EngineOptions::allow_no_catalog).
Status CheckTagSelectorsCanMatch(const BoundProgram& program);

class Engine {
 public:
  // Loads and verifies a bundle file, loads the catalog, binds the program.
  static Expected<std::unique_ptr<Engine>> Load(const std::string& bundle_path, const EngineOptions& options);
  // Binds an already built program (the compiler's in-memory output); verifies it first.
  static Expected<std::unique_ptr<Engine>> FromProgram(ProgramData program, const EngineOptions& options);

  // The program and catalog as loaded (metadata, explain); sessions decide
  // with the current view, which adds the catalog changes reported since.
  const BoundProgram& program() const { return *program_; }
  const Catalog* catalog() const { return catalog_.get(); }
  // The shared view: the loaded catalog plus the permanent catalog changes
  // sessions reported (CREATE TABLE ... through the proxy). Thread-safe.
  std::shared_ptr<const CatalogView> shared_view() const;
  // Changes whenever the shared view does; one atomic load.
  uint64_t shared_generation() const { return shared_generation_.load(std::memory_order_acquire); }
  const AnalyzerOptions& analyzer_options() const { return analyzer_options_; }
  // Unique per Engine in this process, never reused: what caches key on
  // (a new bundle or catalog means a new Engine, so a new generation).
  uint64_t generation() const { return generation_; }
  // Non-fatal findings while loading: catalog lines that matched nothing,
  // selectors of the bundle that match no column of the catalog.
  const std::vector<std::string>& warnings() const { return warnings_; }

 private:
  friend class Session;
  Engine() = default;
  // A view of `catalog` with the program bound to it and a new generation.
  std::shared_ptr<const CatalogView> MakeView(std::shared_ptr<const Catalog> catalog) const;
  // Applies the permanent catalog effects of `sql` to the shared view;
  // true when the catalog changed (a new view is published).
  // Const: the shared view is the engine's one mutable part (guarded below).
  bool ApplyShared(std::string_view sql, std::string_view where) const;

  uint64_t generation_ = 0;
  std::shared_ptr<Catalog> catalog_;
  std::shared_ptr<BoundProgram> program_;
  mutable std::mutex shared_mu_;
  mutable std::shared_ptr<const CatalogView> shared_;  // guarded by shared_mu_
  mutable std::atomic<uint64_t> shared_generation_{0};
  AnalyzerOptions analyzer_options_;
  std::vector<std::string> warnings_;
};

// Per-thread state: an analyzer, its fact storage and a decision buffer, all
// reused from call to call.
class Session {
 public:
  explicit Session(const Engine& engine);
  // With analyzer options of its own (a proxy connection's search_path); the
  // decision cache of this Session is then valid for those options only.
  Session(const Engine& engine, const AnalyzerOptions& options);
  // Analyzes SQL; the result stays valid until the next Analyze.
  const AnalysisResult& Analyze(std::string_view sql);
  // Decides one statement; the result stays valid until the next Decide.
  // Without a trace it runs the program specialized for the context's class
  // (vm/specialize.h: rules whose context conditions are false are skipped,
  // the rest run their residual conditions); the result is the same as the
  // generic VM's, which a trace (explain) or SetSpecialization(false) selects.
  const Decision& Decide(const StatementFacts& facts, const Context& context, Trace* trace = nullptr);
  // Turns context specialization off (on by default); results do not change.
  void SetSpecialization(bool on) { specialize_ = on; }
  bool specialization() const { return specialize_; }
  // The program specialized for the class of `context` (built on first use).
  const Specialization& SpecializationFor(const Context& context);
  const ContextClasses& context_classes() const { return classes_; }
  // The rendered message (or audit label) of a fired effect; "" when none.
  std::string Message(const FiredEffect& fired, const StatementFacts& facts, const Context& context) const;
  const Engine& engine() const { return engine_; }

  // Decides a text that holds one statement, with rendered messages. With the
  // decision cache enabled, a text decided before for an equivalent context is
  // answered from the cache without parsing (engine/decision_cache.h says what
  // is cached and why a hit equals a fresh decision). Returns null when `sql`
  // is not exactly one statement that parses (several statements, a parse
  // error): decide those with Analyze + Decide, which fail closed on errors;
  // analysis() then holds the analysis of `sql`. The result stays valid until
  // the next DecideText, Analyze or EnableDecisionCache.
  const StatementDecision* DecideText(std::string_view sql, const Context& context);
  // Turns the decision cache on (off by default); results do not change.
  void EnableDecisionCache(const DecisionCacheOptions& options = {});
  // The cache, or null when it is off.
  const DecisionCache* decision_cache() const { return cache_.get(); }
  // The last analysis made by Analyze or by DecideText on a miss.
  const AnalysisResult& analysis() const { return result_; }

  // Reports that `sql`, one statement this session analysed (`facts`) and
  // the database executed successfully, ran: its catalog effects (CREATE,
  // ALTER, DROP, COMMENT tags, and the tags derived by CREATE TABLE AS,
  // INSERT ... SELECT, UPDATE, MERGE; docs/catalog.md) update this session's
  // view for temporary relations (schema pg_temp, first in its search path)
  // and the engine's shared view for the rest, so later statements of every
  // session resolve against them. Takes effect at the next Analyze or
  // DecideText (facts handed out before stay valid until then). A statement
  // that changes no catalog returns kNone without allocating. `where` names
  // the source of derived tags (e.g. "proxy session 7").
  enum class CatalogChange : uint8_t { kNone = 0, kSession = 1, kShared = 2, kBoth = 3 };
  CatalogChange Executed(const StatementFacts& facts, std::string_view sql, std::string_view where = "session");
  // The view this session decides with (the shared one, or its own when it
  // has temporary relations).
  const CatalogView& view() const { return *view_; }
  // The same, shared (a host keeps the catalog a decision was made on).
  std::shared_ptr<const CatalogView> view_shared() const { return view_; }
  // Whether Executed(facts, ...) could change a catalog: DDL, or a write
  // whose values come from tagged columns (derived tags). Allocates nothing.
  bool MayChangeCatalog(const StatementFacts& facts) const;

 private:
  // Adopts a newer shared view or this session's pending temporary changes.
  void Refresh();

  const Engine& engine_;
  std::unique_ptr<AnalyzerOptions> own_options_;  // null: the engine's
  std::shared_ptr<const CatalogView> view_;
  uint64_t seen_shared_ = 0;
  bool dirty_ = false;                  // temporary changes not yet in view_
  std::vector<std::string> temp_log_;   // statements about temporary relations, replayed on refresh
  std::unique_ptr<Analyzer> analyzer_;
  FactsStore store_;
  AnalysisResult result_;
  Decision decision_;
  StatementDecision fresh_;
  std::unique_ptr<DecisionCache> cache_;
  ContextClasses classes_;
  bool specialize_ = true;
};

// A Context that owns its strings (identities from JSON, files, the wire).
class OwnedContext {
 public:
  OwnedContext() = default;
  OwnedContext(const OwnedContext& other) { *this = other; }
  OwnedContext& operator=(const OwnedContext& other);

  std::string user, purpose, kind, env, database, application;
  std::vector<std::string> groups, roles;
  std::vector<std::pair<std::string, std::string>> attrs;

  void SetEnv(std::string e) { env = std::move(e); }
  // A view for the VM; valid until this object changes. Unstamped: the
  // decision cache compares its fields on each lookup.
  const Context& view();
  // The view with a new stamp (Context::stamp): a promise that the fields do
  // not change while it is used. Call it again after a change (or view(),
  // which drops the stamp). A connection's context, fixed at login, is frozen
  // once, so a decision-cache hit knows it without comparing it.
  const Context& Freeze();
  // The view last built by view() or Freeze() (a copy or an assignment
  // builds an unstamped one), not rebuilt.
  const Context& last_view() const { return context_; }

 private:
  Context context_;
  std::vector<std::string_view> group_views_, role_views_;
  std::vector<Attribute> attr_views_;
};

// {"user":"ana","groups":["analyst"],"roles":[],"purpose":"training",
//  "kind":"human|service|agent","attr":{"team":"risk"},"database":"shop",
//  "application":"metabase"}; unknown keys are errors.
Expected<OwnedContext> ParseIdentityJson(std::string_view json);

// The keys of an identity JSON object, defined once: the parser accepts
// these, its errors and the CLI's --help list them.
struct IdentityJsonKey {
  std::string_view key;
  std::string_view value;      // the JSON value it takes
  std::string_view attribute;  // what policies read it as
};
std::span<const IdentityJsonKey> IdentityJsonKeys();

}  // namespace govern
