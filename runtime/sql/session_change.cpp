#include "sql/session_change.h"


#include <string>

#include "sql/pg_node.h"
#include "sql/search_path.h"

namespace govern {
namespace {

using sql::Body;
using sql::Field;
using sql::List;
using sql::Node;
using sql::Str;
using sql::Tagged;
using sql::Untag;

void FromVariableSet(Node body, std::vector<SessionChange>* out) {
  std::string_view kind = Str(body, "kind");
  SessionChange c;
  c.name = std::string(Str(body, "name"));
  if (kind == "VAR_RESET_ALL") {
    c.kind = SessionChange::Kind::kResetAll;
  } else if (kind == "VAR_RESET" || kind == "VAR_SET_DEFAULT") {
    c.kind = SessionChange::Kind::kReset;
  } else if (kind == "VAR_SET_VALUE") {
    c.kind = sql::Bool(body, "is_local") ? SessionChange::Kind::kSetLocal : SessionChange::Kind::kSet;
    for (Node a : List(body, "args")) {
      Node v, inner = Body(a);
      if (Field(inner, "sval", &v)) {
        c.values.emplace_back(Str(v, "sval"));
      } else if (Field(inner, "ival", &v)) {
        c.values.push_back(std::to_string(sql::Int(v, "ival")));
      } else if (Field(inner, "fval", &v)) {
        c.values.emplace_back(Str(v, "fval"));
      } else if (Field(inner, "boolval", &v)) {
        c.values.emplace_back(sql::Bool(v, "boolval") ? "on" : "off");
      }
    }
  } else {
    return;  // VAR_SET_CURRENT (FROM CURRENT), VAR_SET_MULTI (SET TRANSACTION ...): no tracked change
  }
  out->push_back(std::move(c));
}

// set_config('name', 'value', is_local) called anywhere in a top-level query.
// `certain`: n is a target of a bare SELECT (no FROM, WHERE, ...), so a call
// there runs exactly once; anywhere else (a WHERE that keeps no row, a CASE,
// LIMIT 0, a FROM over no rows) it may not run or run with other values, so
// its change is kComputed: what the server ends up with is not known.
void FindSetConfig(Node n, std::vector<SessionChange>* out, int depth, bool certain = false) {
  if (depth > 200) return;
  if (sql::IsList(n)) {
    for (Node e : sql::AsList(n)) FindSetConfig(e, out, depth + 1);
    return;
  }
  if (!sql::IsObject(n)) return;
  Tagged t = Untag(n);
  if (t.tag == "FuncCall") {
    std::string_view fname;
    for (Node part : List(t.body, "funcname")) fname = sql::StringValue(part);
    if (fname == "set_config") {
      std::string_view values[3];
      bool constant[3] = {false, false, false};
      size_t count = 0;
      for (Node a : List(t.body, "args")) {
        if (count == 3) break;
        Tagged arg = Untag(a);
        if (arg.tag == "TypeCast") {
          Node inner;
          if (Field(arg.body, "arg", &inner)) arg = Untag(inner);
        }
        Node v;
        if (arg.tag == "A_Const" && Field(arg.body, "sval", &v)) {
          values[count] = Str(v, "sval");
          constant[count] = true;
        } else if (arg.tag == "A_Const" && Field(arg.body, "boolval", &v)) {
          values[count] = sql::Bool(v, "boolval") ? "true" : "false";
          constant[count] = true;
        }
        ++count;
      }
      SessionChange c;
      if (count == 3 && constant[0] && constant[1] && !certain) {
        c.kind = SessionChange::Kind::kComputed;  // a known name, but whether it ran is not known
        c.name = std::string(values[0]);
        for (char& ch : c.name)
          if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
      } else if (count == 3 && constant[0] && constant[1]) {
        c.name = std::string(values[0]);
        for (char& ch : c.name)
          if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
        bool local = constant[2] && (values[2] == "true" || values[2] == "t" || values[2] == "on");
        c.kind = local ? SessionChange::Kind::kSetLocal : SessionChange::Kind::kSet;
        if (c.name == "search_path") {
          if (!sql::ParseSearchPathValue(values[1], &c.values)) c.kind = SessionChange::Kind::kComputed;
        } else {
          c.values.emplace_back(values[1]);
        }
      } else {
        c.kind = SessionChange::Kind::kComputed;
        if (count >= 1 && constant[0]) c.name = std::string(values[0]);
      }
      out->push_back(std::move(c));
    }
  }
  if (t) {
    FindSetConfig(t.body, out, depth + 1);
    return;
  }
  sql::ForEachChild(n, [&](std::string_view, Node value) { FindSetConfig(value, out, depth + 1); });
}

// SELECT f(...), g(...): nothing but a target list, so each target runs once.
bool BareSelect(Node body) {
  for (std::string_view clause : {"fromClause", "whereClause", "groupClause", "havingClause", "windowClause",
                                  "valuesLists", "sortClause", "limitOffset", "limitCount", "lockingClause",
                                  "withClause", "distinctClause", "larg", "rarg", "intoClause"}) {
    Node n;
    if (Field(body, clause, &n)) return false;
  }
  std::string_view op = Str(body, "op");
  return op.empty() || op == "SETOP_NONE";
}

}  // namespace

std::vector<SessionChange> SessionChanges(std::string_view text) {
  std::vector<SessionChange> out;
  simdjson::dom::parser parser;
  std::string json;
  Node root;
  if (!sql::ParseTree(text, &parser, &json, &root)) return out;
  for (Node raw : List(root, "stmts")) {
    Node stmt;
    if (!Field(raw, "stmt", &stmt)) continue;
    Tagged t = Untag(stmt);
    if (t.tag == "VariableSetStmt") {
      FromVariableSet(t.body, &out);
    } else if (t.tag == "TransactionStmt") {
      std::string_view kind = Str(t.body, "kind");
      SessionChange c;
      if (kind == "TRANS_STMT_SAVEPOINT") c.kind = SessionChange::Kind::kSavepoint;
      else if (kind == "TRANS_STMT_ROLLBACK_TO") c.kind = SessionChange::Kind::kRollbackTo;
      else if (kind == "TRANS_STMT_RELEASE") c.kind = SessionChange::Kind::kRelease;
      else continue;
      c.name = std::string(Str(t.body, "savepoint_name"));  // the parser folded an unquoted name
      out.push_back(std::move(c));
    } else if (t.tag == "DiscardStmt") {
      if (Str(t.body, "target") == "DISCARD_ALL") out.push_back({SessionChange::Kind::kDiscardAll, "", {}});
    } else if (t.tag == "SelectStmt" && BareSelect(t.body)) {
      for (Node target : List(t.body, "targetList")) {
        Node val;
        if (Field(Body(target), "val", &val)) FindSetConfig(val, &out, 0, true);
      }
    } else {
      FindSetConfig(stmt, &out, 0);
    }
  }
  return out;
}

}  // namespace govern
