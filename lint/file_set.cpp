#include "file_set.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <set>

#include "core/glob.h"

namespace govern::lint {
namespace fs = std::filesystem;

std::string RelativeTo(const std::string& path, const std::string& base) {
  std::error_code ec;
  fs::path rel = fs::relative(fs::absolute(path, ec), fs::absolute(base, ec), ec);
  if (ec || rel.empty()) return path;
  return rel.generic_string();
}

std::string DisplayPath(const std::string& path, const std::string& root) {
  std::error_code ec;
  fs::path abs = fs::absolute(path, ec).lexically_normal();
  fs::path rel = abs.lexically_relative(fs::absolute(root, ec).lexically_normal());
  std::string r = rel.generic_string();
  if (ec || r.empty() || r == ".." || r.rfind("../", 0) == 0) return abs.generic_string();
  return r;
}

std::string SourceRoot(const std::string& dir) {
  std::error_code ec;
  fs::path start = fs::absolute(dir, ec).lexically_normal();
  for (fs::path p = start; !p.empty(); p = p.parent_path()) {
    if (fs::exists(p / ".git", ec)) return p.string();
    if (p == p.parent_path()) break;
  }
  return start.string();
}

namespace {

bool Excluded(const std::string& file, const std::vector<std::string>& exclude, const std::string& base_dir) {
  std::string rel = RelativeTo(file, base_dir);
  for (const auto& g : exclude)
    if (GlobMatch(g, rel)) return true;
  return false;
}

Status Walk(const fs::path& dir, const std::string& glob, std::vector<std::string>* out) {
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, fs::directory_options::skip_permission_denied, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const fs::path& p = it->path();
    if (it->is_directory() && p.filename().string().rfind('.', 0) == 0) {
      it.disable_recursion_pending();  // .git, .venv, ...
      continue;
    }
    if (!it->is_regular_file()) continue;
    std::string s = p.generic_string();
    if (glob.empty() ? p.extension() == ".sql" : GlobMatch(glob, s)) out->push_back(s);
  }
  if (ec) return Status::Error(dir.string() + ": " + ec.message());
  return Status::Ok();
}

}  // namespace

Expected<std::vector<std::string>> ExpandPaths(const std::vector<std::string>& paths,
                                               const std::vector<std::string>& exclude, const std::string& base_dir) {
  std::vector<std::string> files;
  for (const std::string& p : paths) {
    std::error_code ec;
    if (p.find_first_of("*?") != std::string::npos) {
      // Walk from the longest directory prefix without wildcards.
      size_t wild = p.find_first_of("*?");
      size_t slash = p.rfind('/', wild);
      std::string root = slash == std::string::npos ? "." : p.substr(0, slash == 0 ? 1 : slash);
      std::string glob = slash == std::string::npos ? "./" + p : p;
      size_t before = files.size();
      if (Status s = Walk(root, glob, &files); !s.ok()) return s;
      if (files.size() == before) return Status::Error(p + ": no file matches this pattern");
    } else if (fs::is_directory(p, ec)) {
      if (Status s = Walk(p, "", &files); !s.ok()) return s;
    } else if (fs::is_regular_file(p, ec)) {
      files.push_back(p);
    } else {
      return Status::Error(p + ": no such file or directory");
    }
  }
  std::vector<std::string> kept;
  std::set<std::string> seen;
  for (auto& f : files) {
    std::string key = fs::weakly_canonical(f).string();
    if (!seen.insert(key).second || Excluded(f, exclude, base_dir)) continue;
    std::string normal = fs::path(f).lexically_normal().generic_string();
    if (normal.rfind("./", 0) == 0) normal.erase(0, 2);
    kept.push_back(normal);
  }
  std::sort(kept.begin(), kept.end());
  return kept;
}

Expected<std::vector<std::string>> ChangedSince(const std::string& ref, const std::string& dir) {
  if (ref.empty() || ref[0] == '-' || ref.find_first_of("'\"`$;&|<>\\\n") != std::string::npos)
    return Status::Error("--since: not a git ref: " + ref);
  std::string top_cmd = "git -C '" + dir + "' rev-parse --show-toplevel 2>/dev/null";
  auto run = [](const std::string& cmd, std::string* out) -> bool {
    std::unique_ptr<FILE, int (*)(FILE*)> p(popen(cmd.c_str(), "r"), &pclose);
    if (!p) return false;
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p.get())) > 0) out->append(buf, n);
    return pclose(p.release()) == 0;
  };
  std::string top;
  if (!run(top_cmd, &top) || top.empty()) return Status::Error("--since needs a git work tree (" + dir + " is not in one)");
  while (!top.empty() && top.back() == '\n') top.pop_back();
  std::string names;
  if (!run("git -C '" + top + "' diff --name-only --diff-filter=ACMR '" + ref + "' -- 2>/dev/null", &names))
    return Status::Error("--since: git cannot diff against '" + ref + "'");
  if (!run("git -C '" + top + "' ls-files --others --exclude-standard 2>/dev/null", &names))
    return Status::Error("--since: git ls-files failed");
  std::vector<std::string> out;
  size_t start = 0;
  while (start < names.size()) {
    size_t end = names.find('\n', start);
    if (end == std::string::npos) end = names.size();
    if (end > start) out.push_back((fs::path(top) / names.substr(start, end - start)).lexically_normal().string());
    start = end + 1;
  }
  return out;
}

}  // namespace govern::lint
