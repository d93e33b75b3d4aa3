// LoadDdl (catalog/loaders.h) and what each DDL statement does to the
// catalog (DdlLoader::Apply); the loader's parsing and analysis are in
// ddl_loader.cpp.
#include <string>

#include "catalog/loaders.h"
#include "sql/ddl_loader.h"
#include "sql/pg_node.h"
#include "sql/search_path.h"
#include "sql/top_level_words.h"

namespace govern {
namespace ddl {
namespace {

using sql::Body;
using sql::Field;
using sql::ForEachTopLevelWord;
using sql::Has;
using sql::Int;
using sql::List;
using sql::ListSize;
using sql::QueryAfterAs;
using sql::Str;
using sql::StringValue;
using sql::Untag;

std::string TypeName(Node type_name) {
  Node body = Body(type_name);
  std::string out;
  for (Node n : List(body, "names")) {
    std::string_view s = StringValue(n);
    if (s == "pg_catalog") continue;
    if (!out.empty()) out.push_back('.');
    out.append(s);
  }
  if (ListSize(List(body, "arrayBounds")) > 0) out.append("[]");
  return out;
}

}  // namespace

void DdlLoader::Apply(Node stmt, std::string_view override_schema) {
  sql::Tagged t = Untag(stmt);
  std::string_view tag = t.tag;
  Node body = t.body;
  Node n;
  if (options_.derives != nullptr && !*options_.derives && Derives(tag, body)) *options_.derives = true;
  if (options_.scope != DdlOptions::Scope::kAll && tag != "CreateSchemaStmt" && tag != "VariableSetStmt") {
    bool temporary = IsTemporary(tag, body);
    if (temporary != (options_.scope == DdlOptions::Scope::kTemporary)) return;
    if (temporary && tag != "RenameStmt" && tag != "AlterObjectSchemaStmt") override_schema = kTempSchema;
  }
  if (tag == "CreateSchemaStmt") {
    std::string_view schema = Str(body, "schemaname");
    if (!schema.empty() && options_.structure) catalog_->AddSchema(schema);
    // Each element (CREATE TABLE/VIEW/INDEX/SEQUENCE/TRIGGER, GRANT) is
    // read from its own text: a view's query ends where the next element
    // begins.
    std::vector<size_t> starts;
    std::string_view whole = stmt_text_;
    for (std::string_view word : {"create", "grant"})
      ForEachTopLevelWord(whole, word, [&](size_t at) {
        starts.push_back(at);
        return true;
      });
    std::sort(starts.begin(), starts.end());
    size_t k = 1;  // starts[0] is CREATE SCHEMA itself
    for (Node elt : List(body, "schemaElts")) {
      if (k < starts.size()) {
        size_t end = k + 1 < starts.size() ? starts[k + 1] : whole.size();
        stmt_text_ = whole.substr(starts[k], end - starts[k]);
      }
      ++k;
      Apply(elt, schema);
    }
    stmt_text_ = whole;
  } else if (tag == "InsertStmt" || tag == "UpdateStmt" || tag == "MergeStmt" ||
             (tag == "SelectStmt" && Has(body, "withClause") && !Has(body, "intoClause"))) {
    if (options_.derive && !LiteralInsert(tag, body)) DeriveFromWrites(stmt);
  } else if (!options_.structure && tag != "ViewStmt" && tag != "CreateTableAsStmt" && tag != "SelectStmt" &&
             tag != "VariableSetStmt") {
    return;  // a later pass only re-derives tags
  } else if (tag == "CreateStmt") {
    if (!Field(body, "relation", &n)) return;
    Node rv = Body(n);
    std::string_view schema = Str(rv, "schemaname");
    if (schema.empty()) schema = DefaultSchema(override_schema);
    std::string_view name = Str(rv, "relname");
    if (catalog_->FindTable(schema, name)) {
      if (!sql::Bool(body, "if_not_exists")) Warn("table " + std::string(schema) + "." + std::string(name) + " already exists");
      return;
    }
    int32_t id = catalog_->AddTable(schema, name, RelationKind::kTable);
    // Inherited (INHERITS, PARTITION OF) columns come first.
    for (Node parent : List(body, "inhRelations")) {
      if (auto pid = FindRangeVar(parent)) CopyColumns(*pid, id);
      else Warn("unknown parent table " + std::string(Str(Body(parent), "relname")));
    }
    for (Node elt : List(body, "tableElts")) {
      sql::Tagged e = Untag(elt);
      if (e.tag == "ColumnDef") {
        Node type;
        std::string type_name = Field(e.body, "typeName", &type) ? TypeName(type) : std::string();
        catalog_->AddColumn(id, Str(e.body, "colname"), type_name);
      } else if (e.tag == "TableLikeClause") {
        Node rel;
        if (Field(e.body, "relation", &rel)) {
          if (auto lid = FindRangeVar(rel)) CopyColumns(*lid, id);
          else Warn("unknown table in LIKE: " + std::string(Str(Body(rel), "relname")));
        }
      }
    }
  } else if (tag == "ViewStmt") {
    Node query;
    if (!Field(body, "view", &n) || !Field(body, "query", &query)) return;
    AddQueryRelation(n, override_schema, RelationKind::kView, query, QueryAfterAs(stmt_text_), List(body, "aliases"),
                     true);
  } else if (tag == "CreateTableAsStmt") {
    Node into;
    Node rel;
    if (!Field(body, "into", &into) || !Field(Body(into), "rel", &rel)) return;
    bool matview = Str(body, "objtype") == "OBJECT_MATVIEW";
    Node query;
    bool is_select = Field(body, "query", &query) && Untag(query).tag == "SelectStmt";
    if (!is_select) return;  // CREATE TABLE AS EXECUTE
    AddQueryRelation(rel, override_schema, matview ? RelationKind::kMaterializedView : RelationKind::kTable, query,
                     QueryAfterAs(stmt_text_), List(Body(into), "colNames"), matview);
  } else if (tag == "SelectStmt") {
    // SELECT ... INTO new_table: columns of the select list.
    Node into;
    Node rel;
    if (!Field(body, "intoClause", &into) || !Field(Body(into), "rel", &rel)) return;
    AddQueryRelation(rel, override_schema, RelationKind::kTable, stmt, stmt_text_, List(Body(into), "colNames"),
                     false);
  } else if (tag == "AlterTableStmt") {
    if (!Field(body, "relation", &n)) return;
    auto id = FindRangeVar(n);
    if (!id) {
      bool columns = false;  // only column changes matter to the catalog
      for (Node cmd : List(body, "cmds")) {
        std::string_view st = Str(Body(cmd), "subtype");
        if (st == "AT_AddColumn" || st == "AT_DropColumn") columns = true;
      }
      if (columns && !sql::Bool(body, "missing_ok"))
        Warn("ALTER of unknown table " + std::string(Str(Body(n), "relname")));
      return;
    }
    for (Node cmd : List(body, "cmds")) {
      Node c = Body(cmd);
      std::string_view subtype = Str(c, "subtype");
      if (subtype == "AT_AddColumn") {
        Node def;
        if (!Field(c, "def", &def)) continue;
        Node d = Body(def);
        Node type;
        std::string type_name = Field(d, "typeName", &type) ? TypeName(type) : std::string();
        catalog_->AddColumn(*id, Str(d, "colname"), type_name);
      } else if (subtype == "AT_DropColumn" && !options_.monotone) {
        if (auto col = catalog_->FindColumn(*id, Str(c, "name"))) catalog_->DropColumn(*col);
        else if (!sql::Bool(c, "missing_ok")) Warn("DROP of unknown column " + std::string(Str(c, "name")));
      }
    }
  } else if (tag == "RenameStmt") {
    std::string_view type = Str(body, "renameType");
    std::string_view new_name = Str(body, "newname");
    if (type == "OBJECT_SCHEMA") {
      std::string old_schema(Str(body, "subname"));
      for (size_t i = 0; i < catalog_->table_count(); ++i) {
        const Catalog::Table& table = catalog_->table(static_cast<int32_t>(i));
        if (!table.dropped && table.schema == old_schema)
          catalog_->RenameTable(static_cast<int32_t>(i), new_name, std::string(table.name));
      }
      catalog_->AddSchema(new_name);
      return;
    }
    if (!Field(body, "relation", &n)) return;
    auto id = FindRangeVar(n);
    if (!id) {
      if (!sql::Bool(body, "missing_ok")) Warn("RENAME of unknown relation " + std::string(Str(Body(n), "relname")));
      return;
    }
    if (type == "OBJECT_COLUMN") {
      if (auto col = catalog_->FindColumn(*id, Str(body, "subname"))) catalog_->RenameColumn(*col, new_name);
      else Warn("RENAME of unknown column " + std::string(Str(body, "subname")));
    } else if (type == "OBJECT_TABLE" || type == "OBJECT_VIEW" || type == "OBJECT_MATVIEW" ||
               type == "OBJECT_FOREIGN_TABLE") {
      std::string schema = catalog_->table(*id).schema;
      catalog_->RenameTable(*id, schema, new_name);
    }
  } else if (tag == "AlterObjectSchemaStmt") {
    if (!Field(body, "relation", &n)) return;
    if (auto id = FindRangeVar(n)) {
      std::string name = catalog_->table(*id).name;
      catalog_->RenameTable(*id, Str(body, "newschema"), name);
    } else if (!sql::Bool(body, "missing_ok")) {
      Warn("SET SCHEMA of unknown relation " + std::string(Str(Body(n), "relname")));
    }
  } else if (tag == "DropStmt" && !options_.monotone) {
    std::string_view type = Str(body, "removeType");
    bool relation = type == "OBJECT_TABLE" || type == "OBJECT_VIEW" || type == "OBJECT_MATVIEW" ||
                    type == "OBJECT_FOREIGN_TABLE";
    for (Node obj : List(body, "objects")) {
      sql::Tagged o = Untag(obj);
      if (relation && o.tag == "List") {
        std::vector<std::string_view> parts;
        for (Node p : List(o.body, "items")) parts.push_back(StringValue(p));
        if (parts.empty()) continue;
        std::string_view name = parts.back();
        std::string_view schema = parts.size() >= 2 ? parts[parts.size() - 2] : std::string_view();
        if (auto id = Find(schema, name)) catalog_->DropTable(*id);
        else if (!sql::Bool(body, "missing_ok")) Warn("DROP of unknown relation " + std::string(name));
      } else if (type == "OBJECT_SCHEMA" && o.tag == "String") {
        std::string schema(Str(o.body, "sval"));
        for (size_t i = 0; i < catalog_->table_count(); ++i) {
          const Catalog::Table& table = catalog_->table(static_cast<int32_t>(i));
          if (!table.dropped && table.schema == schema) catalog_->DropTable(static_cast<int32_t>(i));
        }
      }
    }
  } else if (tag == "CommentStmt") {
    if (Str(body, "objtype") != "OBJECT_COLUMN") return;
    Node object;
    if (!Field(body, "object", &object)) return;
    std::vector<std::string_view> parts;
    for (Node p : List(Body(object), "items")) parts.push_back(StringValue(p));
    if (parts.size() < 2) return;
    std::string_view column = parts.back();
    std::string_view table = parts[parts.size() - 2];
    std::string_view schema = parts.size() >= 3 ? parts[parts.size() - 3] : std::string_view();
    auto id = Find(schema, table);
    std::optional<int32_t> col = id ? catalog_->FindColumn(*id, column) : std::nullopt;
    if (!col) {
      Warn("COMMENT on unknown column " + std::string(table) + "." + std::string(column));
      return;
    }
    for (const std::string& tag_name : ParseCommentTags(Str(body, "comment"))) catalog_->AddTag(*col, tag_name);
  } else if (tag == "VariableSetStmt") {
    // SET search_path TO a, b: later unqualified DDL lands in `a`.
    if (Str(body, "name") != "search_path") return;
    std::vector<std::string> path;
    sql::SearchPathFromSetArgs(List(body, "args"), &path);
    if (!path.empty()) catalog_->set_search_path(std::move(path));
  }
}

}  // namespace ddl

Status LoadDdl(std::string_view sql_text, std::string_view file, Catalog* catalog, CatalogWarnings* warnings,
               const DdlOptions& options, size_t* derived) {
  ddl::DdlLoader loader(file, catalog, warnings, options);
  Status status = loader.Load(sql_text);
  if (derived != nullptr) *derived += loader.derived();
  return status;
}

}  // namespace govern
