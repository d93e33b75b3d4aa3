#include "stages/audit_statements.h"

#include <algorithm>

#include "audit/record.h"
#include "core/json.h"
#include "sql/fingerprint.h"

namespace govern::proxy {
namespace {

void AppendStrings(std::string* out, const std::vector<std::string_view>& values) {
  out->push_back('[');
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) out->push_back(',');
    AppendJsonString(out, values[i]);
  }
  out->push_back(']');
}

std::vector<std::string_view> Names(std::span<const ColumnFact> columns) {
  std::vector<std::string_view> out;
  for (const ColumnFact& c : columns)
    if (!(c.usage & kUseView) && std::find(out.begin(), out.end(), c.name) == out.end()) out.push_back(c.name);
  return out;
}

std::vector<std::string_view> TagsOf(const Catalog* catalog, const ColumnFact& c) {
  std::vector<std::string_view> tags;
  if (catalog == nullptr || c.column_id < 0 || static_cast<size_t>(c.column_id) >= catalog->column_count())
    return tags;
  for (uint32_t t : catalog->column(c.column_id).tags) tags.push_back(catalog->TagName(t));
  return tags;
}

// ,"exposed":[{"output","position","columns","tags","sources":[{"column","tags"}],"masked"[,"method"]}]
void AppendExposed(std::string* out, const StatementFacts& facts, const Decision& d, const Catalog* catalog) {
  out->append(",\"exposed\":[");
  for (size_t i = 0; i < facts.outputs.size(); ++i) {
    const OutputFact& o = facts.outputs[i];
    if (i) out->push_back(',');
    out->push_back('{');
    AppendJsonField(out, "output", o.name, true);
    out->append(",\"position\":" + std::to_string(i) + ",\"columns\":");
    AppendStrings(out, Names(o.sources));
    std::vector<std::string_view> all_tags;
    std::string sources = "[";
    bool first = true;
    for (const ColumnFact& c : o.sources) {
      if (c.usage & kUseView) continue;
      std::vector<std::string_view> tags = TagsOf(catalog, c);
      for (std::string_view t : tags)
        if (std::find(all_tags.begin(), all_tags.end(), t) == all_tags.end()) all_tags.push_back(t);
      if (!first) sources.push_back(',');
      first = false;
      sources += "{\"column\":";
      AppendJsonString(&sources, c.name);
      sources += ",\"tags\":";
      AppendStrings(&sources, tags);
      sources += "}";
    }
    sources += "]";
    out->append(",\"tags\":");
    AppendStrings(out, all_tags);
    out->append(",\"sources\":" + sources);
    const MaskAssignment* mask = nullptr;
    for (const MaskAssignment& m : d.masks)
      if (m.output == i) mask = &m;
    out->append(mask ? ",\"masked\":true" : ",\"masked\":false");
    if (mask) AppendJsonField(out, "method", MaskMethodName(mask->method));
    out->push_back('}');
  }
  out->push_back(']');
}

}  // namespace

const std::vector<std::string>& StatementDescriber::Describe(std::string_view sql,
                                                             const std::vector<std::string>& search_path,
                                                             const Context& ctx) {
  uint64_t v = slot_.version();
  if (v != version_ || !engine_) {
    engine_ = slot_.engine();
    version_ = v;
    session_.reset();
    cache_.clear();
  }
  key_.clear();
  key_ += std::to_string(engine_->shared_generation());
  const Identity& id = ctx.identity;
  for (std::string_view part : {id.user, id.purpose, id.kind, ctx.env, ctx.database, ctx.application}) {
    key_.push_back('\x1f');
    key_ += part;
  }
  for (std::string_view g : id.groups) key_ += "\x1eg" + std::string(g);
  for (std::string_view r : id.roles) key_ += "\x1er" + std::string(r);
  for (const Attribute& a : id.attrs) key_ += "\x1e" "a" + std::string(a.name) + "=" + std::string(a.value);
  for (const std::string& s : search_path) key_ += "\x1ds" + s;
  key_.push_back('\x1c');
  key_ += sql;
  auto it = cache_.find(key_);
  if (it != cache_.end()) return it->second;
  if (cache_.size() >= kMaxCached) cache_.clear();
  std::vector<std::string>& out = cache_[key_];
  Build(sql, search_path, ctx, &out);
  return out;
}

void StatementDescriber::Build(std::string_view sql, const std::vector<std::string>& search_path, const Context& ctx,
                               std::vector<std::string>* out) {
  if (!session_ || session_path_ != search_path) {
    AnalyzerOptions options = engine_->analyzer_options();
    if (!search_path.empty()) options.search_path = search_path;
    session_ = std::make_unique<Session>(*engine_, options);
    session_path_ = search_path;
  }
  const AnalysisResult& result = session_->Analyze(sql);
  if (!result.errors.empty()) {
    audit::Fields fields;
    fields.Int("index", 0).Str("kind", "unknown").Str("fingerprint", StatementFingerprint(sql)).Str("sql", "");
    fields.Raw("rules", "[]").Raw("reads", "[]").Raw("writes", "[]").Raw("exposed", "[]");
    out->push_back(fields.Take());
    return;
  }
  const BoundProgram& program = engine_->program();
  std::shared_ptr<const Catalog> catalog = session_->view().catalog;
  int index = 0;
  for (const StatementFacts& facts : result.statements) {
    if (facts.enclosing >= 0) continue;
    std::string_view text = sql.substr(std::min<size_t>(facts.pos.offset, sql.size()), facts.pos.length);
    const Decision& d = session_->Decide(facts, ctx);
    std::string rules = "[";
    for (size_t i = 0; i < d.fired.size(); ++i) {
      const FiredEffect& f = d.fired[i];
      if (i) rules.push_back(',');
      rules.push_back('{');
      AppendJsonField(&rules, "id", program.data().strings[program.data().rules[f.rule].id], true);
      AppendJsonField(&rules, "effect", EffectTypeName(program.data().effects[f.effect].type));
      AppendJsonField(&rules, "message", session_->Message(f, facts, ctx));
      rules.push_back('}');
    }
    rules.push_back(']');
    std::string reads, writes;
    AppendStrings(&reads, Names(facts.reads));
    AppendStrings(&writes, Names(facts.writes));
    audit::Fields fields;
    fields.Int("index", index++).Str("kind", StatementKindName(facts.kind));
    fields.Str("fingerprint", StatementFingerprint(text)).Str("sql", NormalizeStatement(text));
    fields.Raw("rules", rules).Raw("reads", reads).Raw("writes", writes);
    std::string s = fields.Take();
    AppendExposed(&s, facts, d, catalog.get());
    out->push_back(std::move(s));
  }
  if (out->empty()) {  // an empty text (";")
    audit::Fields fields;
    fields.Int("index", 0).Str("kind", "empty").Str("fingerprint", StatementFingerprint(sql)).Str("sql", "");
    fields.Raw("rules", "[]").Raw("reads", "[]").Raw("writes", "[]").Raw("exposed", "[]");
    out->push_back(fields.Take());
  }
}

}  // namespace govern::proxy
