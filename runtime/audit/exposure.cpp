#include "audit/exposure.h"

#include <simdjson.h>

#include <algorithm>
#include <cstdio>

#include "audit/record.h"
#include "core/glob.h"
#include "core/json.h"

namespace govern::audit {
namespace {

std::string_view Str(simdjson::dom::object obj, const char* key) {
  std::string_view s;
  if (obj[key].get_string().get(s) != simdjson::SUCCESS) return {};
  return s;
}

std::string PendingKey(std::string_view proxy, std::string_view session, int64_t stmt) {
  std::string k(proxy);
  k.push_back('\x1f');
  k += session;
  k.push_back('\x1f');
  k += std::to_string(stmt);
  return k;
}

}  // namespace

void ExposureLedger::AddLine(std::string_view line) {
  if (line.find("\"type\":\"statement\"") == std::string_view::npos &&
      line.find("\"type\":\"outcome\"") == std::string_view::npos)
    return;
  simdjson::dom::parser parser;
  simdjson::padded_string padded(line);
  simdjson::dom::element doc;
  simdjson::dom::object obj;
  if (parser.parse(padded).get(doc) != simdjson::SUCCESS || doc.get_object().get(obj) != simdjson::SUCCESS) return;
  std::string_view type = Str(obj, "type"), proxy = Str(obj, "proxy"), session = Str(obj, "session");
  int64_t stmt = 0;
  if (obj["stmt"].get_int64().get(stmt) != simdjson::SUCCESS) return;
  std::string key = PendingKey(proxy, session, stmt);
  if (type == "outcome") {
    auto it = pending_.find(key);
    if (it == pending_.end()) return;
    std::string_view status = Str(obj, "status");
    int64_t rows = 0;
    if (obj["rows"].get_int64().get(rows) != simdjson::SUCCESS || rows < 0) rows = 0;
    if (status != "error" && status != "refused") Count(it->second, static_cast<uint64_t>(rows));
    pending_.erase(it);
    return;
  }
  if (type != "statement") return;
  Pending p;
  p.env = std::string(Str(obj, "env"));
  int64_t ts = 0;
  if (!ParseTimestamp(Str(obj, "ts"), &ts)) return;
  p.ts = ts;
  simdjson::dom::object identity;
  if (obj["identity"].get_object().get(identity) == simdjson::SUCCESS) p.identity = std::string(Str(identity, "user"));
  if (!query_.identity.empty() && p.identity != query_.identity) return;
  if (!query_.env.empty() && p.env != query_.env) return;
  if (query_.since_us && ts < query_.since_us) return;
  bool enforced = true;
  if (obj["enforced"].get_bool().get(enforced) != simdjson::SUCCESS) enforced = true;
  std::string_view decision = Str(obj, "decision");
  if (decision != "allow" && enforced) return;  // refused: nothing reached the client
  simdjson::dom::array exposed;
  if (obj["exposed"].get_array().get(exposed) != simdjson::SUCCESS) return;
  for (simdjson::dom::element e : exposed) {
    simdjson::dom::object out;
    if (e.get_object().get(out) != simdjson::SUCCESS) continue;
    bool masked = false;
    if (out["masked"].get_bool().get(masked) != simdjson::SUCCESS) masked = false;
    simdjson::dom::array sources;
    if (out["sources"].get_array().get(sources) != simdjson::SUCCESS) continue;
    for (simdjson::dom::element s : sources) {
      simdjson::dom::object src;
      if (s.get_object().get(src) != simdjson::SUCCESS) continue;
      std::string_view column = Str(src, "column");
      simdjson::dom::array tags;
      if (src["tags"].get_array().get(tags) != simdjson::SUCCESS) continue;
      for (simdjson::dom::element t : tags) {
        std::string_view tag;
        if (t.get_string().get(tag) != simdjson::SUCCESS) continue;
        if (!query_.tag_glob.empty() && !GlobMatch(query_.tag_glob, tag)) continue;
        Item item{std::string(column), std::string(tag), masked};
        bool dup = std::any_of(p.items.begin(), p.items.end(), [&](const Item& i) {
          return i.column == item.column && i.tag == item.tag && i.masked == item.masked;
        });
        if (!dup) p.items.push_back(std::move(item));
      }
    }
  }
  if (p.items.empty()) return;
  pending_[key] = std::move(p);
}

void ExposureLedger::Count(const Pending& p, uint64_t rows) {
  for (const Item& i : p.items) {
    ExposureRow& r = rows_[Key{p.identity, p.env, i.column, i.tag, i.masked}];
    if (r.statements == 0) {
      r.identity = p.identity;
      r.env = p.env;
      r.column = i.column;
      r.tag = i.tag;
      r.masked = i.masked;
      r.first_us = r.last_us = p.ts;
    }
    r.statements += 1;
    r.rows += rows;
    r.first_us = std::min(r.first_us, p.ts);
    r.last_us = std::max(r.last_us, p.ts);
  }
}

std::vector<ExposureRow> ExposureLedger::Rows() const {
  ExposureLedger copy = *this;
  for (const auto& [key, p] : pending_) copy.Count(p, 0);
  std::vector<ExposureRow> out;
  for (const auto& [key, r] : copy.rows_) out.push_back(r);
  return out;
}

static std::string Csv(std::string_view s) {
  if (s.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  return out + "\"";
}

Expected<std::string> FormatExposure(const std::vector<ExposureRow>& rows, std::string_view format) {
  std::string out;
  if (format == "json") {
    out = "{\"exposure\":[";
    for (size_t i = 0; i < rows.size(); ++i) {
      const ExposureRow& r = rows[i];
      if (i) out.push_back(',');
      out.push_back('{');
      AppendJsonField(&out, "identity", r.identity, true);
      AppendJsonField(&out, "env", r.env);
      AppendJsonField(&out, "column", r.column);
      AppendJsonField(&out, "tag", r.tag);
      out += std::string(",\"masked\":") + (r.masked ? "true" : "false");
      out += ",\"statements\":" + std::to_string(r.statements) + ",\"rows\":" + std::to_string(r.rows);
      AppendJsonField(&out, "first", FormatTimestamp(r.first_us));
      AppendJsonField(&out, "last", FormatTimestamp(r.last_us));
      out.push_back('}');
    }
    out += "]}\n";
    return out;
  }
  if (format == "csv") {
    out = "identity,env,column,tag,masked,statements,rows,first,last\n";
    for (const ExposureRow& r : rows)
      out += Csv(r.identity) + "," + Csv(r.env) + "," + Csv(r.column) + "," + Csv(r.tag) + "," +
             (r.masked ? "true" : "false") + "," + std::to_string(r.statements) + "," + std::to_string(r.rows) + "," +
             FormatTimestamp(r.first_us) + "," + FormatTimestamp(r.last_us) + "\n";
    return out;
  }
  if (format != "text") return Status::Error("unknown format \"" + std::string(format) + "\" (text, json, csv)");
  if (rows.empty()) return std::string("no exposure of tagged columns in the audit trail\n");
  std::string current;
  for (const ExposureRow& r : rows) {
    std::string who = r.identity + " (env " + r.env + ")";
    if (who != current) {
      out += (current.empty() ? "" : "\n") + who + "\n";
      current = who;
    }
    char buf[512];
    std::snprintf(buf, sizeof buf, "  %-40s %-16s %-6s %6llu statements %10llu rows  %s .. %s\n", r.column.c_str(),
                  r.tag.c_str(), r.masked ? "masked" : "clear", static_cast<unsigned long long>(r.statements),
                  static_cast<unsigned long long>(r.rows), FormatTimestamp(r.first_us).c_str(),
                  FormatTimestamp(r.last_us).c_str());
    out += buf;
  }
  return out;
}

}  // namespace govern::audit
