// Catalog: the schema govern resolves names against: schemas, tables, views
// (with their definitions, expanded by the analyzer), columns and their tags.
// Column and table ids are dense and stable once assigned (a dropped column
// keeps its id and is marked dropped), so selectors can be resolved once into
// bitsets over column ids.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace govern {

// Hash for unordered maps keyed by std::string that are searched with
// std::string_view, without building a string per lookup.
struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>()(s); }
};
template <typename V>
using StringMap = std::unordered_map<std::string, V, StringHash, std::equal_to<>>;

enum class RelationKind : uint8_t { kTable = 0, kView = 1, kMaterializedView = 2 };

class Catalog {
 public:
  struct Column {
    std::string name;
    std::string type;       // as written in DDL, lower-cased ("" if unknown)
    std::string qname;      // "schema.table.column"
    int32_t table_id = -1;
    bool dropped = false;
    std::vector<uint32_t> tags;  // tag ids, see TagName(): declared and derived
    // Tags that came from lineage (CREATE TABLE AS, INSERT ... SELECT, ...),
    // not from a declaration: which tag, from which column, where.
    struct Derived {
      uint32_t tag = 0;
      int32_t from_column = -1;
      std::string where;  // "file:line" of the deriving statement
    };
    std::vector<Derived> derived;
  };
  struct Table {
    std::string schema;
    std::string name;
    std::string qname;  // "schema.table"
    RelationKind kind = RelationKind::kTable;
    bool dropped = false;
    std::vector<int32_t> columns;  // column ids in ordinal order (dropped ones removed)
    std::string view_sql;          // for views: the SELECT text of the definition
    // The search_path in effect where the view was defined (unqualified names
    // in view_sql resolve with it, as PostgreSQL binds them at CREATE VIEW);
    // empty: the analyzer's path (pulled and JSON catalogs qualify names).
    std::vector<std::string> view_search_path;
    // The revision() of its last change of name, columns or definition.
    uint64_t structure_revision = 0;
  };
  // What an analysis read of the catalog (set_lookup_log): a FindTable call
  // and its answer, a FindColumn call and its answer, or a read of a
  // table's whole structure (its columns or view definition: StructureOf).
  struct Lookup {
    enum class Kind : uint8_t { kTable, kColumn, kStructure };
    Kind kind = Kind::kTable;
    std::string schema;  // kTable: the schema searched
    std::string name;    // kTable: the relation's name; kColumn: the column's
    int32_t id = -1;     // kTable: the answer (-1: not found); otherwise the table
    int32_t column = -1; // kColumn: the answer (-1: not found)
  };

  // --- building ---
  // Returns the id of the new table, or of the existing one with that name.
  int32_t AddTable(std::string_view schema, std::string_view name, RelationKind kind = RelationKind::kTable);
  // Returns the id of the new column, or of the existing live one with that name.
  int32_t AddColumn(int32_t table_id, std::string_view name, std::string_view type = "");
  void AddTag(int32_t column_id, std::string_view tag);
  // Adds tag `tag_id` to a column as derived from `from_column`; false (and
  // nothing recorded) when the column already has the tag.
  bool AddDerivedTag(int32_t column_id, uint32_t tag_id, int32_t from_column, std::string_view where);
  // "public.customers.email at etl.sql:1" for each column a derived column's
  // tags come from, following derived sources back ("a at x:1 <- b at y:2");
  // "" for a column without derived tags.
  std::string DerivationChain(int32_t column_id) const;
  // Derived tags recorded with a file under `dir` name it relative to `dir`
  // (sources loaded by absolute path, shown as the user wrote them).
  void RelativizeDerivedWhere(std::string_view dir);
  void DropTable(int32_t table_id);
  void DropColumn(int32_t column_id);
  void RenameColumn(int32_t column_id, std::string_view new_name);
  void RenameTable(int32_t table_id, std::string_view new_schema, std::string_view new_name);
  void SetViewSql(int32_t table_id, std::string view_sql, std::vector<std::string> search_path = {});
  void AddSchema(std::string_view schema);

  // --- lookup (names already case-folded as PostgreSQL does) ---
  std::optional<int32_t> FindTable(std::string_view schema, std::string_view name) const;
  // Unqualified lookup through the search path.
  std::optional<int32_t> FindTableInPath(std::string_view name) const;
  std::optional<int32_t> FindColumn(int32_t table_id, std::string_view name) const;
  std::optional<int32_t> FindColumnByQName(std::string_view qname) const;
  bool HasSchema(std::string_view schema) const;
  // While set, every FindTable call (FindTableInPath's too) is appended to
  // `log`, and so is every FindColumn call and every read of a table's
  // whole structure (StructureOf): what an analysis resolved, so that the
  // repository flow can tell whether analysing the same statement later
  // would resolve the same (StillResolves).
  void set_lookup_log(std::vector<Lookup>* log) const { lookup_log_ = log; }
  // table(id), for a reader of its columns or view definition (what a later
  // ALTER or CREATE OR REPLACE changes): logged as such. Its name and kind
  // need no entry: a rename changes FindTable's answer, and the kind is
  // fixed when the table is added.
  const Table& StructureOf(int32_t id) const {
    if (lookup_log_ != nullptr) LogStructure(id);
    return tables_[static_cast<size_t>(id)];
  }
  // Whether what `log` recorded still holds: every FindTable and FindColumn
  // call gives the same answer, and no table whose whole structure was read
  // has changed since revision `since` (its structure_revision). A table
  // only found, or whose columns were only looked up by name, may have
  // gained other columns since.
  bool StillResolves(const std::vector<Lookup>& log, uint64_t since) const;

  const Table& table(int32_t id) const { return tables_[static_cast<size_t>(id)]; }
  const Column& column(int32_t id) const { return columns_[static_cast<size_t>(id)]; }
  size_t table_count() const { return tables_.size(); }
  size_t column_count() const { return columns_.size(); }
  std::string_view TagName(uint32_t tag_id) const { return tag_names_[tag_id]; }
  size_t tag_count() const { return tag_names_.size(); }
  std::optional<uint32_t> FindTag(std::string_view tag) const;

  const std::vector<std::string>& search_path() const { return search_path_; }
  void set_search_path(std::vector<std::string> path) { search_path_ = std::move(path); }
  // Increases with every change to relations, columns, tags or view
  // definitions (not the search path): "did this change the catalog?".
  uint64_t revision() const { return revision_; }

 private:
  void LogStructure(int32_t id) const;

  std::vector<Table> tables_;
  std::vector<Column> columns_;
  std::vector<std::string> tag_names_;
  std::vector<std::string> schemas_;
  StringMap<StringMap<int32_t>> tables_by_schema_;  // schema -> name -> table id
  StringMap<int32_t> column_by_qname_;
  StringMap<uint32_t> tag_by_name_;
  std::vector<std::string> search_path_{"public"};
  uint64_t revision_ = 0;
  mutable std::vector<Lookup>* lookup_log_ = nullptr;
};

}  // namespace govern
