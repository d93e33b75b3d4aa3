#include "stages/origin_resolver.h"

#include <charconv>

namespace govern::proxy {
namespace {

constexpr const char* kLookup = R"sql(
SELECT r.i, c.oid, a.attname, a.attnum
FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS r(s, n, i)
JOIN pg_catalog.pg_namespace ns ON ns.nspname = r.s
JOIN pg_catalog.pg_class c ON c.relnamespace = ns.oid AND c.relname = r.n
LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
)sql";

template <typename T>
bool Number(const std::optional<std::string>& s, T* out) {
  if (!s) return false;
  auto [p, ec] = std::from_chars(s->data(), s->data() + s->size(), *out);
  return ec == std::errc() && p == s->data() + s->size();
}

}  // namespace

OriginResolver::OriginResolver(std::string conninfo) : conninfo_(std::move(conninfo)) {
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
  if (it == cache_.end() || it->second.first != stamp) return nullptr;
  return it->second.second;
}

void OriginResolver::Resolve(std::vector<PlanRelation> relations, uint64_t stamp, Done done) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    jobs_.push_back(Job{std::move(relations), stamp, std::move(done)});
  }
  cv_.notify_one();
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

void OriginResolver::Run() {
  for (;;) {
    Job job;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      cv_.wait(lock, [this] { return stop_ || !jobs_.empty(); });
      if (stop_) return;
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    // Another connection may have looked them up meanwhile.
    Relations cached;
    for (const PlanRelation& r : job.relations) cached.push_back(Cached(r, job.stamp));
    bool all = true;
    for (const auto& c : cached) all = all && c != nullptr;
    if (all) {
      job.done(std::move(cached));
      continue;
    }
    auto found = Lookup(job.relations);
    if (found) {
      std::lock_guard<std::mutex> lock(mutex_);
      for (size_t i = 0; i < job.relations.size(); ++i) cache_[Key(job.relations[i])] = {job.stamp, (*found)[i]};
    }
    job.done(std::move(found));
  }
}

Expected<OriginResolver::Relations> OriginResolver::Lookup(const std::vector<PlanRelation>& relations) {
  if (!conn_) {
    auto c = PgConnection::Connect(conninfo_);  // its errors never carry the conninfo
    if (!c) return c.status();
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
  for (const PgConnection::Row& row : *rows) {
    size_t i = 0;
    uint32_t oid = 0;
    if (row.size() != 4 || !Number(row[0], &i) || i < 1 || i > out.size() || !Number(row[1], &oid))
      return Status::Error("unexpected answer to the origin lookup");
    RelationOid& r = out[i - 1];
    r.found = true;
    r.oid = oid;
    int16_t attnum = 0;
    if (row[2] && Number(row[3], &attnum)) r.columns.emplace_back(*row[2], attnum);
  }
  Relations answers;
  for (RelationOid& r : out) answers.push_back(std::make_shared<const RelationOid>(std::move(r)));
  return answers;
}

}  // namespace govern::proxy
