#include "catalog/catalog.h"

#include <algorithm>

namespace govern {
namespace {

std::string Join(std::string_view a, std::string_view b) {
  std::string s;
  s.reserve(a.size() + 1 + b.size());
  s.append(a).push_back('.');
  s.append(b);
  return s;
}

}  // namespace

void Catalog::AddSchema(std::string_view schema) {
  if (HasSchema(schema)) return;
  schemas_.emplace_back(schema);
  ++revision_;
}

bool Catalog::HasSchema(std::string_view schema) const {
  return std::find(schemas_.begin(), schemas_.end(), schema) != schemas_.end();
}

int32_t Catalog::AddTable(std::string_view schema, std::string_view name, RelationKind kind) {
  if (auto id = FindTable(schema, name)) return *id;
  std::string qname = Join(schema, name);
  AddSchema(schema);
  ++revision_;
  auto id = static_cast<int32_t>(tables_.size());
  Table t;
  t.schema = std::string(schema);
  t.name = std::string(name);
  t.qname = qname;
  t.kind = kind;
  t.structure_revision = revision_;
  tables_.push_back(std::move(t));
  tables_by_schema_[std::string(schema)][std::string(name)] = id;
  return id;
}

int32_t Catalog::AddColumn(int32_t table_id, std::string_view name, std::string_view type) {
  Table& t = tables_[static_cast<size_t>(table_id)];
  std::string qname = Join(t.qname, name);
  if (auto it = column_by_qname_.find(std::string_view(qname)); it != column_by_qname_.end()) return it->second;
  ++revision_;
  auto id = static_cast<int32_t>(columns_.size());
  Column c;
  c.name = std::string(name);
  c.type = std::string(type);
  c.qname = qname;
  c.table_id = table_id;
  columns_.push_back(std::move(c));
  t.columns.push_back(id);
  t.structure_revision = revision_;
  column_by_qname_.emplace(std::move(qname), id);
  return id;
}

void Catalog::AddTag(int32_t column_id, std::string_view tag) {
  uint32_t tag_id;
  if (auto it = tag_by_name_.find(tag); it != tag_by_name_.end()) {
    tag_id = it->second;
  } else {
    tag_id = static_cast<uint32_t>(tag_names_.size());
    tag_names_.emplace_back(tag);
    tag_by_name_.emplace(std::string(tag), tag_id);
  }
  auto& tags = columns_[static_cast<size_t>(column_id)].tags;
  if (std::find(tags.begin(), tags.end(), tag_id) == tags.end()) {
    tags.push_back(tag_id);
    ++revision_;
  }
}

void Catalog::DropColumn(int32_t column_id) {
  ++revision_;
  Column& c = columns_[static_cast<size_t>(column_id)];
  if (c.dropped) return;
  c.dropped = true;
  column_by_qname_.erase(c.qname);
  auto& cols = tables_[static_cast<size_t>(c.table_id)].columns;
  cols.erase(std::remove(cols.begin(), cols.end(), column_id), cols.end());
  tables_[static_cast<size_t>(c.table_id)].structure_revision = revision_;
}

void Catalog::DropTable(int32_t table_id) {
  ++revision_;
  Table& t = tables_[static_cast<size_t>(table_id)];
  if (t.dropped) return;
  for (int32_t c : std::vector<int32_t>(t.columns)) DropColumn(c);
  t.dropped = true;
  t.structure_revision = revision_;
  if (auto it = tables_by_schema_.find(std::string_view(t.schema)); it != tables_by_schema_.end())
    it->second.erase(t.name);
}

void Catalog::RenameColumn(int32_t column_id, std::string_view new_name) {
  ++revision_;
  Column& c = columns_[static_cast<size_t>(column_id)];
  column_by_qname_.erase(c.qname);
  c.name = std::string(new_name);
  c.qname = Join(tables_[static_cast<size_t>(c.table_id)].qname, new_name);
  column_by_qname_[c.qname] = column_id;
  tables_[static_cast<size_t>(c.table_id)].structure_revision = revision_;
}

void Catalog::RenameTable(int32_t table_id, std::string_view new_schema, std::string_view new_name) {
  ++revision_;
  Table& t = tables_[static_cast<size_t>(table_id)];
  if (auto it = tables_by_schema_.find(std::string_view(t.schema)); it != tables_by_schema_.end())
    it->second.erase(t.name);
  AddSchema(new_schema);
  t.schema = std::string(new_schema);
  t.name = std::string(new_name);
  t.qname = Join(new_schema, new_name);
  tables_by_schema_[t.schema][t.name] = table_id;
  for (int32_t cid : t.columns) RenameColumn(cid, std::string(columns_[static_cast<size_t>(cid)].name));
  t.structure_revision = revision_;
}

void Catalog::SetViewSql(int32_t table_id, std::string view_sql, std::vector<std::string> search_path) {
  ++revision_;
  tables_[static_cast<size_t>(table_id)].view_sql = std::move(view_sql);
  tables_[static_cast<size_t>(table_id)].view_search_path = std::move(search_path);
  tables_[static_cast<size_t>(table_id)].structure_revision = revision_;
}

std::optional<int32_t> Catalog::FindTable(std::string_view schema, std::string_view name) const {
  std::optional<int32_t> found;
  if (auto s = tables_by_schema_.find(schema); s != tables_by_schema_.end()) {
    if (auto it = s->second.find(name); it != s->second.end()) found = it->second;
  }
  if (lookup_log_ != nullptr) {
    Lookup l;
    l.schema = std::string(schema);
    l.name = std::string(name);
    l.id = found.value_or(-1);
    lookup_log_->push_back(std::move(l));
  }
  return found;
}

std::optional<int32_t> Catalog::FindTableInPath(std::string_view name) const {
  for (const auto& schema : search_path_)
    if (auto id = FindTable(schema, name)) return id;
  // PostgreSQL always searches pg_catalog; govern's catalog may model it too.
  return FindTable("pg_catalog", name);
}

void Catalog::LogStructure(int32_t id) const {
  // Consecutive reads of one table are one entry.
  if (!lookup_log_->empty() && lookup_log_->back().kind == Lookup::Kind::kStructure && lookup_log_->back().id == id)
    return;
  Lookup l;
  l.kind = Lookup::Kind::kStructure;
  l.id = id;
  lookup_log_->push_back(std::move(l));
}

bool Catalog::StillResolves(const std::vector<Lookup>& log, uint64_t since) const {
  for (const Lookup& l : log) {
    switch (l.kind) {
      case Lookup::Kind::kTable:
        if (FindTable(l.schema, l.name).value_or(-1) != l.id) return false;
        break;
      case Lookup::Kind::kColumn:
        if (FindColumn(l.id, l.name).value_or(-1) != l.column) return false;
        break;
      case Lookup::Kind::kStructure:
        if (tables_[static_cast<size_t>(l.id)].structure_revision > since) return false;
        break;
    }
  }
  return true;
}

std::optional<int32_t> Catalog::FindColumn(int32_t table_id, std::string_view name) const {
  std::optional<int32_t> found;
  for (int32_t cid : tables_[static_cast<size_t>(table_id)].columns) {
    if (columns_[static_cast<size_t>(cid)].name == name) {
      found = cid;
      break;
    }
  }
  if (lookup_log_ != nullptr) {
    Lookup l;
    l.kind = Lookup::Kind::kColumn;
    l.name = std::string(name);
    l.id = table_id;
    l.column = found.value_or(-1);
    lookup_log_->push_back(std::move(l));
  }
  return found;
}

std::optional<int32_t> Catalog::FindColumnByQName(std::string_view qname) const {
  auto it = column_by_qname_.find(qname);
  if (it == column_by_qname_.end()) return std::nullopt;
  return it->second;
}

bool Catalog::AddDerivedTag(int32_t column_id, uint32_t tag_id, int32_t from_column, std::string_view where) {
  Column& c = columns_[static_cast<size_t>(column_id)];
  if (std::find(c.tags.begin(), c.tags.end(), tag_id) != c.tags.end()) return false;
  c.tags.push_back(tag_id);
  ++revision_;
  c.derived.push_back(Column::Derived{tag_id, from_column, std::string(where)});
  return true;
}

std::string Catalog::DerivationChain(int32_t column_id) const {
  std::string out;
  std::vector<int32_t> seen{column_id};
  // Breadth over the direct sources; each source's own chain follows it.
  const Column& c = column(column_id);
  std::vector<std::pair<int32_t, const std::string*>> sources;
  for (const Column::Derived& d : c.derived) {
    bool dup = false;
    for (const auto& s : sources) dup = dup || (s.first == d.from_column && *s.second == d.where);
    if (!dup && d.from_column >= 0) sources.emplace_back(d.from_column, &d.where);
  }
  for (const auto& [from, where] : sources) {
    if (!out.empty()) out += ", ";
    out += column(from).qname + " at " + *where;
    // Follow the first derived source of the source (a cycle stops the walk).
    int32_t at = from;
    while (!column(at).derived.empty() && column(at).derived.front().from_column >= 0 &&
           std::find(seen.begin(), seen.end(), at) == seen.end()) {
      seen.push_back(at);
      const Column::Derived& next = column(at).derived.front();
      out += " <- " + column(next.from_column).qname + " at " + next.where;
      at = next.from_column;
    }
  }
  return out;
}

void Catalog::RelativizeDerivedWhere(std::string_view dir) {
  if (dir.empty()) return;
  std::string prefix(dir);
  if (prefix.back() != '/') prefix.push_back('/');
  for (Column& c : columns_)
    for (Column::Derived& d : c.derived)
      if (d.where.compare(0, prefix.size(), prefix) == 0) d.where.erase(0, prefix.size());
}

std::optional<uint32_t> Catalog::FindTag(std::string_view tag) const {
  auto it = tag_by_name_.find(tag);
  if (it == tag_by_name_.end()) return std::nullopt;
  return it->second;
}

}  // namespace govern
