#include "auth/identities.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <toml++/toml.h>

namespace govern::proxy {
namespace {

std::string Where(const std::string& file, const toml::node& node) {
  const auto& src = node.source();
  return file + ":" + std::to_string(src.begin.line) + ":" + std::to_string(src.begin.column) + ": ";
}

Status StringList(const std::string& file, const toml::node& node, const char* key, std::vector<std::string>* out) {
  const toml::array* array = node.as_array();
  if (array == nullptr) return Status::Error(Where(file, node) + key + " must be an array of strings");
  for (const toml::node& e : *array) {
    const auto* s = e.as_string();
    if (s == nullptr) return Status::Error(Where(file, e) + key + " must be an array of strings");
    out->push_back(s->get());
  }
  return Status::Ok();
}

}  // namespace

Expected<Identities> Identities::Parse(std::string_view text, const std::string& file) {
  toml::table parsed;
  try {
    parsed = toml::parse(text, file);
  } catch (const toml::parse_error& e) {
    return Status::Error(file + ":" + std::to_string(e.source().begin.line) + ":" +
                         std::to_string(e.source().begin.column) + ": " + std::string(e.description()));
  }
  Identities out;
  const toml::table& root = parsed;
  for (const auto& [key, node] : root) {
    if (key.str() != "identity") return Status::Error(Where(file, node) + "unknown key `" + std::string(key.str()) + "`");
  }
  const toml::table* identities = root["identity"].as_table();
  if (root.contains("identity") && identities == nullptr)
    return Status::Error(file + ": `identity` must be a table of identities");
  if (identities == nullptr) return out;
  for (const auto& [name, node] : *identities) {
    const toml::table* t = node.as_table();
    if (t == nullptr) return Status::Error(Where(file, node) + "identity." + std::string(name.str()) + " must be a table");
    IdentityEntry e;
    e.name = std::string(name.str());
    if (e.name.empty()) return Status::Error(Where(file, node) + "empty identity name");
    for (const auto& [k, v] : *t) {
      std::string_view key = k.str();
      if (key == "scram") {
        if (!v.is_string()) return Status::Error(Where(file, v) + "scram must be a string");
        e.scram = v.as_string()->get();
        if (auto parsed_verifier = scram::ParseVerifier(e.scram); !parsed_verifier.ok())
          return Status::Error(Where(file, v) + parsed_verifier.status().message());
      } else if (key == "cert") {
        if (!v.is_boolean()) return Status::Error(Where(file, v) + "cert must be true or false");
        e.cert = v.as_boolean()->get();
      } else if (key == "groups" || key == "roles") {
        if (Status s = StringList(file, v, key == "groups" ? "groups" : "roles", key == "groups" ? &e.groups : &e.roles);
            !s.ok())
          return s;
      } else if (key == "purpose" || key == "kind") {
        if (!v.is_string()) return Status::Error(Where(file, v) + std::string(key) + " must be a string");
        (key == "purpose" ? e.purpose : e.kind) = v.as_string()->get();
        if (key == "kind" && e.kind != "human" && e.kind != "service" && e.kind != "agent")
          return Status::Error(Where(file, v) + "kind must be human, service or agent");
      } else if (key == "attr") {
        const toml::table* attrs = v.as_table();
        if (attrs == nullptr) return Status::Error(Where(file, v) + "attr must be a table of strings");
        for (const auto& [ak, av] : *attrs) {
          if (!av.is_string()) return Status::Error(Where(file, av) + "attr." + std::string(ak.str()) + " must be a string");
          e.attrs.emplace_back(std::string(ak.str()), av.as_string()->get());
        }
      } else {
        return Status::Error(Where(file, v) + "unknown key `" + std::string(key) + "` in identity." + e.name);
      }
    }
    if (e.scram.empty() && !e.cert)
      return Status::Error(Where(file, node) + "identity." + e.name + " has no scram verifier (and no cert = true)");
    out.entries_[e.name] = std::move(e);
  }
  return out;
}

Expected<Identities> Identities::Load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Error("cannot read " + path + ": " + std::strerror(errno));
  std::stringstream ss;
  ss << in.rdbuf();
  return Parse(ss.str(), path);
}

Expected<Identities> Identities::LoadOrEmpty(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0 && errno == ENOENT) return Identities();
  return Load(path);
}

const IdentityEntry* Identities::Find(std::string_view name) const {
  auto it = entries_.find(name);
  return it == entries_.end() ? nullptr : &it->second;
}

void Identities::Put(IdentityEntry entry) {
  std::string name = entry.name;
  entries_[name] = std::move(entry);
}

std::string Identities::Serialize() const {
  toml::table root;
  toml::table identities;
  for (const auto& [name, e] : entries_) {
    toml::table t;
    if (!e.scram.empty()) t.insert("scram", e.scram);
    if (e.cert) t.insert("cert", true);
    toml::array groups, roles;
    for (const std::string& g : e.groups) groups.push_back(g);
    for (const std::string& r : e.roles) roles.push_back(r);
    t.insert("groups", groups);
    t.insert("roles", roles);
    if (!e.purpose.empty()) t.insert("purpose", e.purpose);
    if (!e.kind.empty()) t.insert("kind", e.kind);
    if (!e.attrs.empty()) {
      toml::table attrs;
      for (const auto& [k, v] : e.attrs) attrs.insert_or_assign(k, v);
      t.insert("attr", attrs);
    }
    identities.insert(name, t);
  }
  root.insert("identity", identities);
  std::stringstream out;
  out << "# govern proxy identities: SCRAM-SHA-256 verifiers, never passwords (govern identity add)\n";
  out << root << "\n";
  return out.str();
}

Status Identities::Save(const std::string& path) const {
  std::string tmp = path + ".tmp";
  std::string text = Serialize();
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) return Status::Error("cannot write " + tmp + ": " + std::strerror(errno));
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      return Status::Error("cannot write " + tmp + ": " + std::strerror(err));
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) return Status::Error("cannot write " + tmp + ": " + std::strerror(errno));
  if (::rename(tmp.c_str(), path.c_str()) != 0) return Status::Error("cannot rename " + tmp + ": " + std::strerror(errno));
  return Status::Ok();
}

}  // namespace govern::proxy
