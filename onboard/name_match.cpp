// MatchColumnName: the dictionary (pii_names.def) applied to a column name.
#include "name_match.h"

#include <algorithm>
#include <cctype>

namespace govern::onboard {
namespace {

struct Entry {
  const char* tag;
  double confidence;
  const char* tokens;
  Check check;
};
constexpr Check email = Check::kEmail, card = Check::kCard, iban = Check::kIban, ip = Check::kIp, none = Check::kNone;
constexpr Entry kEntries[] = {
#define GOVERN_PII_NAME(tag, confidence, tokens, check) {tag, confidence, tokens, check},
#define GOVERN_PII_NOT(word)
#include "pii_names.def"
#undef GOVERN_PII_NAME
#undef GOVERN_PII_NOT
};
constexpr const char* kNot[] = {
#define GOVERN_PII_NAME(tag, confidence, tokens, check)
#define GOVERN_PII_NOT(word) word,
#include "pii_names.def"
#undef GOVERN_PII_NAME
#undef GOVERN_PII_NOT
};

std::vector<std::string> Split(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == ' ') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

}  // namespace

std::vector<std::string> NameTokens(std::string_view name) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty()) out.push_back(cur);
    cur.clear();
  };
  for (size_t i = 0; i < name.size(); ++i) {
    auto c = static_cast<unsigned char>(name[i]);
    if (!std::isalpha(c)) {
      flush();
      continue;
    }
    if (std::isupper(c) && !cur.empty()) {
      bool prev_lower = std::islower(static_cast<unsigned char>(name[i - 1]));
      bool next_lower = i + 1 < name.size() && std::islower(static_cast<unsigned char>(name[i + 1]));
      bool prev_upper = std::isupper(static_cast<unsigned char>(name[i - 1]));
      if (prev_lower || (prev_upper && next_lower)) flush();  // fooBar, IPAddress
    }
    cur.push_back(static_cast<char>(std::tolower(c)));
  }
  flush();
  return out;
}

std::optional<NameMatch> MatchColumnName(std::string_view name) {
  std::vector<std::string> tokens = NameTokens(name);
  const Entry* best = nullptr;
  size_t best_len = 0, best_at = 0;
  for (const Entry& e : kEntries) {
    std::vector<std::string> want = Split(e.tokens);
    if (want.empty() || want.size() > tokens.size()) continue;
    for (size_t at = 0; at + want.size() <= tokens.size(); ++at) {
      if (!std::equal(want.begin(), want.end(), tokens.begin() + static_cast<std::ptrdiff_t>(at))) continue;
      if (want.size() > best_len) {
        best = &e;
        best_len = want.size();
        best_at = at;
      }
      break;
    }
  }
  if (!best) return std::nullopt;
  NameMatch m{best->tag, best->confidence, best->tokens, best->check, ""};
  for (size_t i = 0; i < tokens.size() && m.negated_by.empty(); ++i) {
    if (i >= best_at && i < best_at + best_len) continue;
    for (const char* word : kNot)
      if (tokens[i] == word) m.negated_by = word;
  }
  return m;
}

bool TypeCanHold(std::string_view type, std::string_view tag) {
  if (type.empty()) return true;
  std::string t(type);
  for (char& c : t) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (t == "boolean" || t == "bool") return false;
  bool integer = t == "integer" || t == "int" || t == "int4" || t == "int8" || t == "int2" || t == "bigint" ||
                 t == "smallint" || t == "serial" || t == "bigserial" || StartsWith(t, "numeric") || StartsWith(t, "decimal");
  bool real = t == "real" || t == "float4" || t == "float8" || StartsWith(t, "double");
  bool temporal = StartsWith(t, "timestamp") || StartsWith(t, "time") || t == "interval";
  if (tag == "pii.birth_date") return !integer && !real;  // date, timestamp or text
  if (t == "date" || temporal || real) return false;
  if (tag == "pii.ip") return !integer;
  if (integer) return tag == "pii.phone" || tag == "pii.card" || tag == "pii.national_id" || tag == "pii.bank_account";
  return true;
}

std::vector<std::string> DictionaryTags() {
  std::vector<std::string> out;
  for (const Entry& e : kEntries)
    if (std::find(out.begin(), out.end(), e.tag) == out.end()) out.emplace_back(e.tag);
  return out;
}

}  // namespace govern::onboard
