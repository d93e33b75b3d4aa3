// Column names against the dictionary of pii_names.def.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "validators.h"

namespace govern::onboard {

// "customerEmail_2" -> {"customer", "email"}: split at non-letters and at
// camelCase boundaries, lower-cased.
std::vector<std::string> NameTokens(std::string_view name);

struct NameMatch {
  std::string tag;
  double confidence = 0;
  std::string entry;  // the dictionary entry that matched ("e mail")
  Check check = Check::kNone;
  std::string negated_by;  // set when a GOVERN_PII_NOT word makes the name describe the data
};
// The longest dictionary entry found in the name (ties: the first listed), or
// nullopt. A match with `negated_by` set proposes nothing.
std::optional<NameMatch> MatchColumnName(std::string_view name);

// Whether a column of this PostgreSQL type can hold a value of `tag` as text
// ("" type: unknown, yes). E-mails are not integers; card, phone and national
// id numbers may be.
bool TypeCanHold(std::string_view type, std::string_view tag);

// Every tag of the dictionary, once, in order (for docs and tests).
std::vector<std::string> DictionaryTags();

}  // namespace govern::onboard
