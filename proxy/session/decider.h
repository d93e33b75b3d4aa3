// Decider: the decide stage. Turns one SQL text (a simple Query's text, a
// Parse's query) into one verdict for the client connection, with the
// connection's search_path and identity. One Decider per event-loop thread;
// it keeps one runtime Session (analyzer + decision cache) per distinct
// search_path, so a cached decision is always keyed by the path it was made
// under. Knows nothing about sockets or the wire.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "govern/govern.h"

namespace govern::proxy {

struct ProxyVerdict {
  enum class Kind : uint8_t { kAllow, kDeny, kApproval };
  Kind kind = Kind::kAllow;
  std::string rule;       // "policy.rule", "default" (default deny) or "govern.parse_error"
  std::string message;    // the rendered message of that rule
  size_t statements = 0;  // statements in the text
  StatementKind first_kind = StatementKind::k_unknown;  // kind of the deciding (or first) statement
  std::string ErrorText() const { return rule + ": " + message; }
};

class Decider {
 public:
  explicit Decider(std::shared_ptr<const Engine> engine);
  // Every statement of `sql`; a deny anywhere wins over an approval, which
  // wins over allow. Text that does not parse is denied (fail closed).
  ProxyVerdict Decide(std::string_view sql, const std::vector<std::string>& search_path, const Context& context);
  const Engine& engine() const { return *engine_; }
  uint64_t cache_hits() const;

 private:
  Session& SessionFor(const std::vector<std::string>& search_path);
  void Take(ProxyVerdict* out, Session& session, const Decision& d, const StatementFacts& facts, const Context& ctx);

  std::shared_ptr<const Engine> engine_;
  std::map<std::string, std::unique_ptr<Session>> sessions_;
  static constexpr size_t kMaxSessions = 64;
};

}  // namespace govern::proxy
