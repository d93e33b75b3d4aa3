#include "driver/compile.h"

#include <algorithm>
#include <filesystem>

#include "bundle/crypto.h"
#include "bundle/loader.h"
#include "check/checker.h"
#include "codegen/codegen.h"
#include "core/glob.h"
#include "syntax/parser.h"

namespace govern::compiler {
namespace {

size_t CatalogMatches(const Catalog& catalog, const IrSelector& sel) {
  size_t n = 0;
  for (size_t c = 0; c < catalog.column_count(); ++c) {
    const Catalog::Column& col = catalog.column(static_cast<int32_t>(c));
    if (col.dropped) continue;
    switch (sel.kind) {
      case SelectorKind::kAll: ++n; break;
      case SelectorKind::kTag:
        for (uint32_t t : col.tags)
          if (GlobMatch(sel.glob, catalog.TagName(t))) {
            ++n;
            break;
          }
        break;
      case SelectorKind::kColumn: n += GlobMatch(sel.glob, col.qname); break;
      case SelectorKind::kTable: n += GlobMatch(sel.glob, catalog.table(col.table_id).qname); break;
    }
  }
  return n;
}

// First mask in source order wins per column: a later mask whose selector an
// earlier one covers (same rule, or an earlier rule that always fires) never
// applies. Glob cover: the earlier glob matches the later pattern's text.
void WarnShadowedMasks(CompileResult& r) {
  struct Seen {
    const IrSelector* selector;
    std::string rule;
  };
  std::vector<Seen> always;  // masks of rules without a condition
  for (const IrRule& rule : r.module.rules) {
    std::vector<Seen> here = always;
    for (const IrEffect& e : rule.effects) {
      if (e.type != EffectType::kMask) continue;
      const IrSelector& sel = r.module.selectors[e.selector];
      for (const Seen& s : here) {
        if (s.selector->kind != sel.kind || !GlobMatch(s.selector->glob, sel.glob)) continue;
        r.diagnostics.Warning(e.span, "this mask never applies: " + std::string(SelectorKindName(sel.kind)) + " \"" +
                                          s.selector->glob + "\" of " + s.rule + " comes first and covers " +
                                          std::string(SelectorKindName(sel.kind)) + " \"" + sel.glob + "\"",
                              "list the more specific mask first: the first match in source order wins");
        break;
      }
      here.push_back({&sel, rule.id});
      if (!rule.condition) always.push_back({&sel, rule.id});
    }
  }
}

void Finish(CompileResult& r, const CompileOptions& options, std::vector<FileAst*>& asts) {
  for (uint32_t i = 0; i < asts.size(); ++i)
    if (!asts[i]->syntax_errors) CheckFile(r.sources, *asts[i], i, r.module, r.diagnostics);
  CheckTestReferences(r.module, r.diagnostics);
  if (options.catalog) {
    for (const IrSelector& sel : r.module.selectors) {
      if (CatalogMatches(*options.catalog, sel) > 0) continue;
      r.diagnostics.Warning(sel.span, "selector " + std::string(SelectorKindName(sel.kind)) + " \"" + sel.glob +
                                          "\" matches no column of the catalog",
                            "check the spelling against the catalog's tags and column names");
    }
  }
  if (r.diagnostics.has_errors()) return;
  if (!options.catalog && options.warn_tags_without_catalog) {
    const IrSelector* first = nullptr;
    size_t tags = 0;
    for (const IrSelector& sel : r.module.selectors)
      if (sel.kind == SelectorKind::kTag && tags++ == 0) first = &sel;
    if (first)
      r.diagnostics.Warning(first->span,
                            "no catalog: tag selectors match nothing without one (" + std::to_string(tags) +
                                " tag selector" + (tags == 1 ? "" : "s") + "), so rules on tags never fire",
                            "give --catalog (build embeds it in the bundle); decide, explain, lint and bench refuse "
                            "such a bundle without a catalog unless told --allow-no-catalog");
  }
  WarnShadowedMasks(r);
  for (IrRule& rule : r.module.rules)
    if (rule.condition) rule.checked_condition = CloneExpr(*rule.condition);
  FoldConstants(r.module);
  IndexRulesByKind(r.module);
  for (const IrRule& rule : r.module.rules)
    if (rule.kind_mask == 0 || (rule.condition && rule.condition->op == IrOp::kConstBool && !rule.condition->b))
      r.diagnostics.Warning(rule.span, "rule `" + rule.id + "` can never fire: its condition is always false");
  if (!options.generate) return;
  auto program = Generate(r.module, r.sources);
  if (!program) {
    r.diagnostics.Error(Span{}, program.status().message());
    return;
  }
  program->catalog_json = options.catalog_json;
  r.program = std::move(*program);
}

}  // namespace

bool ExpandPolicyInputs(const std::vector<std::string>& inputs, std::vector<std::string>* files, std::string* error) {
  namespace fs = std::filesystem;
  for (const std::string& in : inputs) {
    std::error_code ec;
    if (fs::is_directory(in, ec)) {
      std::vector<std::string> found;
      for (auto it = fs::recursive_directory_iterator(in, ec); !ec && it != fs::recursive_directory_iterator();
           it.increment(ec))
        if (it->is_regular_file() && it->path().extension() == ".policy") found.push_back(it->path().string());
      if (ec) {
        *error = in + ": " + ec.message();
        return false;
      }
      std::sort(found.begin(), found.end());
      if (found.empty()) {
        *error = in + ": no .policy files in this directory";
        return false;
      }
      files->insert(files->end(), found.begin(), found.end());
    } else if (fs::exists(in, ec)) {
      files->push_back(in);
    } else {
      *error = in + ": no such file or directory";
      return false;
    }
  }
  return true;
}

std::unique_ptr<CompileResult> Compile(const CompileOptions& options) {
  auto r = std::make_unique<CompileResult>();
  std::vector<std::string> files;
  if (!ExpandPolicyInputs(options.inputs, &files, &r->input_error)) return r;
  Arena arena;
  std::vector<FileAst*> asts;
  for (const std::string& path : files) {
    auto text = ReadFile(path);
    if (!text) {
      r->input_error = text.status().message();
      return r;
    }
    IrSource src;
    src.path = path;
    src.sha256 = Sha256(*text);
    r->module.sources.push_back(src);
    uint32_t id = r->sources.Add(path, std::move(*text));
    asts.push_back(ParseFile(r->sources, id, arena, r->diagnostics));
  }
  Finish(*r, options, asts);
  return r;
}

std::unique_ptr<CompileResult> CompileText(const std::string& path, const std::string& text, const Catalog* catalog) {
  auto r = std::make_unique<CompileResult>();
  CompileOptions options;
  options.catalog = catalog;
  Arena arena;
  IrSource src;
  src.path = path;
  src.sha256 = Sha256(text);
  r->module.sources.push_back(src);
  uint32_t id = r->sources.Add(path, text);
  std::vector<FileAst*> asts{ParseFile(r->sources, id, arena, r->diagnostics)};
  Finish(*r, options, asts);
  return r;
}

}  // namespace govern::compiler
