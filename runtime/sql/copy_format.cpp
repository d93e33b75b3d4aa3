#include "sql/copy_format.h"

#include <string>

#include "sql/pg_node.h"

namespace govern {
namespace {

using sql::Body;
using sql::Field;
using sql::Int;
using sql::List;
using sql::Node;
using sql::Str;
using sql::Tagged;
using sql::Untag;

// True only when the option's argument surely says "on" (absent, true, on, 1).
bool SurelyOn(Node def) {
  Node arg;
  if (!Field(def, "arg", &arg)) return true;
  Tagged t = Untag(arg);
  if (t.tag == "Boolean") return sql::Bool(t.body, "boolval");
  if (t.tag == "Integer") return Int(t.body, "ival") == 1;
  if (t.tag == "String") {
    std::string_view s = Str(t.body, "sval");
    return s == "true" || s == "on" || s == "1";
  }
  return false;
}

}  // namespace

CopyFormat CopyFormatOf(std::string_view text) {
  CopyFormat out;
  simdjson::dom::parser parser;
  std::string json;
  Node root;
  if (!sql::ParseTree(text, &parser, &json, &root)) return out;
  for (Node raw : List(root, "stmts")) {
    Node stmt;
    if (!Field(raw, "stmt", &stmt)) return out;
    Tagged t = Untag(stmt);
    if (t.tag != "CopyStmt") return out;
    for (Node option : List(t.body, "options")) {
      Node def = Body(option);
      std::string_view name = Str(def, "defname");
      if (name == "format") {
        Node arg;
        std::string_view value = Field(def, "arg", &arg) ? sql::StringValue(arg) : "";
        if (value == "csv") {
          if (out.kind == CopyFormat::Kind::kText) out.kind = CopyFormat::Kind::kCsv;
        } else if (value != "text") {
          out.kind = CopyFormat::Kind::kBinary;
        }
      } else if (name == "header") {
        out.header = SurelyOn(def);
      } else if (name == "delimiter" || name == "null" || name == "quote" || name == "escape" || name == "encoding" ||
                 name == "default") {
        if (out.kind != CopyFormat::Kind::kBinary) out.kind = CopyFormat::Kind::kCustom;
      }
    }
    if (out.kind == CopyFormat::Kind::kCustom || out.kind == CopyFormat::Kind::kBinary) out.header = false;
    return out;
  }
  return out;
}

}  // namespace govern
