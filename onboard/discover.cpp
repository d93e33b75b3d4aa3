// Discover: tag proposals from names, types and sampled values.
#include "discover.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <iterator>

#include "catalog/loaders.h"

#include "name_match.h"
#include "validators.h"

namespace govern::onboard {
namespace {

std::string Fixed2(double v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

std::string_view Level(double c) { return c >= 0.8 ? "high" : c >= kActiveConfidence ? "medium" : "low"; }

std::string Part(const std::string& name) {
  bool plain = !name.empty() && (std::islower(static_cast<unsigned char>(name[0])) || name[0] == '_');
  for (char c : name)
    plain = plain && (std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) ||
                      c == '_' || c == '$');
  if (plain) return name;
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  return out + "\"";
}

struct ValueCount {
  size_t pass = 0, total = 0;
  double share() const { return total ? static_cast<double>(pass) / static_cast<double>(total) : 0; }
  std::string Text(Check c) const {
    return std::to_string(pass) + "/" + std::to_string(total) + " sampled values are " + std::string(CheckNoun(c));
  }
};

bool HasTag(const Catalog& catalog, const Catalog::Column& col, std::string_view tag) {
  for (uint32_t t : col.tags)
    if (catalog.TagName(t) == tag) return true;
  return false;
}

void ExamineColumn(const Catalog& catalog, int32_t id, const Samples& samples, DiscoverResult* out) {
  const Catalog::Column& col = catalog.column(id);
  const Catalog::Table& table = catalog.table(col.table_id);
  std::string qname = TagsFileName(table.schema, table.name, col.name);
  auto sampled = samples.find(id);
  bool has_samples = sampled != samples.end();
  ValueCount counts[std::size(kAllChecks) + 1];
  if (has_samples) {
    for (Check c : kAllChecks) {
      ValueCount& vc = counts[static_cast<size_t>(c)];
      for (const std::string& v : sampled->second) {
        ++vc.total;
        if (Validate(c, v)) ++vc.pass;
      }
    }
  }
  std::vector<Proposal> found;
  auto propose = [&](const std::string& tag, double confidence, std::string evidence) {
    if (HasTag(catalog, col, tag)) return;
    for (const Proposal& p : found)
      if (p.tag == tag) return;
    found.push_back({id, qname, tag, confidence, std::move(evidence)});
  };
  std::string type_text = col.type.empty() ? "" : " " + col.type;
  std::optional<NameMatch> name = MatchColumnName(col.name);
  if (name) {
    std::string why = "name `" + col.name + "` (dictionary: \"" + name->entry + "\")";
    ValueCount vc = counts[static_cast<size_t>(name->check)];
    if (!name->negated_by.empty()) {
      out->rejected.push_back({qname, name->tag,
                               "name holds \"" + name->entry + "\" but `" + name->negated_by +
                                   "` says the column describes it rather than holds it"});
    } else if (!TypeCanHold(col.type, name->tag)) {
      out->rejected.push_back({qname, name->tag, "name suggests it but type" + type_text + " cannot hold it"});
    } else if (has_samples && name->check != Check::kNone && vc.total > 0) {
      if (vc.share() >= kValueShare) {
        propose(name->tag, 0.95, why + "; " + vc.Text(name->check));
      } else if (vc.share() < 0.2) {
        out->rejected.push_back({qname, name->tag, "name suggests it but only " + vc.Text(name->check)});
      } else {
        propose(name->tag, 0.45, why + "; only " + vc.Text(name->check));
      }
    } else if (has_samples && sampled->second.empty()) {
      propose(name->tag, name->confidence, why + "; no non-null values to sample");
    } else {
      propose(name->tag, name->confidence,
              why + (has_samples ? "; sampled values not checked (no validator for this tag)" : ""));
    }
  }
  for (Check c : kAllChecks) {
    const ValueCount& vc = counts[static_cast<size_t>(c)];
    if (vc.total == 0 || vc.share() < kValueShare) continue;
    std::string about = name && name->tag != CheckTag(c) ? "name `" + col.name + "` suggests " + name->tag + " instead"
                        : name                          ? "name `" + col.name + "` describes it"
                                                        : "name `" + col.name + "` says nothing about it";
    // Few values are weak evidence: under 5, a medium confidence.
    propose(std::string(CheckTag(c)), vc.total >= 5 ? 0.85 : 0.6, vc.Text(c) + " (" + about + ")");
  }
  if (col.type == "inet" || col.type == "cidr") propose("pii.ip", 0.6, "type " + col.type);
  if (has_samples) ++out->sampled;
  for (Proposal& p : found) out->proposals.push_back(std::move(p));
}

}  // namespace

DiscoverResult Discover(const Catalog& catalog, const Samples& samples) {
  DiscoverResult out;
  std::vector<int32_t> tables;
  for (size_t t = 0; t < catalog.table_count(); ++t) {
    const Catalog::Table& table = catalog.table(static_cast<int32_t>(t));
    if (!table.dropped && table.kind == RelationKind::kTable && table.schema != kTempSchema)
      tables.push_back(static_cast<int32_t>(t));
  }
  std::sort(tables.begin(), tables.end(),
            [&](int32_t a, int32_t b) { return catalog.table(a).qname < catalog.table(b).qname; });
  for (int32_t t : tables) {
    for (int32_t c : catalog.table(t).columns) {
      if (catalog.column(c).dropped) continue;
      ++out.columns;
      ExamineColumn(catalog, c, samples, &out);
    }
  }
  return out;
}

std::string TagsFileName(const std::string& schema, const std::string& table, const std::string& column) {
  return Part(schema) + "." + Part(table) + "." + Part(column);
}

std::string RenderTagsFile(const DiscoverResult& result, const std::string& source) {
  std::string out =
      "# Tags proposed by `govern catalog discover` from " + source +
      ".\n"
      "# REVIEW BEFORE USE: nothing here is enforced until a person has checked every line\n"
      "# and added this file to [catalog] sources in govern.toml (docs/catalog.md, \"Discovering tags\").\n"
      "# `#? ` lines are low-confidence proposals (remove `#? ` to accept one); `# not proposed:`\n"
      "# lines are names that looked personal but whose type or values say otherwise.\n"
      "# Sampled values are never written here: the evidence is counts only.\n"
      "# column\ttag\t# confidence (high >= 0.80, medium >= 0.50, low): evidence\n";
  for (const Proposal& p : result.proposals) {
    if (p.confidence < kActiveConfidence) out += "#? ";
    out += p.qname + "\t" + p.tag + "\t# confidence " + Fixed2(p.confidence) + " (" + std::string(Level(p.confidence)) +
           "): " + p.evidence + "\n";
  }
  for (const Rejection& r : result.rejected)
    out += "# not proposed: " + r.qname + " " + r.tag + ": " + r.reason + "\n";
  return out;
}

}  // namespace govern::onboard
