#include "stages/mask_stage.h"

#include <cctype>
#include <cstring>

#include "masking/mask_value.h"
#include "wire/reader.h"

namespace govern::proxy {
namespace {

constexpr size_t kNameDataLen = 63;  // PostgreSQL cuts identifiers (NAMEDATALEN - 1)

bool SameName(std::string_view planned, std::string_view sent) {
  if (planned.size() <= kNameDataLen) return planned == sent;
  return sent.size() <= kNameDataLen && sent.size() + 4 > kNameDataLen && planned.substr(0, sent.size()) == sent;
}

size_t BeginMessage(std::string* out, char tag) {
  out->push_back(tag);
  size_t at = out->size();
  out->append(4, '\0');
  return at;
}
void EndMessage(std::string* out, size_t at) {
  auto len = static_cast<uint32_t>(out->size() - at);
  (*out)[at] = static_cast<char>(len >> 24);
  (*out)[at + 1] = static_cast<char>(len >> 16);
  (*out)[at + 2] = static_cast<char>(len >> 8);
  (*out)[at + 3] = static_cast<char>(len);
}

// ---- COPY text format: tab-separated, \N NULL, backslash escapes

bool DecodeCopyText(std::string_view f, std::string* out) {
  out->clear();
  for (size_t i = 0; i < f.size(); ++i) {
    if (f[i] != '\\') {
      out->push_back(f[i]);
      continue;
    }
    if (++i == f.size()) return false;
    char c = f[i];
    switch (c) {
      case 'b': out->push_back('\b'); break;
      case 'f': out->push_back('\f'); break;
      case 'n': out->push_back('\n'); break;
      case 'r': out->push_back('\r'); break;
      case 't': out->push_back('\t'); break;
      case 'v': out->push_back('\v'); break;
      case 'x': {
        int v = 0, n = 0;
        while (n < 2 && i + 1 < f.size() && std::isxdigit(static_cast<unsigned char>(f[i + 1]))) {
          char h = f[++i];
          v = v * 16 + (h <= '9' ? h - '0' : (h | 32) - 'a' + 10);
          ++n;
        }
        if (n == 0) return false;
        out->push_back(static_cast<char>(v));
        break;
      }
      default:
        if (c >= '0' && c <= '7') {
          int v = c - '0', n = 1;
          while (n < 3 && i + 1 < f.size() && f[i + 1] >= '0' && f[i + 1] <= '7') v = v * 8 + (f[++i] - '0'), ++n;
          out->push_back(static_cast<char>(v));
        } else {
          out->push_back(c);
        }
    }
  }
  return true;
}

void EncodeCopyText(std::string_view v, std::string* out) {
  for (char c : v) {
    switch (c) {
      case '\\': out->append("\\\\"); break;
      case '\t': out->append("\\t"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      default: out->push_back(c);
    }
  }
}

// ---- COPY CSV: comma-separated, "" quoting, empty unquoted field = NULL

struct CsvField {
  std::string value;     // unquoted
  std::string_view raw;  // as sent
  bool null = false;
};

bool SplitCsv(std::string_view row, std::vector<CsvField>* fields) {
  fields->clear();
  size_t i = 0;
  for (;;) {
    CsvField f;
    size_t begin = i;
    if (i < row.size() && row[i] == '"') {
      ++i;
      for (;;) {
        if (i >= row.size()) return false;
        if (row[i] == '"') {
          if (i + 1 < row.size() && row[i + 1] == '"') {
            f.value.push_back('"');
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        f.value.push_back(row[i++]);
      }
    } else {
      size_t end = row.find(',', i);
      if (end == std::string_view::npos) end = row.size();
      f.value.assign(row.substr(i, end - i));
      if (f.value.find('"') != std::string::npos) return false;
      f.null = f.value.empty();
      i = end;
    }
    f.raw = row.substr(begin, i - begin);
    fields->push_back(std::move(f));
    if (i == row.size()) return true;
    if (row[i] != ',') return false;
    ++i;
  }
}

void EncodeCsv(std::string_view v, std::string* out) {
  bool quote = v.empty() || v.find_first_of(",\"\r\n") != std::string_view::npos || v == "\\.";
  if (!quote) {
    out->append(v);
    return;
  }
  out->push_back('"');
  for (char c : v) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

// The masked text form of one COPY value; false: NULL.
bool MaskCopyValue(const MaskPlan& plan, const PositionMask& m, std::string_view value, std::string_view key,
                   std::string* masked) {
  uint32_t type = m.output < plan.column_types.size() && plan.column_types[m.output] != 0 ? plan.column_types[m.output]
                                                                                           : kOidText;
  return MaskValue(m.method, type, kFormatText, value, key, masked) == MaskResult::kValue;
}

// Replaces each "quoted" span not in `names` with "***".
// Unquoted text with its numbers withheld: a run of two or more digits, or
// 0x and hex digits, becomes "#" (`chr(ascii(substr(email, 1, 1)) + 1114112)`
// fails with the code point in the message: a masked value, one character per
// query). Single digits stay ("$1", "column 2").
void AppendWithoutNumbers(std::string_view text, std::string* out) {
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  auto hex = [&](char c) { return digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); };
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] == '0' && i + 2 < text.size() && (text[i + 1] == 'x' || text[i + 1] == 'X') && hex(text[i + 2])) {
      i += 2;
      while (i < text.size() && hex(text[i])) ++i;
      out->push_back('#');
    } else if (digit(text[i]) && i + 1 < text.size() && digit(text[i + 1])) {
      while (i < text.size() && digit(text[i])) ++i;
      out->push_back('#');
    } else {
      out->push_back(text[i++]);
    }
  }
}

std::string ScrubQuoted(std::string_view text, const std::vector<std::string_view>& names) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    size_t open = text.find('"', i);
    if (open == std::string_view::npos) break;
    size_t close = text.find('"', open + 1);
    if (close == std::string_view::npos) break;
    std::string_view inner = text.substr(open + 1, close - open - 1);
    AppendWithoutNumbers(text.substr(i, open - i), &out);
    out.push_back('"');
    bool name = false;
    for (std::string_view n : names) name = name || (!n.empty() && n == inner);
    out.append(name ? inner : std::string_view("***"));
    out.push_back('"');
    i = close + 1;
  }
  AppendWithoutNumbers(text.substr(i < text.size() ? i : text.size()), &out);
  return out;
}

}  // namespace

std::string CheckRowDescription(const MaskPlan& plan, std::string_view body, ResultShape* shape) {
  wire::Reader c(body);
  int16_t n = c.Int16();
  shape->types.clear();
  shape->formats.clear();
  shape->origins.clear();
  std::string why;
  if (plan.check_shape && static_cast<size_t>(n < 0 ? 0 : n) != plan.names.size())
    why = "the result has " + std::to_string(n) + " columns where govern planned " +
          std::to_string(plan.names.size());
  for (int16_t i = 0; i < n && c.ok(); ++i) {
    std::string_view name = c.CString();
    FieldOrigin origin;
    origin.table = static_cast<uint32_t>(c.Int32());
    origin.attnum = c.Int16();
    uint32_t type = static_cast<uint32_t>(c.Int32());
    c.Int16();  // size
    c.Int32();  // typmod
    int16_t format = c.Int16();
    if (why.empty() && plan.check_shape && !SameName(plan.names[static_cast<size_t>(i)], name))
      why = "result column " + std::to_string(i + 1) + " is \"" + std::string(name) + "\" where govern planned \"" +
            plan.names[static_cast<size_t>(i)] + "\"";
    shape->types.push_back(type);
    shape->formats.push_back(format);
    shape->origins.push_back(origin);
  }
  if (!c.ok() || c.pos() != body.size()) return "malformed RowDescription";
  if (!why.empty()) return why + " (the catalog govern decides with differs from the database)";
  return {};
}

bool AppendMaskedDataRow(const MaskPlan& plan, const ResultShape& shape, std::string_view body, std::string_view key,
                         std::string* out) {
  wire::Reader c(body);
  int16_t n = c.Int16();
  if (n < 0 || static_cast<size_t>(n) != shape.types.size()) return false;
  size_t start = out->size();
  size_t at = BeginMessage(out, 'D');
  out->append(body.substr(0, 2));
  std::string masked;
  auto next = plan.masks.begin();
  for (int16_t i = 0; i < n; ++i) {
    int32_t len = c.Int32();
    std::string_view value = len > 0 ? c.Bytes(static_cast<size_t>(len)) : std::string_view();
    if (len < -1) c.Fail("negative field length");
    if (!c.ok()) break;
    while (next != plan.masks.end() && next->output < static_cast<uint32_t>(i)) ++next;
    if (len == -1 || next == plan.masks.end() || next->output != static_cast<uint32_t>(i)) {
      out->append(body.substr(c.pos() - 4 - (len > 0 ? static_cast<size_t>(len) : 0), 4 + (len > 0 ? static_cast<size_t>(len) : 0)));
      continue;
    }
    auto idx = static_cast<size_t>(i);
    if (MaskValue(next->method, shape.types[idx], shape.formats[idx], value, key, &masked) == MaskResult::kNull) {
      wire::PutU32(out, 0xffffffffu);
    } else {
      wire::PutU32(out, static_cast<uint32_t>(masked.size()));
      out->append(masked);
    }
  }
  if (!c.ok() || c.pos() != body.size()) {
    out->resize(start);
    return false;
  }
  EndMessage(out, at);
  return true;
}

std::string CheckCopyOut(const MaskPlan& plan, std::string_view body) {
  wire::Reader c(body);
  uint8_t format = c.Byte();
  int16_t n = c.Int16();
  if (!c.ok()) return "malformed CopyOutResponse";
  if (format != 0) return "COPY in binary format of masked columns is not rewritten";
  if (static_cast<size_t>(n < 0 ? 0 : n) != plan.names.size())
    return "COPY sends " + std::to_string(n) + " columns where govern planned " + std::to_string(plan.names.size()) +
           " (the catalog govern decides with differs from the database)";
  return {};
}

bool AppendMaskedCopyRow(const MaskPlan& plan, std::string_view row, bool header, std::string_view key,
                         std::string* out) {
  if (header || plan.masks.empty()) {
    wire::AppendMessage(out, 'd', row);
    return true;
  }
  if (row.empty() || row.back() != '\n') return false;
  std::string_view line = row.substr(0, row.size() - 1);
  std::string body, masked;
  if (plan.copy.kind == CopyFormat::Kind::kText) {
    std::vector<std::string_view> fields;
    for (size_t i = 0;;) {
      size_t tab = line.find('\t', i);
      fields.push_back(line.substr(i, tab == std::string_view::npos ? std::string_view::npos : tab - i));
      if (tab == std::string_view::npos) break;
      i = tab + 1;
    }
    if (fields.size() != plan.names.size()) return false;
    std::string decoded;
    for (size_t i = 0; i < fields.size(); ++i) {
      if (i > 0) body.push_back('\t');
      const PositionMask* m = plan.MaskAt(static_cast<uint32_t>(i));
      if (m == nullptr || fields[i] == "\\N") {
        body.append(fields[i]);
        continue;
      }
      if (!DecodeCopyText(fields[i], &decoded)) return false;
      if (MaskCopyValue(plan, *m, decoded, key, &masked)) {
        EncodeCopyText(masked, &body);
      } else {
        body.append("\\N");
      }
    }
  } else if (plan.copy.kind == CopyFormat::Kind::kCsv) {
    std::vector<CsvField> fields;
    if (!SplitCsv(line, &fields) || fields.size() != plan.names.size()) return false;
    for (size_t i = 0; i < fields.size(); ++i) {
      if (i > 0) body.push_back(',');
      const PositionMask* m = plan.MaskAt(static_cast<uint32_t>(i));
      if (m == nullptr || fields[i].null) {
        body.append(fields[i].raw);
      } else if (MaskCopyValue(plan, *m, fields[i].value, key, &masked)) {
        EncodeCsv(masked, &body);
      }
    }
  } else {
    return false;  // binary and custom spellings are refused when planned
  }
  body.push_back('\n');
  wire::AppendMessage(out, 'd', body);
  return true;
}

void AppendScrubbedFields(char tag, std::string_view body, std::string* out) {
  const wire::MessageSpec* spec = wire::FindBackend(tag);
  wire::FieldsMsg msg;
  size_t at = BeginMessage(out, tag);
  if (spec == nullptr || !wire::DecodeFields(*spec, body, &msg).ok()) {
    out->append("SERROR");  // not expected from a server: an opaque error instead of its text
    out->push_back('\0');
    out->append("CXX000");
    out->push_back('\0');
    out->append("Merror withheld by govern");
    out->push_back('\0');
    out->push_back('\0');
    EndMessage(out, at);
    return;
  }
  std::vector<std::string_view> names;
  for (char code : {'s', 't', 'c', 'd', 'n'})
    if (std::string_view v = msg.Get(code); !v.empty()) names.push_back(v);
  for (const auto& [code, value] : msg.fields) {
    if (code == 'q') continue;
    out->push_back(code);
    if (code == 'D') {
      out->append(kWithheldDetail);
    } else if (code == 'M' || code == 'H' || code == 'W') {
      out->append(ScrubQuoted(value, names));
    } else {
      out->append(value);
    }
    out->push_back('\0');
  }
  out->push_back('\0');
  EndMessage(out, at);
}

void AppendScrubbedNotification(std::string_view body, std::string* out) {
  wire::Reader c(body);
  std::string_view pid = c.Bytes(4);
  std::string_view channel = c.CString();
  if (!c.ok()) return;
  size_t at = BeginMessage(out, 'A');
  out->append(pid);
  out->append(channel);
  out->push_back('\0');
  out->push_back('\0');  // empty payload
  EndMessage(out, at);
}

}  // namespace govern::proxy
