// Internal to runtime/sql: typed access to PostgreSQL parse trees, in either
// of two representations that read the same:
//  - libpg_query's JSON (`{"Tag": {fields...}}`) as a simdjson DOM: kept
//    parses (a ParseCache; PL/pgSQL bodies are read from the compiled
//    function in place instead, sql/plpgsql_outline.h);
//  - PostgreSQL's own nodes from pg_query_raw_parse (sql/pg_raw.h), read in
//    place through the generated tables of how libpg_query would have
//    written them: same tags, same field names, same omitted defaults
//    (0, false, NULL, empty lists), so a walk sees the same tree either way
//    (proven by the facts goldens, which run the top-level parse raw).
// These helpers are the only place that knows either representation. Nothing
// here may be included outside runtime/sql/.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>

#include "sql/pg_raw_tables.h"

namespace govern::sql {

class NodeList;

// A value of a parse tree: an object (a tagged node, a node's body, an
// untagged struct), a list, a string, a number or a boolean.
class Node {
 public:
  Node() : json_(), kind_(Kind::kNone) {}
  Node(simdjson::dom::element e) : json_(e), kind_(Kind::kJson) {}  // NOLINT: a DOM value is a node

  // The root of a raw parse: {"version": ..., "stmts": [...]} of raw::RawTree::stmts().
  static Node RawRoot(const void* stmts) { return Raw(Kind::kRawRoot, stmts); }

  // Raw values (pg_node.cpp makes them; nothing else should).
  enum class Kind : uint8_t {
    kNone,       // absent / default-constructed
    kJson,       // json_
    kRawNode,    // ptr: a tagged node (the JSON's {"Tag": {...}})
    kRawStruct,  // ptr of type: a node's body or an untagged struct
    kRawEmpty,   // {}: a NULL list item
    kRawList,    // ptr: a List of nodes
    kRawIntList, // ptr: a List of integers (IntList, OidList items)
    kRawString,  // ptr, len
    kRawInt,     // value
    kRawBool,    // value
    kRawDouble,  // ptr: the double
    kRawRoot,    // ptr: a parse's List of RawStmt (null: none); {"version": ..., "stmts": [...]}
    kRawStructList,  // ptr: a List of nodes written untagged, each a `type` (the root's "stmts")
  };
  static Node Raw(Kind kind, const void* ptr, const raw::TypeDef* type = nullptr, uint8_t flags = 0) {
    Node n;
    n.kind_ = kind;
    n.flags_ = flags;
    n.raw_.ptr = ptr;
    n.raw_.type = type;
    return n;
  }
  static Node RawScalar(Kind kind, int64_t value) {
    Node n;
    n.kind_ = kind;
    n.raw_.ptr = nullptr;
    n.raw_.value = value;
    return n;
  }
  static Node RawString(const char* s, size_t len) {
    Node n;
    n.kind_ = Kind::kRawString;
    n.raw_.ptr = s;
    n.raw_.len = len;
    return n;
  }

  Kind kind() const { return kind_; }
  bool is_json() const { return kind_ == Kind::kJson; }
  simdjson::dom::element json() const { return json_; }
  const void* ptr() const { return raw_.ptr; }
  const raw::TypeDef* type() const { return raw_.type; }
  int64_t value() const { return raw_.value; }
  size_t len() const { return raw_.len; }
  uint8_t flags() const { return flags_; }
  static constexpr uint8_t kInAConst = 1;  // a value node inside A_Const: `false` and 0 are omitted

 private:
  union {
    simdjson::dom::element json_;
    struct {
      const void* ptr;
      union {
        const raw::TypeDef* type;
        int64_t value;
        size_t len;
      };
    } raw_;
  };
  Kind kind_;
  uint8_t flags_ = 0;
};

// A list of nodes (the JSON's arrays).
class NodeList {
 public:
  NodeList() : raw_(nullptr), json_mode_(false) {}  // empty
  NodeList(simdjson::dom::array a) : json_(a), json_mode_(true) {}  // NOLINT
  static NodeList Raw(const void* list, bool ints = false, const raw::TypeDef* item_type = nullptr) {
    NodeList l;
    l.raw_ = list;
    l.ints_ = ints;
    l.item_type_ = item_type;
    return l;
  }

  class iterator {
   public:
    Node operator*() const;
    iterator& operator++() {
      if (json_mode_) {
        ++json_;
      } else {
        ++index_;
      }
      return *this;
    }
    bool operator!=(const iterator& o) const { return json_mode_ ? json_ != o.json_ : index_ != o.index_; }

   private:
    friend class NodeList;
    simdjson::dom::array::iterator json_{};
    const void* list_ = nullptr;
    int index_ = 0;
    bool json_mode_ = false;
    bool ints_ = false;
    const raw::TypeDef* item_type_ = nullptr;
  };
  iterator begin() const;
  iterator end() const;
  size_t size() const;
  Node at(size_t i) const;  // an absent node past the end

 private:
  union {
    simdjson::dom::array json_;
    const void* raw_;
  };
  bool json_mode_ = false;
  bool ints_ = false;
  const raw::TypeDef* item_type_ = nullptr;  // items written untagged, of this type
};

// A tagged node `{"SelectStmt": {...}}` split into its tag and body.
struct Tagged {
  std::string_view tag;
  Node body;
  explicit operator bool() const { return !tag.empty(); }
};

// A field's name as the JSON spells it. From a string literal (the walkers'
// usual `Field(body, "fromClause", &v)`) it is marked literal: its address
// identifies its text for the life of the process, so a raw tree's lookup is
// remembered by address. The array constructor is consteval: only a constant
// (a string literal, a constexpr array of static storage) compiles, never a
// local buffer whose text could change at the same address; other names
// are passed as std::string_view.
struct FieldKey {
  std::string_view name;
  bool literal = false;
  template <size_t N>
  consteval FieldKey(const char (&s)[N]) : name(s, N - 1), literal(true) {}  // NOLINT: implicit on purpose
  constexpr FieldKey(std::string_view s) : name(s) {}                         // NOLINT: implicit on purpose
};

namespace detail {
Tagged UntagRaw(Node n);
bool FieldRaw(Node body, FieldKey key, Node* out);
std::string_view AsStringRaw(Node n);

inline Tagged UntagJson(Node n) {
  simdjson::dom::object obj;
  if (n.json().get_object().get(obj) != simdjson::SUCCESS) return {{}, n};
  for (auto field : obj) {
    if (field.key.empty() || field.key[0] < 'A' || field.key[0] > 'Z') return {{}, n};
    if (field.value.type() != simdjson::dom::element_type::OBJECT) return {{}, n};
    return {field.key, Node(field.value)};
  }
  return {{}, n};
}

// simdjson's at_key compares every key of the same length with memcmp (a
// call per candidate); the walker looks up many absent keys in objects with
// many keys of a common length, so the first byte is compared first.
inline bool FieldJson(Node body, std::string_view key, Node* out) {
  simdjson::dom::object obj;
  if (body.json().get_object().get(obj) != simdjson::SUCCESS) return false;
  for (auto it = obj.begin(), end = obj.end(); it != end; ++it) {
    if (it.key_length() != key.size()) continue;
    const char* k = it.key_c_str();
    if (k[0] == key[0] && std::memcmp(k, key.data(), key.size()) == 0) {
      *out = Node(it.value());
      return true;
    }
  }
  return false;
}
}  // namespace detail

// Untagged nodes (bare structs such as withClause or a WindowDef in "over")
// come back with an empty tag and themselves as the body.
inline Tagged Untag(Node n) { return n.is_json() ? detail::UntagJson(n) : detail::UntagRaw(n); }

// The body of a tagged node, or the node itself when it is untagged (some
// fields such as withClause or alias hold a bare struct).
inline Node Body(Node n) {
  Tagged t = Untag(n);
  return t ? t.body : n;
}

// A field of an object node (false when absent, which includes the defaults
// libpg_query omits).
inline bool Field(Node body, FieldKey key, Node* out) {
  if (key.name.empty()) return false;
  return body.is_json() ? detail::FieldJson(body, key.name, out) : detail::FieldRaw(body, key, out);
}

inline bool Has(Node body, FieldKey key) {
  Node v;
  return Field(body, key, &v);
}

// A string value; "" when `n` is not a string.
inline std::string_view AsString(Node n) {
  if (n.is_json()) {
    std::string_view s;
    if (n.json().get_string().get(s) != simdjson::SUCCESS) return {};
    return s;
  }
  return n.kind() == Node::Kind::kRawString ? std::string_view(static_cast<const char*>(n.ptr()), n.len())
                                            : std::string_view();
}

inline std::string_view Str(Node body, FieldKey key) {
  Node v;
  if (!Field(body, key, &v)) return {};
  return AsString(v);
}

inline int64_t Int(Node body, FieldKey key, int64_t fallback = 0) {
  Node v;
  if (!Field(body, key, &v)) return fallback;
  if (v.is_json()) {
    int64_t i;
    if (v.json().get_int64().get(i) != simdjson::SUCCESS) return fallback;
    return i;
  }
  return v.kind() == Node::Kind::kRawInt ? v.value() : fallback;
}

inline bool Bool(Node body, FieldKey key) {
  Node v;
  if (!Field(body, key, &v)) return false;
  if (v.is_json()) {
    bool b;
    if (v.json().get_bool().get(b) != simdjson::SUCCESS) return false;
    return b;
  }
  return v.kind() == Node::Kind::kRawBool && v.value() != 0;
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

inline NodeList EmptyList() { return {}; }

// The shape of a value, for the generic walks that visit every field
// (expressions, set_config calls, PL/pgSQL trees) without knowing the node.
inline bool IsList(Node n) {
  if (n.is_json()) return n.json().type() == simdjson::dom::element_type::ARRAY;
  return n.kind() == Node::Kind::kRawList || n.kind() == Node::Kind::kRawIntList ||
         n.kind() == Node::Kind::kRawStructList;
}
inline bool IsObject(Node n) {
  if (n.is_json()) return n.json().type() == simdjson::dom::element_type::OBJECT;
  return n.kind() == Node::Kind::kRawNode || n.kind() == Node::Kind::kRawStruct || n.kind() == Node::Kind::kRawEmpty ||
         n.kind() == Node::Kind::kRawRoot;
}

// A list value as a list; empty when `n` is not a list.
inline NodeList AsList(Node n) {
  if (n.is_json()) {
    simdjson::dom::array a;
    if (n.json().get_array().get(a) == simdjson::SUCCESS) return a;
    return EmptyList();
  }
  if (n.kind() == Node::Kind::kRawList) return NodeList::Raw(n.ptr());
  if (n.kind() == Node::Kind::kRawIntList) return NodeList::Raw(n.ptr(), true);
  if (n.kind() == Node::Kind::kRawStructList) return NodeList::Raw(n.ptr(), false, n.type());
  return EmptyList();
}

// A list field; empty when absent.
inline NodeList List(Node body, FieldKey key) {
  Node v;
  if (Field(body, key, &v)) return AsList(v);
  return EmptyList();
}

inline size_t ListSize(NodeList a) { return a.size(); }

namespace detail {
// The fields of a raw object, in the JSON's order, defaults omitted.
// children_only: fields whose kind can only hold scalars are skipped without
// being decoded (the caller filters them out anyway).
void ForEachFieldRaw(Node n, void (*f)(void*, std::string_view, Node), void* context, bool children_only = false);
}  // namespace detail

// Calls f(key, value) for each field of an object node, in the tree's order;
// nothing when `n` is not an object. A tagged node is an object of one field
// (its tag).
template <typename F>
void ForEachField(Node n, F&& f) {
  if (n.is_json()) {
    simdjson::dom::object obj;
    if (n.json().get_object().get(obj) != simdjson::SUCCESS) return;
    for (auto field : obj) f(std::string_view(field.key), Node(field.value));
    return;
  }
  detail::ForEachFieldRaw(
      n, [](void* c, std::string_view key, Node value) { (*static_cast<std::remove_reference_t<F>*>(c))(key, value); },
      &f);
}

// Calls f(key, value) for each field of an object node whose value is an
// object or a list, in the tree's order: ForEachField filtered by
// IsObject || IsList. On a raw struct, scalar fields are not even decoded
// (no enum names looked up, no string lengths taken).
template <typename F>
void ForEachChild(Node n, F&& f) {
  auto child = [&f](std::string_view key, Node value) {
    if (IsObject(value) || IsList(value)) f(key, value);
  };
  if (n.is_json()) {
    ForEachField(n, child);
    return;
  }
  detail::ForEachFieldRaw(
      n, [](void* c, std::string_view key, Node value) { (*static_cast<decltype(child)*>(c))(key, value); }, &child,
      true);
}

// Whether `n` is a tagged node `{"Tag": {...}}` (an object of exactly one
// field whose key starts with a capital and whose value is an object).
inline bool IsTagged(Node n) {
  if (n.is_json()) {
    simdjson::dom::object obj;
    if (n.json().get_object().get(obj) != simdjson::SUCCESS || obj.size() != 1) return false;
    for (auto field : obj)
      return !field.key.empty() && field.key[0] >= 'A' && field.key[0] <= 'Z' &&
             field.value.type() == simdjson::dom::element_type::OBJECT;
    return false;
  }
  return static_cast<bool>(detail::UntagRaw(n));
}

// The string of a `{"String": {"sval": "x"}}` node ("" otherwise).
inline std::string_view StringValue(Node n) {
  Tagged t = Untag(n);
  if (t.tag != "String") return {};
  return Str(t.body, "sval");
}

}  // namespace govern::sql
