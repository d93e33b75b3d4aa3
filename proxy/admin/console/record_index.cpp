#include "admin/console/record_index.h"

#include <simdjson.h>

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <map>
#include <mutex>
#include <span>

#include "audit/record.h"
#include "core/glob.h"
#include "core/json.h"

namespace govern::proxy::console {
namespace {

constexpr uint32_t kNone = UINT32_MAX;

std::string_view Str(simdjson::dom::element e, const char* key) {
  std::string_view v;
  if (e[key].get(v) != simdjson::SUCCESS) return {};
  return v;
}

int64_t Int(simdjson::dom::element e, const char* key, int64_t fallback) {
  int64_t v = 0;
  if (e[key].get(v) != simdjson::SUCCESS) return fallback;
  return v;
}

std::vector<std::string> StrArray(simdjson::dom::element e, const char* key) {
  std::vector<std::string> out;
  simdjson::dom::array arr;
  if (e[key].get(arr) != simdjson::SUCCESS) return out;
  for (simdjson::dom::element item : arr) {
    std::string_view s;
    if (item.get(s) == simdjson::SUCCESS) out.emplace_back(s);
  }
  return out;
}

std::string OpenKey(std::string_view proxy, std::string_view session, int64_t stmt) {
  std::string key(proxy);
  key += '\x1f';
  key += session;
  key += '\x1f';
  key += std::to_string(stmt);
  return key;
}

void AppendStrings(std::string* out, const std::vector<std::string>& values) {
  out->push_back('[');
  for (size_t i = 0; i < values.size(); ++i) {
    if (i) out->push_back(',');
    AppendJsonString(out, values[i]);
  }
  out->push_back(']');
}

void AppendInt(std::string* out, std::string_view key, int64_t v) {
  out->push_back(',');
  AppendJsonString(out, key);
  out->push_back(':');
  out->append(std::to_string(v));
}

}  // namespace

struct RecordIndex::Resolved {
  uint32_t env = kNone, user = kNone, decision = kNone;
  bool any_env = true, any_user = true, any_decision = true;
  std::vector<bool> rule_ok, tag_ok;  // by interned id; empty = any
  bool any_rule = true, any_tag = true;
  std::string text;
  int64_t since_us = 0, until_us = 0;
};

RecordIndex::RecordIndex() : parser_(std::make_unique<simdjson::dom::parser>()) {}
RecordIndex::~RecordIndex() = default;

uint32_t RecordIndex::Strings::Intern(std::string_view s) {
  auto it = ids.find(std::string(s));
  if (it != ids.end()) return it->second;
  uint32_t id = static_cast<uint32_t>(values.size());
  values.emplace_back(s);
  counts.push_back(0);
  ids.emplace(std::string(s), id);
  return id;
}

uint32_t RecordIndex::Strings::Find(std::string_view s) const {
  auto it = ids.find(std::string(s));
  return it == ids.end() ? kNone : it->second;
}

void RecordIndex::AddLine(std::string_view line) {
  // Cheap type test before parsing: records start {"v":1,"type":"...".
  if (line.find("\"type\":\"statement\"") != std::string_view::npos) {
    AddStatement(line);
  } else if (line.find("\"type\":\"outcome\"") != std::string_view::npos) {
    AddOutcome(line);
  } else {
    return;
  }
  std::unique_lock lock(mutex_);
  ledger_.AddLine(line);
}

std::string RecordIndex::ExposureJson(const std::string& identity, const std::string& tag_glob,
                                      const std::string& env) const {
  std::vector<audit::ExposureRow> rows;
  {
    std::shared_lock lock(mutex_);
    rows = ledger_.Rows();
  }
  std::erase_if(rows, [&](const audit::ExposureRow& r) {
    return (!identity.empty() && r.identity != identity) || (!env.empty() && r.env != env) ||
           (!tag_glob.empty() && !GlobMatch(tag_glob, r.tag));
  });
  auto json = audit::FormatExposure(rows, "json");
  return json ? *json : "{\"exposure\":[]}";
}

void RecordIndex::AddStatement(std::string_view line) {
  simdjson::padded_string padded(line);
  simdjson::dom::element doc;
  std::string_view type;
  std::unique_lock lock(mutex_);
  if (parser_->parse(padded).get(doc) != simdjson::SUCCESS || doc["type"].get(type) != simdjson::SUCCESS ||
      type != "statement") {
    ++skipped_;
    return;
  }
  Row row;
  row.ts = std::string(Str(doc, "ts"));
  if (!audit::ParseTimestamp(row.ts, &row.ts_us)) {
    ++skipped_;
    return;
  }
  row.id = rows_.empty() ? 0 : rows_.back().id + 1;
  std::string_view proxy = Str(doc, "proxy");
  row.proxy = proxies_.Intern(proxy);
  row.env = envs_.Intern(Str(doc, "env"));
  row.session = std::string(Str(doc, "session"));
  row.stmt = Int(doc, "stmt", 0);
  row.via = std::string(Str(doc, "via"));
  row.client = std::string(Str(doc, "client"));
  row.application = std::string(Str(doc, "application"));
  simdjson::dom::element identity;
  std::string_view user;
  if (doc["identity"].get(identity) == simdjson::SUCCESS) user = Str(identity, "user");
  row.user = users_.Intern(user);
  row.kind = std::string(Str(doc, "kind"));
  row.fingerprint = std::string(Str(doc, "fingerprint"));
  row.sql = std::string(Str(doc, "sql"));
  row.decision = decisions_.Intern(Str(doc, "decision"));
  row.decide_ns = Int(doc, "decide_ns", -1);
  bool enforced = true;
  if (doc["enforced"].get(enforced) == simdjson::SUCCESS) row.enforced = enforced;
  row.approval = std::string(Str(doc, "approval"));
  simdjson::dom::array arr;
  if (doc["rules"].get(arr) == simdjson::SUCCESS) {
    for (simdjson::dom::element r : arr) {
      RuleHit hit;
      hit.id = rules_.Intern(Str(r, "id"));
      hit.effect = std::string(Str(r, "effect"));
      hit.message = std::string(Str(r, "message"));
      if (std::none_of(row.rules.begin(), row.rules.end(), [&](const RuleHit& h) { return h.id == hit.id; }))
        ++rules_.counts[hit.id];
      row.rules.push_back(std::move(hit));
    }
  }
  row.reads = StrArray(doc, "reads");
  row.writes = StrArray(doc, "writes");
  if (doc["exposed"].get(arr) == simdjson::SUCCESS) {
    for (simdjson::dom::element x : arr) {
      Exposed e;
      e.output = std::string(Str(x, "output"));
      e.columns = StrArray(x, "columns");
      e.tags = StrArray(x, "tags");
      bool masked = false;
      if (x["masked"].get(masked) == simdjson::SUCCESS) e.masked = masked;
      e.method = std::string(Str(x, "method"));
      for (const std::string& t : e.tags) {
        uint32_t id = tags_.Intern(t);
        if (std::find(row.tags.begin(), row.tags.end(), id) == row.tags.end()) {
          row.tags.push_back(id);
          ++tags_.counts[id];
        }
      }
      row.exposed.push_back(std::move(e));
    }
  }
  ++envs_.counts[row.env];
  ++users_.counts[row.user];
  ++decisions_.counts[row.decision];
  open_[OpenKey(proxy, row.session, row.stmt)] = row.id;
  // Mostly appended in time order; records of several proxies may interleave.
  auto pos = std::upper_bound(order_.begin(), order_.end(), row.ts_us, [&](int64_t ts, uint64_t other) {
    return ts < rows_[other - rows_.front().id].ts_us;
  });
  order_.insert(pos, row.id);
  rows_.push_back(std::move(row));
}

void RecordIndex::AddOutcome(std::string_view line) {
  simdjson::padded_string padded(line);
  simdjson::dom::element doc;
  std::unique_lock lock(mutex_);
  if (parser_->parse(padded).get(doc) != simdjson::SUCCESS) {
    ++skipped_;
    return;
  }
  auto it = open_.find(OpenKey(Str(doc, "proxy"), Str(doc, "session"), Int(doc, "stmt", 0)));
  if (it == open_.end()) return;  // its statement is older than what this index holds
  Row& row = rows_[it->second - rows_.front().id];
  open_.erase(it);
  row.has_outcome = true;
  row.status = std::string(Str(doc, "status"));
  row.sqlstate = std::string(Str(doc, "sqlstate"));
  row.rows = Int(doc, "rows", 0);
  row.duration_us = Int(doc, "duration_us", -1);
  row.bytes = Int(doc, "bytes", 0);
}

RecordIndex::Resolved RecordIndex::Resolve(const RecordFilter& f) const {
  Resolved r;
  if (!f.env.empty()) r.any_env = false, r.env = envs_.Find(f.env);
  if (!f.identity.empty()) r.any_user = false, r.user = users_.Find(f.identity);
  if (!f.decision.empty()) r.any_decision = false, r.decision = decisions_.Find(f.decision);
  if (!f.rule.empty()) {
    r.any_rule = false;
    r.rule_ok.resize(rules_.values.size());
    for (size_t i = 0; i < rules_.values.size(); ++i) r.rule_ok[i] = GlobMatch(f.rule, rules_.values[i]);
  }
  if (!f.tag.empty()) {
    r.any_tag = false;
    r.tag_ok.resize(tags_.values.size());
    for (size_t i = 0; i < tags_.values.size(); ++i) r.tag_ok[i] = GlobMatch(f.tag, tags_.values[i]);
  }
  r.text = f.text;
  r.since_us = f.since_us;
  r.until_us = f.until_us;
  return r;
}

bool RecordIndex::Matches(const Row& row, const Resolved& f) const {
  if (!f.any_env && row.env != f.env) return false;
  if (!f.any_user && row.user != f.user) return false;
  if (!f.any_decision && row.decision != f.decision) return false;
  if (f.since_us && row.ts_us < f.since_us) return false;
  if (f.until_us && row.ts_us >= f.until_us) return false;
  if (!f.any_rule && std::none_of(row.rules.begin(), row.rules.end(), [&](const RuleHit& h) { return f.rule_ok[h.id]; }))
    return false;
  if (!f.any_tag && std::none_of(row.tags.begin(), row.tags.end(), [&](uint32_t t) { return f.tag_ok[t]; }))
    return false;
  if (!f.text.empty() && row.sql.find(f.text) == std::string::npos) return false;
  return true;
}

void RecordIndex::AppendRowJson(std::string* out, const Row& row) const {
  out->push_back('{');
  AppendJsonField(out, "cursor", std::to_string(row.ts_us) + "." + std::to_string(row.id), true);
  AppendJsonField(out, "ts", row.ts);
  AppendJsonField(out, "proxy", proxies_.values[row.proxy]);
  AppendJsonField(out, "env", envs_.values[row.env]);
  AppendJsonField(out, "session", row.session);
  AppendInt(out, "stmt", row.stmt);
  AppendJsonField(out, "via", row.via);
  AppendJsonField(out, "client", row.client);
  AppendJsonField(out, "application", row.application);
  AppendJsonField(out, "identity", users_.values[row.user]);
  AppendJsonField(out, "kind", row.kind);
  AppendJsonField(out, "fingerprint", row.fingerprint);
  AppendJsonField(out, "sql", row.sql);
  AppendJsonField(out, "decision", decisions_.values[row.decision]);
  out->append(row.enforced ? ",\"enforced\":true" : ",\"enforced\":false");
  if (!row.approval.empty()) AppendJsonField(out, "approval", row.approval);
  out->append(",\"rules\":[");
  for (size_t i = 0; i < row.rules.size(); ++i) {
    out->append(i ? ",{" : "{");
    AppendJsonField(out, "id", rules_.values[row.rules[i].id], true);
    AppendJsonField(out, "effect", row.rules[i].effect);
    AppendJsonField(out, "message", row.rules[i].message);
    out->push_back('}');
  }
  out->append("],\"reads\":");
  AppendStrings(out, row.reads);
  out->append(",\"writes\":");
  AppendStrings(out, row.writes);
  out->append(",\"exposed\":[");
  for (size_t i = 0; i < row.exposed.size(); ++i) {
    const Exposed& e = row.exposed[i];
    out->append(i ? ",{" : "{");
    AppendJsonField(out, "output", e.output, true);
    out->append(",\"columns\":");
    AppendStrings(out, e.columns);
    out->append(",\"tags\":");
    AppendStrings(out, e.tags);
    out->append(e.masked ? ",\"masked\":true" : ",\"masked\":false");
    if (!e.method.empty()) AppendJsonField(out, "method", e.method);
    out->push_back('}');
  }
  out->push_back(']');
  if (row.has_outcome) {
    out->append(",\"outcome\":{");
    AppendJsonField(out, "status", row.status, true);
    if (!row.sqlstate.empty()) AppendJsonField(out, "sqlstate", row.sqlstate);
    AppendInt(out, "rows", row.rows);
    AppendInt(out, "duration_us", row.duration_us);
    AppendInt(out, "bytes", row.bytes);
    out->push_back('}');
  }
  out->push_back('}');
}

std::string RecordIndex::PageJson(const RecordFilter& filter, PageCursor before, size_t limit) const {
  std::shared_lock lock(mutex_);
  Resolved f = Resolve(filter);
  std::string out = "{\"records\":[";
  size_t shown = 0, matched = 0;
  const Row* last = nullptr;
  bool more = false;
  for (auto it = order_.rbegin(); it != order_.rend(); ++it) {
    const Row& row = rows_[*it - rows_.front().id];
    if (!Matches(row, f)) continue;
    ++matched;
    bool before_cursor = row.ts_us < before.ts_us || (row.ts_us == before.ts_us && row.id < before.id);
    if (!before_cursor) continue;
    if (shown == limit) {
      more = true;
      continue;  // keep counting matches
    }
    if (shown) out.push_back(',');
    AppendRowJson(&out, row);
    last = &row;
    ++shown;
  }
  out += "],\"matched\":" + std::to_string(matched) + ",\"next\":";
  if (more && last) AppendJsonString(&out, std::to_string(last->ts_us) + "." + std::to_string(last->id));
  else out += "null";
  out += "}";
  return out;
}

bool RecordIndex::ParseCursor(std::string_view text, PageCursor* out) {
  size_t dot = text.find('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 >= text.size() || dot > 19 || text.size() - dot - 1 > 19)
    return false;
  auto digits = [](std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  std::string_view ts = text.substr(0, dot), id = text.substr(dot + 1);
  if (!digits(ts) || !digits(id)) return false;
  out->ts_us = static_cast<int64_t>(std::stoull(std::string(ts)));
  out->id = std::stoull(std::string(id));
  return true;
}

namespace {

// The p-quantile of `s` (reordered; REQUIRES: not empty).
int64_t Percentile(std::vector<int64_t>& s, double p) {
  size_t k = static_cast<size_t>(p * static_cast<double>(s.size() - 1));
  std::nth_element(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(k), s.end());
  return s[k];
}

// One measure per env: counts over `bounds` (the last bucket: above them)
// and the values, for percentiles.
struct EnvHistograms {
  std::span<const uint64_t> bounds;
  std::map<uint32_t, std::pair<std::vector<uint64_t>, std::vector<int64_t>>> envs;
  void Add(uint32_t env, int64_t value) {
    auto& [counts, values] = envs[env];
    if (counts.empty()) counts.resize(bounds.size() + 1);
    size_t i = 0;
    while (i < bounds.size() && static_cast<uint64_t>(value) > bounds[i]) ++i;
    ++counts[i];
    values.push_back(value);
  }
  // `"NAME":{"bounds_UNIT":[...],"envs":[{"env","counts","p50_UNIT","p95_UNIT","p99_UNIT"}]}`
  void Append(std::string* out, std::string_view name, std::string_view unit,
              const std::vector<std::string>& env_names) {
    *out += "\"" + std::string(name) + "\":{\"bounds_" + std::string(unit) + "\":[";
    for (size_t i = 0; i < bounds.size(); ++i) *out += (i ? "," : "") + std::to_string(bounds[i]);
    *out += "],\"envs\":[";
    bool first = true;
    for (auto& [env, h] : envs) {
      auto& [counts, values] = h;
      *out += first ? "{" : ",{";
      first = false;
      AppendJsonField(out, "env", env_names[env], true);
      *out += ",\"counts\":[";
      for (size_t i = 0; i < counts.size(); ++i) *out += (i ? "," : "") + std::to_string(counts[i]);
      *out += "]";
      for (auto [label, p] : {std::pair{"p50_", 0.50}, std::pair{"p95_", 0.95}, std::pair{"p99_", 0.99}})
        AppendInt(out, std::string(label) + std::string(unit), Percentile(values, p));
      *out += "}";
    }
    *out += "]}";
  }
};

}  // namespace

std::string RecordIndex::StatsJson(const RecordFilter& filter, size_t buckets) const {
  std::shared_lock lock(mutex_);
  Resolved f = Resolve(filter);
  buckets = std::clamp<size_t>(buckets, 1, 500);
  int64_t from = filter.since_us, to = filter.until_us;
  if (!order_.empty()) {
    if (!from) from = rows_[order_.front() - rows_.front().id].ts_us;
    if (!to) to = rows_[order_.back() - rows_.front().id].ts_us + 1;
  }
  int64_t span = std::max<int64_t>(to - from, 1);
  int64_t bucket_us = std::max<int64_t>(1000000, (span + static_cast<int64_t>(buckets) - 1) / static_cast<int64_t>(buckets));
  bucket_us = (bucket_us + 999999) / 1000000 * 1000000;
  std::map<std::pair<uint32_t, uint32_t>, std::vector<uint64_t>> series;  // (env, decision) -> counts
  EnvHistograms durations{kDurationBoundsUs, {}};                          // outcome.duration_us
  EnvHistograms decide{kDecideBoundsNs, {}};                               // statement.decide_ns
  for (uint64_t id : order_) {
    const Row& row = rows_[id - rows_.front().id];
    if (row.ts_us < from || row.ts_us >= to || !Matches(row, f)) continue;
    auto& counts = series[{row.env, row.decision}];
    if (counts.empty()) counts.resize(buckets);
    size_t b = static_cast<size_t>((row.ts_us - from) / bucket_us);
    if (b < buckets) ++counts[b];
    if (row.has_outcome && row.duration_us >= 0) durations.Add(row.env, row.duration_us);
    if (row.decide_ns >= 0) decide.Add(row.env, row.decide_ns);
  }
  std::string out = "{\"from_us\":" + std::to_string(from) + ",\"bucket_us\":" + std::to_string(bucket_us) +
                    ",\"buckets\":" + std::to_string(buckets) + ",\"decisions\":[";
  bool first = true;
  for (const auto& [key, counts] : series) {
    out += first ? "{" : ",{";
    first = false;
    AppendJsonField(&out, "env", envs_.values[key.first], true);
    AppendJsonField(&out, "decision", decisions_.values[key.second]);
    out += ",\"counts\":[";
    for (size_t i = 0; i < counts.size(); ++i) out += (i ? "," : "") + std::to_string(counts[i]);
    out += "]}";
  }
  out += "],";
  durations.Append(&out, "durations", "us", envs_.values);
  out += ",";
  decide.Append(&out, "decide", "ns", envs_.values);
  out += "}";
  return out;
}

std::string RecordIndex::FacetsJson() const {
  std::shared_lock lock(mutex_);
  auto facet = [](std::string* out, std::string_view name, const Strings& s) {
    out->push_back(out->size() > 1 ? ',' : ' ');
    AppendJsonString(out, name);
    out->append(":[");
    std::vector<uint32_t> ids;
    for (uint32_t i = 0; i < s.values.size(); ++i)
      if (s.counts[i]) ids.push_back(i);
    std::sort(ids.begin(), ids.end(), [&](uint32_t a, uint32_t b) { return s.values[a] < s.values[b]; });
    for (size_t k = 0; k < ids.size(); ++k) {
      out->append(k ? ",{" : "{");
      AppendJsonField(out, "value", s.values[ids[k]], true);
      AppendInt(out, "count", static_cast<int64_t>(s.counts[ids[k]]));
      out->push_back('}');
    }
    out->push_back(']');
  };
  std::string out = "{";
  facet(&out, "envs", envs_);
  facet(&out, "identities", users_);
  facet(&out, "decisions", decisions_);
  facet(&out, "rules", rules_);
  facet(&out, "tags", tags_);
  AppendInt(&out, "statements", static_cast<int64_t>(rows_.size()));
  AppendInt(&out, "skipped", static_cast<int64_t>(skipped_));
  out += "}";
  return out;
}

size_t RecordIndex::statements() const {
  std::shared_lock lock(mutex_);
  return rows_.size();
}

uint64_t RecordIndex::skipped() const {
  std::shared_lock lock(mutex_);
  return skipped_;
}

}  // namespace govern::proxy::console
