// The class of a context for a bound program: the values of the context
// fields its code can read (ContextShape), encoded prefix-free so two
// contexts are equivalent for the program exactly when their encodings are
// equal. Keys the decision cache (engine/decision_cache.h) and the per-class
// specializations (engine/context_classes.h); the hash is shared with them.
#pragma once

#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "facts/context.h"
#include "vm/bound_program.h"

namespace govern {

// Which context fields a program can read; computed once per bound program.
struct ContextShape {
  enum Field : uint16_t {
    kUser = 1 << 0,
    kPurpose = 1 << 1,
    kKind = 1 << 2,
    kGroups = 1 << 3,
    kRoles = 1 << 4,
    kEnv = 1 << 5,
    kDatabase = 1 << 6,
    kApplication = 1 << 7,
  };
  uint16_t fields = 0;
  std::vector<std::string_view> attr_names;  // identity.attr.NAME read by the code, unique (views into the program)

  static ContextShape Of(const BoundProgram& program);
};

namespace context_key {

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

inline constexpr uint64_t kP0 = 0xa0761d6478bd642full;
inline constexpr uint64_t kP1 = 0xe7037ed1a0b428dbull;
inline constexpr uint64_t kP2 = 0x8ebc6af09c88c6e3ull;
inline constexpr uint64_t kP3 = 0x589965cc75374cc3ull;

inline uint64_t HashBytes(std::string_view s, uint64_t seed) noexcept {
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

inline std::string_view IdentityAttrValue(const Context& ctx, std::string_view name) noexcept {
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

// Writes the encoding into a fixed buffer; `overflow` when it does not fit.
struct FixedSink {
  char* p;
  size_t capacity;
  size_t n = 0;
  bool overflow = false;
  void Word(uint32_t v) noexcept {
    if (overflow || capacity - n < 4) {
      overflow = true;
      return;
    }
    std::memcpy(p + n, &v, 4);
    n += 4;
  }
  void Bytes(std::string_view s) noexcept {
    if (overflow || capacity - n < s.size()) {
      overflow = true;
      return;
    }
    if (!s.empty()) std::memcpy(p + n, s.data(), s.size());
    n += s.size();
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

// Whether n bytes at a and b are equal; inline for the short strings of a
// context (a user, a group, an env), where a call to memcmp per field cost
// more than the compare (a cache hit compares the whole context key).
inline bool BytesEqual(const char* a, const char* b, size_t n) noexcept {
  if (n > 16) return std::memcmp(a, b, n) == 0;
  if (n >= 8) return Load64(a) == Load64(b) && Load64(a + n - 8) == Load64(b + n - 8);
  if (n >= 4) return Load32(a) == Load32(b) && Load32(a + n - 4) == Load32(b + n - 4);
  for (size_t i = 0; i < n; ++i)
    if (a[i] != b[i]) return false;
  return true;
}

struct CompareSink {
  const char* p;
  size_t left;
  bool equal = true;
  void Word(uint32_t v) noexcept {
    if (!equal || left < 4 || Load32(p) != v) {
      equal = false;
      return;
    }
    p += 4;
    left -= 4;
  }
  void Bytes(std::string_view s) noexcept {
    if (!equal || left < s.size() || !BytesEqual(p, s.data(), s.size())) {
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


}  // namespace context_key
}  // namespace govern
