// Statement dispatch: kinds, EXPLAIN, PREPARE/EXECUTE/CALL/DO, utilities.
#include <algorithm>
#include <cstdint>

#include "sql/walker.h"

namespace govern::sql {

StatementKind Walker::InnerKind(std::string_view tag) {
  if (tag == "InsertStmt") return StatementKind::k_insert;
  if (tag == "UpdateStmt") return StatementKind::k_update;
  if (tag == "DeleteStmt") return StatementKind::k_delete;
  if (tag == "MergeStmt") return StatementKind::k_merge;
  return StatementKind::k_unknown;
}

void Walker::WalkStatement(Node stmt, bool top) {
  if (!Enter()) return;
  Tagged t = Untag(stmt);
  std::string_view tag = t.tag;
  Node n;
  if (tag == "SelectStmt") {
    bool into = Field(t.body, "intoClause", &n);
    SetKind(into ? StatementKind::k_create_table_as : StatementKind::k_select, top);
    ColRange out = WalkSelect(t.body, kUseProjected, top);
    if (top) {
      top_outputs_ = out;
      have_outputs_ = true;
    }
    if (into) {
      Node into_body = Body(n);
      Node rel;
      if (Field(into_body, "rel", &rel)) {
        Node rv = Body(rel);
        Rel target;
        LookupRelation(Str(rv, "schemaname"), Str(rv, "relname"), false, &target);
        AddTable(target.qname, target.table_id, kAccessWrite | kAccessDdl);
        AddTarget(target.qname);
        target.kind = RelKind::kUnknownBase;  // a new table: name its columns after the outputs
        for (uint32_t i = out.begin; i < out.end; ++i)
          AddWriteLineage(AddWrite(target, relcols_[i].name, 0), relcols_[i].src_begin, relcols_[i].src_end);
      }
    }
  } else if (tag == "InsertStmt") {
    WalkInsert(t.body, top);
  } else if (tag == "UpdateStmt") {
    WalkUpdate(t.body, top);
  } else if (tag == "DeleteStmt") {
    WalkDelete(t.body, top);
  } else if (tag == "MergeStmt") {
    WalkMerge(t.body, top);
  } else if (tag == "CopyStmt") {
    WalkCopy(t.body, top);
  } else if (tag == "ExplainStmt") {
    bool analyze = false;
    for (Node opt : List(t.body, "options")) {
      Tagged o = Untag(opt);
      if (Str(o.body, "defname") != "analyze") continue;
      analyze = true;
      Node arg;
      if (Field(o.body, "arg", &arg)) {
        Tagged a = Untag(arg);
        std::string_view v = Str(a.body, "sval");
        if (v == "false" || v == "off" || v == "0" || (a.tag == "Boolean" && !Bool(a.body, "boolval")))
          analyze = false;
      }
    }
    // EXPLAIN ANALYZE runs the statement: it takes the inner kind and facts.
    // Plain EXPLAIN keeps kind explain but still reports what the inner
    // statement would touch.
    SetKind(StatementKind::k_explain, top);
    if (Field(t.body, "query", &n)) WalkStatement(n, analyze && top);
  } else if (tag == "PrepareStmt") {
    SetKind(StatementKind::k_prepare, top);
    opaque_ = true;
    if (Field(t.body, "query", &n)) WalkStatement(n, false);
  } else if (tag == "ExecuteStmt") {
    SetKind(StatementKind::k_execute, top);
    opaque_ = true;
    for (Node p : List(t.body, "params")) WalkExpr(p, kUseOther, nullptr);
  } else if (tag == "CallStmt") {
    SetKind(StatementKind::k_call, top);
    opaque_ = true;
    if (Field(t.body, "funccall", &n)) WalkFuncCall(Body(n), kUseOther, nullptr);
  } else if (tag == "DoStmt") {
    // A DO block is anonymous procedural code run on the server: always
    // opaque (DESIGN.md: statement.opaque covers DO blocks), while the facts
    // of its body, where analysable, are still reported.
    SetKind(StatementKind::k_do, top);
    opaque_ = true;
    std::string_view body_text;
    std::string_view language = "plpgsql";
    for (Node arg : List(t.body, "args")) {
      Tagged a = Untag(arg);
      Node v;
      if (!Field(a.body, "arg", &v)) continue;
      if (Str(a.body, "defname") == "as") body_text = StringValue(v);
      if (Str(a.body, "defname") == "language") language = StringValue(v);
    }
    if (language != "plpgsql" || body_text.find("$govern_do$") != std::string_view::npos) {
      opaque_ = true;
    } else {
      std::string wrapper = "CREATE FUNCTION govern_do() RETURNS void LANGUAGE plpgsql AS $govern_do$";
      wrapper.append(body_text).append("$govern_do$");
      WalkPlpgsql(wrapper);
    }
  } else if (tag == "CreateFunctionStmt") {
    WalkCreateFunction(t.body, top);
  } else if (tag == "ReturnStmt") {
    if (Field(t.body, "returnval", &n)) WalkExpr(n, kUseOther, nullptr);
  } else if (tag == "TransactionStmt") {
    SetKind(StatementKind::k_transaction, top);
    std::string_view kind = Str(t.body, "kind");
    if (top && parse_level_ == 0 &&
        (kind == "TRANS_STMT_COMMIT" || kind == "TRANS_STMT_ROLLBACK" || kind == "TRANS_STMT_PREPARE"))
      pending_path_ = PathChange::kEndTransaction;  // SET LOCAL ends with the transaction
  } else if (tag == "VariableSetStmt") {
    SetKind(StatementKind::k_set, top);
    WalkVariableSet(t.body, top);
  } else if (tag == "DiscardStmt" && Str(t.body, "target") == "DISCARD_ALL") {
    WalkDdl(tag, t.body, top);
    if (top && parse_level_ == 0) pending_path_ = PathChange::kReset;
  } else if (tag == "VariableShowStmt") {
    SetKind(StatementKind::k_show, top);
  } else if (tag == "VacuumStmt") {
    SetKind(StatementKind::k_vacuum, top);
    for (Node r : List(t.body, "rels")) {
      Node rel;
      if (Field(Body(r), "relation", &rel)) AddDdlTable(Body(rel), kAccessDdl);
    }
  } else if (tag == "RefreshMatViewStmt") {
    SetKind(StatementKind::k_refresh, top);
    if (Field(t.body, "relation", &n)) {
      AddDdlTable(Body(n), kAccessWrite);
    }
  } else if (tag == "CommentStmt") {
    SetKind(StatementKind::k_comment, top);
  } else if (tag == "LockStmt") {
    SetKind(StatementKind::k_lock, top);
    for (Node r : List(t.body, "relations")) AddDdlTable(Body(r), kAccessDdl);
  } else if (tag == "ListenStmt" || tag == "NotifyStmt" || tag == "UnlistenStmt") {
    SetKind(StatementKind::k_listen_notify, top);
  } else if (tag == "GrantStmt" || tag == "GrantRoleStmt") {
    bool grant = Bool(t.body, "is_grant");
    SetKind(grant ? StatementKind::k_grant : StatementKind::k_revoke, top);
    if (Str(t.body, "objtype") == "OBJECT_TABLE" && Str(t.body, "targtype") == "ACL_TARGET_OBJECT") {
      for (Node r : List(t.body, "objects")) {
        Tagged rt = Untag(r);
        if (rt.tag == "RangeVar") AddDdlTable(rt.body, kAccessDdl);
      }
    }
  } else if (tag == "TruncateStmt") {
    SetKind(StatementKind::k_truncate, top);
    for (Node r : List(t.body, "relations")) AddDdlTable(Body(r), kAccessWrite);
  } else {
    WalkDdl(tag, t.body, top);
  }
  Leave();
}

bool Walker::WalkNestedSql(std::string_view sql, bool body_statements, bool* not_sql) {
  if (!Enter()) return false;
  ++parse_level_;
  Node root;
  std::string error;
  int cursor = 0;
  bool ok = ParseSql(sql, &root, &error, &cursor);
  if (!ok && not_sql != nullptr) *not_sql = true;
  if (ok) {
    std::string_view saved_doc = doc_text_;
    doc_text_ = sql;
    // Locations inside the nested text: a slice of the input keeps its
    // offset, decoded text (escapes, dollar quotes of quotes) has none.
    uint32_t saved_bias = ref_bias_;
    uint32_t saved_location_bias = location_bias_;
    location_bias_ = text_bias_;  // the nested text's locations, as for the statement's own text
    bool saved_located = ref_located_;
    auto at = reinterpret_cast<uintptr_t>(sql.data()), begin = reinterpret_cast<uintptr_t>(input_.data());
    bool inside = !input_.empty() && at >= begin && at + sql.size() <= begin + input_.size();
    ref_located_ = ref_located_ && inside;
    ref_bias_ = inside ? static_cast<uint32_t>(at - begin) : 0;
    uint32_t saved_ref_text_bias = ref_text_bias_;
    ref_text_bias_ = ref_bias_;  // the nested text's own parse is the only one
    TextRange saved_range = stmt_range_;
    std::shared_ptr<const std::string> doc;  // the text pending body statements are in
    for (Node raw : List(root, "stmts")) {
      auto location = static_cast<uint32_t>(Int(raw, "stmt_location", 0));
      auto length = static_cast<uint32_t>(Int(raw, "stmt_len", 0));
      if (length == 0) length = static_cast<uint32_t>(sql.size()) - std::min<uint32_t>(location, sql.size());
      stmt_range_ = {location, length};
      Node stmt;
      bool has_stmt = Field(raw, "stmt", &stmt);
      if (body_statements && body_level_ == 0) {
        // A statement of a body: also decided on its own after this one.
        if (doc == nullptr) doc = std::make_shared<const std::string>(sql);
        PendingBody b;
        b.doc = doc;
        b.range = TrimStatement(sql, {location, length});
        if (has_stmt && !stmt.is_json()) {  // this level's raw tree: walk the node again, no second parse
          b.tree = trees_[static_cast<size_t>(parse_level_)];
          b.stmt = stmt;
        }
        for (std::string_view v : variables_) b.variables.emplace_back(v);
        pending_bodies_.push_back(std::move(b));
      }
      ++body_level_;
      if (has_stmt) WalkStatement(stmt, false);
      --body_level_;
    }
    stmt_range_ = saved_range;
    doc_text_ = saved_doc;
    ref_bias_ = saved_bias;
    ref_text_bias_ = saved_ref_text_bias;
    location_bias_ = saved_location_bias;
    ref_located_ = saved_located;
  }
  --parse_level_;
  Leave();
  return ok;
}

}  // namespace govern::sql
