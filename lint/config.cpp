#include "config.h"

#include <toml++/toml.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

namespace govern::lint {
namespace fs = std::filesystem;

std::string_view SeverityName(Severity s) {
  switch (s) {
    case Severity::kError: return "error";
    case Severity::kWarning: return "warning";
    case Severity::kNote: return "note";
  }
  return "error";
}

namespace {

std::string Where(const std::string& path, const toml::source_region& r) {
  return path + ":" + std::to_string(r.begin.line) + ":" + std::to_string(r.begin.column);
}

// A string or an array of strings, none of them empty (an empty path or
// glob would stand for the current directory or match nothing: an error).
Status Strings(const std::string& path, const toml::node* node, const char* what, std::vector<std::string>* out) {
  if (!node) return Status::Ok();
  if (auto s = node->value<std::string>()) {
    if (s->empty()) return Status::Error(Where(path, node->source()) + ": " + what + " must not be empty");
    out->push_back(*s);
    return Status::Ok();
  }
  const toml::array* arr = node->as_array();
  if (!arr) return Status::Error(Where(path, node->source()) + ": " + what + " must be a string or an array of strings");
  for (const toml::node& e : *arr) {
    auto s = e.value<std::string>();
    if (!s) return Status::Error(Where(path, e.source()) + ": " + what + " must contain strings");
    if (s->empty()) return Status::Error(Where(path, e.source()) + ": " + what + " must not contain an empty string");
    out->push_back(*s);
  }
  return Status::Ok();
}

// An optional string key: absent leaves `out` as it is; anything but a
// non-empty string is an error (not silently ignored).
Status String(const std::string& path, const toml::table& t, const char* key, const char* what, std::string* out) {
  const toml::node* n = t.get(key);
  if (!n) return Status::Ok();
  auto v = n->value<std::string>();
  if (!v || v->empty()) return Status::Error(Where(path, n->source()) + ": " + what + " must be a non-empty string");
  *out = *v;
  return Status::Ok();
}

Status CheckKeys(const std::string& path, const toml::table& t, std::initializer_list<std::string_view> allowed,
                 const char* section) {
  for (const auto& [key, node] : t) {
    bool ok = false;
    for (auto a : allowed) ok = ok || key.str() == a;
    if (!ok) {
      std::string list;
      for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
      return Status::Error(Where(path, node.source()) + ": unknown key `" + std::string(key.str()) + "` in " + section +
                           " (keys: " + list + ")");
    }
  }
  return Status::Ok();
}

// [[profile]] identity = { user = "...", groups = [...], ... } -> JSON text.
Status IdentityJson(const std::string& path, const toml::node* node, std::string* out) {
  if (!node) {
    *out = "{}";
    return Status::Ok();
  }
  const toml::table* t = node->as_table();
  if (!t) return Status::Error(Where(path, node->source()) + ": identity must be a table");
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [key, value] : *t) {
    std::string k(key.str());
    if (auto s = value.value<std::string>()) {
      j[k] = *s;
    } else if (const toml::array* arr = value.as_array()) {
      nlohmann::json a = nlohmann::json::array();
      for (const toml::node& e : *arr) {
        auto s2 = e.value<std::string>();
        if (!s2) return Status::Error(Where(path, e.source()) + ": identity." + k + " must contain strings");
        a.push_back(*s2);
      }
      j[k] = a;
    } else if (const toml::table* sub = value.as_table()) {
      nlohmann::json o = nlohmann::json::object();
      for (const auto& [sk, sv] : *sub) {
        auto s3 = sv.value<std::string>();
        if (!s3) return Status::Error(Where(path, sv.source()) + ": identity." + k + " values must be strings");
        o[std::string(sk.str())] = *s3;
      }
      j[k] = o;
    } else {
      return Status::Error(Where(path, value.source()) + ": identity." + k + " must be a string, array or table");
    }
  }
  *out = j.dump();
  return Status::Ok();
}

Status Parse(const std::string& path, const toml::table& root, LintConfig* c) {
  if (Status s = CheckKeys(path, root, {"policies", "catalog", "lint", "profile"}, "govern.toml"); !s.ok()) return s;
  if (const toml::table* p = root["policies"].as_table()) {
    if (Status s = CheckKeys(path, *p, {"sources", "bundle", "verify_key"}, "[policies]"); !s.ok()) return s;
    if (Status s = Strings(path, p->get("sources"), "policies.sources", &c->policy_sources); !s.ok()) return s;
    if (Status s = String(path, *p, "bundle", "policies.bundle", &c->bundle); !s.ok()) return s;
    if (Status s = String(path, *p, "verify_key", "policies.verify_key", &c->verify_key); !s.ok()) return s;
  }
  if (const toml::table* k = root["catalog"].as_table()) {
    if (Status s = CheckKeys(path, *k, {"sources", "search_path", "allow_no_catalog"}, "[catalog]"); !s.ok()) return s;
    if (const toml::node* a = k->get("allow_no_catalog")) {
      auto v = a->value<bool>();
      if (!v) return Status::Error(Where(path, a->source()) + ": catalog.allow_no_catalog must be true or false");
      c->allow_no_catalog = *v;
    }
    if (Status s = Strings(path, k->get("sources"), "catalog.sources", &c->catalog_sources); !s.ok()) return s;
    if (Status s = Strings(path, k->get("search_path"), "catalog.search_path", &c->search_path); !s.ok()) return s;
  }
  if (const toml::table* l = root["lint"].as_table()) {
    if (Status s = CheckKeys(path, *l, {"fail_level", "disable", "exclude", "flow", "docs_url"}, "[lint]"); !s.ok())
      return s;
    if (const toml::node* f = l->get("flow")) {
      auto v = f->value<bool>();
      if (!v) return Status::Error(Where(path, f->source()) + ": lint.flow must be true or false");
      c->flow = *v;
    }
    if (const toml::node* d = l->get("docs_url")) {
      auto v = d->value<std::string>();
      if (!v || v->find("://") == std::string::npos)
        return Status::Error(Where(path, d->source()) + ": lint.docs_url must be a URL such as \"https://docs.example.org/govern/\"");
      c->docs_url = *v;
      if (c->docs_url.back() != '/') c->docs_url.push_back('/');
    }
    if (const toml::node* f = l->get("fail_level")) {
      auto v = f->value<std::string>();
      if (!v || (*v != "error" && *v != "warning"))
        return Status::Error(Where(path, f->source()) + ": lint.fail_level must be \"error\" or \"warning\"");
      c->fail_level = *v == "error" ? Severity::kError : Severity::kWarning;
    }
    if (Status s = Strings(path, l->get("disable"), "lint.disable", &c->disable); !s.ok()) return s;
    if (Status s = Strings(path, l->get("exclude"), "lint.exclude", &c->exclude); !s.ok()) return s;
  }
  if (const toml::node* profiles = root.get("profile")) {
    const toml::array* arr = profiles->as_array();
    if (!arr) return Status::Error(Where(path, profiles->source()) + ": write profiles as [[profile]] tables");
    for (const toml::node& n : *arr) {
      const toml::table* t = n.as_table();
      if (!t) return Status::Error(Where(path, n.source()) + ": a [[profile]] must be a table");
      if (Status s = CheckKeys(path, *t, {"name", "paths", "identity", "env"}, "[[profile]]"); !s.ok()) return s;
      Profile p;
      if (Status s = String(path, *t, "name", "profile.name", &p.name); !s.ok()) return s;
      if (Status s = String(path, *t, "env", "profile.env", &p.env); !s.ok()) return s;
      if (Status s = Strings(path, t->get("paths"), "profile.paths", &p.paths); !s.ok()) return s;
      if (p.paths.empty()) return Status::Error(Where(path, n.source()) + ": profile `" + p.name + "` has no paths");
      if (Status s = IdentityJson(path, t->get("identity"), &p.identity_json); !s.ok()) return s;
      c->profiles.push_back(std::move(p));
    }
  }
  if (!c->policy_sources.empty() && !c->bundle.empty())
    return Status::Error(path + ": [policies] takes `sources` or `bundle`, not both");
  if (!c->verify_key.empty() && c->bundle.empty())
    return Status::Error(path + ": [policies] verify_key applies to a `bundle`; policy sources are compiled, not verified");
  if (c->policy_sources.empty() && c->bundle.empty())
    return Status::Error(path + ": [policies] needs `sources` (policy files or directories) or `bundle`");
  return Status::Ok();
}

}  // namespace

Expected<LintConfig> ParseConfig(std::string_view text, const std::string& path) {
  LintConfig c;
  // Messages name the config as given, without `./` or `/./` segments.
  c.path = fs::path(path).lexically_normal().string();
  std::error_code ec;
  c.base_dir = fs::absolute(path, ec).lexically_normal().parent_path().string();
  try {
    toml::table root = toml::parse(text, path);
    if (Status s = Parse(path, root, &c); !s.ok()) return s;
  } catch (const toml::parse_error& e) {
    const auto& r = e.source();
    std::string where = r.begin.line ? ":" + std::to_string(r.begin.line) + ":" + std::to_string(r.begin.column) : "";
    return Status::Error(path + where + ": " + std::string(e.description()));
  }
  auto rel = [&](std::string& p) {
    if (!p.empty() && fs::path(p).is_relative()) p = (fs::path(c.base_dir) / p).lexically_normal().string();
  };
  for (auto& p : c.policy_sources) rel(p);
  for (auto& p : c.catalog_sources) rel(p);
  rel(c.bundle);
  rel(c.verify_key);
  return c;
}

Expected<LintConfig> LoadConfig(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Error(path + ": cannot be read (" + std::strerror(errno) + ")");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return ParseConfig(text, path);
}

std::string FindConfigUpward(const std::string& start_dir) {
  std::error_code ec;
  fs::path dir = fs::absolute(start_dir, ec).lexically_normal();
  if (dir.has_relative_path() && !dir.has_filename()) dir = dir.parent_path();  // "/a/b/" -> "/a/b"
  while (!dir.empty()) {
    fs::path candidate = dir / "govern.toml";
    if (fs::is_regular_file(candidate, ec)) return candidate.string();
    if (dir == dir.parent_path()) break;
    dir = dir.parent_path();
  }
  return "";
}

Expected<LintConfig> FindAndLoadConfig(const std::string& path) {
  std::string config_path = path.empty() ? FindConfigUpward(".") : path;
  if (config_path.empty()) return Status::Error("no govern.toml here or above; pass --config FILE (docs/lint.md)");
  return LoadConfig(config_path);
}

}  // namespace govern::lint
