// DecisionCache: the decision for a repeated SQL text, without parsing it again.
//
//   govern::Session session(engine);
//   session.EnableDecisionCache();                          // off by default
//   const govern::StatementDecision* d = session.DecideText(sql, context);
//   if (d == nullptr) { /* several statements or a parse error: Analyze + Decide */ }
//
// Key. An entry is found by the exact SQL text and the context's *class* for
// the bound program: the values of the context fields the program can read
// (ContextShape). Two contexts are equivalent when every field the bundle's
// code loads is byte-equal: identity.user, .purpose, .kind, env,
// session.database and session.application as strings; identity.groups and
// identity.roles as sequences (order and duplicates count: count() and
// messages see them); identity.attr.NAME as the value the VM would load (the
// first attribute of that name, "" when absent) for each NAME the code reads.
// Fields the program never loads are not part of the key, so a bundle that
// only tests identity.kind and env shares entries across all users of a kind.
// A hit compares the full text and the full encoded context, never just the
// 64-bit hash, so a hit returns exactly what a fresh decision returns. The
// encoded contexts of the entries are interned: an entry names its context
// by index, and a lookup finds the index of its context once (the last
// context's encoding is kept, so a connection's repeated context costs one
// compare pass; a stamped context, Context::stamp from OwnedContext::Freeze,
// costs none: the key and index of the last 64 stamps are kept by stamp),
// then compares indexes.
//
// Layout. A set's hashes share one cache line; beside them, each way's text
// (pointer, length) and context index, so a hit reads the hash line, the way
// and the text itself, never the entry (the decision is read by the caller).
//
// What is cached. Only texts that analyse into exactly one statement that
// parses and is not opaque, up to DecisionCacheOptions::max_entry_bytes:
//  - parse errors are never cached: they take the full path every time, so they
//    fail closed with their own diagnostic (Session::DecideText returns null);
//  - several statements in one text are not cached (decide them one by one);
//  - opaque statements (DO, EXECUTE, PREPARE, CALL, dynamic SQL) are not: what
//    they run is decided at run time (a prepared statement, a procedure body,
//    a string built in PL/pgSQL), not by their text.
// Everything else a decision depends on is fixed for the life of an Engine:
// the program, the catalog it is bound to and the analyzer options. Bind()
// keys the cache to an Engine's generation (unique per Engine, never reused);
// binding another Engine (a new bundle, a new catalog) forgets every entry.
//
// Bounds. capacity entries (rounded up to a power of two), set-associative:
// the hash picks a set of kWays entries whose hashes share one cache line; a
// miss replaces an entry of that set chosen by CLOCK (second chance) over
// per-entry reference bits. Entries keep their buffers when replaced, so after
// warm-up inserts rarely allocate; an entry larger than max_entry_bytes
// (text + context key + mask sources + messages) is not cached, so memory is
// at most about capacity * max_entry_bytes, plus the interned contexts: up to
// kMaxContexts (4096) encodings, each under max_entry_bytes (typically tens of
// bytes); they are forgotten only all at once, when a new one would be one
// too many (every entry is forgotten with them). Colliding texts can only cause
// misses, never wrong answers; hashes are seeded per cache.
//
// Find() is noexcept and allocates nothing. REQUIRES: one thread per cache.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/context_key.h"
#include "facts/context.h"
#include "facts/facts.h"
#include "vm/bound_program.h"
#include "vm/decision.h"

namespace govern {

class Engine;

// A decision that owns its strings: what a hit returns, and what
// Session::DecideText returns on the full path.
struct StatementDecision {
  StatementKind kind = StatementKind::k_unknown;
  // Running the statement may change the catalog (Session::MayChangeCatalog
  // with the view it was decided with; a cache hit is for that same view).
  bool may_change_catalog = false;
  Decision decision;                       // mask sources view this object's storage
  std::vector<std::string_view> messages;  // parallel to decision.fired; "" when the effect has no text
  // Unique in the process for each decision the cache stores (Insert), 0 for
  // a fresh one: a caller may key what it derives from a hit by (address,
  // serial), since a replaced entry gets a new serial.
  uint64_t serial = 0;

  // Copies a fresh decision (rendering the messages of fired effects, which
  // allocates). REQUIRES: `decision` was made by `program` on `facts` and `context`.
  void Assign(const BoundProgram& program, const StatementFacts& facts, const Decision& decision,
              const Context& context);
  // Copies another StatementDecision (keeps this object's capacity).
  void CopyFrom(const StatementDecision& other);
  // Bytes of owned text (mask sources and messages).
  size_t text_bytes() const { return text_.size(); }

 private:
  std::string text_;
};

struct DecisionCacheOptions {
  size_t capacity = 4096;         // entries; rounded up to a power of two, at least kWays
  size_t max_entry_bytes = 8192;  // larger entries are not cached
};

struct DecisionCacheStats {
  uint64_t hits = 0;
  uint64_t misses = 0;
  uint64_t inserts = 0;
  uint64_t evictions = 0;
  uint64_t rejected = 0;  // Insert() calls refused (uncacheable or too large)
};

class DecisionCache {
 public:
  static constexpr size_t kWays = 8;

  explicit DecisionCache(DecisionCacheOptions options = {});
  ~DecisionCache();
  DecisionCache(const DecisionCache&) = delete;
  DecisionCache& operator=(const DecisionCache&) = delete;

  // Keys the cache to `engine`: a different engine than the bound one forgets
  // every entry; the same engine keeps them.
  void Bind(const Engine& engine);
  // Keys the cache to a program directly; `generation` must identify the
  // program, its catalog and the analyzer options (Engine::generation() does).
  void Bind(const BoundProgram& program, uint64_t generation);
  uint64_t generation() const { return generation_; }

  // The cached decision for `sql` under a context equivalent to `context`, or
  // null. Valid until the next Insert() or Bind(). REQUIRES: Bind.
  const StatementDecision* Find(std::string_view sql, const Context& context) noexcept;

  // Whether a fresh analysis of a text may be cached (see the header comment).
  static bool Cacheable(const StatementFacts& facts) noexcept { return !facts.opaque; }

  // Stores a copy of `fresh` (made on `sql` and `context` with the bound
  // program) and returns the stored copy, or null when it is not stored
  // (too large). REQUIRES: Cacheable(facts of sql), and sql analyses into exactly one statement.
  const StatementDecision* Insert(std::string_view sql, const Context& context, const StatementDecision& fresh);

  // Forgets every entry (keeps memory).
  void Clear() noexcept;

  const DecisionCacheStats& stats() const { return stats_; }
  size_t capacity() const { return sets_.size() * kWays; }
  size_t size() const;

 private:
  static constexpr uint32_t kNoContext = UINT32_MAX;
  // Distinct contexts kept; one more forgets every entry (Clear) and starts over.
  static constexpr size_t kMaxContexts = 4096;

  struct Entry {
    std::string sql;
    StatementDecision value;
  };
  // What a lookup reads of a way besides its hash.
  struct Way {
    const char* sql = nullptr;  // the entry's text
    uint32_t size = 0;
    uint32_t context = kNoContext;  // index in contexts_
  };

  // The context's key: its hash and its index in contexts_ (kNoContext when
  // no entry has it).
  struct ContextKey {
    uint64_t hash = 0;
    uint32_t id = kNoContext;
  };
  // A connection decides with one context, so the last context's encoding,
  // hash and index are kept: a context equal to it (one compare pass, no
  // hash) reuses them.
  ContextKey KeyOf(const Context& context) noexcept;
  uint32_t FindContext(uint64_t hash, const Context& context) const noexcept;
  // The index of `key`'s context, added when new (may Clear when full).
  uint32_t Intern(const ContextKey& key, const Context& context);
  uint64_t KeyHash(std::string_view sql, const ContextKey& key) const noexcept;
  bool Matches(size_t way, std::string_view sql, const ContextKey& key) const noexcept;

  DecisionCacheOptions options_;
  ContextShape shape_;
  uint64_t generation_ = 0;
  uint64_t seed_ = 0;
  size_t set_mask_ = 0;                // sets - 1
  struct alignas(64) Set {
    uint64_t hash[kWays] = {};  // 0: empty way
  };
  std::vector<Set> sets_;
  std::vector<uint8_t> referenced_;    // CLOCK bits, one byte per set (bit per way)
  std::vector<uint8_t> hand_;          // CLOCK hand per set
  std::unique_ptr<Way[]> ways_;         // parallel to the hashes
  std::unique_ptr<Entry[]> entries_;
  std::vector<std::string> contexts_;  // encoded context keys (EncodeContext), by index
  std::unordered_multimap<uint64_t, uint32_t> context_ids_;  // context hash -> index
  DecisionCacheStats stats_;
  static constexpr size_t kNoMemo = SIZE_MAX;
  std::array<char, 512> memo_{};  // the last context's encoding (a larger one is not kept)
  size_t memo_len_ = kNoMemo;
  uint64_t memo_hash_ = 0;
  uint32_t memo_id_ = kNoContext;  // its index, kNoContext until known
  // Stamped contexts seen lately (Context::stamp), by stamp: a connection's
  // frozen context is known by its stamp even when several connections share
  // this cache and take turns. Forgotten with the shape (Bind); their indexes
  // are found again after a Clear.
  struct StampSlot {
    uint64_t stamp = 0;
    uint64_t hash = 0;
    uint32_t id = kNoContext;
  };
  static constexpr size_t kStampSlots = 64;
  std::array<StampSlot, kStampSlots> stamps_{};
};

}  // namespace govern
