// The request context a decision is made for: who runs the statement, where.
// Views only; the caller owns the strings for the duration of a decision.
#pragma once

#include <span>
#include <string_view>
#include <utility>

namespace govern {

struct Attribute {
  std::string_view name;
  std::string_view value;
};

struct Identity {
  std::string_view user;
  std::string_view purpose;
  std::string_view kind;  // "human", "service" or "agent"
  std::span<const std::string_view> groups;
  std::span<const std::string_view> roles;
  std::span<const Attribute> attrs;
};

struct Context {
  Identity identity;
  std::string_view env;
  std::string_view database;     // session.database
  std::string_view application;  // session.application
};

}  // namespace govern
