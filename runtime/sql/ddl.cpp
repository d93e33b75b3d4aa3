// DDL: CREATE/ALTER/DROP/RENAME and their kinds; CREATE FUNCTION bodies.
#include "sql/walker.h"

namespace govern::sql {
namespace {

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

StatementKind DropKind(std::string_view type) {
  if (type == "OBJECT_TABLE" || type == "OBJECT_FOREIGN_TABLE") return StatementKind::k_drop_table;
  if (type == "OBJECT_SCHEMA") return StatementKind::k_drop_schema;
  if (type == "OBJECT_VIEW" || type == "OBJECT_MATVIEW") return StatementKind::k_drop_view;
  if (type == "OBJECT_INDEX") return StatementKind::k_drop_index;
  if (type == "OBJECT_FUNCTION" || type == "OBJECT_PROCEDURE" || type == "OBJECT_ROUTINE" ||
      type == "OBJECT_AGGREGATE")
    return StatementKind::k_drop_function;
  return StatementKind::k_drop_other;
}

bool IsRelationObject(std::string_view type) {
  return type == "OBJECT_TABLE" || type == "OBJECT_FOREIGN_TABLE" || type == "OBJECT_VIEW" ||
         type == "OBJECT_MATVIEW" || type == "OBJECT_SEQUENCE" || type == "OBJECT_INDEX";
}

}  // namespace

void Walker::AddTableName(std::string_view schema, std::string_view name, uint8_t access, bool target) {
  if (schema.empty() && !schema_override_.empty()) schema = schema_override_;
  Rel rel;
  LookupRelation(schema, name, false, &rel);
  AddTable(rel.qname, rel.table_id, access);
  if (target) AddTarget(rel.qname);
}

void Walker::AddDdlTable(Node rv, uint8_t access) {
  AddTableName(Str(rv, "schemaname"), Str(rv, "relname"), access | kAccessDdl,
               (access & (kAccessWrite | kAccessDdl)) != 0);
}

void Walker::WalkDdl(std::string_view tag, Node body, bool top) {
  Node n;
  if (tag == "CreateStmt") {
    SetKind(StatementKind::k_create_table, top);
    if (Field(body, "relation", &n)) AddDdlTable(Body(n), kAccessDdl);
    for (Node parent : List(body, "inhRelations"))
      AddTableName(Str(Body(parent), "schemaname"), Str(Body(parent), "relname"), kAccessRead, false);
    for (Node elt : List(body, "tableElts")) {
      Tagged e = Untag(elt);
      Node rel;
      if (e.tag == "TableLikeClause" && Field(e.body, "relation", &rel))
        AddTableName(Str(Body(rel), "schemaname"), Str(Body(rel), "relname"), kAccessRead, false);
    }
  } else if (tag == "CreateTableAsStmt") {
    SetKind(StatementKind::k_create_table_as, top);
    ColRange out;
    if (Field(body, "query", &n)) {
      Tagged q = Untag(n);
      if (q.tag == "SelectStmt") {
        out = WalkSelect(q.body, kUseProjected, top);
        if (top) {
          top_outputs_ = out;
          have_outputs_ = true;
        }
      } else {
        WalkStatement(n, false);  // CREATE TABLE AS EXECUTE ...
      }
    }
    Node into;
    if (Field(body, "into", &into)) {
      Node ib = Body(into);
      Node rel;
      if (Field(ib, "rel", &rel)) {
        Node rv = Body(rel);
        Rel target;
        LookupRelation(Str(rv, "schemaname"), Str(rv, "relname"), false, &target);
        AddTable(target.qname, target.table_id, kAccessWrite | kAccessDdl);
        AddTarget(target.qname);
        target.kind = RelKind::kUnknownBase;
        NodeList names = List(ib, "colNames");
        uint32_t k = 0;
        for (Node c : names) {
          int w = AddWrite(target, StringValue(c), 0);
          if (out.begin + k < out.end) AddWriteLineage(w, relcols_[out.begin + k].src_begin, relcols_[out.begin + k].src_end);
          ++k;
        }
        for (uint32_t i = out.begin + k; i < out.end; ++i)
          AddWriteLineage(AddWrite(target, relcols_[i].name, 0), relcols_[i].src_begin, relcols_[i].src_end);
      }
    }
  } else if (tag == "ViewStmt") {
    SetKind(StatementKind::k_create_view, top);
    if (Field(body, "view", &n)) AddDdlTable(Body(n), kAccessDdl);
    if (Field(body, "query", &n)) {
      ColRange out = WalkSelect(Body(n), kUseProjected, top);
      if (top) {
        top_outputs_ = out;
        have_outputs_ = true;
        NodeList aliases = List(body, "aliases");
        uint32_t k = 0;
        for (Node a : aliases) {
          if (k < out.size()) relcols_[out.begin + k].name = StringValue(a);
          ++k;
        }
      }
    }
  } else if (tag == "IndexStmt") {
    SetKind(StatementKind::k_create_index, top);
    if (Field(body, "relation", &n))
      AddTableName(Str(Body(n), "schemaname"), Str(Body(n), "relname"), kAccessDdl, false);
  } else if (tag == "CreateSchemaStmt") {
    SetKind(StatementKind::k_create_schema, top);
    std::string_view saved = schema_override_;
    schema_override_ = Str(body, "schemaname");
    if (!schema_override_.empty()) AddTarget(Intern(schema_override_));
    for (Node elt : List(body, "schemaElts")) WalkStatement(elt, false);
    schema_override_ = saved;
  } else if (tag == "DropStmt") {
    std::string_view type = Str(body, "removeType");
    SetKind(DropKind(type), top);
    for (Node obj : List(body, "objects")) {
      Tagged o = Untag(obj);
      if (o.tag == "List" && IsRelationObject(type)) {
        std::string_view parts[3];
        size_t k = 0;
        for (Node p : List(o.body, "items"))
          if (k < 3) parts[k++] = StringValue(p);
        if (k == 1) AddTableName({}, parts[0], kAccessDdl, true);
        if (k >= 2) AddTableName(parts[k - 2], parts[k - 1], kAccessDdl, true);
      } else if (o.tag == "String") {
        AddTarget(Intern(Str(o.body, "sval")));
      } else if (o.tag == "List") {
        name_buffer_.clear();
        for (Node p : List(o.body, "items")) {
          if (!name_buffer_.empty()) name_buffer_.push_back('.');
          name_buffer_.append(StringValue(p));
        }
        if (!name_buffer_.empty()) AddTarget(Intern(name_buffer_));
      } else if (o.tag == "ObjectWithArgs") {
        name_buffer_.clear();
        for (Node p : List(o.body, "objname")) {
          if (!name_buffer_.empty()) name_buffer_.push_back('.');
          name_buffer_.append(StringValue(p));
        }
        if (!name_buffer_.empty()) AddTarget(Intern(name_buffer_));
      }
    }
  } else if (tag == "AlterTableStmt") {
    std::string_view objtype = Str(body, "objtype");
    bool table = objtype == "OBJECT_TABLE" || objtype == "OBJECT_FOREIGN_TABLE";
    bool only_drops = true;
    bool any = false;
    Rel rel;
    if (Field(body, "relation", &n)) {
      Node rv = Body(n);
      LookupRelation(Str(rv, "schemaname"), Str(rv, "relname"), false, &rel);
      AddTable(rel.qname, rel.table_id, kAccessDdl);
      AddTarget(rel.qname);
    }
    for (Node cmd : List(body, "cmds")) {
      Tagged c = Untag(cmd);
      any = true;
      if (Str(c.body, "subtype") == "AT_DropColumn") {
        if (!rel.qname.empty()) {
          std::string_view column = Str(c.body, "name");
          if (rel.kind == RelKind::kBase && catalog_ != nullptr && !catalog_->FindColumn(rel.table_id, column)) {
            Rel unknown = rel;
            unknown.kind = RelKind::kUnknownBase;
            AddWrite(unknown, column, 0);
          } else {
            AddWrite(rel, column, 0);
          }
        }
      } else {
        only_drops = false;
      }
    }
    if (!table) SetKind(StatementKind::k_alter_other, top);
    else SetKind(any && only_drops ? StatementKind::k_drop_column : StatementKind::k_alter_table, top);
  } else if (tag == "RenameStmt") {
    std::string_view type = Str(body, "renameType");
    std::string_view rel_type = Str(body, "relationType");
    bool table = type == "OBJECT_TABLE" || ((type == "OBJECT_COLUMN" || type == "OBJECT_TABCONSTRAINT") &&
                                            rel_type == "OBJECT_TABLE");
    SetKind(table ? StatementKind::k_alter_table : StatementKind::k_rename, top);
    if (Field(body, "relation", &n)) AddDdlTable(Body(n), kAccessDdl);
  } else if (tag == "AlterObjectSchemaStmt") {
    bool table = Str(body, "objectType") == "OBJECT_TABLE";
    SetKind(table ? StatementKind::k_alter_table : StatementKind::k_alter_other, top);
    if (Field(body, "relation", &n)) AddDdlTable(Body(n), kAccessDdl);
  } else if (tag == "CreateTrigStmt" || tag == "RuleStmt" || tag == "CreatePolicyStmt") {
    SetKind(StatementKind::k_create_other, top);
    if (Field(body, "relation", &n) || Field(body, "table", &n))
      AddTableName(Str(Body(n), "schemaname"), Str(Body(n), "relname"), kAccessDdl, false);
    if (tag == "RuleStmt") {
      for (Node a : List(body, "actions")) WalkStatement(a, false);
    }
  } else if (StartsWith(tag, "Create") || tag == "DefineStmt" || tag == "CompositeTypeStmt" ||
             tag == "CreatedbStmt") {
    SetKind(StatementKind::k_create_other, top);
  } else if (StartsWith(tag, "Alter") || tag == "ReassignOwnedStmt") {
    SetKind(StatementKind::k_alter_other, top);
  } else if (StartsWith(tag, "Drop")) {
    SetKind(StatementKind::k_drop_other, top);
  } else {
    SetKind(StatementKind::k_utility, top);
  }
}

void Walker::WalkCreateFunction(Node body, bool top) {
  SetKind(StatementKind::k_create_function, top);
  std::string_view language = "sql";
  std::string_view as_text;
  for (Node opt : List(body, "options")) {
    Tagged o = Untag(opt);
    std::string_view name = Str(o.body, "defname");
    Node arg;
    if (!Field(o.body, "arg", &arg)) continue;
    if (name == "language") language = StringValue(arg);
    if (name == "as") {
      Tagged a = Untag(arg);
      if (a.tag == "List") {
        for (Node item : List(a.body, "items")) {
          as_text = StringValue(item);
          break;
        }
      } else {
        as_text = StringValue(arg);
      }
    }
  }
  for (Node p : List(body, "parameters")) {
    std::string_view name = Str(Body(p), "name");
    if (!name.empty()) variables_.push_back(name);
  }
  Node sql_body;
  if (language == "sql") {
    if (Field(body, "sql_body", &sql_body)) {
      // BEGIN ATOMIC ... END or RETURN expr: already parsed.
      Tagged b = Untag(sql_body);
      if (b.tag == "List") {
        for (Node item : List(b.body, "items")) {
          Tagged it = Untag(item);
          if (it.tag == "List") {
            for (Node s : List(it.body, "items")) WalkStatement(s, false);
          } else {
            WalkStatement(item, false);
          }
        }
      } else {
        WalkStatement(sql_body, false);
      }
    } else if (!as_text.empty() && !WalkNestedSql(as_text, true)) {
      opaque_ = true;
    }
  } else if (language == "plpgsql") {
    // Without a body there is nothing to analyse, and libpg_query 15-4.0.0
    // aborts (an assertion) on a PL/pgSQL function that has none.
    if (as_text.empty()) return;
    std::string_view text = doc_text_.substr(stmt_range_.offset, stmt_range_.length);
    WalkPlpgsql(text);
  } else {
    opaque_ = true;  // C, internal, PL/Python, ...: not analysable
  }
}

}  // namespace govern::sql
