// COPY table/query TO/FROM STDIN/STDOUT, a server file or a PROGRAM.
#include "sql/walker.h"

namespace govern::sql {

void Walker::WalkCopy(Node body, bool top) {
  SetKind(StatementKind::k_copy, top);
  bool is_from = Bool(body, "is_from");
  bool program = Bool(body, "is_program");
  bool file = !Str(body, "filename").empty();
  // Server-side I/O (a file or a program on the database host) is a fact of
  // its own and a pseudo-function, so `calls("copy:*")` sees it.
  if (program || file) {
    server_io_ = true;
    AddFunctionName(program ? (is_from ? "copy:from_program" : "copy:to_program")
                            : (is_from ? "copy:from_file" : "copy:to_file"));
  }
  uint32_t frame = PushFrame();
  Node n;
  if (Field(body, "query", &n)) {
    Tagged q = Untag(n);
    if (q.tag == "SelectStmt") {
      ColRange out = WalkSelect(q.body, kUseProjected, top);
      if (top) {
        top_outputs_ = out;
        have_outputs_ = true;
      }
    } else {
      // Only this statement's RETURNING counts: a MERGE (no RETURNING in PG 15)
      // must not pick up the range an earlier INSERT left behind.
      last_returning_ = {};
      WalkStatement(n, false);
      if (top && last_returning_.size() > 0 && last_returning_.end <= relcols_.size()) {
        // Re-walked RETURNING reaches the output of COPY.
        for (uint32_t i = last_returning_.begin; i < last_returning_.end; ++i) UseOutput(relcols_[i], kUseProjected);
        top_outputs_ = last_returning_;
        have_outputs_ = true;
      }
    }
  } else if (Field(body, "relation", &n)) {
    Node rv = Body(n);
    NodeList attlist = List(body, "attlist");
    if (is_from) {
      int target = AddTargetRel(rv, kAccessWrite);
      const Rel& rel = rels_[static_cast<size_t>(target)];
      if (ListSize(attlist) == 0) {
        AddAllWrites(rel, 0);
      } else {
        for (Node a : attlist) AddWrite(rels_[static_cast<size_t>(target)], StringValue(a), 0);
      }
      Node where;
      if (Field(body, "whereClause", &where)) WalkExpr(where, kUseFiltered, nullptr);
    } else {
      AddRangeVar(rv, kAccessRead);
      auto start = static_cast<uint32_t>(tmp_cols_.size());
      const Rel rel = rels_.back();
      if (ListSize(attlist) == 0) {
        ExpandStar(rel, kUseProjected, &tmp_cols_, nullptr, 0);
      } else {
        for (Node a : attlist) {
          Sink sink{static_cast<uint32_t>(scratch_.size())};
          std::string_view column = StringValue(a);
          if (!ReadRelColumn(rel, column, kUseProjected, &sink, false)) {
            name_buffer_.assign(rel.qname).append(".").append(column);
            AddUnresolved(name_buffer_, "unknown column", 0);
          }
          tmp_cols_.push_back(FinishSink(&sink, column));
        }
      }
      if (top) {
        top_outputs_.begin = static_cast<uint32_t>(relcols_.size());
        relcols_.insert(relcols_.end(), tmp_cols_.begin() + start, tmp_cols_.end());
        top_outputs_.end = static_cast<uint32_t>(relcols_.size());
        have_outputs_ = true;
      }
      tmp_cols_.resize(start);
    }
  }
  PopFrame(frame);
}

}  // namespace govern::sql
