// Internal to runtime/sql: libpg_query's output for a text, and a bounded
// cache of it keyed by the exact text.
//
// A parse depends on nothing but the text (libpg_query has no catalog, no
// search_path, no settings), so reusing it is sound wherever the same text is
// parsed again: a function body analysed as part of its CREATE FUNCTION, then
// each of its statements on their own; up and down migrations that repeat a
// definition; and lint, which parses every file in the repository flow
// (catalog_flow.cpp, at least two passes) and again to lint it. Facts are
// never cached: they depend on the catalog and the search path, and are
// recomputed from the cached tree.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace govern::sql {

enum class ParseKind : uint8_t { kSql, kPlpgsql };

struct ParsedText {
  bool ok = false;
  // ok: kSql, libpg_query's JSON tree (capacity() >= size() + SIMDJSON_PADDING);
  // kPlpgsql, the outline of the compiled functions (sql/plpgsql_outline.h).
  std::string json;
  std::string error;  // libpg_query's message (!ok)
  int cursor = 0;     // libpg_query's 1-based character position of the error, 0 if none
  size_t place = 0;   // in a ParseCache: its place in the cache's insertion order
};

// Runs libpg_query on `text` (pg_query_parse, or pg_query_parse_plpgsql for
// a CREATE FUNCTION or DO statement, read as an outline). The text must contain no NUL byte.
ParsedText ParseText(std::string_view text, ParseKind kind);

// Copies libpg_query's NUL-terminated output into `out` with simdjson's
// padding as spare capacity (reusing `out`'s buffer).
void CopyPadded(const char* json, size_t length, std::string* out);

class ParseCache {
 public:
  // At most `max_bytes` of text and JSON kept. With `evict`, a full cache
  // forgets everything to take a new entry (a walker's bodies: recent texts
  // repeat); without, it keeps what it has and stores nothing more (lint's
  // files: a second pass repeats the first in order).
  ParseCache(size_t max_bytes, bool evict);

  // The stored parse of `text`, or null. Safe from several threads while
  // nothing is stored.
  const ParsedText* Find(std::string_view text, ParseKind kind) const;
  // Stores `parsed` for `text` (moved from only when kept) and returns the
  // stored copy, or null when it was not kept. Invalidates earlier results of
  // Find and Put when `evict`.
  const ParsedText* Put(std::string_view text, ParseKind kind, ParsedText&& parsed);

  size_t bytes() const { return bytes_; }
  size_t entries() const { return map_[0].size() + map_[1].size(); }

 private:
  // Keys are whole files in lint: hashing every byte of them on every lookup
  // cost more than the lookup saves. Texts up to 4 KiB (statements) are
  // hashed whole; longer ones by their length and 32 bytes spread over them.
  // Equal hashes are settled by comparing the texts.
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const;
  };
  struct Eq {
    using is_transparent = void;
    bool operator()(std::string_view a, std::string_view b) const { return a == b; }
  };
  using Map = std::unordered_map<std::string, ParsedText, Hash, Eq>;
  Map map_[2];  // by ParseKind
  // The entries in the order they were stored (ParsedText::place). Passes
  // look texts up in the order the first pass stored them (lint: every file
  // and each of its statements), so Find tries the entry after the calling
  // thread's previous hit first: one compare of the texts and a sequential
  // read, where the hash table costs two cache misses for each of tens of
  // thousands of statements.
  std::vector<const Map::value_type*> order_[2];
  size_t max_bytes_;
  size_t bytes_ = 0;
  bool evict_;
};

}  // namespace govern::sql
