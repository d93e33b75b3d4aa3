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

#include "engine_slot.h"
#include "govern/govern.h"

namespace govern::proxy {

struct ProxyVerdict {
  enum class Kind : uint8_t { kAllow, kDeny, kApproval };
  Kind kind = Kind::kAllow;
  std::string rule;       // "policy.rule", "default" (default deny) or "govern.parse_error"
  std::string message;    // the rendered message of that rule
  std::string group;      // kApproval: the group the rule names (`require approval from GROUP`)
  size_t statements = 0;  // statements in the text
  StatementKind first_kind = StatementKind::k_unknown;  // kind of the deciding (or first) statement
  bool sets_session = false;  // a SET/RESET or utility statement (DISCARD) is among them
  std::string ErrorText() const { return rule + ": " + message; }
};

class Decider {
 public:
  // Decides with the slot's engine; picks up a new one (SIGHUP) before the
  // next decision after the slot's version moved.
  explicit Decider(const EngineSlot& slot);
  // Every statement of `sql`; a deny anywhere wins over an approval, which
  // wins over allow. Text that does not parse is denied (fail closed).
  ProxyVerdict Decide(std::string_view sql, const std::vector<std::string>& search_path, const Context& context);
  // The version of the engine decisions are made with (after picking up a
  // newer one): a statement decided under another version is decided again.
  uint64_t version();
  uint64_t cache_hits() const;

 private:
  Session& SessionFor(const std::vector<std::string>& search_path);
  void Take(ProxyVerdict* out, Session& session, const Decision& d, const StatementFacts& facts, const Context& ctx);

  const EngineSlot& slot_;
  uint64_t version_ = 0;
  std::shared_ptr<const Engine> engine_;
  std::map<std::string, std::unique_ptr<Session>> sessions_;
  static constexpr size_t kMaxSessions = 64;
};

}  // namespace govern::proxy
