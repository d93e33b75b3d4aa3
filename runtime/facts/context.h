// The request context a decision is made for: who runs the statement, where.
// Views only; the caller owns the strings for the duration of a decision.
#pragma once

#include <cstdint>
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
  // 0, or a promise by the context's owner: every Context that carries this
  // stamp views the same bytes in every field (NewContextStamp() gives a new
  // one; OwnedContext::Freeze() stamps its view). The decision cache then
  // knows a repeated context by its stamp instead of comparing its fields.
  // Owners that reuse buffers between decisions leave it 0.
  uint64_t stamp = 0;
};

// A stamp no other Context of the process has had (never 0). Out of line:
// one counter for the process, whatever links the runtime.
uint64_t NewContextStamp() noexcept;

}  // namespace govern
