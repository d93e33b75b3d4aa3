// PL/pgSQL outlines (sql/plpgsql_outline.h): the compiled function read in
// place, in the order and at the depths of libpg_query's JSON writer
// (src/pg_query_json_plpgsql.c of the release), which this file follows
// function by function.
#include "sql/plpgsql_outline.h"

#include <simdjson.h>

#include <cstring>

#include "sql/plpgsql_layout.h"

extern "C" {
// libpg_query's JSON writer of a compiled function, renamed by --wrap.
char* __real_plpgsqlToJSON(void* func);
char* __wrap_plpgsqlToJSON(void* func);
char* pstrdup(const char* in);  // PostgreSQL's, in the current memory context
}

namespace govern::sql {

PlpgsqlText PlpgsqlHow(std::string_view parent_tag, std::string_view field) {
  if (parent_tag == "PLpgSQL_stmt_dynexecute" || parent_tag == "PLpgSQL_stmt_dynfors" || parent_tag == "dynquery")
    return PlpgsqlText::kDynamic;
  if (parent_tag == "PLpgSQL_stmt_assign") return PlpgsqlText::kAssignment;
  // Whether PL/pgSQL parses the text as a whole statement (RAW_PARSE_DEFAULT in pl_gram.y).
  bool statement = field == "sqlstmt" || field == "cursor_explicit_expr" ||
                   (field == "query" && (parent_tag == "PLpgSQL_stmt_fors" || parent_tag == "PLpgSQL_stmt_return_query" ||
                                         parent_tag == "PLpgSQL_stmt_open")) ||
                   (field == "expr" && (parent_tag == "PLpgSQL_stmt_call" || parent_tag == "PLpgSQL_stmt_perform"));
  return statement ? PlpgsqlText::kStatement : PlpgsqlText::kExpression;
}

namespace outline {
namespace {

void AppendU32(std::string* out, uint32_t v) {
  char b[4] = {static_cast<char>(v), static_cast<char>(v >> 8), static_cast<char>(v >> 16), static_cast<char>(v >> 24)};
  out->append(b, 4);
}

bool ReadU32(std::string_view s, size_t* at, uint32_t* v) {
  if (s.size() - *at < 4) return false;
  const auto* p = reinterpret_cast<const unsigned char*>(s.data() + *at);
  *v = uint32_t{p[0]} | uint32_t{p[1]} << 8 | uint32_t{p[2]} << 16 | uint32_t{p[3]} << 24;
  *at += 4;
  return true;
}

}  // namespace

void AppendVariable(std::string* out, std::string_view name) {
  out->push_back(kVariable);
  AppendU32(out, static_cast<uint32_t>(name.size()));
  out->append(name);
}

void AppendDepth(std::string* out, uint32_t depth) {
  out->push_back(kDepth);
  AppendU32(out, depth);
}

void AppendExpression(std::string* out, PlpgsqlText how, uint32_t depth, std::string_view query) {
  out->push_back(kExpression);
  out->push_back(static_cast<char>(how));
  AppendU32(out, depth);
  AppendU32(out, static_cast<uint32_t>(query.size()));
  out->append(query);
}

bool Next(std::string_view s, size_t* at, Record* r) {
  if (*at >= s.size()) return false;
  r->kind = s[(*at)++];
  r->text = {};
  r->depth = 0;
  uint32_t n = 0;
  switch (r->kind) {
    case kBroken:
    case kMainPass: return true;
    case kDepth: return ReadU32(s, at, &r->depth);
    case kVariable:
      if (!ReadU32(s, at, &n) || s.size() - *at < n) return false;
      r->text = s.substr(*at, n);
      *at += n;
      return true;
    case kExpression:
      if (*at >= s.size()) return false;
      r->how = static_cast<PlpgsqlText>(s[(*at)++]);
      if (!ReadU32(s, at, &r->depth) || !ReadU32(s, at, &n) || s.size() - *at < n) return false;
      r->text = s.substr(*at, n);
      *at += n;
      return true;
    default: return false;
  }
}

}  // namespace outline

namespace {

using namespace plpgsql_layout;  // NOLINT: the generated offsets

// The outline being written on this thread (null: JSON as usual).
struct Collector {
  std::string vars;   // the variables pass, all functions
  std::string main;   // the expressions pass, all functions
  uint32_t vars_max = 0;
  uint32_t main_max = 0;
  bool broken = false;
};
thread_local Collector* collector = nullptr;

template <class T>
T At(const void* p, size_t offset) {
  T v;
  std::memcpy(&v, static_cast<const char*>(p) + offset, sizeof v);
  return v;
}
const void* Ptr(const void* p, size_t offset) { return At<const void*>(p, offset); }

// A PostgreSQL List's elements (pointers).
template <class F>
void ForEach(const void* list, F&& f) {
  if (list == nullptr) return;
  int n = At<int>(list, kList_length);
  const char* cells = At<const char*>(list, kList_elements);
  for (int i = 0; i < n; ++i) f(At<const void*>(cells, static_cast<size_t>(i) * kListCellSize));
}

const char* StmtTag(int cmd) {
  switch (cmd) {
    case PLPGSQL_STMT_BLOCK: return "PLpgSQL_stmt_block";
    case PLPGSQL_STMT_ASSIGN: return "PLpgSQL_stmt_assign";
    case PLPGSQL_STMT_IF: return "PLpgSQL_stmt_if";
    case PLPGSQL_STMT_CASE: return "PLpgSQL_stmt_case";
    case PLPGSQL_STMT_LOOP: return "PLpgSQL_stmt_loop";
    case PLPGSQL_STMT_WHILE: return "PLpgSQL_stmt_while";
    case PLPGSQL_STMT_FORI: return "PLpgSQL_stmt_fori";
    case PLPGSQL_STMT_FORS: return "PLpgSQL_stmt_fors";
    case PLPGSQL_STMT_FORC: return "PLpgSQL_stmt_forc";
    case PLPGSQL_STMT_FOREACH_A: return "PLpgSQL_stmt_foreach_a";
    case PLPGSQL_STMT_EXIT: return "PLpgSQL_stmt_exit";
    case PLPGSQL_STMT_RETURN: return "PLpgSQL_stmt_return";
    case PLPGSQL_STMT_RETURN_NEXT: return "PLpgSQL_stmt_return_next";
    case PLPGSQL_STMT_RETURN_QUERY: return "PLpgSQL_stmt_return_query";
    case PLPGSQL_STMT_RAISE: return "PLpgSQL_stmt_raise";
    case PLPGSQL_STMT_ASSERT: return "PLpgSQL_stmt_assert";
    case PLPGSQL_STMT_EXECSQL: return "PLpgSQL_stmt_execsql";
    case PLPGSQL_STMT_DYNEXECUTE: return "PLpgSQL_stmt_dynexecute";
    case PLPGSQL_STMT_DYNFORS: return "PLpgSQL_stmt_dynfors";
    case PLPGSQL_STMT_GETDIAG: return "PLpgSQL_stmt_getdiag";
    case PLPGSQL_STMT_OPEN: return "PLpgSQL_stmt_open";
    case PLPGSQL_STMT_FETCH: return "PLpgSQL_stmt_fetch";
    case PLPGSQL_STMT_CLOSE: return "PLpgSQL_stmt_close";
    case PLPGSQL_STMT_PERFORM: return "PLpgSQL_stmt_perform";
    case PLPGSQL_STMT_CALL: return "PLpgSQL_stmt_call";
    case PLPGSQL_STMT_COMMIT: return "PLpgSQL_stmt_commit";
    case PLPGSQL_STMT_ROLLBACK: return "PLpgSQL_stmt_rollback";
    default: return nullptr;
  }
}

// One pass over one function: `out` and `max` are the pass's.
class Outliner {
 public:
  Outliner(std::string* out, uint32_t* max, bool* broken) : out_(out), max_(max), broken_(broken) {}

  // The variables pass (the walker's "vars"): every datum's refname, in order.
  void Variables(const void* func) {
    int n = At<int>(func, kFunction_ndatums);
    const char* datums = At<const char*>(func, kFunction_datums);
    for (int i = 0; i < n; ++i) {
      const void* d = At<const void*>(datums, static_cast<size_t>(i) * sizeof(void*));
      Object(1);
      Object(2);
      int dtype = At<int>(d, kDatum_dtype);
      if (dtype == PLPGSQL_DTYPE_VAR || dtype == PLPGSQL_DTYPE_ROW || dtype == PLPGSQL_DTYPE_REC) {
        const char* refname = At<const char*>(d, kVariable_refname);
        if (Text(refname) && refname != nullptr && refname[0] != '\0') outline::AppendVariable(out_, refname);
      }
      if (dtype == PLPGSQL_DTYPE_VAR) {
        // datatype {PLpgSQL_type {typname}}, default_val and the cursor's
        // query {PLpgSQL_expr {query}}: objects the pass enters.
        if (const void* t = Ptr(d, kVar_datatype)) {
          Object(3);
          Object(4);
          Text(At<const char*>(t, kType_typname));
        }
        for (size_t field : {kVariable_default_val, kVar_cursor_explicit_expr}) {
          if (const void* e = Ptr(d, field)) {
            Object(3);
            Object(4);
            Text(At<const char*>(e, kExpr_query));
          }
        }
      } else if (dtype == PLPGSQL_DTYPE_ROW) {
        RowFields(d, 3);
      } else if (dtype == PLPGSQL_DTYPE_RECFIELD) {
        Text(At<const char*>(d, kRecfield_fieldname));
      } else if (dtype != PLPGSQL_DTYPE_REC) {
        *broken_ = true;  // the writer leaves invalid JSON
      }
    }
  }

  // The expressions pass: the function object, its datums, its action.
  void Expressions(const void* func) {
    Object(1);
    Object(2);
    int n = At<int>(func, kFunction_ndatums);
    const char* datums = At<const char*>(func, kFunction_datums);
    for (int i = 0; i < n; ++i) {
      const void* d = At<const void*>(datums, static_cast<size_t>(i) * sizeof(void*));
      Object(3);
      Object(4);
      Datum(d, 4, "");
    }
    if (const void* action = Ptr(func, kFunction_action)) {
      Object(3);
      Object(4);
      Stmt(action, 4);
    }
  }

 private:
  void Object(uint32_t depth) {
    if (depth <= *max_) return;
    *max_ = depth;
    outline::AppendDepth(out_, depth);
  }

  // A string the JSON writes: false (and broken) when it is not UTF-8.
  bool Text(const char* s) {
    if (s == nullptr) return true;
    if (simdjson::validate_utf8(s, std::strlen(s))) return true;
    *broken_ = true;
    return false;
  }

  // An expression object {PLpgSQL_expr {query}} at `depth`, the value of `field`.
  void Expr(const void* e, uint32_t depth, std::string_view tag, std::string_view field) {
    if (e == nullptr) return;
    Object(depth);
    const char* query = At<const char*>(e, kExpr_query);
    if (!Text(query)) return;
    outline::AppendExpression(out_, PlpgsqlHow(tag, field), depth, query == nullptr ? "" : query);
  }

  void ExprList(const void* list, uint32_t depth, std::string_view tag, std::string_view field) {
    ForEach(list, [&](const void* e) { Expr(e, depth, tag, field); });
  }

  void RowFields(const void* row, uint32_t depth) {
    int n = At<int>(row, kRow_nfields);
    const char* const* names = At<const char* const*>(row, kRow_fieldnames);
    for (int i = 0; i < n; ++i) {
      if (names[i] == nullptr) continue;  // null, not an object
      Object(depth);
      Text(names[i]);
    }
  }

  // A datum's (or a variable's) body at `body`: {PLpgSQL_var {...}} and the like.
  void Datum(const void* d, uint32_t body, std::string_view tag) {
    int dtype = At<int>(d, kDatum_dtype);
    if (dtype == PLPGSQL_DTYPE_VAR || dtype == PLPGSQL_DTYPE_ROW || dtype == PLPGSQL_DTYPE_REC)
      Text(At<const char*>(d, kVariable_refname));
    if (dtype == PLPGSQL_DTYPE_VAR) {
      if (const void* t = Ptr(d, kVar_datatype)) {
        Object(body + 1);
        Object(body + 2);
        Text(At<const char*>(t, kType_typname));
      }
      Expr(Ptr(d, kVariable_default_val), body + 1, tag, "default_val");
      Expr(Ptr(d, kVar_cursor_explicit_expr), body + 1, tag, "cursor_explicit_expr");
    } else if (dtype == PLPGSQL_DTYPE_ROW) {
      RowFields(d, body + 1);
    } else if (dtype == PLPGSQL_DTYPE_RECFIELD) {
      Text(At<const char*>(d, kRecfield_fieldname));
    } else if (dtype != PLPGSQL_DTYPE_REC) {
      *broken_ = true;
    }
  }

  // A variable field (var, target): {PLpgSQL_var|row|rec {...}} at `depth`.
  void Variable(const void* v, uint32_t depth, std::string_view tag) {
    if (v == nullptr) return;
    Object(depth);
    Object(depth + 1);
    Datum(v, depth + 1, tag);
  }

  // A statement list's items at `depth`: {PLpgSQL_stmt_* {...}}.
  void Stmts(const void* list, uint32_t depth) {
    ForEach(list, [&](const void* s) {
      Object(depth);
      Object(depth + 1);
      Stmt(s, depth + 1);
    });
  }

  // Items of a list of nodes at `depth`, each {PLpgSQL_x {...}} with its body at depth + 1.
  template <class F>
  void Nodes(const void* list, uint32_t depth, F&& body) {
    ForEach(list, [&](const void* n) {
      Object(depth);
      Object(depth + 1);
      body(n);
    });
  }

  // A statement whose body object is at depth `b`.
  void Stmt(const void* s, uint32_t b) {
    int cmd = At<int>(s, kStmt_cmd_type);
    const char* tag_name = StmtTag(cmd);
    if (tag_name == nullptr) {
      *broken_ = true;
      return;
    }
    std::string_view tag = tag_name;
    const uint32_t c = b + 1;  // the depth of the statement's child objects
    switch (cmd) {
      case PLPGSQL_STMT_BLOCK: {
        Text(At<const char*>(s, kStmtBlock_label));
        Stmts(Ptr(s, kStmtBlock_body), c);
        if (const void* ex = Ptr(s, kStmtBlock_exceptions)) {
          Object(c);
          Object(c + 1);
          Nodes(Ptr(ex, kExceptionBlock_exc_list), c + 2, [&](const void* e) {
            for (const void* cond = Ptr(e, kException_conditions); cond != nullptr; cond = Ptr(cond, kCondition_next)) {
              Object(c + 4);
              Object(c + 5);
              Text(At<const char*>(cond, kCondition_condname));
            }
            Stmts(Ptr(e, kException_action), c + 4);
          });
        }
        break;
      }
      case PLPGSQL_STMT_ASSIGN: Expr(Ptr(s, kStmtAssign_expr), c, tag, "expr"); break;
      case PLPGSQL_STMT_IF:
        Expr(Ptr(s, kStmtIf_cond), c, tag, "cond");
        Stmts(Ptr(s, kStmtIf_then_body), c);
        Nodes(Ptr(s, kStmtIf_elsif_list), c, [&](const void* e) {
          Expr(Ptr(e, kIfElsif_cond), c + 2, tag, "cond");
          Stmts(Ptr(e, kIfElsif_stmts), c + 2);
        });
        Stmts(Ptr(s, kStmtIf_else_body), c);
        break;
      case PLPGSQL_STMT_CASE:
        Expr(Ptr(s, kStmtCase_t_expr), c, tag, "t_expr");
        Nodes(Ptr(s, kStmtCase_case_when_list), c, [&](const void* w) {
          Expr(Ptr(w, kCaseWhen_expr), c + 2, tag, "expr");
          Stmts(Ptr(w, kCaseWhen_stmts), c + 2);
        });
        Stmts(Ptr(s, kStmtCase_else_stmts), c);
        break;
      case PLPGSQL_STMT_LOOP:
        Text(At<const char*>(s, kStmtLoop_label));
        Stmts(Ptr(s, kStmtLoop_body), c);
        break;
      case PLPGSQL_STMT_WHILE:
        Text(At<const char*>(s, kStmtWhile_label));
        Expr(Ptr(s, kStmtWhile_cond), c, tag, "cond");
        Stmts(Ptr(s, kStmtWhile_body), c);
        break;
      case PLPGSQL_STMT_FORI:
        Text(At<const char*>(s, kStmtFori_label));
        Variable(Ptr(s, kStmtFori_var), c, tag);
        Expr(Ptr(s, kStmtFori_lower), c, tag, "lower");
        Expr(Ptr(s, kStmtFori_upper), c, tag, "upper");
        Expr(Ptr(s, kStmtFori_step), c, tag, "step");
        Stmts(Ptr(s, kStmtFori_body), c);
        break;
      case PLPGSQL_STMT_FORS:
        Text(At<const char*>(s, kStmtFors_label));
        Variable(Ptr(s, kStmtFors_var), c, tag);
        Stmts(Ptr(s, kStmtFors_body), c);
        Expr(Ptr(s, kStmtFors_query), c, tag, "query");
        break;
      case PLPGSQL_STMT_FORC:
        Text(At<const char*>(s, kStmtForc_label));
        Variable(Ptr(s, kStmtForc_var), c, tag);
        Stmts(Ptr(s, kStmtForc_body), c);
        Expr(Ptr(s, kStmtForc_argquery), c, tag, "argquery");
        break;
      case PLPGSQL_STMT_FOREACH_A:
        Text(At<const char*>(s, kStmtForeachA_label));
        Expr(Ptr(s, kStmtForeachA_expr), c, tag, "expr");
        Stmts(Ptr(s, kStmtForeachA_body), c);
        break;
      case PLPGSQL_STMT_EXIT:
        Text(At<const char*>(s, kStmtExit_label));
        Expr(Ptr(s, kStmtExit_cond), c, tag, "cond");
        break;
      case PLPGSQL_STMT_RETURN: Expr(Ptr(s, kStmtReturn_expr), c, tag, "expr"); break;
      case PLPGSQL_STMT_RETURN_NEXT: Expr(Ptr(s, kStmtReturnNext_expr), c, tag, "expr"); break;
      case PLPGSQL_STMT_RETURN_QUERY:
        Expr(Ptr(s, kStmtReturnQuery_query), c, tag, "query");
        Expr(Ptr(s, kStmtReturnQuery_dynquery), c, "dynquery", "dynquery");
        ExprList(Ptr(s, kStmtReturnQuery_params), c, tag, "params");
        break;
      case PLPGSQL_STMT_RAISE:
        Text(At<const char*>(s, kStmtRaise_condname));
        Text(At<const char*>(s, kStmtRaise_message));
        ExprList(Ptr(s, kStmtRaise_params), c, tag, "params");
        Nodes(Ptr(s, kStmtRaise_options), c, [&](const void* o) { Expr(Ptr(o, kRaiseOption_expr), c + 2, tag, "expr"); });
        break;
      case PLPGSQL_STMT_ASSERT:
        Expr(Ptr(s, kStmtAssert_cond), c, tag, "cond");
        Expr(Ptr(s, kStmtAssert_message), c, tag, "message");
        break;
      case PLPGSQL_STMT_EXECSQL:
        Expr(Ptr(s, kStmtExecsql_sqlstmt), c, tag, "sqlstmt");
        Variable(Ptr(s, kStmtExecsql_target), c, tag);
        break;
      case PLPGSQL_STMT_DYNEXECUTE:
        Expr(Ptr(s, kStmtDynexecute_query), c, tag, "query");
        Variable(Ptr(s, kStmtDynexecute_target), c, tag);
        ExprList(Ptr(s, kStmtDynexecute_params), c, "params", "params");
        break;
      case PLPGSQL_STMT_DYNFORS:
        Text(At<const char*>(s, kStmtDynfors_label));
        Variable(Ptr(s, kStmtDynfors_var), c, tag);
        Stmts(Ptr(s, kStmtDynfors_body), c);
        Expr(Ptr(s, kStmtDynfors_query), c, tag, "query");
        ExprList(Ptr(s, kStmtDynfors_params), c, "params", "params");
        break;
      case PLPGSQL_STMT_GETDIAG: Nodes(Ptr(s, kStmtGetdiag_diag_items), c, [](const void*) {}); break;
      case PLPGSQL_STMT_OPEN:
        Expr(Ptr(s, kStmtOpen_argquery), c, tag, "argquery");
        Expr(Ptr(s, kStmtOpen_query), c, tag, "query");
        Expr(Ptr(s, kStmtOpen_dynquery), c, "dynquery", "dynquery");
        ExprList(Ptr(s, kStmtOpen_params), c, tag, "params");
        break;
      case PLPGSQL_STMT_FETCH:
        Variable(Ptr(s, kStmtFetch_target), c, tag);
        Expr(Ptr(s, kStmtFetch_expr), c, tag, "expr");
        break;
      case PLPGSQL_STMT_PERFORM: Expr(Ptr(s, kStmtPerform_expr), c, tag, "expr"); break;
      case PLPGSQL_STMT_CALL:
        Expr(Ptr(s, kStmtCall_expr), c, tag, "expr");
        Variable(Ptr(s, kStmtCall_target), c, tag);
        break;
      default: break;  // CLOSE, COMMIT, ROLLBACK: no expression, no object
    }
  }

  std::string* out_;
  uint32_t* max_;
  bool* broken_;
};

}  // namespace

PlpgsqlOutlineScope::PlpgsqlOutlineScope(std::string* out) : out_(out) {
  out_->clear();
  collector = new Collector();
}

PlpgsqlOutlineScope::~PlpgsqlOutlineScope() {
  Collector* c = collector;
  collector = nullptr;
  if (c->broken) {
    out_->assign(1, outline::kBroken);
  } else {
    out_->reserve(c->vars.size() + 1 + c->main.size());
    out_->append(c->vars);
    out_->push_back(outline::kMainPass);
    out_->append(c->main);
  }
  delete c;
}

}  // namespace govern::sql

extern "C" char* __wrap_plpgsqlToJSON(void* func) {
  using govern::sql::collector;
  if (collector == nullptr) return __real_plpgsqlToJSON(func);
  govern::sql::Outliner(&collector->vars, &collector->vars_max, &collector->broken).Variables(func);
  govern::sql::Outliner(&collector->main, &collector->main_max, &collector->broken).Expressions(func);
  return pstrdup("{}");
}
