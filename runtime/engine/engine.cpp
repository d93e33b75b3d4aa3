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
  engine->catalog_ = std::move(*catalog);
  engine->program_ = std::make_unique<BoundProgram>(std::move(program), engine->catalog_.get());
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
  engine->generation_ = next_generation.fetch_add(1, std::memory_order_relaxed);
  return engine;
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

Session::Session(const Engine& engine) : engine_(engine), analyzer_(engine.catalog(), engine.analyzer_options()) {
  decision_.fired.reserve(engine.program().data().effects.size());
}

const AnalysisResult& Session::Analyze(std::string_view sql) {
  analyzer_.Analyze(sql, store_, &result_);
  return result_;
}

const Decision& Session::Decide(const StatementFacts& facts, const Context& context, Trace* trace) {
  govern::Decide(engine_.program(), facts, context, &decision_, trace);
  return decision_;
}

const StatementDecision* Session::DecideText(std::string_view sql, const Context& context) {
  if (cache_)
    if (const StatementDecision* hit = cache_->Find(sql, context)) return hit;
  Analyze(sql);
  if (result_.statements.size() != 1 || !result_.errors.empty()) return nullptr;
  const StatementFacts& facts = result_.statements.front();
  fresh_.Assign(engine_.program(), facts, Decide(facts, context), context);
  if (cache_ && DecisionCache::Cacheable(facts))
    if (const StatementDecision* stored = cache_->Insert(sql, context, fresh_)) return stored;
  return &fresh_;
}

void Session::EnableDecisionCache(const DecisionCacheOptions& options) {
  cache_ = std::make_unique<DecisionCache>(options);
  cache_->Bind(engine_);
}

std::string Session::Message(const FiredEffect& fired, const StatementFacts& facts, const Context& context) const {
  const EffectMeta& effect = engine_.program().data().effects[fired.effect];
  return RenderTemplate(engine_.program(), effect.text, facts, context);
}

}  // namespace govern
