#include "wire/codec.h"

#include "wire/reader.h"

#include <cstring>

namespace govern::proxy::wire {
namespace {

const MessageSpec kFrontendSpecs[] = {
#define GOVERN_FRONTEND(Name, tag, layout, description) {#Name, tag, 0, layout, description},
#include "wire/messages.def"
};
const MessageSpec kBackendSpecs[] = {
#define GOVERN_BACKEND(Name, tag, layout, description) {#Name, tag, 0, layout, description},
#include "wire/messages.def"
};
const MessageSpec kStartupSpecs[] = {
#define GOVERN_STARTUP(Name, code, layout, description) {#Name, 0, code, layout, description},
#include "wire/messages.def"
};

// The end of the group that opens at layout[open] ('[' or '<').
size_t GroupEnd(std::string_view layout, size_t open) {
  int depth = 0;
  for (size_t i = open; i < layout.size(); ++i) {
    if (layout[i] == '[' || layout[i] == '<') ++depth;
    if (layout[i] == ']' || layout[i] == '>') {
      if (--depth == 0) return i;
    }
  }
  return std::string_view::npos;
}

void AppendShown(std::string* out, std::string_view s) {
  out->push_back('"');
  size_t n = s.size() < 64 ? s.size() : 64;
  for (size_t i = 0; i < n; ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
      out->push_back(static_cast<char>(c));
    } else {
      static const char* hex = "0123456789abcdef";
      out->append("\\x");
      out->push_back(hex[c >> 4]);
      out->push_back(hex[c & 15]);
    }
  }
  out->push_back('"');
  if (s.size() > n) out->append("...");
}

// Walks `layout` over the reader; appends a description when `out` is set.
// Group nesting in messages.def is at most one level; `depth` guards anyway.
void Walk(std::string_view layout, Reader& r, std::string* out, int depth) {
  auto sep = [&] {
    if (out != nullptr && !out->empty() && out->back() != '(' && out->back() != '[' && out->back() != '<')
      out->append(", ");
  };
  for (size_t i = 0; i < layout.size() && r.ok(); ++i) {
    char c = layout[i];
    switch (c) {
      case 'b': {
        uint8_t v = r.Byte();
        if (out) sep(), out->append("b ") , out->append(std::to_string(v));
        break;
      }
      case 'h': {
        int16_t v = r.Int16();
        if (out) sep(), out->append("h "), out->append(std::to_string(v));
        break;
      }
      case 'i': {
        int32_t v = r.Int32();
        if (out) sep(), out->append("i "), out->append(std::to_string(v));
        break;
      }
      case 's': {
        std::string_view v = r.CString();
        if (out && r.ok()) sep(), out->append("s "), AppendShown(out, v);
        break;
      }
      case 'v': {
        int32_t n = r.Int32();
        if (n < -1) {
          r.Fail("negative value length");
          break;
        }
        std::string_view v = n > 0 ? r.Bytes(static_cast<size_t>(n)) : std::string_view();
        if (out && r.ok()) sep(), out->append(n == -1 ? "NULL" : ""), n == -1 ? void() : AppendShown(out, v);
        break;
      }
      case 'r': {
        std::string_view v = r.Rest();
        if (out) sep(), out->append("r "), AppendShown(out, v);
        break;
      }
      case 'F':
      case 'P': {
        if (out) sep(), out->append(c == 'F' ? "fields{" : "params{");
        size_t count = 0;
        while (r.ok()) {
          if (c == 'F') {
            uint8_t code = r.Byte();
            if (!r.ok() || code == 0) break;
            std::string_view v = r.CString();
            if (out && r.ok()) {
              if (count) out->append(", ");
              out->push_back(static_cast<char>(code));
              out->push_back('=');
              AppendShown(out, v);
            }
          } else {
            std::string_view name = r.CString();
            if (!r.ok() || name.empty()) break;  // the empty name is the terminating zero byte
            std::string_view v = r.CString();
            if (out && r.ok()) {
              if (count) out->append(", ");
              AppendShown(out, name);
              out->push_back('=');
              AppendShown(out, v);
            }
          }
          ++count;
        }
        if (out) out->push_back('}');
        break;
      }
      case '[':
      case '<': {
        size_t end = GroupEnd(layout, i);
        if (end == std::string_view::npos || depth > 4) {
          r.Fail("bad layout");
          return;
        }
        int64_t n = c == '[' ? r.Int16() : r.Int32();
        if (!r.ok()) return;
        if (n < 0) {
          r.Fail("negative count");
          return;
        }
        // Each repetition takes at least one byte unless the group is empty;
        // a count larger than the bytes left cannot be honest.
        if (static_cast<uint64_t>(n) > r.remaining() && end > i + 1) {
          r.Fail("count larger than the message");
          return;
        }
        if (out) sep(), out->push_back(c);
        std::string_view group = layout.substr(i + 1, end - i - 1);
        for (int64_t k = 0; k < n && r.ok(); ++k) {
          if (out && k) out->append("; ");
          Walk(group, r, out, depth + 1);
        }
        if (out) out->push_back(c == '[' ? ']' : '>');
        i = end;
        break;
      }
      default:
        r.Fail("bad layout");
        return;
    }
  }
}

template <typename Fn>
Status Checked(const MessageSpec& spec, std::string_view body, Fn&& read) {
  if (Status s = Validate(spec, body); !s.ok()) return s;
  Reader r(body);
  read(r);
  return Status::Ok();
}

void PutU32At(std::string* out, size_t at, uint32_t v) {
  (*out)[at] = static_cast<char>(v >> 24);
  (*out)[at + 1] = static_cast<char>(v >> 16);
  (*out)[at + 2] = static_cast<char>(v >> 8);
  (*out)[at + 3] = static_cast<char>(v);
}

// Begin/End of a tagged message: End patches the length.
size_t Begin(std::string* out, char tag) {
  out->push_back(tag);
  size_t at = out->size();
  out->append(4, '\0');
  return at;
}
void End(std::string* out, size_t at) { PutU32At(out, at, static_cast<uint32_t>(out->size() - at)); }
void PutString(std::string* out, std::string_view s) {
  out->append(s.data(), s.size());
  out->push_back('\0');
}

}  // namespace

uint32_t ReadU32(const char* p) {
  auto u = reinterpret_cast<const uint8_t*>(p);
  return (static_cast<uint32_t>(u[0]) << 24) | (static_cast<uint32_t>(u[1]) << 16) |
         (static_cast<uint32_t>(u[2]) << 8) | u[3];
}
void PutU32(std::string* out, uint32_t v) {
  size_t at = out->size();
  out->append(4, '\0');
  PutU32At(out, at, v);
}
void PutU16(std::string* out, uint16_t v) {
  out->push_back(static_cast<char>(v >> 8));
  out->push_back(static_cast<char>(v));
}

const MessageSpec& SpecOf(Frontend m) { return kFrontendSpecs[static_cast<size_t>(m)]; }
const MessageSpec& SpecOf(Backend m) { return kBackendSpecs[static_cast<size_t>(m)]; }
const MessageSpec& SpecOf(Startup m) { return kStartupSpecs[static_cast<size_t>(m)]; }

const MessageSpec* FindFrontend(char tag) {
  for (const MessageSpec& s : kFrontendSpecs)
    if (s.tag == tag) return &s;
  return nullptr;
}
const MessageSpec* FindBackend(char tag) {
  for (const MessageSpec& s : kBackendSpecs)
    if (s.tag == tag) return &s;
  return nullptr;
}
const MessageSpec* FindStartup(uint32_t code) {
  if ((code >> 16) == 3) return &SpecOf(Startup::kStartupMessage);
  for (const MessageSpec& s : kStartupSpecs)
    if (s.code == code) return &s;
  return nullptr;
}

bool ValidLayout(std::string_view layout) {
  int depth = 0;
  for (char c : layout) {
    if (c == '[' || c == '<') ++depth;
    else if (c == ']' || c == '>') {
      if (--depth < 0) return false;
    } else if (std::strchr("bhisvrFP", c) == nullptr) {
      return false;
    }
  }
  return depth == 0;
}

Status Validate(const MessageSpec& spec, std::string_view body) {
  Reader r(body);
  Walk(spec.layout, r, nullptr, 0);
  if (!r.ok()) return Status::Error(std::string("malformed ") + std::string(spec.name) + ": " + r.error());
  if (!r.at_end()) return Status::Error(std::string("malformed ") + std::string(spec.name) + ": trailing bytes");
  return Status::Ok();
}

std::string Describe(const MessageSpec& spec, std::string_view body) {
  std::string out(spec.name);
  out.push_back('(');
  Reader r(body);
  std::string fields;
  Walk(spec.layout, r, &fields, 0);
  out += fields;
  if (!r.ok()) out += std::string(" <") + r.error() + ">";
  else if (!r.at_end()) out += " <trailing bytes>";
  out.push_back(')');
  return out;
}

std::string_view FieldsMsg::Get(char code) const {
  for (const auto& [c, v] : fields)
    if (c == code) return v;
  return {};
}

Status DecodeStartup(uint32_t code, std::string_view body, StartupMsg* out) {
  out->major = static_cast<uint16_t>(code >> 16);
  out->minor = static_cast<uint16_t>(code & 0xffff);
  out->params.clear();
  return Checked(SpecOf(Startup::kStartupMessage), body, [&](Reader& r) {
    while (true) {
      std::string_view name = r.CString();
      if (name.empty()) break;
      out->params.emplace_back(name, r.CString());
    }
  });
}
Status DecodeCancel(std::string_view body, CancelMsg* out) {
  return Checked(SpecOf(Startup::kCancelRequest), body, [&](Reader& r) {
    out->pid = r.Int32();
    out->secret = r.Int32();
  });
}
Status Decode(std::string_view body, QueryMsg* out) {
  return Checked(SpecOf(Frontend::kQuery), body, [&](Reader& r) { out->sql = r.CString(); });
}
Status Decode(std::string_view body, ParseMsg* out) {
  return Checked(SpecOf(Frontend::kParse), body, [&](Reader& r) {
    out->name = r.CString();
    out->query = r.CString();
    out->param_types = static_cast<uint16_t>(r.Int16());
  });
}
Status Decode(std::string_view body, BindMsg* out) {
  return Checked(SpecOf(Frontend::kBind), body, [&](Reader& r) {
    out->portal = r.CString();
    out->statement = r.CString();
  });
}
Status Decode(std::string_view body, ExecuteMsg* out) {
  return Checked(SpecOf(Frontend::kExecute), body, [&](Reader& r) {
    out->portal = r.CString();
    out->max_rows = r.Int32();
  });
}
static Status DecodeKindName(const MessageSpec& spec, std::string_view body, DescribeMsg* out) {
  Status s = Checked(spec, body, [&](Reader& r) {
    out->kind = static_cast<char>(r.Byte());
    out->name = r.CString();
  });
  if (s.ok() && out->kind != 'S' && out->kind != 'P')
    return Status::Error(std::string("malformed ") + std::string(spec.name) + ": kind is neither S nor P");
  return s;
}
Status DecodeDescribe(std::string_view body, DescribeMsg* out) {
  return DecodeKindName(SpecOf(Frontend::kDescribe), body, out);
}
Status DecodeClose(std::string_view body, DescribeMsg* out) { return DecodeKindName(SpecOf(Frontend::kClose), body, out); }

Status Decode(std::string_view body, SaslInitialMsg* out) {
  static const MessageSpec kSaslInitial{"SASLInitialResponse", 'p', 0, "sv", ""};
  return Checked(kSaslInitial, body, [&](Reader& r) {
    out->mechanism = r.CString();
    int32_t n = r.Int32();
    out->data = n > 0 ? r.Bytes(static_cast<size_t>(n)) : std::string_view();
  });
}
Status DecodePassword(std::string_view body, std::string_view* out) {
  static const MessageSpec kPassword{"PasswordMessage", 'p', 0, "s", ""};
  return Checked(kPassword, body, [&](Reader& r) { *out = r.CString(); });
}
Status Decode(std::string_view body, AuthMsg* out) {
  return Checked(SpecOf(Backend::kAuthentication), body, [&](Reader& r) {
    out->code = r.Int32();
    out->data = r.Rest();
  });
}
Status Decode(std::string_view body, BackendKeyMsg* out) {
  return Checked(SpecOf(Backend::kBackendKeyData), body, [&](Reader& r) {
    out->pid = r.Int32();
    out->secret = r.Int32();
  });
}
Status DecodeFields(const MessageSpec& spec, std::string_view body, FieldsMsg* out) {
  out->fields.clear();
  return Checked(spec, body, [&](Reader& r) {
    while (true) {
      uint8_t code = r.Byte();
      if (code == 0) break;
      out->fields.emplace_back(static_cast<char>(code), r.CString());
    }
  });
}

// ---------------------------------------------------------------- builders

void AppendMessage(std::string* out, char tag, std::string_view body) {
  out->push_back(tag);
  PutU32(out, static_cast<uint32_t>(body.size() + 4));
  out->append(body.data(), body.size());
}

void AppendError(std::string* out, const ErrorInfo& e, char tag) {
  size_t at = Begin(out, tag);
  auto field = [&](char code, std::string_view v) {
    out->push_back(code);
    PutString(out, v);
  };
  field('S', e.severity);
  field('V', e.severity);
  field('C', e.sqlstate);
  field('M', e.message);
  if (!e.detail.empty()) field('D', e.detail);
  if (!e.hint.empty()) field('H', e.hint);
  out->push_back('\0');
  End(out, at);
}
void AppendReadyForQuery(std::string* out, char status) { AppendMessage(out, 'Z', std::string_view(&status, 1)); }
void AppendAuth(std::string* out, int32_t code, std::string_view data) {
  size_t at = Begin(out, 'R');
  PutU32(out, static_cast<uint32_t>(code));
  out->append(data.data(), data.size());
  End(out, at);
}
void AppendBackendKey(std::string* out, int32_t pid, int32_t secret) {
  size_t at = Begin(out, 'K');
  PutU32(out, static_cast<uint32_t>(pid));
  PutU32(out, static_cast<uint32_t>(secret));
  End(out, at);
}
void AppendParameterStatus(std::string* out, std::string_view name, std::string_view value) {
  size_t at = Begin(out, 'S');
  PutString(out, name);
  PutString(out, value);
  End(out, at);
}
void AppendNegotiateProtocolVersion(std::string* out, uint32_t minor, const std::vector<std::string>& options) {
  size_t at = Begin(out, 'v');
  PutU32(out, kProtocol30 | minor);
  PutU32(out, static_cast<uint32_t>(options.size()));
  for (const std::string& o : options) PutString(out, o);
  End(out, at);
}
void AppendQuery(std::string* out, std::string_view sql) {
  size_t at = Begin(out, 'Q');
  PutString(out, sql);
  End(out, at);
}
void AppendParse(std::string* out, std::string_view name, std::string_view sql) {
  size_t at = Begin(out, 'P');
  PutString(out, name);
  PutString(out, sql);
  PutU16(out, 0);
  End(out, at);
}
void AppendBind(std::string* out, std::string_view portal, std::string_view statement) {
  size_t at = Begin(out, 'B');
  PutString(out, portal);
  PutString(out, statement);
  PutU16(out, 0);
  PutU16(out, 0);
  PutU16(out, 0);
  End(out, at);
}
void AppendExecute(std::string* out, std::string_view portal, int32_t max_rows) {
  size_t at = Begin(out, 'E');
  PutString(out, portal);
  PutU32(out, static_cast<uint32_t>(max_rows));
  End(out, at);
}
void AppendSync(std::string* out) { AppendMessage(out, 'S', {}); }
void AppendTerminate(std::string* out) { AppendMessage(out, 'X', {}); }
void AppendPassword(std::string* out, std::string_view password) {
  size_t at = Begin(out, 'p');
  PutString(out, password);
  End(out, at);
}
void AppendSaslInitial(std::string* out, std::string_view mechanism, std::string_view data) {
  size_t at = Begin(out, 'p');
  PutString(out, mechanism);
  PutU32(out, static_cast<uint32_t>(data.size()));
  out->append(data.data(), data.size());
  End(out, at);
}
void AppendSaslResponse(std::string* out, std::string_view data) { AppendMessage(out, 'p', data); }
void AppendStartup(std::string* out, const std::vector<std::pair<std::string, std::string>>& params) {
  size_t at = out->size();
  out->append(4, '\0');
  PutU32(out, kProtocol30);
  for (const auto& [k, v] : params) {
    PutString(out, k);
    PutString(out, v);
  }
  out->push_back('\0');
  PutU32At(out, at, static_cast<uint32_t>(out->size() - at));
}
void AppendCancel(std::string* out, int32_t pid, int32_t secret) {
  PutU32(out, 16);
  PutU32(out, kCancelRequestCode);
  PutU32(out, static_cast<uint32_t>(pid));
  PutU32(out, static_cast<uint32_t>(secret));
}

}  // namespace govern::proxy::wire
