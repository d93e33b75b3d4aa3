#include "baseline.h"

#include <map>
#include <nlohmann/json.hpp>
#include <tuple>

#include "file_set.h"

namespace govern::lint {

std::string WriteBaseline(const std::vector<FileResult>& files, const std::string& base_dir) {
  nlohmann::json list = nlohmann::json::array();
  for (const FileResult& f : files)
    for (const Finding& x : f.findings)
      list.push_back({{"rule", x.rule}, {"file", RelativeTo(x.file, base_dir)}, {"fingerprint", x.fingerprint}, {"message", x.message}});
  nlohmann::json doc = {{"version", 1}, {"findings", list}};
  return doc.dump(1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

Expected<size_t> ApplyBaseline(const std::string& baseline_json, const std::string& base_dir,
                               std::vector<FileResult>* files) {
  nlohmann::json doc = nlohmann::json::parse(baseline_json, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("findings") || !doc["findings"].is_array())
    return Status::Error("baseline: not a govern baseline (expected {\"version\":1,\"findings\":[...]})");
  std::map<std::tuple<std::string, std::string, std::string>, int> remaining;
  for (const auto& e : doc["findings"]) {
    if (!e.is_object() || !e.contains("rule") || !e.contains("file") || !e.contains("fingerprint") ||
        !e["rule"].is_string() || !e["file"].is_string() || !e["fingerprint"].is_string())
      return Status::Error("baseline: each finding needs string \"rule\", \"file\" and \"fingerprint\"");
    ++remaining[{e["rule"].get<std::string>(), e["file"].get<std::string>(), e["fingerprint"].get<std::string>()}];
  }
  size_t removed = 0;
  for (FileResult& f : *files) {
    std::vector<Finding> kept;
    for (Finding& x : f.findings) {
      auto it = remaining.find({x.rule, RelativeTo(x.file, base_dir), x.fingerprint});
      if (it != remaining.end() && it->second > 0 && !x.fingerprint.empty()) {
        --it->second;
        ++removed;
        continue;
      }
      kept.push_back(std::move(x));
    }
    f.findings = std::move(kept);
  }
  return removed;
}

}  // namespace govern::lint
