// Identities as JSON (the CLI's --identity, identity files of the proxy).
#include <nlohmann/json.hpp>

#include "govern/govern.h"

namespace govern {

OwnedContext& OwnedContext::operator=(const OwnedContext& other) {
  if (this == &other) return *this;
  user = other.user;
  purpose = other.purpose;
  kind = other.kind;
  env = other.env;
  database = other.database;
  application = other.application;
  groups = other.groups;
  roles = other.roles;
  attrs = other.attrs;
  view();  // this object's own views, unstamped (never the other's stamp)
  return *this;
}

const Context& OwnedContext::view() {
  group_views_.assign(groups.begin(), groups.end());
  role_views_.assign(roles.begin(), roles.end());
  attr_views_.clear();
  for (const auto& [k, v] : attrs) attr_views_.push_back({k, v});
  context_.identity.user = user;
  context_.identity.purpose = purpose;
  context_.identity.kind = kind;
  context_.identity.groups = group_views_;
  context_.identity.roles = role_views_;
  context_.identity.attrs = attr_views_;
  context_.env = env;
  context_.database = database;
  context_.application = application;
  context_.stamp = 0;
  return context_;
}

const Context& OwnedContext::Freeze() {
  view();
  context_.stamp = NewContextStamp();
  return context_;
}

namespace {

constexpr IdentityJsonKey kIdentityKeys[] = {
    {"user", "string", "identity.user"},
    {"groups", "array of strings", "identity.groups"},
    {"roles", "array of strings", "identity.roles"},
    {"purpose", "string", "identity.purpose"},
    {"kind", "\"human\", \"service\" or \"agent\"", "identity.kind"},
    {"attr", "object of strings", "identity.attr.NAME"},
    {"database", "string", "session.database"},
    {"application", "string", "session.application"},
};

}  // namespace

std::span<const IdentityJsonKey> IdentityJsonKeys() { return kIdentityKeys; }

Expected<OwnedContext> ParseIdentityJson(std::string_view text) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Status::Error("identity: not valid JSON");
  if (!j.is_object()) return Status::Error("identity: expected a JSON object like {\"user\":\"ana\",\"groups\":[\"analyst\"]}");
  OwnedContext c;
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& key = it.key();
    const nlohmann::json& v = it.value();
    auto str = [&](std::string* out) -> Status {
      if (!v.is_string()) return Status::Error("identity: \"" + key + "\" must be a string");
      *out = v.get<std::string>();
      return Status::Ok();
    };
    auto list = [&](std::vector<std::string>* out) -> Status {
      if (!v.is_array()) return Status::Error("identity: \"" + key + "\" must be an array of strings");
      for (const auto& e : v) {
        if (!e.is_string()) return Status::Error("identity: \"" + key + "\" must be an array of strings");
        out->push_back(e.get<std::string>());
      }
      return Status::Ok();
    };
    Status s;
    if (key == "user") s = str(&c.user);
    else if (key == "purpose") s = str(&c.purpose);
    else if (key == "kind") {
      s = str(&c.kind);
      if (s.ok() && c.kind != "human" && c.kind != "service" && c.kind != "agent")
        s = Status::Error("identity: \"kind\" must be \"human\", \"service\" or \"agent\"");
    } else if (key == "groups") s = list(&c.groups);
    else if (key == "roles") s = list(&c.roles);
    else if (key == "database") s = str(&c.database);
    else if (key == "application") s = str(&c.application);
    else if (key == "attr") {
      if (!v.is_object()) s = Status::Error("identity: \"attr\" must be an object of strings");
      for (auto a = v.begin(); s.ok() && a != v.end(); ++a) {
        if (!a.value().is_string()) s = Status::Error("identity: attr \"" + a.key() + "\" must be a string");
        else c.attrs.emplace_back(a.key(), a.value().get<std::string>());
      }
    } else {
      std::string keys;
      for (const IdentityJsonKey& k : kIdentityKeys) keys += (keys.empty() ? "" : ", ") + std::string(k.key);
      s = Status::Error("identity: unknown key \"" + key + "\" (keys: " + keys + ")");
    }
    if (!s.ok()) return s;
  }
  return c;
}

}  // namespace govern
