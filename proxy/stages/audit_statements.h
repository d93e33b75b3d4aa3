// StatementDescriber: the per-statement part of `statement` audit records
// (docs/audit.md): kind, fingerprint, normalized SQL (constants stripped:
// never literal or parameter values), rules fired, columns read and written,
// and each result column with its lineage, tags and mask. One per event loop,
// like the Decider; it analyses with its own runtime Session and keeps the
// descriptions of recent texts (same text, search_path, identity, engine and
// catalog: same description).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine_slot.h"
#include "govern/govern.h"

namespace govern::proxy {

class StatementDescriber {
 public:
  explicit StatementDescriber(const EngineSlot& slot) : slot_(slot) {}
  // One fragment per top-level statement of `sql` (",\"index\":0,\"kind\":...");
  // text that does not parse gets one fragment with its fingerprint and no SQL.
  // Valid until the next call.
  const std::vector<std::string>& Describe(std::string_view sql, const std::vector<std::string>& search_path,
                                           const Context& context);

 private:
  void Build(std::string_view sql, const std::vector<std::string>& search_path, const Context& context,
             std::vector<std::string>* out);

  const EngineSlot& slot_;
  uint64_t version_ = 0;
  std::shared_ptr<const Engine> engine_;
  std::unique_ptr<Session> session_;
  std::vector<std::string> session_path_;
  std::unordered_map<std::string, std::vector<std::string>> cache_;
  std::string key_;
  static constexpr size_t kMaxCached = 4096;
};

}  // namespace govern::proxy
