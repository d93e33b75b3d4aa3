// Walker: SET search_path, set_config('search_path', ...) and RESET, applied
// to the names of the statements that follow in the same text.
#include "sql/search_path.h"
#include "sql/walker.h"

namespace govern::sql {

// ---------------------------------------------------------------- search_path

void Walker::WalkVariableSet(Node body, bool top) {
  std::string_view name = Str(body, "name");
  if (name == "role" || name == "session_authorization") changes_role_ = true;  // at any level
  // Only a statement that runs now changes the session (not one inside a
  // function body or a view).
  if (!top || parse_level_ != 0) return;
  std::string_view kind = Str(body, "kind");
  if (kind == "VAR_RESET_ALL") {
    pending_path_ = PathChange::kReset;
    return;
  }
  if (Str(body, "name") != "search_path") return;
  if (kind == "VAR_RESET" || kind == "VAR_SET_DEFAULT") {
    pending_path_ = PathChange::kReset;
  } else if (kind == "VAR_SET_VALUE") {
    SearchPathFromSetArgs(List(body, "args"), &pending_path_value_);
    pending_path_ = Bool(body, "is_local") ? PathChange::kLocal : PathChange::kSession;
  }
  path_from_set_config_ = false;
}

// set_config('search_path', 'a, b', is_local) with constant arguments.
void Walker::NoteSetConfig(NodeList args) {
  for (Node a : args) {  // the setting's name, at any level: role changes are facts wherever they are
    Tagged t = Untag(a);
    if (t.tag == "TypeCast") {
      Node inner;
      if (Field(t.body, "arg", &inner)) t = Untag(inner);
    }
    Node v;
    std::string_view name;
    bool constant = t.tag == "A_Const" && Field(t.body, "sval", &v);
    if (constant) name = Str(v, "sval");
    if (!constant || name == "role" || name == "session_authorization") changes_role_ = true;
    break;
  }
  if (parse_level_ != 0 || nesting_ != 0) return;
  std::string_view values[3];
  bool constant[3] = {false, false, false};
  size_t n = 0;
  for (Node a : args) {
    if (n == 3) return;
    Tagged t = Untag(a);
    if (t.tag == "TypeCast") {
      Node inner;
      if (Field(t.body, "arg", &inner)) t = Untag(inner);
    }
    if (t.tag == "A_Const") {
      Node v;
      if (Field(t.body, "sval", &v)) {
        values[n] = Str(v, "sval");
        constant[n] = true;
      } else if (Field(t.body, "boolval", &v)) {
        values[n] = Bool(v, "boolval") ? "true" : "false";
        constant[n] = true;
      } else if (!Has(t.body, "ival") && !Has(t.body, "fval") && !Has(t.body, "bsval")) {
        constant[n] = true;  // NULL
      }
    }
    ++n;
  }
  if (n != 3 || !constant[0] || values[0] != "search_path") return;
  if (!constant[1] || !ParseSearchPathValue(values[1], &pending_path_value_)) {
    // A computed path: names after this statement cannot be trusted to the
    // configured path, but there is nothing better to resolve them with.
    return;
  }
  bool local = constant[2] && (values[2] == "true" || values[2] == "t" || values[2] == "on");
  pending_path_ = local ? PathChange::kLocal : PathChange::kSession;
  path_from_set_config_ = true;
}

void Walker::ApplyPathChange() {
  switch (pending_path_) {
    case PathChange::kNone:
      return;
    case PathChange::kSession:
      session_path_.swap(pending_path_value_);
      session_path_set_ = true;
      local_path_set_ = false;  // SET after SET LOCAL in one transaction: the new value wins
      break;
    case PathChange::kLocal:
      local_path_.swap(pending_path_value_);
      local_path_set_ = true;
      break;
    case PathChange::kReset:
      session_path_set_ = false;
      local_path_set_ = false;
      break;
    case PathChange::kEndTransaction:
      local_path_set_ = false;
      break;
  }
  pending_path_ = PathChange::kNone;
}

}  // namespace govern::sql
