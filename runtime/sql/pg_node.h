// Internal to runtime/sql: typed access to libpg_query's JSON parse tree.
// The tree is simdjson DOM; these helpers are the only place that knows how
// libpg_query spells nodes (`{"Tag": {fields...}}`). Nothing here may be
// included outside runtime/sql/.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace govern::sql {

using Node = simdjson::dom::element;
using NodeList = simdjson::dom::array;

// A tagged node `{"SelectStmt": {...}}` split into its tag and body.
struct Tagged {
  std::string_view tag;
  Node body;
  explicit operator bool() const { return !tag.empty(); }
};

// Untagged nodes (bare structs such as withClause or a WindowDef in "over")
// come back with an empty tag and themselves as the body.
inline Tagged Untag(Node n) {
  simdjson::dom::object obj;
  if (n.get_object().get(obj) != simdjson::SUCCESS) return {{}, n};
  for (auto field : obj) {
    if (field.key.empty() || field.key[0] < 'A' || field.key[0] > 'Z') return {{}, n};
    if (field.value.type() != simdjson::dom::element_type::OBJECT) return {{}, n};
    return {field.key, field.value};
  }
  return {{}, n};
}

// The body of a tagged node, or the node itself when it is untagged (some
// fields such as withClause or alias hold a bare struct).
inline Node Body(Node n) {
  Tagged t = Untag(n);
  return t ? t.body : n;
}

// A field of an object node. simdjson's at_key compares every key of the
// same length with memcmp (a call per candidate); the walker looks up many
// absent keys in objects with many keys of a common length, so the first
// byte is compared first.
inline bool Field(Node body, std::string_view key, Node* out) {
  simdjson::dom::object obj;
  if (key.empty() || body.get_object().get(obj) != simdjson::SUCCESS) return false;
  for (auto it = obj.begin(), end = obj.end(); it != end; ++it) {
    if (it.key_length() != key.size()) continue;
    const char* k = it.key_c_str();
    if (k[0] == key[0] && std::memcmp(k, key.data(), key.size()) == 0) {
      *out = it.value();
      return true;
    }
  }
  return false;
}

inline bool Has(Node body, std::string_view key) {
  Node v;
  return Field(body, key, &v);
}

inline std::string_view Str(Node body, std::string_view key) {
  Node v;
  std::string_view s;
  if (!Field(body, key, &v) || v.get_string().get(s) != simdjson::SUCCESS) return {};
  return s;
}

inline int64_t Int(Node body, std::string_view key, int64_t fallback = 0) {
  Node v;
  int64_t i;
  if (!Field(body, key, &v) || v.get_int64().get(i) != simdjson::SUCCESS) return fallback;
  return i;
}

inline bool Bool(Node body, std::string_view key) {
  Node v;
  bool b;
  if (!Field(body, key, &v) || v.get_bool().get(b) != simdjson::SUCCESS) return false;
  return b;
}

// A constant, a parameter, DEFAULT, or a cast of one of them: an expression
// that reads no column (the walker only marks its column as transformed).
inline bool IsLiteral(Node n) {
  Tagged t = Untag(n);
  if (t.tag == "TypeCast") {
    Node arg;
    if (!Field(t.body, "arg", &arg)) return false;
    t = Untag(arg);
  }
  return t.tag == "A_Const" || t.tag == "ParamRef" || t.tag == "SetToDefault";
}

// Parses `text` with libpg_query (a NUL byte reads as a space) into `*root`,
// with `parser`; `*json` holds the tree's text and must outlive `*root`.
// False when the text does not parse.
bool ParseTree(std::string_view text, simdjson::dom::parser* parser, std::string* json, Node* root);

// An empty array (a default-constructed dom::array cannot be iterated).
// Parsed once, immutable afterwards.
NodeList EmptyList();

// A list field; empty array when absent.
inline NodeList List(Node body, std::string_view key) {
  Node v;
  NodeList a;
  if (Field(body, key, &v) && v.get_array().get(a) == simdjson::SUCCESS) return a;
  return EmptyList();
}

inline size_t ListSize(NodeList a) {
  size_t n = 0;
  for (auto it = a.begin(); it != a.end(); ++it) ++n;
  return n;
}

// The shape of a value, for the generic walks that visit every field
// (expressions, set_config calls, PL/pgSQL trees) without knowing the node.
inline bool IsList(Node n) { return n.type() == simdjson::dom::element_type::ARRAY; }
inline bool IsObject(Node n) { return n.type() == simdjson::dom::element_type::OBJECT; }

// A list value as a list; empty when `n` is not a list.
inline NodeList AsList(Node n) {
  NodeList a;
  if (n.get_array().get(a) == simdjson::SUCCESS) return a;
  return EmptyList();
}

// A string value; "" when `n` is not a string.
inline std::string_view AsString(Node n) {
  std::string_view s;
  if (n.get_string().get(s) != simdjson::SUCCESS) return {};
  return s;
}

// Calls f(key, value) for each field of an object node, in the tree's order;
// nothing when `n` is not an object. A tagged node is an object of one field
// (its tag).
template <typename F>
void ForEachField(Node n, F&& f) {
  simdjson::dom::object obj;
  if (n.get_object().get(obj) != simdjson::SUCCESS) return;
  for (auto field : obj) f(std::string_view(field.key), Node(field.value));
}

// Whether `n` is a tagged node `{"Tag": {...}}` (an object of exactly one
// field whose key starts with a capital and whose value is an object).
inline bool IsTagged(Node n) {
  simdjson::dom::object obj;
  if (n.get_object().get(obj) != simdjson::SUCCESS || obj.size() != 1) return false;
  for (auto field : obj)
    return !field.key.empty() && field.key[0] >= 'A' && field.key[0] <= 'Z' &&
           field.value.type() == simdjson::dom::element_type::OBJECT;
  return false;
}

// The string of a `{"String": {"sval": "x"}}` node ("" otherwise).
inline std::string_view StringValue(Node n) {
  Tagged t = Untag(n);
  if (t.tag != "String") return {};
  return Str(t.body, "sval");
}

}  // namespace govern::sql
