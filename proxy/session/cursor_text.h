// SQL cursor statements read from their text (the analyzer reports DECLARE,
// FETCH, MOVE and CLOSE as utility statements without their query): what the
// proxy needs to mask a cursor's rows (session/connection_cursors.cpp). The
// text is one top-level statement as PostgreSQL parsed it, so its grammar is
// known to be valid; only its shape is read here.
//
//   DECLARE name [BINARY] [ASENSITIVE|INSENSITIVE] [[NO] SCROLL] CURSOR [{WITH|WITHOUT} HOLD] FOR query
//   FETCH|MOVE [direction [count]] [FROM|IN] name     (the name is the last token)
//   CLOSE name | CLOSE ALL
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace govern::proxy {

struct CursorStatement {
  enum class Op : uint8_t { kNone, kDeclare, kFetch, kMove, kClose };
  Op op = Op::kNone;
  std::string name;        // as PostgreSQL names it: unquoted folded to lower case, quoted kept
  bool all = false;        // CLOSE ALL
  bool hold = false;       // DECLARE ... WITH HOLD
  std::string_view query;  // DECLARE: the query's text (a view into the statement)
};

// kNone when `sql` is not one of the statements above (or is not understood).
CursorStatement ParseCursorStatement(std::string_view sql);

}  // namespace govern::proxy
