// PL/pgSQL bodies (CREATE FUNCTION ... LANGUAGE plpgsql, DO): every embedded
// SQL statement and expression is analysed; EXECUTE of a string literal is
// analysed as SQL, EXECUTE of a computed string makes the statement opaque.
#include <pg_query.h>

#include <cstring>

#include "sql/splitter.h"
#include "sql/top_level_words.h"
#include "sql/walker.h"

namespace govern::sql {
namespace {

// The content of a plain '...' or $tag$...$tag$ literal; false otherwise.
bool UnquoteLiteral(std::string_view q, std::string* out) {
  while (!q.empty() && (q.front() == ' ' || q.front() == '\n' || q.front() == '\t')) q.remove_prefix(1);
  while (!q.empty() && (q.back() == ' ' || q.back() == '\n' || q.back() == '\t' || q.back() == ';')) q.remove_suffix(1);
  if (q.size() >= 2 && q.front() == '\'' && q.back() == '\'') {
    out->clear();
    for (size_t i = 1; i + 1 < q.size(); ++i) {
      if (q[i] == '\'') {
        if (i + 2 < q.size() && q[i + 1] == '\'') {
          out->push_back('\'');
          ++i;
          continue;
        }
        return false;  // 'a' || 'b'
      }
      out->push_back(q[i]);
    }
    return true;
  }
  if (q.size() >= 2 && q.front() == '$') {
    size_t end = q.find('$', 1);
    if (end == std::string_view::npos) return false;
    std::string_view tag = q.substr(0, end + 1);
    if (q.size() < 2 * tag.size() || q.substr(q.size() - tag.size()) != tag) return false;
    std::string_view inner = q.substr(tag.size(), q.size() - 2 * tag.size());
    if (inner.find(tag) != std::string_view::npos) return false;
    out->assign(inner);
    return true;
  }
  return false;
}

// Whether an expression is a lone number or a lone '...' string (a loop
// bound, a RETURN 0, an assignment of a constant): it reads nothing, so it is
// not parsed. Anything else (a sign, a cast, an E'' string, an identifier,
// two literals) is parsed and walked.
bool PlainLiteral(std::string_view q) {
  q = TrimSpaces(q);
  if (q.empty()) return false;
  if (q.find_first_not_of("0123456789") == std::string_view::npos) return true;
  return q.size() >= 2 && q.front() == '\'' && q.back() == '\'' && q.substr(1, q.size() - 2).find('\'') == std::string_view::npos;
}

}  // namespace

void Walker::WalkPlpgsql(std::string_view create_function_sql) {
  if (!Enter()) return;
  // The same function text is often analysed again (the statement, then its
  // body; up and down migrations): the parse is kept by text.
  const ParsedText* parsed = bodies_.Find(create_function_sql, ParseKind::kPlpgsql);
  ParsedText fresh;
  if (parsed == nullptr) {
    fresh = ParseText(create_function_sql, ParseKind::kPlpgsql);
    parsed = bodies_.Put(create_function_sql, ParseKind::kPlpgsql, std::move(fresh));
    if (parsed == nullptr) parsed = &fresh;
  }
  if (!parsed->ok) {
    opaque_ = true;
    Leave();
    return;
  }
  ++parse_level_;
  // A copy of its own: nested SQL below parses at deeper levels and may
  // evict the entry. Variables first (every variable, row and record of each
  // function: parameters, FOUND, DECLAREs of every block, loop variables,
  // INTO rows), so SQL that mentions them does not report them; then every
  // expression, at the depth PL/pgSQL's JSON had it (the depth limit counts
  // the objects a walk of it entered).
  const std::string outline_text = parsed->json;
  const int base = depth_;
  size_t at = 0;
  outline::Record r;
  while (!too_deep_ && outline::Next(outline_text, &at, &r)) {
    if (r.kind == outline::kBroken) {
      opaque_ = true;  // the JSON would not have been valid
      break;
    }
    if (r.kind == outline::kDepth && static_cast<int64_t>(base) + r.depth > options_.max_depth) {
      too_deep_ = true;
    } else if (r.kind == outline::kVariable) {
      variables_.push_back(Intern(r.text));
    } else if (r.kind == outline::kExpression) {
      depth_ = base + static_cast<int>(r.depth);
      WalkPlpgsqlExpr(r.text, r.how);
      depth_ = base;
    }
  }
  --parse_level_;
  Leave();
}

void Walker::WalkPlpgsqlExpr(std::string_view query, PlpgsqlText how) {
  if (how == PlpgsqlText::kStatement) {
    if (!WalkNestedSql(query, true)) opaque_ = true;
    return;
  }
  if (how == PlpgsqlText::kDynamic) {
    std::string literal;
    if (UnquoteLiteral(query, &literal)) {
      if (!WalkNestedSql(literal, true)) opaque_ = true;
    } else {
      opaque_ = true;  // EXECUTE of a computed string
    }
    return;
  }
  if (how == PlpgsqlText::kAssignment) {
    // "target := expr" (or "target = expr").
    size_t at = query.find(":=");
    size_t skip = 2;
    if (at == std::string_view::npos) {
      at = query.find('=');
      skip = 1;
    }
    if (at != std::string_view::npos) {
      // The target's subscripts are expressions too: a[(SELECT ...)] := v
      // reads what its subquery reads. Read as "SELECT target" (the target
      // itself is a variable, reported as one).
      std::string_view target = query.substr(0, at);
      if (target.find('[') != std::string_view::npos) {
        std::string select = "SELECT ";
        select.append(target);
        if (!WalkNestedSql(select)) opaque_ = true;
      }
      query = query.substr(at + skip);
    }
  }
  if (PlainLiteral(query)) return;
  // Statements parse as they are; expressions need a SELECT in front. One
  // parse either way: a text that parses as a statement is walked as one.
  if (!CannotBeStatement(query)) {
    bool not_sql = false;
    WalkNestedSql(query, true, &not_sql);
    if (!not_sql) return;
  }
  std::string select = "SELECT ";
  select.append(query);
  if (!WalkNestedSql(select)) opaque_ = true;
}

}  // namespace govern::sql
