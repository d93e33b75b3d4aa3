#include "stages/view_definition.h"

#include <algorithm>
#include <set>
#include <vector>

#include "catalog/catalog.h"
#include "catalog/pg_conn.h"
#include "sql/analyzer.h"

namespace govern::proxy {
namespace {

std::string Quoted(const std::string& name) { return PgConnection::QuoteIdent(name); }

// Per result column: its name, the columns it reads ("schema.table.column",
// sorted), leaving out the columns of `self` (the view itself, which the
// catalog's expansion reports beside the columns behind it), and how it
// derives from them; and the functions the query calls, by unqualified
// name. Empty `why` when the text analyses to one statement whose every
// name is known.
struct Lineage {
  std::vector<std::string> names;
  std::vector<std::vector<std::string>> reads;
  // A plain copy of one base column (the only place email, last4 and
  // initial masks keep part of a value: masking/mask_plan.cpp).
  std::vector<char> copies;
  std::set<std::string> functions;
  std::string why;
};

std::string_view Unqualified(std::string_view name) {
  size_t dot = name.rfind('.');
  return dot == std::string_view::npos ? name : name.substr(dot + 1);
}

// The functions of `actual` whose unqualified name `planned` does not call.
std::vector<std::string> AddedFunctions(const std::set<std::string>& planned, const std::set<std::string>& actual) {
  std::set<std::string_view> known;
  for (const std::string& f : planned) known.insert(Unqualified(f));
  std::vector<std::string> added;
  for (const std::string& f : actual)
    if (known.count(Unqualified(f)) == 0) added.push_back(f);
  return added;
}


Lineage Analyse(const Catalog& catalog, std::string_view sql, int32_t self) {
  Lineage out;
  // The catalog's search path: the database's definition names every
  // relation with its schema (the resolver reads it with an empty
  // search_path), and a view of the catalog resolves with its own.
  Analyzer analyzer(&catalog);
  FactsStore store;
  AnalysisResult result;
  analyzer.Analyze(sql, store, &result);
  size_t top = 0;
  const StatementFacts* facts = nullptr;
  for (const StatementFacts& s : result.statements)
    if (s.enclosing < 0) {
      ++top;
      facts = &s;
    }
  if (!result.errors.empty()) {
    out.why = "does not parse (" + result.errors.front().message + ")";
    return out;
  }
  if (top != 1 || facts == nullptr || facts->kind != StatementKind::k_select) {
    out.why = "is not one query";
    return out;
  }
  if (!facts->unresolved.empty()) {
    out.why = "reads " + std::string(facts->unresolved.front().name) + ", which the catalog does not know (" +
              std::string(facts->unresolved.front().reason) + ")";
    return out;
  }
  for (const OutputFact& o : facts->outputs) {
    out.names.emplace_back(o.name);
    std::set<std::string> reads;
    for (const ColumnFact& c : o.sources)
      if (c.table_id != self) reads.emplace(c.name);
    out.reads.emplace_back(reads.begin(), reads.end());
    size_t base = 0;
    for (const ColumnFact& c : o.sources) base += (c.usage & kUseView) == 0 ? 1 : 0;
    out.copies.push_back(o.derivation == Derivation::kDirect && base == 1 ? 1 : 0);
  }
  // As written: pg_get_viewdef leaves pg_catalog's functions unqualified
  // and names the others with their schema; the catalog's text has them as
  // its author wrote them.
  for (std::string_view f : facts->functions) out.functions.emplace(f);
  return out;
}


std::string Join(const std::vector<std::string>& v) {
  if (v.empty()) return "no column";
  std::string out;
  for (const std::string& s : v) out.append(out.empty() ? "" : ", ").append(s);
  return out;
}

}  // namespace

std::string CompareViewDefinition(const Catalog& catalog, const PlanRelation& r, bool db_view,
                                  std::string_view db_definition) {
  auto id = catalog.FindTable(r.schema, r.name);
  const std::string view = r.schema + "." + r.name;
  if (!id) return "relation " + view + " is not in the catalog";
  const Catalog::Table& t = catalog.table(*id);
  const bool catalog_view = t.kind != RelationKind::kTable;
  if (catalog_view && !db_view) return "relation " + view + " is a view in the catalog but not in the database";
  if (!catalog_view && db_view) return "relation " + view + " is a view in the database but a table in the catalog";
  if (!catalog_view || t.view_sql.empty()) return {};
  Lineage planned = Analyse(catalog, "SELECT * FROM " + Quoted(r.schema) + "." + Quoted(r.name), *id);
  Lineage actual = Analyse(catalog, db_definition, *id);
  if (!planned.why.empty()) return "the catalog's definition of view " + view + " " + planned.why;
  if (!actual.why.empty()) return "view " + view + " in the database " + actual.why;
  // The view's columns are the ones it had when created (PostgreSQL freezes
  // a `*` then); the catalog's text expanded today may give more at the end
  // (a column added to the table since): those are not the view's.
  if (!t.columns.empty()) {
    if (planned.names.size() < t.columns.size())
      return "the catalog's definition of view " + view + " gives " + std::to_string(planned.names.size()) +
             " columns for its " + std::to_string(t.columns.size());
    planned.names.resize(t.columns.size());
    planned.reads.resize(t.columns.size());
    planned.copies.resize(t.columns.size());
    for (size_t i = 0; i < t.columns.size(); ++i) planned.names[i] = catalog.column(t.columns[i]).name;
  }
  if (planned.names.size() != actual.names.size())
    return "view " + view + " has " + std::to_string(actual.names.size()) + " columns in the database, " +
           std::to_string(planned.names.size()) + " in the catalog";
  for (size_t i = 0; i < planned.names.size(); ++i) {
    const std::string column = "view " + view + " column " + std::to_string(i + 1);
    if (planned.names[i] != actual.names[i])
      return column + " is " + actual.names[i] + " in the database, " + planned.names[i] + " in the catalog";
    if (planned.reads[i] != actual.reads[i])
      return column + " (" + planned.names[i] + ") reads " + Join(actual.reads[i]) +
             " in the database where the catalog's definition reads " + Join(planned.reads[i]);
    // A copy keeps email, last4 and initial masks partial: one that is
    // computed in the database is not a copy any more.
    if (planned.copies[i] != 0 && actual.copies[i] == 0)
      return column + " (" + planned.names[i] + ") is computed in the database where the catalog's definition copies " +
             Join(planned.reads[i]);
  }
  // A function the catalog's definition does not call can compute anything
  // (one of the database's own can read any table).
  for (const std::string& f : AddedFunctions(planned.functions, actual.functions))
    return "view " + view + " in the database calls " + std::string(Unqualified(f)) +
           "(), which the catalog's definition does not";
  return {};
}

std::string CompareView(const Catalog& catalog, const PlanRelation& r, const ViewInDatabase& db) {
  std::string why = CompareViewDefinition(catalog, r, db.view, db.definition);
  if (!why.empty() || !db.view) return why;
  const std::string view = r.schema + "." + r.name;
  for (const std::string& op : db.operators)
    return "view " + view + " in the database uses operator " + op + ", whose function govern does not read";
  for (const std::string& f : db.shadowing)
    return "view " + view + " in the database calls " + f + ", which bears the name of pg_catalog's " +
           std::string(Unqualified(f));
  auto id = catalog.FindTable(r.schema, r.name);
  if (!id || catalog.table(*id).view_sql.empty()) return {};
  Lineage planned = Analyse(catalog, "SELECT * FROM " + Quoted(r.schema) + "." + Quoted(r.name), *id);
  std::set<std::string_view> called;
  for (const std::string& f : planned.functions) {
    called.insert(f);
    called.insert(Unqualified(f));
  }
  for (const std::string& f : db.functions)
    if (called.count(f) == 0 && called.count(Unqualified(f)) == 0)
      return "view " + view + " in the database depends on function " + f +
             ", which the catalog's definition does not call (behind a cast or an operator, or added)";
  return {};
}

}  // namespace govern::proxy
