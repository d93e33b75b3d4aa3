#include "sql/parse_cache.h"

#include <pg_query.h>
#include <simdjson.h>

#include <cstring>

#include "sql/plpgsql_checks.h"
#include "sql/plpgsql_outline.h"

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
  PgQueryPlpgsqlParseResult parsed;
  std::string outline;
  {
    PlpgsqlChecksOff off;             // the walker parses every embedded text itself
    PlpgsqlOutlineScope scope(&outline);  // what the walker reads, without the JSON
    parsed = pg_query_parse_plpgsql(buf.c_str());
  }
  if (parsed.error != nullptr || parsed.plpgsql_funcs == nullptr) {
    out.error = parsed.error != nullptr && parsed.error->message ? parsed.error->message : "cannot parse the body";
    out.cursor = parsed.error != nullptr ? parsed.error->cursorpos : 0;
  } else {
    out.ok = true;
    out.json = std::move(outline);
  }
  pg_query_free_plpgsql_parse_result(parsed);
  return out;
}

size_t ParseCache::Hash::operator()(std::string_view s) const {
  // Statements (up to a few KiB) are hashed whole: sampling them made texts
  // that differ only between samples (seed rows of equal length) collide,
  // and the collisions cost more than hashing every byte.
  if (s.size() <= 4096) return std::hash<std::string_view>()(s);
  char sample[8 + 32 * 2];
  uint64_t n = s.size();
  std::memcpy(sample, &n, 8);
  size_t step = (s.size() - 2) / 31;
  for (size_t i = 0; i < 32; ++i) std::memcpy(sample + 8 + 2 * i, s.data() + i * step, 2);
  return std::hash<std::string_view>()(std::string_view(sample, sizeof sample));
}

ParseCache::ParseCache(size_t max_bytes, bool evict) : max_bytes_(max_bytes), evict_(evict) {}

namespace {
// The calling thread's place in a cache's insertion order: the entry after
// its previous hit. Lint's threads each read their own files, in order.
struct Cursor {
  const void* cache = nullptr;
  size_t kind = 0;
  size_t next = 0;
};
thread_local Cursor cursor;
}  // namespace

const ParsedText* ParseCache::Find(std::string_view text, ParseKind kind) const {
  const auto k = static_cast<size_t>(kind);
  const std::vector<const Map::value_type*>& order = order_[k];
  if (cursor.cache == this && cursor.kind == k) {
    // The next entry, or the last one again (a statement's text is looked
    // up by the flow, then by the analyzer it hands the text to).
    for (size_t at : {cursor.next, cursor.next - 1}) {
      if (at >= order.size()) continue;
      const Map::value_type* e = order[at];
      if (e->first.size() == text.size() && std::memcmp(e->first.data(), text.data(), text.size()) == 0) {
        cursor.next = at + 1;
        return &e->second;
      }
    }
  }
  const Map& map = map_[k];
  auto it = map.find(text);
  if (it == map.end()) return nullptr;
  cursor = Cursor{this, k, it->second.place + 1};
  return &it->second;
}

const ParsedText* ParseCache::Put(std::string_view text, ParseKind kind, ParsedText&& parsed) {
  size_t cost = text.size() + parsed.json.capacity() + parsed.error.size() + 64;
  if (cost > max_bytes_) return nullptr;
  if (bytes_ + cost > max_bytes_) {
    if (!evict_) return nullptr;
    map_[0].clear();
    map_[1].clear();
    order_[0].clear();
    order_[1].clear();
    bytes_ = 0;
  }
  const auto k = static_cast<size_t>(kind);
  auto [it, added] = map_[k].try_emplace(std::string(text), std::move(parsed));
  if (added) {
    bytes_ += cost;
    it->second.place = order_[k].size();
    order_[k].push_back(&*it);
  }
  return &it->second;
}

}  // namespace govern::sql
