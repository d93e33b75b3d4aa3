#include "baseline.h"

#include <filesystem>
#include <map>
#include <set>
#include <nlohmann/json.hpp>
#include <tuple>

#include "file_set.h"

namespace govern::lint {

std::string WriteBaseline(const std::vector<FileResult>& files, const std::string& base_dir) {
  nlohmann::json list = nlohmann::json::array();
  for (const FileResult& f : files)
    for (const Finding& x : f.findings)
      list.push_back({{"rule", x.rule}, {"file", RelativeTo(f.file, base_dir)}, {"fingerprint", x.fingerprint}, {"message", x.message}});
  nlohmann::json doc = {{"version", 1}, {"findings", list}};
  return doc.dump(1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

Expected<BaselineResult> ApplyBaseline(const std::string& baseline_json, const std::string& base_dir,
                                       std::vector<FileResult>* files) {
  nlohmann::json doc = nlohmann::json::parse(baseline_json, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("findings") || !doc["findings"].is_array())
    return Status::Error("baseline: not a govern baseline (expected {\"version\":1,\"findings\":[...]})");
  using Key = std::tuple<std::string, std::string, std::string>;
  std::map<Key, int> remaining;
  std::vector<BaselineEntry> entries;
  for (const auto& e : doc["findings"]) {
    if (!e.is_object() || !e.contains("rule") || !e.contains("file") || !e.contains("fingerprint") ||
        !e["rule"].is_string() || !e["file"].is_string() || !e["fingerprint"].is_string())
      return Status::Error("baseline: each finding needs string \"rule\", \"file\" and \"fingerprint\"");
    BaselineEntry entry{e["rule"].get<std::string>(), e["file"].get<std::string>(), e["fingerprint"].get<std::string>(),
                        e.contains("message") && e["message"].is_string() ? e["message"].get<std::string>() : ""};
    ++remaining[{entry.rule, entry.file, entry.fingerprint}];
    entries.push_back(std::move(entry));
  }
  BaselineResult result;
  std::set<std::string> linted;
  for (FileResult& f : *files) {
    std::string rel = RelativeTo(f.file, base_dir);
    linted.insert(rel);
    std::vector<Finding> kept;
    for (Finding& x : f.findings) {
      auto it = remaining.find({x.rule, rel, x.fingerprint});
      if (it != remaining.end() && it->second > 0 && !x.fingerprint.empty()) {
        --it->second;
        ++result.removed;
        continue;
      }
      kept.push_back(std::move(x));
    }
    f.findings = std::move(kept);
  }
  // What is left matched nothing; name each entry once per unmatched copy.
  for (BaselineEntry& e : entries) {
    auto it = remaining.find({e.rule, e.file, e.fingerprint});
    if (it->second <= 0) continue;
    std::error_code ec;
    bool gone = !std::filesystem::exists(std::filesystem::path(base_dir) / e.file, ec);
    if (!linted.count(e.file) && !gone) continue;
    --it->second;
    result.unmatched.push_back(std::move(e));
  }
  return result;
}

}  // namespace govern::lint
