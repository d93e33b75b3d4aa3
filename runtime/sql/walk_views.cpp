// Walker: expanding a catalog view to its base columns (cached per Analyzer).
#include "sql/walker.h"

namespace govern::sql {
namespace {

constexpr int kMaxViewNesting = 32;

}  // namespace

// ---------------------------------------------------------------- views

const ViewInfo* Walker::ExpandView(int32_t table_id) {
  ViewInfo& info = views_->views[table_id];
  if (info.state == ViewInfo::kReady) return &info;
  if (info.state != ViewInfo::kNone) return nullptr;  // in progress (a cycle) or failed
  if (nesting_ >= kMaxViewNesting) return nullptr;
  info.state = ViewInfo::kInProgress;
  if (!child_) child_ = std::make_unique<Walker>(catalog_, options_, views_, nesting_ + 1);
  FactsStore store;
  AnalysisResult result;
  // Names in the definition resolve as where it was defined.
  const std::vector<std::string>& defined_path = catalog_->StructureOf(table_id).view_search_path;
  std::vector<std::string> saved_path;
  if (!defined_path.empty()) {
    saved_path = child_->configured_path_;
    child_->configured_path_ = defined_path;
  }
  child_->Run(catalog_->table(table_id).view_sql, store, &result);
  if (!defined_path.empty()) child_->configured_path_ = std::move(saved_path);
  ViewInfo& out = views_->views[table_id];  // the map may have rehashed
  if (!result.errors.empty() || result.statements.size() != 1) {
    out.state = ViewInfo::kFailed;
    return nullptr;
  }
  const StatementFacts& f = result.statements[0];
  FactsStore& strings = views_->strings;
  out.cols_begin = static_cast<uint32_t>(views_->cols.size());
  // The view's columns are the catalog's, by position (CREATE VIEW v (a, b)
  // renames the query's outputs).
  const Catalog::Table& view = catalog_->StructureOf(table_id);
  size_t position = 0;
  for (const OutputFact& o : f.outputs) {
    ViewCol vc;
    if (position < view.columns.size()) {
      const Catalog::Column& column = catalog_->column(view.columns[position]);
      vc.name = column.name;
      vc.qname = column.qname;
      vc.column_id = view.columns[position];
    } else {
      vc.name = strings.Intern(o.name);
      vc.qname = strings.Concat({view.qname, ".", o.name});
    }
    ++position;
    vc.derivation = o.derivation;
    vc.begin = static_cast<uint32_t>(views_->refs.size());
    for (const ColumnFact& c : o.sources)
      views_->refs.push_back(
          {strings.Intern(c.name), c.column_id, c.table_id, static_cast<uint16_t>(c.usage & kUseView)});
    vc.end = static_cast<uint32_t>(views_->refs.size());
    views_->cols.push_back(vc);
  }
  out.cols_end = static_cast<uint32_t>(views_->cols.size());
  out.reads_begin = static_cast<uint32_t>(views_->refs.size());
  for (const ColumnFact& c : f.reads) {
    // A column the view only projects is read when the outer query uses that
    // view column; everything else the view reads (filters, joins, grouping,
    // columns of inner subqueries) is read whenever the view is.
    auto other = static_cast<uint16_t>(c.usage & ~(kUseProjected | kUseStar | kUseView));
    if ((c.usage & kUseProjected) != 0 && other == 0) continue;
    if ((c.usage & kUseProjected) != 0 && other == kUseOther) continue;
    views_->refs.push_back(
        {strings.Intern(c.name), c.column_id, c.table_id, static_cast<uint16_t>(other | (c.usage & kUseView))});
  }
  out.reads_end = static_cast<uint32_t>(views_->refs.size());
  out.tables_begin = static_cast<uint32_t>(views_->tables.size());
  for (const TableFact& t : f.tables) views_->tables.push_back({strings.Intern(t.name), t.table_id});
  out.tables_end = static_cast<uint32_t>(views_->tables.size());
  out.functions_begin = static_cast<uint32_t>(views_->functions.size());
  for (std::string_view fn : f.functions) views_->functions.push_back(strings.Intern(fn));
  out.functions_end = static_cast<uint32_t>(views_->functions.size());
  out.state = ViewInfo::kReady;
  return &out;
}

}  // namespace govern::sql
