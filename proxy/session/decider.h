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
#include <unordered_map>
#include <vector>

#include "engine_slot.h"
#include "govern/govern.h"
#include "masking/mask_plan.h"
#include "session/cursor_text.h"

namespace govern::proxy {

// One top-level statement of a decided text, as the response tracker
// (session/responses.h) needs it once the server answers it. Null for a
// statement that needs nothing after it ran (no plan is allocated then).
struct StatementPlan {
  StatementKind kind = StatementKind::k_unknown;
  // Running it may change the catalog (DDL, tags derived by CREATE TABLE AS,
  // INSERT ... SELECT, ...): once it committed, the proxy reports it to the
  // runtime (Decider::Executed) so later decisions see the new relations.
  bool changes_catalog = false;
  std::string sql;                       // its own text (with changes_catalog)
  std::vector<std::string> search_path;  // the path it was decided with (with changes_catalog)
  // Masks apply to the identity for this statement: its result is checked
  // against the plan and rewritten (stages/mask_stage.h); null otherwise.
  std::shared_ptr<const MaskPlan> mask;
  // SQL cursors (session/cursor_text.h, session/connection_cursors.cpp), for
  // every identity: DECLARE, FETCH, MOVE, CLOSE and the cursor's name.
  CursorStatement::Op cursor_op = CursorStatement::Op::kNone;
  std::string cursor;         // "" with CLOSE ALL
  bool cursor_hold = false;   // DECLARE ... WITH HOLD
  // DECLARE: its query was decided as a statement of its own (its verdict is
  // the DECLARE's); the plan of its rows, which FETCH returns (null: not masked).
  std::shared_ptr<const MaskPlan> cursor_mask;
  std::string cursor_query;  // DECLARE: its query's text, until DecideCursors decided it
  // The catalog it was decided on and the engine's version: a masked result
  // whose relations changed since (or under another engine) is refused, its
  // masks planned on what no longer stands (Connection::PlanStale).
  std::shared_ptr<const CatalogView> catalog;
  uint64_t engine_version = 0;
};

struct ProxyVerdict {
  enum class Kind : uint8_t { kAllow, kDeny, kApproval };
  Kind kind = Kind::kAllow;
  std::string rule;       // "policy.rule", "default" (default deny) or "govern.parse_error"
  std::string message;    // the rendered message of that rule
  std::string group;      // kApproval: the group the rule names (`require approval from GROUP`)
  std::string approval;   // for the audit: the approval request that let it run, or that its refusal names
  size_t statements = 0;  // statements in the text
  StatementKind first_kind = StatementKind::k_unknown;  // kind of the deciding (or first) statement
  bool sets_session = false;  // a SET/RESET or utility statement (DISCARD) is among them
  // Top-level statements the server will answer one by one (a Query's
  // CommandCompletes); function and DO bodies are not counted.
  uint32_t top_level = 0;
  // Empty when no statement needs a plan; else one per top-level statement
  // (null where that one needs none).
  std::vector<std::shared_ptr<const StatementPlan>> plans;
  uint64_t decide_ns = 0;  // how long deciding the text took (the audit's decide_ns)
  std::string ErrorText() const { return rule + ": " + message; }
};

// A connection's own runtime session: made when the connection creates
// temporary relations, which only it sees (the pooled sessions never hold
// any). Owned by the connection, used by its Decider only.
struct OwnSession {
  std::unique_ptr<Session> session;
  std::string path_key;  // the search path `session` resolves names with
  uint64_t engine_version = 0;
  // Statements about temporary relations, replayed when the path or the
  // engine changes.
  std::vector<std::string> temporary;
};

class Decider {
 public:
  // Decides with the slot's engine; picks up a new one (SIGHUP) before the
  // next decision after the slot's version moved.
  explicit Decider(const EngineSlot& slot);
  // Every statement of `sql`; a deny anywhere wins over an approval, which
  // wins over allow. Text that does not parse is denied (fail closed).
  // `own`: the connection's own session (null until it has temporary relations).
  // A DECLARE's query is decided too: a refusal of it refuses the DECLARE,
  // and its mask plan is the cursor's (StatementPlan::cursor_mask).
  ProxyVerdict Decide(std::string_view sql, const std::vector<std::string>& search_path, const Context& context,
                      OwnSession* own = nullptr);
  // `plan`'s statement committed: its catalog effects go to the engine's
  // shared view (permanent relations, every connection sees them) or to the
  // connection's own session (temporary ones; `own` is made then). `where`
  // names the source of derived tags.
  void Executed(const StatementPlan& plan, std::unique_ptr<OwnSession>* own, std::string_view where);
  // Moves whenever a catalog change could change a decision of this
  // connection: a statement decided under another generation is decided again.
  uint64_t catalog_generation(const OwnSession* own);
  // The catalog generation and the engine version in one key (the origin
  // lookups' cache key, StatementPlan::stamp).
  uint64_t stamp(const OwnSession* own) {
    uint64_t generation = catalog_generation(own);
    return generation * 0x9E3779B97F4A7C15ull + version();
  }
  // The version of the engine decisions are made with (after picking up a
  // newer one): a statement decided under another version is decided again.
  uint64_t version();
  // The engine's shared catalog view (permanent relations), as decisions of
  // this connection see it; null before the first decision picked an engine.
  std::shared_ptr<const CatalogView> shared_view() const { return engine_ ? engine_->shared_view() : nullptr; }
  // The engine it decides with (null before the first decision).
  std::shared_ptr<const Engine> engine() const { return engine_; }
  uint64_t cache_hits() const;

 private:
  ProxyVerdict DecideStatements(std::string_view sql, const std::vector<std::string>& search_path,
                                const Context& context, OwnSession* own);
  // Decides the query of each DECLARE among `out`'s plans (depth: DECLAREs nested in none).
  void DecideCursors(ProxyVerdict* out, const std::vector<std::string>& search_path, const Context& context,
                     OwnSession* own);
  Session& SessionFor(const std::vector<std::string>& search_path);
  std::unique_ptr<Session> MakeSession(const std::vector<std::string>& search_path) const;
  // `own`'s session, rebuilt for `search_path` and the current engine when needed.
  Session& Own(OwnSession& own, const std::vector<std::string>& search_path);
  // The plans of a decided text (single statement: `changes_catalog` from the cache).
  static void Plan(ProxyVerdict* out, StatementKind kind, bool changes_catalog, std::string_view sql,
                   const std::vector<std::string>& search_path, std::shared_ptr<const MaskPlan> mask = nullptr);
  // The mask plan of one statement decided as `d` (null when masks do not
  // apply); a statement that cannot be planned is refused in `out`.
  static std::unique_ptr<const MaskPlan> Masks(ProxyVerdict* out, Session& session, const StatementFacts& facts,
                                               const Decision& d, std::string_view statement_sql);
  void Take(ProxyVerdict* out, Session& session, const Decision& d, const StatementFacts& facts, const Context& ctx);

  const EngineSlot& slot_;
  uint64_t version_ = 0;
  std::shared_ptr<const Engine> engine_;
  std::map<std::string, std::unique_ptr<Session>> sessions_;
  std::shared_ptr<const CatalogView> last_view_;  // the view DecideStatements last decided on
  static constexpr size_t kMaxSessions = 64;
  // The masks planned for a cached decision (a hit has no facts to plan them
  // on), keyed by the stored decision's address and valid while its serial
  // matches: a repeated masked text is analysed once, not on every hit.
  struct MaskMemo {
    uint64_t serial = 0;
    std::shared_ptr<const MaskPlan> mask;
    std::string refusal;  // non-empty: masks refused the statement (kMaskRefusalRule)
  };
  std::unordered_map<const StatementDecision*, MaskMemo> mask_memo_;
  static constexpr size_t kMaxMaskMemo = 4096;
};

}  // namespace govern::proxy
