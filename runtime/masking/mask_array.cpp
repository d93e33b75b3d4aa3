#include "masking/mask_array.h"

namespace govern {
namespace {

bool Space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

bool IsNullWord(std::string_view s) {
  return s.size() == 4 && (s[0] | 32) == 'n' && (s[1] | 32) == 'u' && (s[2] | 32) == 'l' && (s[3] | 32) == 'l';
}

// Appends one masked element, quoted (always valid array input).
void AppendElement(MaskMethod method, std::string_view element, std::string_view key, std::string* masked,
                   std::string* out) {
  if (MaskValue(method, kOidText, kFormatText, element, key, masked) == MaskResult::kNull) {
    out->append("NULL");
    return;
  }
  out->push_back('"');
  for (char c : *masked) {
    if (c == '"' || c == '\\') out->push_back('\\');
    out->push_back(c);
  }
  out->push_back('"');
}

}  // namespace

bool IsTextArrayType(uint32_t type_oid) noexcept {
  return type_oid == kOidTextArray || type_oid == kOidVarcharArray || type_oid == kOidBpcharArray ||
         type_oid == kOidNameArray;
}

MaskResult MaskTextArray(MaskMethod method, std::string_view v, std::string_view key, std::string* out) {
  out->clear();
  if (method == MaskMethod::kNull) return MaskResult::kNull;
  size_t i = 0;
  if (!v.empty() && v[0] == '[') {  // dimension decoration, kept: [1:2]={...}
    size_t eq = v.find('=');
    if (eq == std::string_view::npos) return MaskResult::kNull;
    out->append(v.substr(0, eq + 1));
    i = eq + 1;
  }
  std::string element, masked;
  int depth = 0;
  bool expect_element = false;  // after '{' or ','
  while (i < v.size()) {
    char c = v[i];
    if (Space(c)) {
      ++i;
    } else if (c == '{') {
      if (depth > 0 && !expect_element) return MaskResult::kNull;
      out->push_back('{');
      ++depth;
      expect_element = true;
      ++i;
    } else if (c == '}') {
      if (depth == 0) return MaskResult::kNull;
      out->push_back('}');
      --depth;
      expect_element = false;
      ++i;
      if (depth == 0) break;
    } else if (c == ',') {
      if (depth == 0 || expect_element) return MaskResult::kNull;
      out->push_back(',');
      expect_element = true;
      ++i;
    } else {
      if (depth == 0 || !expect_element) return MaskResult::kNull;
      element.clear();
      if (c == '"') {
        for (++i;; ++i) {
          if (i >= v.size()) return MaskResult::kNull;
          if (v[i] == '\\') {
            if (++i >= v.size()) return MaskResult::kNull;
            element.push_back(v[i]);
          } else if (v[i] == '"') {
            ++i;
            break;
          } else {
            element.push_back(v[i]);
          }
        }
        AppendElement(method, element, key, &masked, out);
      } else {
        while (i < v.size() && v[i] != ',' && v[i] != '}' && v[i] != '{' && v[i] != '"') {
          if (v[i] == '\\') {
            if (++i >= v.size()) return MaskResult::kNull;
          }
          element.push_back(v[i++]);
        }
        while (!element.empty() && Space(element.back())) element.pop_back();
        if (IsNullWord(element)) out->append("NULL");
        else AppendElement(method, element, key, &masked, out);
      }
      expect_element = false;
    }
  }
  while (i < v.size() && Space(v[i])) ++i;
  if (depth != 0 || i != v.size() || out->empty()) return MaskResult::kNull;
  return MaskResult::kValue;
}

}  // namespace govern
