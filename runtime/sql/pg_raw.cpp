#include "sql/pg_raw.h"

#include <pg_query.h>

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

// libpg_query's internal entry points (pg_query_internal.h needs PostgreSQL's
// server headers, which Debian's libpg-query-dev does not ship).
extern "C" {
struct PgQueryInternalParsetreeAndError {
  void* tree;
  char* stderr_buffer;
  PgQueryError* error;
};
PgQueryInternalParsetreeAndError pg_query_raw_parse(const char* input);
void* pg_query_enter_memory_context();
void pg_query_exit_memory_context(void* ctx);
void pg_query_free_error(PgQueryError* error);
}

namespace govern::sql::raw {
namespace {

template <typename T>
T Read(const void* base, size_t offset) {
  T v;
  std::memcpy(&v, static_cast<const char*>(base) + offset, sizeof v);
  return v;
}

int Tag(const void* node) { return Read<int32_t>(node, 0); }  // NodeTag is the first member of every node

int64_t ReadSigned(const void* base, const FieldDef& f) {
  switch (f.size) {
    case 1: return Read<int8_t>(base, f.offset);
    case 2: return Read<int16_t>(base, f.offset);
    case 4: return Read<int32_t>(base, f.offset);
    default: return Read<int64_t>(base, f.offset);
  }
}

uint64_t ReadUnsigned(const void* base, const FieldDef& f) {
  switch (f.size) {
    case 1: return Read<uint8_t>(base, f.offset);
    case 2: return Read<uint16_t>(base, f.offset);
    case 4: return Read<uint32_t>(base, f.offset);
    default: return Read<uint64_t>(base, f.offset);
  }
}

// The tag -> type map, built once from the generated table.
const std::vector<int16_t>& TypesByTag() {
  static const std::vector<int16_t> map = [] {
    int max = 0;
    for (size_t i = 0; i < kTypeCount; ++i) max = std::max(max, kTypes[i].tag);
    std::vector<int16_t> m(static_cast<size_t>(max) + 1, -1);
    for (size_t i = 0; i < kTypeCount; ++i)
      if (kTypes[i].tag >= 0) m[static_cast<size_t>(kTypes[i].tag)] = static_cast<int16_t>(i);
    return m;
  }();
  return map;
}

// ---------------------------------------------------------------- JSON writer
// A transcription of libpg_query's pg_query_outfuncs_json.c (15-4.0.0).

class Writer {
 public:
  std::string out;

  void Node(const void* obj) {
    if (obj == nullptr) {
      out += "null";
      return;
    }
    out += '{';
    const TypeDef* type = TypeOf(obj);
    if (type == nullptr) {  // libpg_query: a warning and an empty object
      out += '}';
      return;
    }
    out += '"';
    out.append(type->name, type->name_len);
    out += "\":{";
    Body(*type, obj);
    RemoveTrailingDelimiter();
    out += "}}";
  }

  void Stmts(const void* list) {
    char version[64];
    std::snprintf(version, sizeof version, "{\"version\":%d,", kPgVersionNum);
    if (list == nullptr) {
      out += version;
      out += "\"stmts\":[]}";
      return;
    }
    out += version;
    out += "\"stmts\":[";
    const TypeDef* raw_stmt = TypeOf(ListItem(list, 0));
    for (int i = 0, n = ListLength(list); i < n; ++i) {
      out += '{';
      if (raw_stmt != nullptr) Body(*raw_stmt, ListItem(list, i));
      RemoveTrailingDelimiter();
      out += '}';
      if (i + 1 < n) out += ',';
    }
    out += "]}";
  }

 private:
  void RemoveTrailingDelimiter() {
    if (!out.empty() && out.back() == ',') out.pop_back();
  }

  void Token(const char* s) {
    if (s == nullptr) {
      out += "null";
      return;
    }
    out += '"';
    for (const char* p = s; *p; ++p) {
      switch (*p) {
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        default:
          if (static_cast<unsigned char>(*p) < ' ' || *p == '<' || *p == '>') {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<int>(*p));
            out += buf;
          } else {
            out += *p;
          }
      }
    }
    out += '"';
  }

  void Key(const FieldDef& f) {
    out += '"';
    out.append(f.name, f.name_len);
    out += "\":";
  }

  void Number(const char* format, auto value) {
    char buf[64];
    std::snprintf(buf, sizeof buf, format, value);
    out += buf;
  }

  void Items(const void* list) {
    out += '[';
    for (int i = 0, n = ListLength(list); i < n; ++i) {
      const void* item = ListItem(list, i);
      if (item == nullptr) {
        out += "{}";
      } else {
        Node(item);
      }
      if (i + 1 < n) out += ',';
    }
    out += ']';
  }

  void Body(const TypeDef& type, const void* obj) {
    switch (type.special) {
      case Special::kNone: break;
      case Special::kInteger: {
        int32_t ival = Read<int32_t>(obj, kIntegerIval.offset);
        if (ival > 0) Number("\"ival\":%d", ival);
        return;
      }
      case Special::kBoolean:
        out += Read<bool>(obj, kBooleanBoolval.offset) ? "\"boolval\":true" : "\"boolval\":false";
        return;
      case Special::kFloat:
        out += "\"fval\":";
        Token(Read<const char*>(obj, kFloatFval.offset));
        return;
      case Special::kString:
        out += "\"sval\":";
        Token(Read<const char*>(obj, kStringSval.offset));
        return;
      case Special::kBitString:
        out += "\"bsval\":";
        Token(Read<const char*>(obj, kBitStringBsval.offset));
        return;
      case Special::kList:
        out += "\"items\":";
        Items(obj);
        out += ',';
        return;
      case Special::kIntList:
      case Special::kOidList: {
        out += "\"items\":[";
        const char* cells = Read<const char*>(obj, kListElements.offset);
        for (int i = 0, n = ListLength(obj); i < n; ++i) {
          if (type.special == Special::kIntList) {
            Number("%d", Read<int32_t>(cells, static_cast<size_t>(i) * 8));
          } else {
            Number("%u", Read<uint32_t>(cells, static_cast<size_t>(i) * 8));
          }
          if (i + 1 < n) out += ',';
        }
        out += "],";
        return;
      }
      case Special::kAConst:
        AConst(obj);
        return;
    }
    for (const FieldDef* f = FieldsBegin(type); f != FieldsEnd(type); ++f) Field(*f, obj);
  }

  void AConst(const void* obj) {
    if (Read<bool>(obj, kAConstIsnull.offset)) {
      out += "\"isnull\":true";
    } else {
      const void* val = static_cast<const char*>(obj) + kAConstVal.offset;
      const TypeDef* vt = TypeOf(val);
      switch (vt != nullptr ? vt->special : Special::kNone) {
        case Special::kInteger:
          out += "\"ival\":{";
          Body(*vt, val);
          out += '}';
          break;
        case Special::kFloat:
          out += "\"fval\":{";
          Body(*vt, val);
          out += '}';
          break;
        case Special::kBoolean:
          out += Read<bool>(val, kBooleanBoolval.offset) ? "\"boolval\":{\"boolval\":true}" : "\"boolval\":{}";
          break;
        case Special::kString:
          out += "\"sval\":{";
          Body(*vt, val);
          out += '}';
          break;
        case Special::kBitString:
          out += "\"bsval\":{";
          Body(*vt, val);
          out += '}';
          break;
        default:  // unreachable in libpg_query (an Assert)
          break;
      }
    }
    Number(",\"location\":%d", Read<int32_t>(obj, kAConstLocation.offset));
  }

  void Field(const FieldDef& f, const void* obj) {
    const char* at = static_cast<const char*>(obj) + f.offset;
    switch (f.kind) {
      case FieldKind::kInt:
      case FieldKind::kLong: {
        int64_t v = ReadSigned(obj, f);
        if (v == 0) return;
        Key(f);
        Number("%" PRId64 ",", v);
        return;
      }
      case FieldKind::kUInt: {
        uint64_t v = ReadUnsigned(obj, f);
        if (v == 0) return;
        Key(f);
        Number("%" PRIu64 ",", v);
        return;
      }
      case FieldKind::kChar: {
        char c = Read<char>(obj, f.offset);
        if (c == 0) return;
        Key(f);
        out += '"';
        out += c;
        out += "\",";
        return;
      }
      case FieldKind::kEnum: {
        const char* name = EnumValueName(kEnums[f.aux], static_cast<int>(ReadSigned(obj, f)));
        Key(f);
        out += '"';
        out += name != nullptr ? name : "(null)";  // glibc's printf of a null %s
        out += "\",";
        return;
      }
      case FieldKind::kFloat:
        Key(f);
        Number("%f,", Read<double>(obj, f.offset));
        return;
      case FieldKind::kBool:
        if (!Read<bool>(obj, f.offset)) return;
        Key(f);
        out += "true,";
        return;
      case FieldKind::kString: {
        const char* s = Read<const char*>(obj, f.offset);
        if (s == nullptr) return;
        Key(f);
        Token(s);
        out += ',';
        return;
      }
      case FieldKind::kList: {
        const void* list = Read<const void*>(obj, f.offset);
        if (list == nullptr) return;
        Key(f);
        Items(list);
        out += ',';
        return;
      }
      case FieldKind::kNodePtr: {
        const void* p = Read<const void*>(obj, f.offset);
        if (p == nullptr) return;
        Key(f);
        Node(p);
        out += ',';
        return;
      }
      case FieldKind::kNode:
        Key(f);
        Node(at);
        out += ',';
        return;
      case FieldKind::kSpecificNode:
      case FieldKind::kSpecificNodePtr: {
        const void* p = f.kind == FieldKind::kSpecificNode ? at : Read<const void*>(obj, f.offset);
        if (p == nullptr) return;
        Key(f);
        out += '{';
        Body(kTypes[f.aux], p);
        RemoveTrailingDelimiter();
        out += "},";
        return;
      }
      case FieldKind::kBitmapset: {
        const void* set = Read<const void*>(obj, f.offset);
        if (set == nullptr) return;
        // PostgreSQL 15: struct Bitmapset { int nwords; bitmapword words[]; }, 64-bit words.
        int nwords = Read<int32_t>(set, 0);
        std::string members;
        for (int w = 0; w < nwords; ++w) {
          uint64_t word = Read<uint64_t>(set, 8 + static_cast<size_t>(w) * 8);
          for (int b = 0; b < 64; ++b)
            if (word & (uint64_t{1} << b)) members += std::to_string(w * 64 + b) + ",";
        }
        if (members.empty()) return;  // bms_is_empty
        Key(f);
        out += '[';
        out += members;
        RemoveTrailingDelimiter();
        out += "],";
        return;
      }
    }
  }
};

}  // namespace

RawTree::RawTree(std::string_view text) {
  std::string buf(text);
  if (std::memchr(buf.data(), '\0', buf.size()) != nullptr)  // rare: a byte loop only then
    for (char& ch : buf)
      if (ch == '\0') ch = ' ';
  context_ = pg_query_enter_memory_context();
  PgQueryInternalParsetreeAndError parsed = pg_query_raw_parse(buf.c_str());
  std::free(parsed.stderr_buffer);
  if (parsed.error != nullptr) {
    error_ = parsed.error->message != nullptr ? parsed.error->message : "syntax error";
    cursor_ = parsed.error->cursorpos;
    pg_query_free_error(parsed.error);
    return;
  }
  stmts_ = parsed.tree;
  ok_ = true;
}

RawTree::~RawTree() {
  if (context_ != nullptr) pg_query_exit_memory_context(context_);
}

const TypeDef* TypeOf(const void* node) {
  if (node == nullptr) return nullptr;
  const std::vector<int16_t>& map = TypesByTag();
  int tag = Tag(node);
  if (tag < 0 || static_cast<size_t>(tag) >= map.size() || map[static_cast<size_t>(tag)] < 0) return nullptr;
  return &kTypes[map[static_cast<size_t>(tag)]];
}

int ListLength(const void* list) { return list == nullptr ? 0 : Read<int32_t>(list, kListLength.offset); }

const void* ListItem(const void* list, int i) {
  const char* cells = Read<const char*>(list, kListElements.offset);
  return Read<const void*>(cells, static_cast<size_t>(i) * 8);
}

const char* EnumValueName(const EnumDef& e, int value) {
  for (uint16_t i = 0; i < e.count; ++i)
    if (kEnumNames[e.first + i].value == value) return kEnumNames[e.first + i].name;
  return nullptr;
}

std::string ToJson(const RawTree& tree) {
  Writer w;
  w.Stmts(tree.stmts());
  return std::move(w.out);
}

}  // namespace govern::sql::raw
