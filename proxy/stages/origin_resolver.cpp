#include "stages/origin_resolver.h"

#include "catalog/catalog.h"
#include "govern/govern.h"  // Engine, CatalogView
#include "log.h"
#include "stages/view_definition.h"

#include <algorithm>
#include <charconv>

namespace govern::proxy {
namespace {

constexpr const char* kLookup = R"sql(
SELECT r.i, c.oid, a.attname, a.attnum, c.relkind IN ('v', 'm')
FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS r(s, n, i)
JOIN pg_catalog.pg_namespace ns ON ns.nspname = r.s
JOIN pg_catalog.pg_class c ON c.relnamespace = ns.oid AND c.relname = r.n
LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
)sql";

// The definitions of the views among them (names qualified: the
// connection's search_path is empty), and what their rules depend on outside
// pg_catalog that the text does not show as such: functions (called, or
// behind a cast), operators, and functions that shadow a pg_catalog name.
constexpr const char* kDefinitions = R"sql(
WITH v AS (
  SELECT r.i, c.oid
  FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS r(s, n, i)
  JOIN pg_catalog.pg_namespace ns ON ns.nspname = r.s
  JOIN pg_catalog.pg_class c ON c.relnamespace = ns.oid AND c.relname = r.n
  WHERE c.relkind IN ('v', 'm')
), deps AS (
  SELECT v.i, d.refclassid, d.refobjid
  FROM v JOIN pg_catalog.pg_rewrite rw ON rw.ev_class = v.oid
  JOIN pg_catalog.pg_depend d ON d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass AND d.objid = rw.oid
)
SELECT v.i, pg_catalog.pg_get_viewdef(v.oid),
  ARRAY(SELECT DISTINCT n.nspname || '.' || p.proname FROM deps JOIN pg_catalog.pg_proc p ON p.oid = deps.refobjid
        JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
        WHERE deps.i = v.i AND deps.refclassid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND n.nspname <> 'pg_catalog'),
  ARRAY(SELECT DISTINCT n.nspname || '.' || o.oprname FROM deps JOIN pg_catalog.pg_operator o ON o.oid = deps.refobjid
        JOIN pg_catalog.pg_namespace n ON n.oid = o.oprnamespace
        WHERE deps.i = v.i AND deps.refclassid = 'pg_catalog.pg_operator'::pg_catalog.regclass AND n.nspname <> 'pg_catalog'),
  ARRAY(SELECT DISTINCT n.nspname || '.' || p.proname FROM deps JOIN pg_catalog.pg_proc p ON p.oid = deps.refobjid
        JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
        WHERE deps.i = v.i AND deps.refclassid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND n.nspname <> 'pg_catalog'
          AND EXISTS (SELECT 1 FROM pg_catalog.pg_proc b
                      WHERE b.pronamespace = 'pg_catalog'::pg_catalog.regnamespace AND b.proname = p.proname))
FROM v
)sql";

template <typename T>
bool Number(const std::optional<std::string>& s, T* out) {
  if (!s) return false;
  auto [p, ec] = std::from_chars(s->data(), s->data() + s->size(), *out);
  return ec == std::errc() && p == s->data() + s->size();
}

}  // namespace

OriginResolver::OriginResolver(std::string conninfo, std::chrono::milliseconds recheck)
    : conninfo_(std::move(conninfo)), recheck_(recheck) {
  thread_ = std::thread([this] { Run(); });
}

OriginResolver::~OriginResolver() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

std::shared_ptr<const RelationOid> OriginResolver::Cached(const PlanRelation& r, uint64_t stamp) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = cache_.find(Key(r));
  if (it == cache_.end() || it->second.stamp != stamp) return nullptr;
  if (std::chrono::steady_clock::now() - it->second.checked >= recheck_) return nullptr;
  return it->second.answer;
}

void OriginResolver::Resolve(std::vector<PlanRelation> relations, uint64_t stamp, bool fresh, Verify verify, Done done) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    jobs_.push_back(Job{std::move(relations), stamp, fresh, std::move(verify), std::move(done)});
  }
  cv_.notify_one();
}

bool OriginResolver::ParseTextArray(std::string_view text, std::vector<std::string>* out) {
  // PostgreSQL's text output of a one-dimensional text[]: {a,"b c","d\"e"}.
  if (text.size() < 2 || text.front() != '{' || text.back() != '}') return false;
  text = text.substr(1, text.size() - 2);
  size_t i = 0;
  while (i < text.size()) {
    std::string item;
    if (text[i] == '"') {
      ++i;
      while (i < text.size() && text[i] != '"') {
        if (text[i] == '\\' && i + 1 < text.size()) ++i;
        item.push_back(text[i++]);
      }
      if (i >= text.size()) return false;  // no closing quote
      ++i;
    } else {
      while (i < text.size() && text[i] != ',') item.push_back(text[i++]);
      if (item == "NULL") return false;  // no NULL names
    }
    out->push_back(std::move(item));
    if (i < text.size()) {
      if (text[i] != ',') return false;
      ++i;
      if (i == text.size()) return false;  // a trailing comma
    }
  }
  return true;
}

std::string OriginResolver::ArrayLiteral(const std::vector<std::string>& values) {
  std::string out = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out.push_back(',');
    out.push_back('"');
    for (char c : values[i]) {
      if (c == '"' || c == '\\') out.push_back('\\');
      out.push_back(c);
    }
    out.push_back('"');
  }
  return out + "}";
}

void OriginResolver::SweepViews(std::function<std::shared_ptr<const Engine>()> engine) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    engine_ = std::move(engine);
  }
  cv_.notify_one();
}

void OriginResolver::Run() {
  auto next_sweep = std::chrono::steady_clock::now() + recheck_;
  for (;;) {
    Job job;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      auto ready = [this] { return stop_ || !jobs_.empty(); };
      // Without an engine source, woken by a job, stop, or SweepViews setting one.
      if (engine_) cv_.wait_until(lock, next_sweep, ready);
      else cv_.wait(lock, [&] { return ready() || engine_ != nullptr; });
      if (stop_) return;
      // A sweep that is due goes before the next job (a steady stream of
      // lookups never starves it).
      if (engine_ && std::chrono::steady_clock::now() >= next_sweep) {
        lock.unlock();
        Sweep();
        next_sweep = std::chrono::steady_clock::now() + recheck_;
        continue;
      }
      if (jobs_.empty()) continue;  // the engine source just came: wait for its first sweep
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    // Another connection may have looked them up meanwhile.
    Relations cached;
    for (const PlanRelation& r : job.relations) cached.push_back(job.fresh ? nullptr : Cached(r, job.stamp));
    bool all = true;
    for (const auto& c : cached) all = all && c != nullptr;
    if (all) {
      job.done(std::move(cached));
      continue;
    }
    auto found = Lookup(job.relations, job.verify);
    if (found) {
      std::lock_guard<std::mutex> lock(mutex_);
      const auto now = std::chrono::steady_clock::now();
      for (size_t i = 0; i < job.relations.size(); ++i) {
        Entry& e = cache_[Key(job.relations[i])];
        std::shared_ptr<const RelationOid> first = e.stamp == job.stamp ? e.answer : nullptr;
        (*found)[i] = Merge(job.relations[i], first, std::move((*found)[i]));
        e = Entry{job.stamp, (*found)[i], now};
      }
    }
    job.done(std::move(found));
  }
}

void OriginResolver::Sweep() {
  std::shared_ptr<const Engine> engine;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (engine_) engine = engine_();
  }
  if (engine == nullptr) return;
  std::shared_ptr<const CatalogView> view = engine->shared_view();
  if (view == nullptr || view->catalog == nullptr) return;
  const Catalog& catalog = *view->catalog;
  std::vector<PlanRelation> views;
  for (size_t i = 0; i < catalog.table_count(); ++i) {
    const Catalog::Table& t = catalog.table(static_cast<int32_t>(i));
    if (!t.dropped && t.kind != RelationKind::kTable && !t.view_sql.empty() && t.schema != "pg_temp")
      views.push_back(PlanRelation{t.schema, t.name, true});
  }
  if (views.empty()) return;
  Verify verify = [&](const PlanRelation& r, const ViewInDatabase& db) -> std::string {
    return CompareView(catalog, r, db);
  };
  auto found = Lookup(views, verify);
  if (!found && !sweep_failed_) Log("warn", "view_sweep_failed", {{"error", found.status().message()}});
  sweep_failed_ = !found;
}

std::shared_ptr<const RelationOid> OriginResolver::Merge(const PlanRelation& r,
                                                        const std::shared_ptr<const RelationOid>& first,
                                                        std::shared_ptr<const RelationOid> fresh) {
  if (first == nullptr || !first->mismatch.empty()) return first == nullptr ? fresh : first;
  const std::string name = r.schema + "." + r.name;
  std::string why;
  if (first->found != fresh->found)
    why = "relation " + name + (fresh->found ? " was created" : " was dropped") +
          " in the database since govern first looked it up";
  else if (first->oid != fresh->oid || first->view != fresh->view)
    why = "relation " + name + " was re-created in the database since govern first looked it up (table OID " +
          std::to_string(first->oid) + ", now " + std::to_string(fresh->oid) + ")";
  else if (first->columns != fresh->columns)
    why = "relation " + name + " had columns added, dropped or renamed in the database since govern first looked it up";
  else if (!fresh->mismatch.empty())
    why = fresh->mismatch;
  if (why.empty()) return first;
  auto changed = std::make_shared<RelationOid>(*first);
  changed->mismatch = why + "; govern's catalog must be read again (DDL through the proxy, or SIGHUP with [catalog] pull)";
  return changed;
}

Expected<OriginResolver::Relations> OriginResolver::Lookup(const std::vector<PlanRelation>& relations,
                                                           const Verify& verify) {
  if (!conn_) {
    auto c = PgConnection::Connect(conninfo_);  // its errors never carry the conninfo
    if (!c) return c.status();
    // Names in pg_get_viewdef's text with their schema, whatever the login's default path.
    if (auto set = c->Query("SELECT pg_catalog.set_config('search_path', '', false)", {}); !set) return set.status();
    conn_.emplace(std::move(*c));
  }
  std::vector<std::string> schemas, names;
  for (const PlanRelation& r : relations) {
    schemas.push_back(r.schema);
    names.push_back(r.name);
  }
  auto rows = conn_->Query(kLookup, {ArrayLiteral(schemas), ArrayLiteral(names)});
  if (!rows) {
    conn_.reset();  // connect again next time
    return rows.status();
  }
  std::vector<RelationOid> out(relations.size());
  bool views = false;
  for (const PgConnection::Row& row : *rows) {
    size_t i = 0;
    uint32_t oid = 0;
    if (row.size() != 5 || !Number(row[0], &i) || i < 1 || i > out.size() || !Number(row[1], &oid) || !row[4])
      return Status::Error("unexpected answer to the origin lookup");
    RelationOid& r = out[i - 1];
    r.found = true;
    r.oid = oid;
    r.view = *row[4] == "t";
    views = views || r.view;
    int16_t attnum = 0;
    if (row[2] && Number(row[3], &attnum)) r.columns.emplace_back(*row[2], attnum);
  }
  for (RelationOid& r : out) std::sort(r.columns.begin(), r.columns.end());
  std::vector<ViewInDatabase> definitions(relations.size());
  if (views) {
    auto defs = conn_->Query(kDefinitions, {ArrayLiteral(schemas), ArrayLiteral(names)});
    if (!defs) {
      conn_.reset();
      return defs.status();
    }
    for (const PgConnection::Row& row : *defs) {
      size_t i = 0;
      if (row.size() != 5 || !Number(row[0], &i) || i < 1 || i > out.size() || !row[1] || !row[2] || !row[3] || !row[4])
        return Status::Error("unexpected answer to the view definition lookup");
      ViewInDatabase& d = definitions[i - 1];
      d.definition = *row[1];
      if (!ParseTextArray(*row[2], &d.functions) || !ParseTextArray(*row[3], &d.operators) ||
          !ParseTextArray(*row[4], &d.shadowing))
        return Status::Error("unexpected answer to the view definition lookup");
    }
  }
  for (size_t i = 0; i < out.size(); ++i) {
    definitions[i].view = out[i].view;
    if (out[i].found && verify) out[i].mismatch = verify(relations[i], definitions[i]);
    // A view that does not match: logged once per view and definition (the
    // sweep and the lookups come back every recheck).
    if (out[i].found && !out[i].mismatch.empty() &&
        reported_.insert(relations[i].schema + "." + relations[i].name + '\x1f' + definitions[i].definition).second)
      Log("warn", "view_drift", {{"view", relations[i].schema + "." + relations[i].name}, {"reason", out[i].mismatch}});
    // A view of the plan the database does not have under that name: the
    // statement read another relation (a temporary view, which this
    // connection cannot see, or one of another schema earlier in the
    // session's search_path), whose definition nothing compared.
    if (!out[i].found && relations[i].view)
      out[i].mismatch = "view " + relations[i].schema + "." + relations[i].name +
                        " is not in the database as govern has it (a temporary view, or a relation of that name in another schema was read)";
  }
  Relations answers;
  for (RelationOid& r : out) answers.push_back(std::make_shared<const RelationOid>(std::move(r)));
  return answers;
}

}  // namespace govern::proxy
