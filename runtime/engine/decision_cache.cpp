#include "engine/decision_cache.h"

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
namespace {

// ---------------------------------------------------------------- hashing
// A word-at-a-time multiply-mix hash (wyhash's folded 128-bit product). Only
// distribution matters: every hit is verified on the full key.

inline uint64_t Mix(uint64_t a, uint64_t b) noexcept {
  __uint128_t r = static_cast<__uint128_t>(a) * b;
  return static_cast<uint64_t>(r) ^ static_cast<uint64_t>(r >> 64);
}

inline uint64_t Load64(const char* p) noexcept {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

inline uint64_t Load32(const char* p) noexcept {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

constexpr uint64_t kP0 = 0xa0761d6478bd642full;
constexpr uint64_t kP1 = 0xe7037ed1a0b428dbull;
constexpr uint64_t kP2 = 0x8ebc6af09c88c6e3ull;
constexpr uint64_t kP3 = 0x589965cc75374cc3ull;

uint64_t HashBytes(std::string_view s, uint64_t seed) noexcept {
  const char* p = s.data();
  size_t n = s.size();
  uint64_t h = seed ^ Mix(n ^ kP0, kP1);
  if (n > 48) {  // three independent lanes: long statements hash at several bytes per cycle
    uint64_t h1 = h, h2 = h;
    do {
      h = Mix(Load64(p) ^ kP1, Load64(p + 8) ^ h);
      h1 = Mix(Load64(p + 16) ^ kP2, Load64(p + 24) ^ h1);
      h2 = Mix(Load64(p + 32) ^ kP3, Load64(p + 40) ^ h2);
      p += 48;
      n -= 48;
    } while (n > 48);
    h ^= h1 ^ h2;
  }
  while (n > 16) {
    h = Mix(Load64(p) ^ kP1, Load64(p + 8) ^ h);
    p += 16;
    n -= 16;
  }
  uint64_t a = 0, b = 0;
  if (n >= 8) {
    a = Load64(p);
    b = Load64(p + n - 8);
  } else if (n >= 4) {
    a = Load32(p);
    b = Load32(p + n - 4);
  } else if (n > 0) {
    a = (uint64_t{static_cast<uint8_t>(p[0])} << 16) | (uint64_t{static_cast<uint8_t>(p[n >> 1])} << 8) |
        static_cast<uint8_t>(p[n - 1]);
  }
  return Mix(a ^ kP2 ^ h, b ^ kP3 ^ n);
}

// ---------------------------------------------------------------- context key
// The context's class for a program, encoded as the fields of the shape in a
// fixed order: each string as u32 length + bytes, each list as u32 count +
// strings. The encoding is prefix-free, so equal encodings mean equal fields.
// One template walks the context; sinks hash it, append it or compare it.

std::string_view IdentityAttrValue(const Context& ctx, std::string_view name) noexcept {
  for (const Attribute& a : ctx.identity.attrs)  // the VM's rule: the first attribute of that name
    if (a.name == name) return a.value;
  return {};
}

template <typename Sink>
void EncodeContext(const ContextShape& shape, const Context& ctx, Sink& sink) {
  auto str = [&](std::string_view s) {
    sink.Word(static_cast<uint32_t>(s.size()));
    sink.Bytes(s);
  };
  auto list = [&](std::span<const std::string_view> l) {
    sink.Word(static_cast<uint32_t>(l.size()));
    for (std::string_view s : l) str(s);
  };
  uint16_t f = shape.fields;
  if (f & ContextShape::kUser) str(ctx.identity.user);
  if (f & ContextShape::kPurpose) str(ctx.identity.purpose);
  if (f & ContextShape::kKind) str(ctx.identity.kind);
  if (f & ContextShape::kGroups) list(ctx.identity.groups);
  if (f & ContextShape::kRoles) list(ctx.identity.roles);
  if (f & ContextShape::kEnv) str(ctx.env);
  if (f & ContextShape::kDatabase) str(ctx.database);
  if (f & ContextShape::kApplication) str(ctx.application);
  for (std::string_view name : shape.attr_names) str(IdentityAttrValue(ctx, name));
}

struct HashSink {
  uint64_t h;
  void Word(uint32_t v) noexcept { h = Mix(h ^ v ^ kP0, kP1); }
  void Bytes(std::string_view s) noexcept {
    if (!s.empty()) h = HashBytes(s, h);
  }
};

struct AppendSink {
  std::string* out;
  void Word(uint32_t v) {
    char b[4];
    std::memcpy(b, &v, 4);
    out->append(b, 4);
  }
  void Bytes(std::string_view s) { out->append(s); }
};

struct CompareSink {
  const char* p;
  size_t left;
  bool equal = true;
  void Word(uint32_t v) noexcept {
    if (!equal || left < 4 || std::memcmp(p, &v, 4) != 0) {
      equal = false;
      return;
    }
    p += 4;
    left -= 4;
  }
  void Bytes(std::string_view s) noexcept {
    if (!equal || left < s.size() || (!s.empty() && std::memcmp(p, s.data(), s.size()) != 0)) {
      equal = false;
      return;
    }
    p += s.size();
    left -= s.size();
  }
};

struct SizeSink {
  size_t n = 0;
  void Word(uint32_t) noexcept { n += 4; }
  void Bytes(std::string_view s) noexcept { n += s.size(); }
};

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

// ---------------------------------------------------------------- ContextShape

ContextShape ContextShape::Of(const BoundProgram& program) {
  ContextShape shape;
  const ProgramData& p = program.data();
  auto attr = [&](uint32_t a) {
    switch (static_cast<Attr>(a)) {
      case Attr::kIdentityUser: shape.fields |= kUser; break;
      case Attr::kIdentityPurpose: shape.fields |= kPurpose; break;
      case Attr::kIdentityKind: shape.fields |= kKind; break;
      case Attr::kIdentityGroups: shape.fields |= kGroups; break;
      case Attr::kIdentityRoles: shape.fields |= kRoles; break;
      case Attr::kEnv: shape.fields |= kEnv; break;
      case Attr::kSessionDatabase: shape.fields |= kDatabase; break;
      case Attr::kSessionApplication: shape.fields |= kApplication; break;
      case Attr::kStatementKind:
      case Attr::kStatementHasWhere:
      case Attr::kStatementHasLimit:
      case Attr::kStatementOpaque:
      case Attr::kStatementTargets:
      case Attr::kStatementTables:
      case Attr::kStatementServerIo:
      case Attr::kStatementModifies:
      case Attr::kStatementSideEffects:
      case Attr::kStatementUnresolved:
      case Attr::kStatementResolved: break;  // facts: determined by the text
    }
  };
  // Every opcode is listed (no default): an opcode added to opcodes.def must
  // be classified here, or -Wswitch stops the build. A context read missed
  // here would make two different contexts share an entry.
  for (uint32_t word : p.code) {
    uint32_t a = OperandOf(word);
    switch (static_cast<Op>(OpcodeOf(word))) {
      case Op::LOAD_STR:
      case Op::LOAD_SET: attr(a); break;
      case Op::ATTR_EQ:
      case Op::ATTR_NE: attr(AttrOf(a)); break;
      case Op::LOAD_IDATTR: {
        std::string_view name = p.strings[a];
        if (std::find(shape.attr_names.begin(), shape.attr_names.end(), name) == shape.attr_names.end())
          shape.attr_names.push_back(name);
        break;
      }
      // Constants, facts, and operations on the stack: no context read.
      case Op::PUSH_TRUE:
      case Op::PUSH_FALSE:
      case Op::PUSH_STR:
      case Op::PUSH_NUM:
      case Op::PUSH_SET:
      case Op::LOAD_BOOL:
      case Op::LOAD_KIND:
      case Op::KIND_IN:
      case Op::READS:
      case Op::WRITES:
      case Op::OUTPUTS:
      case Op::FILTERS_ON:
      case Op::STAR_READS:
      case Op::CALLS:
      case Op::STR_EQ:
      case Op::STR_NE:
      case Op::STR_MATCHES:
      case Op::STR_IN:
      case Op::NUM_EQ:
      case Op::NUM_NE:
      case Op::NUM_LT:
      case Op::NUM_LE:
      case Op::NUM_GT:
      case Op::NUM_GE:
      case Op::BOOL_EQ:
      case Op::BOOL_NE:
      case Op::SET_ANY:
      case Op::SET_COUNT:
      case Op::NOT:
      case Op::JUMP_IF_FALSE:
      case Op::JUMP_IF_TRUE:
      case Op::RET: break;
    }
  }
  return shape;
}

// ---------------------------------------------------------------- DecisionCache

DecisionCache::DecisionCache(DecisionCacheOptions options) : options_(options) {
  size_t sets = std::bit_ceil(std::max<size_t>(options_.capacity, kWays)) / kWays;
  sets_.resize(sets);
  referenced_.assign(sets, 0);
  hand_.assign(sets, 0);
  set_mask_ = sets - 1;
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
  generation_ = generation;
}

void DecisionCache::Clear() noexcept {
  for (Set& s : sets_) std::fill(std::begin(s.hash), std::end(s.hash), 0);
  std::fill(referenced_.begin(), referenced_.end(), 0);
}

size_t DecisionCache::size() const {
  size_t n = 0;
  for (const Set& s : sets_)
    for (uint64_t h : s.hash) n += h != 0;
  return n;
}

uint64_t DecisionCache::KeyHash(std::string_view sql, const Context& context) const noexcept {
  HashSink sink{HashBytes(sql, seed_)};
  EncodeContext(shape_, context, sink);
  uint64_t h = Mix(sink.h ^ kP2, kP3);
  return h != 0 ? h : 1;
}

bool DecisionCache::Matches(const Entry& e, std::string_view sql, const Context& context) const noexcept {
  if (e.sql.size() != sql.size() || std::memcmp(e.sql.data(), sql.data(), sql.size()) != 0) return false;
  CompareSink cmp{e.context.data(), e.context.size()};
  EncodeContext(shape_, context, cmp);
  return cmp.equal && cmp.left == 0;
}

const StatementDecision* DecisionCache::Find(std::string_view sql, const Context& context) noexcept {
  uint64_t h = KeyHash(sql, context);
  size_t set = h & set_mask_;
  const uint64_t* hashes = sets_[set].hash;
  for (size_t way = 0; way < kWays; ++way) {
    if (hashes[way] != h) continue;
    Entry& e = entries_[set * kWays + way];
    if (!Matches(e, sql, context)) continue;
    referenced_[set] |= static_cast<uint8_t>(1u << way);
    ++stats_.hits;
    return &e.value;
  }
  ++stats_.misses;
  return nullptr;
}

const StatementDecision* DecisionCache::Insert(std::string_view sql, const Context& context,
                                               const StatementDecision& fresh) {
  SizeSink size;
  EncodeContext(shape_, context, size);
  if (sql.size() + size.n + fresh.text_bytes() > options_.max_entry_bytes) {
    ++stats_.rejected;
    return nullptr;
  }
  uint64_t h = KeyHash(sql, context);
  size_t set = h & set_mask_;
  uint64_t* hashes = sets_[set].hash;
  size_t way = kWays;
  for (size_t w = 0; w < kWays && way == kWays; ++w)  // the same key: replace it
    if (hashes[w] == h && Matches(entries_[set * kWays + w], sql, context)) way = w;
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
  Entry& e = entries_[set * kWays + way];
  hashes[way] = 0;  // not findable while being rewritten
  e.sql.assign(sql);
  e.context.clear();
  AppendSink append{&e.context};
  EncodeContext(shape_, context, append);
  e.value.CopyFrom(fresh);
  hashes[way] = h;
  referenced_[set] = static_cast<uint8_t>(referenced_[set] & ~(1u << way));
  ++stats_.inserts;
  return &e.value;
}

}  // namespace govern
