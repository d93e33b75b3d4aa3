#include "sql/pg_node.h"

#include <pg_query.h>

#include <cstdint>
#include <cstring>

#include "sql/pg_raw.h"

namespace govern::sql {

bool ParseTree(std::string_view text, simdjson::dom::parser* parser, std::string* json, Node* root) {
  std::string buf(text);
  for (char& ch : buf)
    if (ch == '\0') ch = ' ';
  PgQueryParseResult parsed = pg_query_parse(buf.c_str());
  if (parsed.error != nullptr) {
    pg_query_free_parse_result(parsed);
    return false;
  }
  json->assign(parsed.parse_tree);
  pg_query_free_parse_result(parsed);
  simdjson::dom::element e;
  if (parser->parse(*json).get(e) != simdjson::SUCCESS) return false;
  *root = Node(e);
  return true;
}

// ---------------------------------------------------------------- raw nodes
// What libpg_query's JSON writer would have written (sql/pg_raw.cpp's Writer
// is the same rules as serialization; pg_raw_test proves that one).

namespace detail {
namespace {

using raw::FieldDef;
using raw::FieldKind;
using raw::Special;
using raw::TypeDef;
using Kind = Node::Kind;

template <typename T>
T Read(const void* base, size_t offset) {
  T v;
  std::memcpy(&v, static_cast<const char*>(base) + offset, sizeof v);
  return v;
}

int64_t ReadSigned(const void* base, const FieldDef& f) {
  switch (f.size) {
    case 1: return Read<int8_t>(base, f.offset);
    case 2: return Read<int16_t>(base, f.offset);
    case 4: return Read<int32_t>(base, f.offset);
    default: return Read<int64_t>(base, f.offset);
  }
}

int64_t ReadUnsigned(const void* base, const FieldDef& f) {
  switch (f.size) {
    case 1: return Read<uint8_t>(base, f.offset);
    case 2: return Read<uint16_t>(base, f.offset);
    case 4: return Read<uint32_t>(base, f.offset);
    default: return static_cast<int64_t>(Read<uint64_t>(base, f.offset));
  }
}

Node String(const char* s) { return Node::RawString(s, std::strlen(s)); }

// The value of field `f` of the struct at `obj`; false when the JSON omits it.
bool Value(const void* obj, const FieldDef& f, Node* out) {
  const char* at = static_cast<const char*>(obj) + f.offset;
  switch (f.kind) {
    case FieldKind::kInt:
    case FieldKind::kLong: {
      int64_t v = ReadSigned(obj, f);
      if (v == 0) return false;
      *out = Node::RawScalar(Kind::kRawInt, v);
      return true;
    }
    case FieldKind::kUInt: {
      int64_t v = ReadUnsigned(obj, f);
      if (v == 0) return false;
      *out = Node::RawScalar(Kind::kRawInt, v);
      return true;
    }
    case FieldKind::kChar:
      if (*at == 0) return false;
      *out = Node::RawString(at, 1);
      return true;
    case FieldKind::kEnum: {
      const char* name = raw::EnumValueName(raw::kEnums[f.aux], static_cast<int>(ReadSigned(obj, f)));
      *out = String(name != nullptr ? name : "(null)");
      return true;
    }
    case FieldKind::kFloat:
      *out = Node::Raw(Kind::kRawDouble, at);
      return true;
    case FieldKind::kBool:
      if (!Read<bool>(obj, f.offset)) return false;
      *out = Node::RawScalar(Kind::kRawBool, 1);
      return true;
    case FieldKind::kString: {
      const char* s = Read<const char*>(obj, f.offset);
      if (s == nullptr) return false;
      *out = String(s);
      return true;
    }
    case FieldKind::kList: {
      const void* l = Read<const void*>(obj, f.offset);
      if (l == nullptr) return false;
      *out = Node::Raw(Kind::kRawList, l);
      return true;
    }
    case FieldKind::kNodePtr: {
      const void* p = Read<const void*>(obj, f.offset);
      if (p == nullptr) return false;
      *out = Node::Raw(Kind::kRawNode, p);
      return true;
    }
    case FieldKind::kNode:
      *out = Node::Raw(Kind::kRawNode, at);
      return true;
    case FieldKind::kSpecificNode:
      *out = Node::Raw(Kind::kRawStruct, at, &raw::kTypes[f.aux]);
      return true;
    case FieldKind::kSpecificNodePtr: {
      const void* p = Read<const void*>(obj, f.offset);
      if (p == nullptr) return false;
      *out = Node::Raw(Kind::kRawStruct, p, &raw::kTypes[f.aux]);
      return true;
    }
    case FieldKind::kBitmapset:
      // Only analyzed and planned trees have them (RangeTblEntry, TableFunc);
      // the grammar's raw output never does.
      return false;
  }
  return false;
}

bool Is(std::string_view key, const char* name, size_t len) {
  return key.size() == len && key[0] == name[0] && std::memcmp(key.data(), name, len) == 0;
}

const FieldDef* FindField(const TypeDef& type, std::string_view key) {
  for (const FieldDef* f = raw::FieldsBegin(type), *end = raw::FieldsEnd(type); f != end; ++f)
    if (Is(key, f->name, f->name_len)) return f;
  return nullptr;
}

// Lookups by a literal key, remembered per thread by (key address, type):
// a walker asks the same few hundred (literal, type) pairs over and over, so
// a hit costs two compares instead of a scan of the type's field names. A
// literal's address names its text for the life of the process (FieldKey).
struct LiteralSlot {
  const char* key = nullptr;
  const TypeDef* type = nullptr;
  const FieldDef* field = nullptr;  // null: the type has no such field
};
constexpr size_t kLiteralSlots = 1024;
thread_local LiteralSlot literal_slots[kLiteralSlots];

const FieldDef* FindLiteralField(const TypeDef& type, std::string_view key) {
  auto h = (reinterpret_cast<uintptr_t>(key.data()) >> 3) ^ (reinterpret_cast<uintptr_t>(&type) >> 4) * 31;
  LiteralSlot& slot = literal_slots[h & (kLiteralSlots - 1)];
  if (slot.key == key.data() && slot.type == &type) return slot.field;
  slot = {key.data(), &type, FindField(type, key)};
  return slot.field;
}

// The fields of the hand-written writers (libpg_query's _outInteger, _outAConst, ...).
template <typename F>
void SpecialFields(const TypeDef& type, const void* obj, uint8_t flags, F&& f) {
  switch (type.special) {
    case Special::kNone: return;
    case Special::kInteger: {
      int32_t v = Read<int32_t>(obj, raw::kIntegerIval.offset);
      if (v > 0) f("ival", Node::RawScalar(Kind::kRawInt, v));
      return;
    }
    case Special::kBoolean: {
      bool v = Read<bool>(obj, raw::kBooleanBoolval.offset);
      if (v || (flags & Node::kInAConst) == 0) f("boolval", Node::RawScalar(Kind::kRawBool, v ? 1 : 0));
      return;
    }
    case Special::kFloat:
      f("fval", String(Read<const char*>(obj, raw::kFloatFval.offset)));
      return;
    case Special::kString:
      f("sval", String(Read<const char*>(obj, raw::kStringSval.offset)));
      return;
    case Special::kBitString:
      f("bsval", String(Read<const char*>(obj, raw::kBitStringBsval.offset)));
      return;
    case Special::kList:
      f("items", Node::Raw(Kind::kRawList, obj));
      return;
    case Special::kIntList:
    case Special::kOidList:
      f("items", Node::Raw(Kind::kRawIntList, obj));
      return;
    case Special::kAConst: {
      if (Read<bool>(obj, raw::kAConstIsnull.offset)) {
        f("isnull", Node::RawScalar(Kind::kRawBool, 1));
      } else {
        const void* val = static_cast<const char*>(obj) + raw::kAConstVal.offset;
        const TypeDef* vt = raw::TypeOf(val);
        const char* key = nullptr;
        switch (vt != nullptr ? vt->special : Special::kNone) {
          case Special::kInteger: key = "ival"; break;
          case Special::kFloat: key = "fval"; break;
          case Special::kBoolean: key = "boolval"; break;
          case Special::kString: key = "sval"; break;
          case Special::kBitString: key = "bsval"; break;
          default: break;
        }
        if (key != nullptr) f(key, Node::Raw(Kind::kRawStruct, val, vt, Node::kInAConst));
      }
      f("location", Node::RawScalar(Kind::kRawInt, Read<int32_t>(obj, raw::kAConstLocation.offset)));
      return;
    }
  }
}

}  // namespace

Tagged UntagRaw(Node n) {
  if (n.kind() != Kind::kRawNode) return {{}, n};
  const TypeDef* type = raw::TypeOf(n.ptr());
  if (type == nullptr) return {{}, Node::Raw(Kind::kRawEmpty, nullptr)};  // written as {}
  return {std::string_view(type->name, type->name_len), Node::Raw(Kind::kRawStruct, n.ptr(), type)};
}

// The parse's root as pg_query_parse writes it: {"version": N, "stmts": [{RawStmt}...]}.
template <typename F>
void RootFields(Node root, F&& f) {
  f("version", Node::RawScalar(Kind::kRawInt, raw::kPgVersionNum));
  const void* stmts = root.ptr();
  const TypeDef* raw_stmt = raw::ListLength(stmts) > 0 ? raw::TypeOf(raw::ListItem(stmts, 0)) : nullptr;
  f("stmts", Node::Raw(Kind::kRawStructList, stmts, raw_stmt));
}

namespace {
// Roots, tagged nodes and the hand-written value nodes: kept out of
// FieldRaw so its common path (a struct's field) stays small.
[[gnu::noinline]] bool FieldRawOther(Node body, std::string_view key, Node* out) {
  if (body.kind() == Kind::kRawRoot) {
    bool found = false;
    RootFields(body, [&](std::string_view k, Node v) {
      if (!found && k == key) {
        *out = v;
        found = true;
      }
    });
    return found;
  }
  if (body.kind() == Kind::kRawNode) {
    Tagged t = UntagRaw(body);
    if (!t || t.tag != key) return false;
    *out = t.body;
    return true;
  }
  if (body.kind() != Kind::kRawStruct) return false;
  bool found = false;
  SpecialFields(*body.type(), body.ptr(), body.flags(), [&](std::string_view k, Node v) {
    if (!found && k == key) {
      *out = v;
      found = true;
    }
  });
  return found;
}
}  // namespace

bool FieldRaw(Node body, FieldKey key, Node* out) {
  if (body.kind() != Kind::kRawStruct || body.type()->special != Special::kNone)
    return FieldRawOther(body, key.name, out);
  const TypeDef& type = *body.type();
  const FieldDef* f = key.literal ? FindLiteralField(type, key.name) : FindField(type, key.name);
  return f != nullptr && Value(body.ptr(), *f, out);
}

namespace {
// Field kinds whose values are never objects or lists (Value gives a scalar).
bool ScalarKind(FieldKind k) {
  switch (k) {
    case FieldKind::kInt:
    case FieldKind::kUInt:
    case FieldKind::kLong:
    case FieldKind::kChar:
    case FieldKind::kEnum:
    case FieldKind::kFloat:
    case FieldKind::kBool:
    case FieldKind::kString:
    case FieldKind::kBitmapset:
      return true;
    case FieldKind::kList:
    case FieldKind::kNodePtr:
    case FieldKind::kNode:
    case FieldKind::kSpecificNode:
    case FieldKind::kSpecificNodePtr:
      return false;
  }
  return false;
}
}  // namespace

void ForEachFieldRaw(Node n, void (*f)(void*, std::string_view, Node), void* context, bool children_only) {
  if (n.kind() == Kind::kRawRoot) {
    RootFields(n, [&](std::string_view k, Node v) { f(context, k, v); });
    return;
  }
  if (n.kind() == Kind::kRawNode) {
    Tagged t = UntagRaw(n);
    if (t) f(context, t.tag, t.body);
    return;
  }
  if (n.kind() != Kind::kRawStruct) return;
  const TypeDef& type = *n.type();
  if (type.special != Special::kNone) {
    SpecialFields(type, n.ptr(), n.flags(), [&](std::string_view k, Node v) { f(context, k, v); });
    return;
  }
  for (const FieldDef* d = raw::FieldsBegin(type), *end = raw::FieldsEnd(type); d != end; ++d) {
    if (children_only && ScalarKind(d->kind)) continue;  // no decoding of what the caller skips
    Node v;
    if (Value(n.ptr(), *d, &v)) f(context, std::string_view(d->name, d->name_len), v);
  }
}

}  // namespace detail

// ---------------------------------------------------------------- lists

Node NodeList::iterator::operator*() const {
  if (json_mode_) return Node(*json_);
  const void* item = raw::ListItem(list_, index_);
  if (ints_) {  // IntList/OidList cells hold the value itself
    int32_t v;
    std::memcpy(&v, &item, sizeof v);
    return Node::RawScalar(Node::Kind::kRawInt, v);
  }
  if (item == nullptr) return Node::Raw(Node::Kind::kRawEmpty, nullptr);
  if (item_type_ != nullptr) return Node::Raw(Node::Kind::kRawStruct, item, item_type_);
  return Node::Raw(Node::Kind::kRawNode, item);
}

NodeList::iterator NodeList::begin() const {
  iterator it;
  it.json_mode_ = json_mode_;
  if (json_mode_) {
    it.json_ = json_.begin();
  } else {
    it.list_ = raw_;
    it.ints_ = ints_;
    it.item_type_ = item_type_;
  }
  return it;
}

NodeList::iterator NodeList::end() const {
  iterator it;
  it.json_mode_ = json_mode_;
  if (json_mode_) {
    it.json_ = json_.end();
  } else {
    it.list_ = raw_;
    it.index_ = raw::ListLength(raw_);
  }
  return it;
}

Node NodeList::at(size_t i) const {
  for (Node n : *this)
    if (i-- == 0) return n;
  return {};
}

size_t NodeList::size() const {
  if (!json_mode_) return static_cast<size_t>(raw::ListLength(raw_));
  size_t n = 0;
  for (auto it = json_.begin(); it != json_.end(); ++it) ++n;
  return n;
}

}  // namespace govern::sql
