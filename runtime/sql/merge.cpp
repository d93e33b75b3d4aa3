// MERGE INTO target USING source ON ... WHEN [NOT] MATCHED THEN ...
#include "sql/walker.h"

namespace govern::sql {

void Walker::WalkMerge(Node body, bool top) {
  SetKind(StatementKind::k_merge, top);
  uint32_t frame = PushFrame();
  Node n;
  if (Field(body, "withClause", &n)) WalkWith(Body(n));
  if (Field(body, "sourceRelation", &n)) WalkFromItem(n);
  Node relation;
  int target = -1;
  if (Field(body, "relation", &relation))
    target = AddTargetRel(Body(relation), kAccessWrite);
  // The join condition restricts the rows touched: MERGE counts as filtered.
  if (Field(body, "joinCondition", &n)) {
    WalkExpr(n, kUseJoined, nullptr);
    if (top) has_where_ = !IsConstantTrue(n);
  }
  for (Node clause : List(body, "mergeWhenClauses")) {
    Tagged c = Untag(clause);
    Node cond;
    if (Field(c.body, "condition", &cond)) WalkExpr(cond, kUseFiltered, nullptr);
    std::string_view command = Str(c.body, "commandType");
    NodeList targets = List(c.body, "targetList");
    std::vector<int> written;
    if (target >= 0 && command == "CMD_INSERT" && ListSize(targets) == 0)
      AddAllWrites(rels_[static_cast<size_t>(target)], 0, &written);
    for (Node item : targets) {
      Tagged t = Untag(item);
      int w = -1;
      if (target >= 0)
        w = AddWrite(rels_[static_cast<size_t>(target)], Str(t.body, "name"),
                     static_cast<uint32_t>(Int(t.body, "location", 0)));
      written.push_back(w);
      Node val;
      if (Field(t.body, "val", &val)) WalkWrittenValue(val, w);  // UPDATE SET c = val
    }
    // INSERT (cols) VALUES (vals): positional; a single `*` write takes all.
    size_t k = 0;
    for (Node v : List(c.body, "values")) {
      int w = written.size() == 1 && ListSize(targets) == 0 ? written[0] : k < written.size() ? written[k] : -1;
      WalkWrittenValue(v, w);
      ++k;
    }
  }
  last_dml_where_ = true;
  PopFrame(frame);
}

}  // namespace govern::sql
