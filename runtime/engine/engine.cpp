#include "govern/govern.h"

#include <atomic>

#include "bundle/loader.h"
#include "bundle/crypto.h"
#include "bundle/verifier.h"
#include "bytecode/opcode.h"
#include "catalog/loaders.h"
#include "vm/vm.h"

namespace govern {
namespace {

Expected<std::unique_ptr<Catalog>> LoadEngineCatalog(const ProgramData& program, const EngineOptions& options,
                                                     std::vector<std::string>* warnings) {
  if (options.catalog_paths.empty() && program.catalog_json.empty() && !options.extend_catalog)
    return std::unique_ptr<Catalog>();
  auto catalog = std::make_unique<Catalog>();
  if (!program.catalog_json.empty())
    if (Status s = LoadCatalogJson(program.catalog_json, "<embedded catalog>", catalog.get()); !s.ok()) return s;
  CatalogWarnings catalog_warnings;
  if (Status s = LoadCatalogSourcesInto(options.catalog_paths, catalog.get(), &catalog_warnings); !s.ok()) return s;
  for (const CatalogWarning& w : catalog_warnings) warnings->push_back(w.ToString());
  if (!options.search_path.empty()) catalog->set_search_path(options.search_path);
  if (options.extend_catalog) {
    options.extend_catalog(catalog.get());
    // Nothing to resolve against: stay without a catalog.
    if (catalog->table_count() == 0 && options.catalog_paths.empty() && program.catalog_json.empty())
      return std::unique_ptr<Catalog>();
  }
  return catalog;
}

std::atomic<uint64_t> next_generation{1};

std::string JoinIds(const std::vector<std::string>& ids) {
  std::string out;
  for (const std::string& id : ids) out += (out.empty() ? "" : ", ") + id;
  return out;
}

}  // namespace

Status CheckTagSelectorsCanMatch(const BoundProgram& program) {
  std::vector<uint32_t> tags = program.UnmatchableTagSelectors();
  if (tags.empty()) return Status::Ok();
  const ProgramData& p = program.data();
  std::string list;
  for (uint32_t s : tags) {
    std::string users = JoinIds(program.RulesUsingSelector(s));
    list += std::string(list.empty() ? "" : "; ") + "tag \"" + p.strings[p.selectors[s].glob] + "\"" +
            (users.empty() ? "" : " in " + users);
  }
  std::string why = program.catalog() ? "no column of the catalog carries a matching tag"
                                      : "no catalog was given and the bundle embeds none";
  return Status::Error(std::string(program.catalog() ? "no tagged column" : "no catalog") +
                       ": the policies select columns by tag (" + list + "), but " + why +
                       ", so those rules would never fire (fail open). Give a catalog with tags (--catalog, or "
                       "`govern build --catalog` to embed one), or run anyway with --allow-no-catalog "
                       "(govern.toml: allow_no_catalog = true in [catalog])");
}

Expected<std::unique_ptr<Engine>> Engine::FromProgram(ProgramData program, const EngineOptions& options) {
  if (Status s = VerifyProgram(program); !s.ok()) return s;
  std::unique_ptr<Engine> engine(new Engine());
  auto catalog = LoadEngineCatalog(program, options, &engine->warnings_);
  if (!catalog) return catalog.status();
  engine->catalog_ = std::shared_ptr<Catalog>(std::move(*catalog));
  engine->program_ = std::make_shared<BoundProgram>(std::move(program), engine->catalog_.get());
  if (!options.allow_no_catalog)
    if (Status s = CheckTagSelectorsCanMatch(*engine->program_); !s.ok()) return s;
  if (engine->catalog_) {
    const ProgramData& p = engine->program_->data();
    for (uint32_t s = 0; s < p.selectors.size(); ++s) {
      if (p.selectors[s].kind == SelectorKind::kAll || p.selectors[s].kind == SelectorKind::kUnion ||
          engine->program_->SelectorCatalogMatches(s) > 0)
        continue;  // a union's members are reported one by one
      std::string users = JoinIds(engine->program_->RulesUsingSelector(s));
      engine->warnings_.push_back("warning: selector " + std::string(SelectorKindName(p.selectors[s].kind)) + " \"" +
                                  p.strings[p.selectors[s].glob] + "\"" + (users.empty() ? "" : " (" + users + ")") +
                                  " matches no column of the catalog");
    }
  }
  engine->analyzer_options_.search_path = options.search_path;
  engine->analyzer_options_.parse_cache = options.parse_cache;
  engine->generation_ = next_generation.fetch_add(1, std::memory_order_relaxed);
  auto view = std::make_shared<CatalogView>();
  view->catalog = engine->catalog_;
  view->program = engine->program_;
  view->generation = engine->generation_;
  engine->shared_ = std::move(view);
  engine->shared_generation_.store(engine->generation_, std::memory_order_release);
  return engine;
}

std::shared_ptr<const CatalogView> Engine::shared_view() const {
  std::lock_guard<std::mutex> lock(shared_mu_);
  return shared_;
}

std::shared_ptr<const CatalogView> Engine::MakeView(std::shared_ptr<const Catalog> catalog) const {
  auto view = std::make_shared<CatalogView>();
  view->program = std::make_shared<BoundProgram>(program_->data(), catalog.get());
  view->catalog = std::move(catalog);
  view->generation = next_generation.fetch_add(1, std::memory_order_relaxed);
  return view;
}

bool Engine::ApplyShared(std::string_view sql, std::string_view where) const {
  std::lock_guard<std::mutex> lock(shared_mu_);
  auto copy = shared_->catalog ? std::make_shared<Catalog>(*shared_->catalog) : std::make_shared<Catalog>();
  if (!shared_->catalog && !analyzer_options_.search_path.empty()) copy->set_search_path(analyzer_options_.search_path);
  const uint64_t before = copy->revision();
  const std::vector<std::string> path = copy->search_path();
  DdlOptions options;
  options.scope = DdlOptions::Scope::kPermanent;
  (void)LoadDdl(sql, where, copy.get(), nullptr, options);  // what fails to parse changed nothing
  copy->set_search_path(path);  // SET search_path is the session's, not the catalog's
  if (copy->revision() == before) return false;
  shared_ = MakeView(std::move(copy));
  shared_generation_.store(shared_->generation, std::memory_order_release);
  return true;
}

Expected<std::unique_ptr<Engine>> Engine::Load(const std::string& bundle_path, const EngineOptions& options) {
  LoadOptions load;
  if (!options.verify_key_path.empty()) {
    auto key = LoadEd25519PublicKey(options.verify_key_path);
    if (!key) return key.status();
    load.verify_key = *key;
  }
  auto bundle = LoadBundleFile(bundle_path, load);
  if (!bundle) return bundle.status();
  return FromProgram(std::move(bundle->program), options);
}

Session::Session(const Engine& engine) : engine_(engine) {
  decision_.fired.reserve(engine.program().data().effects.size());
  Refresh();
}

void Session::Refresh() {
  const uint64_t shared = engine_.shared_generation();
  if (shared == seen_shared_ && !dirty_ && view_) return;  // the steady state: one atomic load
  seen_shared_ = shared;
  dirty_ = false;
  std::shared_ptr<const CatalogView> base = engine_.shared_view();
  AnalyzerOptions options = own_options_ ? *own_options_ : engine_.analyzer_options();
  if (temp_log_.empty()) {
    view_ = std::move(base);
  } else {
    // This session's temporary relations on top of the shared catalog.
    auto mine = base->catalog ? std::make_shared<Catalog>(*base->catalog) : std::make_shared<Catalog>();
    std::vector<std::string> path = options.search_path.empty() ? mine->search_path() : options.search_path;
    path.insert(path.begin(), std::string(kTempSchema));
    mine->set_search_path(path);
    DdlOptions ddl;
    ddl.scope = DdlOptions::Scope::kTemporary;
    for (const std::string& sql : temp_log_) {
      (void)LoadDdl(sql, "session", mine.get(), nullptr, ddl);
      mine->set_search_path(path);
    }
    if (!options.search_path.empty()) options.search_path = std::move(path);
    view_ = engine_.MakeView(std::move(mine));
  }
  analyzer_ = std::make_unique<Analyzer>(view_->catalog.get(), options);
  if (cache_) cache_->Bind(*view_->program, view_->generation);
  classes_.Bind(*view_->program, view_->generation);
}

bool Session::MayChangeCatalog(const StatementFacts& facts) const {
  switch (facts.kind) {
    case StatementKind::k_select:
    case StatementKind::k_insert:
    case StatementKind::k_update:
    case StatementKind::k_merge:
    case StatementKind::k_copy: {
      // Data statements change the catalog only by deriving tags: when a
      // written value comes from a tagged column.
      const Catalog* catalog = view_->catalog.get();
      if (catalog == nullptr) return false;
      for (const ColumnFact& c : facts.write_sources)
        if (c.column_id >= 0 && !catalog->column(c.column_id).tags.empty()) return true;
      return false;
    }
    case StatementKind::k_delete:
    case StatementKind::k_truncate: return false;
    default:
      // DDL (and anything else that names a target): CREATE, ALTER, DROP, COMMENT, ...
      return !facts.targets.empty() || facts.kind == StatementKind::k_comment ||
             facts.kind == StatementKind::k_create_schema;
  }
}

Session::CatalogChange Session::Executed(const StatementFacts& facts, std::string_view sql, std::string_view where) {
  if (!MayChangeCatalog(facts)) return CatalogChange::kNone;
  uint8_t change = 0;
  if (engine_.ApplyShared(sql, where)) change |= static_cast<uint8_t>(CatalogChange::kShared);
  // Temporary relations: only a session that has some, or a statement that
  // may create one, needs the (copying) check.
  bool maybe_temp = !temp_log_.empty();
  for (size_t i = 0; !maybe_temp && i + 4 <= sql.size(); ++i)
    maybe_temp = (sql[i] == 't' || sql[i] == 'T') && (sql[i + 1] | 0x20) == 'e' && (sql[i + 2] | 0x20) == 'm' &&
                 (sql[i + 3] | 0x20) == 'p';
  if (maybe_temp) {
    auto mine = view_->catalog ? std::make_shared<Catalog>(*view_->catalog) : std::make_shared<Catalog>();
    std::vector<std::string> path = mine->search_path();
    if (path.empty() || path.front() != kTempSchema) path.insert(path.begin(), std::string(kTempSchema));
    mine->set_search_path(path);
    const uint64_t before = mine->revision();
    DdlOptions ddl;
    ddl.scope = DdlOptions::Scope::kTemporary;
    (void)LoadDdl(sql, where, mine.get(), nullptr, ddl);
    if (mine->revision() != before) {
      temp_log_.emplace_back(sql);
      dirty_ = true;
      change |= static_cast<uint8_t>(CatalogChange::kSession);
    }
  }
  return static_cast<CatalogChange>(change);
}

Session::Session(const Engine& engine, const AnalyzerOptions& options)
    : engine_(engine), own_options_(std::make_unique<AnalyzerOptions>(options)) {
  decision_.fired.reserve(engine.program().data().effects.size());
  Refresh();
}

const AnalysisResult& Session::Analyze(std::string_view sql) {
  Refresh();
  analyzer_->Analyze(sql, store_, &result_);
  return result_;
}

const Decision& Session::Decide(const StatementFacts& facts, const Context& context, Trace* trace) {
  if (specialize_ && trace == nullptr) {
    govern::Decide(classes_.For(context), facts, context, &decision_);
  } else {
    govern::Decide(*view_->program, facts, context, &decision_, trace);
  }
  return decision_;
}

const Specialization& Session::SpecializationFor(const Context& context) { return classes_.For(context); }

const StatementDecision* Session::DecideText(std::string_view sql, const Context& context) {
  Refresh();
  if (cache_)
    if (const StatementDecision* hit = cache_->Find(sql, context)) return hit;
  analyzer_->Analyze(sql, store_, &result_);
  if (result_.statements.size() != 1 || !result_.errors.empty()) return nullptr;
  const StatementFacts& facts = result_.statements.front();
  fresh_.Assign(*view_->program, facts, Decide(facts, context), context);
  fresh_.may_change_catalog = MayChangeCatalog(facts);
  if (cache_ && DecisionCache::Cacheable(facts))
    if (const StatementDecision* stored = cache_->Insert(sql, context, fresh_)) return stored;
  return &fresh_;
}

void Session::EnableDecisionCache(const DecisionCacheOptions& options) {
  cache_ = std::make_unique<DecisionCache>(options);
  cache_->Bind(*view_->program, view_->generation);
}

std::string Session::Message(const FiredEffect& fired, const StatementFacts& facts, const Context& context) const {
  const EffectMeta& effect = view_->program->data().effects[fired.effect];
  return RenderTemplate(*view_->program, effect.text, facts, context);
}

}  // namespace govern
