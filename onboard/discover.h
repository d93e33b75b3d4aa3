// `govern catalog discover`: proposes column tags from column names (the
// dictionary, pii_names.def), column types and, when values were sampled,
// from validators (validators.h). The result is a tags file for a person to
// review: every line carries its evidence and confidence; low-confidence
// proposals are written commented out; nothing here is enforced until the
// file is reviewed and added to the catalog sources (docs/catalog.md).
#pragma once

#include <map>
#include <string>
#include <vector>

#include "catalog/catalog.h"

namespace govern::onboard {

struct Proposal {
  int32_t column = -1;
  std::string qname;  // schema.table.column
  std::string tag;
  double confidence = 0;
  std::string evidence;
};
// A column whose name suggested a tag that its type or values contradict.
struct Rejection {
  std::string qname;
  std::string tag;
  std::string reason;
};

// Sampled values (as text) per column id; a column missing from the map was
// not sampled.
using Samples = std::map<int32_t, std::vector<std::string>>;

struct DiscoverResult {
  std::vector<Proposal> proposals;  // in catalog order (schema, table, column)
  std::vector<Rejection> rejected;
  size_t columns = 0;  // columns examined (tables only: views derive their tags)
  size_t sampled = 0;  // columns with sampled values
};

// Confidence at or above which a proposal is written as an active line.
inline constexpr double kActiveConfidence = 0.5;
// Share of sampled values that must pass a validator for the values to count as evidence.
inline constexpr double kValueShare = 0.8;

DiscoverResult Discover(const Catalog& catalog, const Samples& samples);

// The tags file (docs/catalog.md format): a header saying where it came from
// and that it must be reviewed, one line per proposal
// `schema.table.column<TAB>tag<TAB># confidence 0.95 (high): evidence`,
// proposals under kActiveConfidence commented out, rejections as comments.
std::string RenderTagsFile(const DiscoverResult& result, const std::string& source);

// "a", or "\"Zip Code\"" (tags-file name parts: unquoted parts are lower-cased).
std::string TagsFileName(const std::string& schema, const std::string& table, const std::string& column);

}  // namespace govern::onboard
