#include "engine/decision_cache.h"

#include <atomic>

#include <algorithm>
#include <bit>
#include <chrono>
#include <cstring>
#include <random>
#include <utility>

#include "bytecode/opcode.h"
#include "govern/govern.h"
#include "vm/vm.h"

namespace govern {
using namespace context_key;  // NOLINT: the hash and the context encoding
namespace {

std::string_view Rebase(std::string_view view, const std::string& from, const std::string& to) {
  if (view.empty()) return {};
  return std::string_view(to.data() + (view.data() - from.data()), view.size());
}

}  // namespace

// ---------------------------------------------------------------- StatementDecision

void StatementDecision::Assign(const BoundProgram& program, const StatementFacts& facts, const Decision& d,
                               const Context& context) {
  kind = facts.kind;
  decision.verdict = d.verdict;
  decision.default_denied = d.default_denied;
  decision.fired.assign(d.fired.begin(), d.fired.end());
  decision.masks.assign(d.masks.begin(), d.masks.end());
  // Text first (appending may move it), views second.
  text_.clear();
  std::vector<std::pair<size_t, size_t>> spans;
  spans.reserve(d.masks.size() + d.fired.size());
  for (const MaskAssignment& m : d.masks) {
    spans.emplace_back(text_.size(), m.source.size());
    text_.append(m.source);
  }
  const ProgramData& p = program.data();
  for (const FiredEffect& fired : d.fired) {
    uint32_t t = p.effects[fired.effect].text;
    size_t at = text_.size();
    if (t != kNoTemplate) text_ += RenderTemplate(program, t, facts, context);
    spans.emplace_back(at, text_.size() - at);
  }
  auto view = [&](std::pair<size_t, size_t> s) {
    return s.second == 0 ? std::string_view() : std::string_view(text_.data() + s.first, s.second);
  };
  size_t i = 0;
  for (MaskAssignment& m : decision.masks) m.source = view(spans[i++]);
  messages.resize(d.fired.size());
  for (std::string_view& m : messages) m = view(spans[i++]);
}

void StatementDecision::CopyFrom(const StatementDecision& other) {
  if (this == &other) return;
  kind = other.kind;
  may_change_catalog = other.may_change_catalog;
  decision.verdict = other.decision.verdict;
  decision.default_denied = other.decision.default_denied;
  decision.fired.assign(other.decision.fired.begin(), other.decision.fired.end());
  decision.masks.assign(other.decision.masks.begin(), other.decision.masks.end());
  messages.assign(other.messages.begin(), other.messages.end());
  text_.assign(other.text_);
  for (MaskAssignment& m : decision.masks) m.source = Rebase(m.source, other.text_, text_);
  for (std::string_view& m : messages) m = Rebase(m, other.text_, text_);
}

// ---------------------------------------------------------------- DecisionCache

DecisionCache::DecisionCache(DecisionCacheOptions options) : options_(options) {
  size_t sets = std::bit_ceil(std::max<size_t>(options_.capacity, kWays)) / kWays;
  sets_.resize(sets);
  referenced_.assign(sets, 0);
  hand_.assign(sets, 0);
  set_mask_ = sets - 1;
  ways_ = std::make_unique<Way[]>(sets * kWays);
  entries_ = std::make_unique<Entry[]>(sets * kWays);
  std::random_device rd;
  seed_ = (uint64_t{rd()} << 32) ^ rd() ^
          static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
}

DecisionCache::~DecisionCache() = default;

void DecisionCache::Bind(const Engine& engine) { Bind(engine.program(), engine.generation()); }

void DecisionCache::Bind(const BoundProgram& program, uint64_t generation) {
  if (generation == generation_ && generation != 0) return;
  Clear();
  shape_ = ContextShape::Of(program);
  memo_len_ = kNoMemo;  // encoded with the old shape
  stamps_.fill(StampSlot{});
  generation_ = generation;
}

void DecisionCache::Clear() noexcept {
  for (Set& s : sets_) std::fill(std::begin(s.hash), std::end(s.hash), 0);
  std::fill(referenced_.begin(), referenced_.end(), 0);
  contexts_.clear();
  context_ids_.clear();
  memo_id_ = kNoContext;
  // Their indexes are found again; a stale one would be sound only by the
  // context hash in every entry's key.
  for (StampSlot& slot : stamps_) slot.id = kNoContext;
}

size_t DecisionCache::size() const {
  size_t n = 0;
  for (const Set& s : sets_)
    for (uint64_t h : s.hash) n += h != 0;
  return n;
}

uint32_t DecisionCache::FindContext(uint64_t hash, const Context& context) const noexcept {
  auto [it, end] = context_ids_.equal_range(hash);
  for (; it != end; ++it) {
    if (EncodesTo(shape_, context, contexts_[it->second])) return it->second;
  }
  return kNoContext;
}

DecisionCache::ContextKey DecisionCache::KeyOf(const Context& context) noexcept {
  // A stamp seen before: the same bytes as then (Context::stamp).
  StampSlot* slot = context.stamp != 0 ? &stamps_[context.stamp & (kStampSlots - 1)] : nullptr;
  if (slot != nullptr && slot->stamp == context.stamp) {
    if (slot->id == kNoContext) slot->id = FindContext(slot->hash, context);  // interned since
    return {slot->hash, slot->id};
  }
  ContextKey key;
  if (memo_len_ != kNoMemo && EncodesTo(shape_, context, std::string_view(memo_.data(), memo_len_))) {
    if (memo_id_ == kNoContext) memo_id_ = FindContext(memo_hash_, context);  // interned since
    key = {memo_hash_, memo_id_};
  } else {
    HashSink hash{seed_ ^ kP1};
    EncodeContext(shape_, context, hash);
    key = {hash.h, FindContext(hash.h, context)};
    FixedSink memo{memo_.data(), memo_.size()};
    EncodeContext(shape_, context, memo);
    memo_len_ = memo.overflow ? kNoMemo : memo.n;  // too large: known by its stamp only
    memo_hash_ = key.hash;
    memo_id_ = key.id;
  }
  if (slot != nullptr) *slot = StampSlot{context.stamp, key.hash, key.id};
  return key;
}

uint32_t DecisionCache::Intern(const ContextKey& key, const Context& context) {
  if (key.id != kNoContext) return key.id;
  if (contexts_.size() >= kMaxContexts) Clear();
  auto id = static_cast<uint32_t>(contexts_.size());
  std::string& encoded = contexts_.emplace_back();
  AppendSink append{&encoded};
  EncodeContext(shape_, context, append);
  context_ids_.emplace(key.hash, id);
  memo_id_ = kNoContext;  // found again by the next KeyOf
  if (context.stamp != 0) {
    StampSlot& slot = stamps_[context.stamp & (kStampSlots - 1)];
    if (slot.stamp == context.stamp) slot.id = id;
  }
  return id;
}

uint64_t DecisionCache::KeyHash(std::string_view sql, const ContextKey& key) const noexcept {
  uint64_t h = Mix(HashBytes(sql, seed_) ^ key.hash ^ kP2, kP3);
  return h != 0 ? h : 1;
}

bool DecisionCache::Matches(size_t way, std::string_view sql, const ContextKey& key) const noexcept {
  const Way& w = ways_[way];
  return w.context == key.id && w.size == sql.size() && std::memcmp(w.sql, sql.data(), sql.size()) == 0;
}

const StatementDecision* DecisionCache::Find(std::string_view sql, const Context& context) noexcept {
  const ContextKey key = KeyOf(context);
  if (key.id == kNoContext) {  // no entry has this context
    ++stats_.misses;
    return nullptr;
  }
  uint64_t h = KeyHash(sql, key);
  size_t set = h & set_mask_;
  const uint64_t* hashes = sets_[set].hash;
  for (size_t way = 0; way < kWays; ++way) {
    if (hashes[way] != h || !Matches(set * kWays + way, sql, key)) continue;
    referenced_[set] |= static_cast<uint8_t>(1u << way);
    ++stats_.hits;
    return &entries_[set * kWays + way].value;
  }
  ++stats_.misses;
  return nullptr;
}

const StatementDecision* DecisionCache::Insert(std::string_view sql, const Context& context,
                                               const StatementDecision& fresh) {
  SizeSink size;
  EncodeContext(shape_, context, size);
  if (sql.size() + size.n + fresh.text_bytes() > options_.max_entry_bytes || sql.size() > UINT32_MAX) {
    ++stats_.rejected;
    return nullptr;
  }
  ContextKey key = KeyOf(context);
  key.id = Intern(key, context);  // may Clear: nothing below depends on what was there
  uint64_t h = KeyHash(sql, key);
  size_t set = h & set_mask_;
  uint64_t* hashes = sets_[set].hash;
  size_t way = kWays;
  for (size_t w = 0; w < kWays && way == kWays; ++w)  // the same key: replace it
    if (hashes[w] == h && Matches(set * kWays + w, sql, key)) way = w;
  for (size_t w = 0; w < kWays && way == kWays; ++w)  // an empty way
    if (hashes[w] == 0) way = w;
  if (way == kWays) {  // CLOCK: clear reference bits until an unreferenced way comes up
    uint8_t& ref = referenced_[set];
    uint8_t& hand = hand_[set];
    while (ref & (1u << hand)) {
      ref = static_cast<uint8_t>(ref & ~(1u << hand));
      hand = static_cast<uint8_t>((hand + 1) % kWays);
    }
    way = hand;
    hand = static_cast<uint8_t>((hand + 1) % kWays);
    ++stats_.evictions;
  }
  const size_t i = set * kWays + way;
  Entry& e = entries_[i];
  hashes[way] = 0;  // not findable while being rewritten
  e.sql.assign(sql);
  e.value.CopyFrom(fresh);
  static std::atomic<uint64_t> serials{0};
  e.value.serial = serials.fetch_add(1, std::memory_order_relaxed) + 1;
  ways_[i] = Way{e.sql.data(), static_cast<uint32_t>(sql.size()), key.id};
  hashes[way] = h;
  referenced_[set] = static_cast<uint8_t>(referenced_[set] & ~(1u << way));
  ++stats_.inserts;
  return &e.value;
}

}  // namespace govern
