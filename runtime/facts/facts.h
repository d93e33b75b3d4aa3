// The facts the VM decides on: what one SQL statement does, as extracted from
// the PostgreSQL parse tree. Plain views (spans, string_views) into storage
// owned by a FactsStore, so the VM reads them without allocating.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "facts/statement_kind.h"

namespace govern {

// A byte offset that is not known (a fact from a view definition, from SQL
// text the analyzer decoded, or built by hand).
inline constexpr uint32_t kNoLocation = 0xffffffffu;

// Where a column is used (bitmask over ColumnFact::usage).
enum ColumnUsage : uint16_t {
  kUseProjected = 1 << 0,  // reaches the SELECT list / RETURNING
  kUseFiltered = 1 << 1,   // WHERE, HAVING, ON CONFLICT WHERE, FILTER
  kUseJoined = 1 << 2,     // JOIN ... ON / USING / NATURAL
  kUseGrouped = 1 << 3,    // GROUP BY
  kUseOrdered = 1 << 4,    // ORDER BY, window ORDER BY / PARTITION BY
  kUseStar = 1 << 5,       // came from expanding `*` or `t.*`
  kUseOther = 1 << 6,      // anywhere else (function args in FROM, LIMIT, ...)
  kUseView = 1 << 7,       // a column of a view (expanded): its base columns are listed too
  kUseComputed = 1 << 8,   // reaches an argument of a function, operator or cast that may fail or take
                           // time depending on its value (not in runtime/sql/total_functions.def)
};
// What `filters_on()` counts: every use that makes the result depend on a
// column's values without copying them (a masked column filtered, joined,
// grouped or ordered on can be read back one comparison at a time).
inline constexpr uint16_t kUseFilterLike = kUseFiltered | kUseJoined | kUseGrouped | kUseOrdered;

// How a result column derives from its sources.
enum class Derivation : uint8_t {
  kDirect = 0,       // a plain copy of one column
  kTransformed = 1,  // an expression over the sources
  kAggregated = 2,   // an aggregate or window over the sources
};

// One column of a base table, or (usage kUseView) of an expanded view: a view
// column the statement uses is reported together with the base columns
// behind it.
struct ColumnFact {
  std::string_view name;    // fully qualified "schema.table.column", as PostgreSQL names it
  int32_t column_id = -1;   // Catalog column id, or -1 when the catalog does not know it
  int32_t table_id = -1;    // Catalog table id, or -1
  uint16_t usage = 0;       // ColumnUsage bits (reads); 0 for writes
  uint16_t output = 0;      // output sources: index of the result column; write sources: index into writes
  // Byte offset in the whole input of the first reference to the column (the
  // column name, the `*` that expanded to it, the view or CTE it came
  // through, the written column), or kNoLocation. Where a finding points.
  uint32_t location = kNoLocation;
};

// One column of the result set (SELECT list or RETURNING).
struct OutputFact {
  std::string_view name;                // the result column's name ("?column?" if none)
  Derivation derivation = Derivation::kDirect;
  std::span<const ColumnFact> sources;  // base (and view) columns whose values reach it
};

// A table touched by the statement.
enum TableAccess : uint8_t {
  kAccessRead = 1 << 0,
  kAccessWrite = 1 << 1,
  kAccessDdl = 1 << 2,
};

struct TableFact {
  std::string_view name;  // "schema.table"
  int32_t table_id = -1;
  uint8_t access = 0;
};

// A name the analyzer could not resolve (never silently dropped).
struct UnresolvedFact {
  std::string_view name;    // as written, e.g. "c.emial" or "missing_table"
  std::string_view reason;  // e.g. "unknown column", "unknown table"
  uint32_t location = 0;    // byte offset in the source
};

struct SourcePos {
  uint32_t offset = 0;  // byte offset in the whole input
  uint32_t length = 0;  // bytes of the statement text
  uint32_t line = 1;    // 1-based
  uint32_t column = 1;  // 1-based, in bytes
};

struct StatementFacts {
  StatementKind kind = StatementKind::k_unknown;
  bool has_where = false;  // a real WHERE (not `WHERE true` / `WHERE 1=1`)
  bool has_limit = false;  // LIMIT/FETCH with a value
  bool opaque = false;     // DO, dynamic SQL, PREPARE/EXECUTE, CALL: cannot be fully analysed
  bool server_io = false;  // COPY to/from a server file or PROGRAM (also a "copy:*" function)
  bool locks_rows = false; // SELECT ... FOR UPDATE / NO KEY UPDATE / SHARE / KEY SHARE (any level)
  // SET [LOCAL] ROLE, SET SESSION AUTHORIZATION, their RESET, set_config of
  // role or session_authorization (or of a name that is not a constant), at any level
  bool changes_role = false;
  // Every relation and column named is known to the catalog (nothing in
  // `unresolved`); without a catalog, only a statement that names no relation.
  bool resolved = true;
  SourcePos pos;
  // A statement inside a function body or DO block (decided on its own, its
  // reads also count for the enclosing statement): the index of the
  // enclosing statement in the one sequence statements and parse errors
  // share (as "index" in JSON); -1 at top level.
  int32_t enclosing = -1;
  std::span<const ColumnFact> reads;           // every column read, deduplicated by name
  std::span<const ColumnFact> writes;          // every column written (INSERT/UPDATE/MERGE/COPY FROM target)
  std::span<const ColumnFact> output_sources;  // flattened sources of all outputs (ColumnFact::output)
  // Lineage of written values: the base columns whose values a write stores
  // (INSERT ... SELECT, UPDATE SET c = expr, MERGE, data-modifying CTEs);
  // ColumnFact::output is the index into `writes`. Derived tags follow these
  // (docs/catalog.md, "Derived tags").
  std::span<const ColumnFact> write_sources;
  std::span<const OutputFact> outputs;
  std::span<const TableFact> tables;
  std::span<const std::string_view> targets;   // tables written, dropped, altered or truncated
  std::span<const std::string_view> functions; // functions called, "schema.name" when qualified else "name"
  // Parallel to `functions` (or empty): byte offset of each function's first
  // call in the whole input, or kNoLocation.
  std::span<const uint32_t> function_locations;
  std::span<const UnresolvedFact> unresolved;
};

}  // namespace govern
