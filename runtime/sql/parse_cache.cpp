#include "sql/parse_cache.h"

#include <pg_query.h>
#include <simdjson.h>

#include <cstring>

namespace govern::sql {

void CopyPadded(const char* json, size_t length, std::string* out) {
  out->reserve(length + simdjson::SIMDJSON_PADDING);
  out->assign(json, length);
}

ParsedText ParseText(std::string_view text, ParseKind kind) {
  ParsedText out;
  std::string buf(text);
  if (kind == ParseKind::kSql) {
    PgQueryParseResult parsed = pg_query_parse(buf.c_str());
    if (parsed.error != nullptr) {
      out.error = parsed.error->message ? parsed.error->message : "syntax error";
      out.cursor = parsed.error->cursorpos;
    } else {
      out.ok = true;
      CopyPadded(parsed.parse_tree, std::strlen(parsed.parse_tree), &out.json);
    }
    pg_query_free_parse_result(parsed);
    return out;
  }
  PgQueryPlpgsqlParseResult parsed = pg_query_parse_plpgsql(buf.c_str());
  if (parsed.error != nullptr || parsed.plpgsql_funcs == nullptr) {
    out.error = parsed.error != nullptr && parsed.error->message ? parsed.error->message : "cannot parse the body";
    out.cursor = parsed.error != nullptr ? parsed.error->cursorpos : 0;
  } else {
    out.ok = true;
    CopyPadded(parsed.plpgsql_funcs, std::strlen(parsed.plpgsql_funcs), &out.json);
  }
  pg_query_free_plpgsql_parse_result(parsed);
  return out;
}

size_t ParseCache::Hash::operator()(std::string_view s) const {
  if (s.size() <= 64) return std::hash<std::string_view>()(s);
  char sample[8 + 32 * 2];
  uint64_t n = s.size();
  std::memcpy(sample, &n, 8);
  size_t step = (s.size() - 2) / 31;
  for (size_t i = 0; i < 32; ++i) std::memcpy(sample + 8 + 2 * i, s.data() + i * step, 2);
  return std::hash<std::string_view>()(std::string_view(sample, sizeof sample));
}

ParseCache::ParseCache(size_t max_bytes, bool evict) : max_bytes_(max_bytes), evict_(evict) {}

const ParsedText* ParseCache::Find(std::string_view text, ParseKind kind) const {
  const Map& map = map_[static_cast<size_t>(kind)];
  auto it = map.find(text);
  return it == map.end() ? nullptr : &it->second;
}

const ParsedText* ParseCache::Put(std::string_view text, ParseKind kind, ParsedText&& parsed) {
  size_t cost = text.size() + parsed.json.capacity() + parsed.error.size() + 64;
  if (cost > max_bytes_) return nullptr;
  if (bytes_ + cost > max_bytes_) {
    if (!evict_) return nullptr;
    map_[0].clear();
    map_[1].clear();
    bytes_ = 0;
  }
  auto [it, added] = map_[static_cast<size_t>(kind)].try_emplace(std::string(text), std::move(parsed));
  if (added) bytes_ += cost;
  return &it->second;
}

}  // namespace govern::sql
