// Walker: scopes and name resolution. Frames of relations in FROM (rels_),
// CTEs, and how a column reference resolves against them, the catalog and
// the enclosing queries.
#include <algorithm>
#include <cstring>

#include "sql/search_path.h"
#include "sql/walker.h"

namespace govern::sql {
namespace {

bool IsSystemColumn(std::string_view c) {
  return c == "ctid" || c == "xmin" || c == "xmax" || c == "cmin" || c == "cmax" || c == "tableoid" ||
         c == "oid";
}

}  // namespace

uint32_t Walker::PushFrame() {
  frames_.push_back(static_cast<uint32_t>(rels_.size()));
  frame_ctes_.push_back(static_cast<uint32_t>(ctes_.size()));
  frame_usings_.push_back(static_cast<uint32_t>(usings_.size()));
  return static_cast<uint32_t>(frames_.size() - 1);
}

void Walker::PopFrame(uint32_t frame) {
  rels_.resize(frames_[frame]);
  ctes_.resize(frame_ctes_[frame]);
  usings_.resize(frame_usings_[frame]);
  using_sides_.resize(frame_usings_[frame]);
  frames_.resize(frame);
  frame_ctes_.resize(frame);
  frame_usings_.resize(frame);
}

const Cte* Walker::FindCte(std::string_view name) {
  for (size_t i = ctes_.size(); i-- > 0;)
    if (ctes_[i].name == name) return &ctes_[i];
  return nullptr;
}

const Rel* Walker::FindRelByQualifier(std::string_view schema, std::string_view name) {
  for (size_t i = rels_.size(); i-- > 0;) {
    const Rel& r = rels_[i];
    if (schema.empty()) {
      if (r.alias == name) return &r;
    } else if (r.schema == schema && r.relname == name && r.alias == r.relname) {
      return &r;
    }
  }
  return nullptr;
}

bool Walker::ReadRelColumn(const Rel& rel, std::string_view column, uint16_t usage, Sink* sink,
                           bool definite_only) {
  switch (rel.kind) {
    case RelKind::kBase: {
      if (catalog_ != nullptr && rel.table_id >= 0) {
        if (auto id = catalog_->FindColumn(rel.table_id, column)) {
          Read(RegisterColumn(catalog_->column(*id).qname, *id, rel.table_id), usage, sink);
          return true;
        }
      }
      if (IsSystemColumn(column)) {
        name_buffer_.assign(rel.qname).append(".").append(column);
        auto it = col_index_.find(name_buffer_);
        uint32_t c = it != col_index_.end() ? it->second : RegisterColumn(Intern(name_buffer_), -1, rel.table_id);
        Read(c, usage, sink);
        return true;
      }
      return false;
    }
    case RelKind::kUnknownBase: {
      if (definite_only) return false;
      name_buffer_.assign(rel.qname).append(".").append(column);
      auto it = col_index_.find(name_buffer_);
      uint32_t c = it != col_index_.end() ? it->second : RegisterColumn(Intern(name_buffer_), -1, -1);
      Read(c, usage, sink);
      return true;
    }
    case RelKind::kDerived:
      for (uint32_t i = rel.cols.begin; i < rel.cols.end; ++i) {
        const RelCol& rc = relcols_[i];
        if (rc.name == column) {
          ReadRange(rc.src_begin, rc.src_end, usage, sink);
          if (sink != nullptr) sink->Raise(rc.derivation);
          return true;
        }
      }
      return false;
    case RelKind::kFunction:
      for (uint32_t i = rel.cols.begin; i < rel.cols.end; ++i) {
        const RelCol& rc = relcols_[i];
        if (rc.name == column) {
          ReadRange(rc.src_begin, rc.src_end, usage, sink);
          if (sink != nullptr) sink->Raise(rc.derivation);
          return true;
        }
      }
      if (definite_only || rel.cols.size() > 0) return false;
      ReadRange(rel.src_begin, rel.src_end, usage, sink);
      if (sink != nullptr) sink->Raise(Derivation::kTransformed);
      return true;
  }
  return false;
}

bool Walker::ResolveColumn(std::string_view qual_schema, std::string_view qual_rel, std::string_view column,
                           uint16_t usage, Sink* sink, uint32_t location) {
  if (!qual_rel.empty()) {
    const Rel* rel = FindRelByQualifier(qual_schema, qual_rel);
    if (rel == nullptr) {
      if (qual_schema.empty() && std::find(variables_.begin(), variables_.end(), qual_rel) != variables_.end())
        return true;  // PL/pgSQL record field or function parameter
      name_buffer_.clear();
      if (!qual_schema.empty()) name_buffer_.append(qual_schema).append(".");
      name_buffer_.append(qual_rel).append(".").append(column);
      AddUnresolved(name_buffer_, "unknown table", location);
      return false;
    }
    if (ReadRelColumn(*rel, column, usage, sink, false)) return true;
    name_buffer_.assign(rel->kind == RelKind::kBase ? rel->qname : rel->alias).append(".").append(column);
    AddUnresolved(name_buffer_, "unknown column", location);
    return false;
  }
  // Unqualified: innermost scope first; a definite match wins at each level.
  for (size_t f = frames_.size(); f-- > 0;) {
    uint32_t begin = frames_[f];
    auto end = static_cast<uint32_t>(f + 1 < frames_.size() ? frames_[f + 1] : rels_.size());
    if (ReadMergedColumn(f, column, usage, sink)) return true;
    for (uint32_t i = begin; i < end; ++i)
      if (ReadRelColumn(rels_[i], column, usage, sink, true)) return true;
    const Rel* unknown = nullptr;
    const Rel* function = nullptr;
    int unknowns = 0;
    int functions = 0;
    for (uint32_t i = begin; i < end; ++i) {
      if (rels_[i].kind == RelKind::kUnknownBase) {
        if (unknown == nullptr) unknown = &rels_[i];
        ++unknowns;
      } else if (rels_[i].kind == RelKind::kFunction && rels_[i].cols.size() == 0) {
        if (function == nullptr) function = &rels_[i];
        ++functions;
      }
    }
    if (unknowns == 0 && functions == 0) continue;
    if (std::find(variables_.begin(), variables_.end(), column) != variables_.end()) return true;
    bool merged = false;
    for (uint32_t u = frame_usings_[f]; u < usings_.size(); ++u)
      if (usings_[u] == column) merged = true;
    if (unknowns == 1 || (unknowns > 1 && merged)) return ReadRelColumn(*unknown, column, usage, sink, false);
    if (unknowns == 0 && functions == 1) return ReadRelColumn(*function, column, usage, sink, false);
    AddUnresolved(column, "ambiguous column", location);
    return false;
  }
  if (std::find(variables_.begin(), variables_.end(), column) != variables_.end()) return true;
  // A whole-row reference to a relation (`SELECT t FROM t`, `row_to_json(t)`).
  if (const Rel* rel = FindRelByQualifier({}, column)) {
    ExpandStar(*rel, usage, nullptr, sink, location);
    if (sink != nullptr) sink->Raise(Derivation::kTransformed);
    return true;
  }
  AddUnresolved(column, "unknown column", location);
  return false;
}

bool Walker::ReadMergedColumn(size_t frame, std::string_view column, uint16_t usage, Sink* sink) {
  // The outermost join that merged the name decides; a side that is itself a
  // join merging the name reads that join's side(s) in turn.
  auto merged_in = [&](auto&& self, size_t limit, uint32_t b, uint32_t e) -> bool {
    for (size_t u = limit; u-- > frame_usings_[frame];) {
      if (usings_[u] != column) continue;
      const UsingSides s = using_sides_[u];
      if (s.left_begin < b || s.right_end > e) continue;  // not a join inside [b, e)
      bool any = false;
      auto read_side = [&](uint32_t sb, uint32_t se) {
        if (self(self, u, sb, se)) {
          any = true;
          return;
        }
        for (uint32_t i = sb; i < se && i < rels_.size(); ++i)
          if (ReadRelColumn(rels_[i], column, usage, sink, true)) {
            any = true;
            return;
          }
      };
      if (s.left) read_side(s.left_begin, s.right_begin);
      if (s.right) read_side(s.right_begin, s.right_end);
      return any;
    }
    return false;
  };
  return merged_in(merged_in, usings_.size(), 0, static_cast<uint32_t>(rels_.size()));
}

}  // namespace govern::sql
