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

#if defined(__x86_64__)
#include <immintrin.h>
#endif

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

#if defined(__x86_64__)
// Whether the CPU has AES-NI and SSE4.1 (read once, at start-up).
inline const bool kCpuHasAes = [] {
  __builtin_cpu_init();
  return __builtin_cpu_supports("aes") && __builtin_cpu_supports("sse4.1");
}();

// HashBytes for texts over 64 bytes on CPUs with AES-NI: four lanes of 16
// bytes (eight while 128 bytes or more remain), each byte block folded in by
// one AES round (several times the bytes per cycle of the multiply lanes; a
// cache hit hashes the whole statement).
// pshufb masks: kTailShuffle[r] moves the last r bytes of a 16-byte load to
// its first r bytes and zeroes the rest (0x80: a zero byte).
alignas(16) inline constexpr uint8_t kTailShuffle[16][16] = {
#define GOVERN_TAIL(r)                                                                              \
  {(0 < r ? 16 - r + 0 : 0x80), (1 < r ? 16 - r + 1 : 0x80), (2 < r ? 16 - r + 2 : 0x80),            \
   (3 < r ? 16 - r + 3 : 0x80), (4 < r ? 16 - r + 4 : 0x80), (5 < r ? 16 - r + 5 : 0x80),            \
   (6 < r ? 16 - r + 6 : 0x80), (7 < r ? 16 - r + 7 : 0x80), (8 < r ? 16 - r + 8 : 0x80),            \
   (9 < r ? 16 - r + 9 : 0x80), (10 < r ? 16 - r + 10 : 0x80), (11 < r ? 16 - r + 11 : 0x80),        \
   (12 < r ? 16 - r + 12 : 0x80), (13 < r ? 16 - r + 13 : 0x80), (14 < r ? 16 - r + 14 : 0x80),      \
   (15 < r ? 16 - r + 15 : 0x80)}
    GOVERN_TAIL(0),  GOVERN_TAIL(1),  GOVERN_TAIL(2),  GOVERN_TAIL(3),  GOVERN_TAIL(4),  GOVERN_TAIL(5),
    GOVERN_TAIL(6),  GOVERN_TAIL(7),  GOVERN_TAIL(8),  GOVERN_TAIL(9),  GOVERN_TAIL(10), GOVERN_TAIL(11),
    GOVERN_TAIL(12), GOVERN_TAIL(13), GOVERN_TAIL(14), GOVERN_TAIL(15),
#undef GOVERN_TAIL
};

__attribute__((target("aes,ssse3,sse4.1"))) inline uint64_t HashBytesAes(std::string_view s, uint64_t seed) noexcept {
  const char* p = s.data();
  size_t n = s.size();
  const __m128i key = _mm_set_epi64x(static_cast<long long>(seed ^ kP0), static_cast<long long>(n ^ kP1));
  __m128i a = key;
  __m128i b = _mm_xor_si128(key, _mm_set1_epi64x(static_cast<long long>(kP1)));
  __m128i c = _mm_xor_si128(key, _mm_set1_epi64x(static_cast<long long>(kP2)));
  __m128i d = _mm_xor_si128(key, _mm_set1_epi64x(static_cast<long long>(kP3)));
  if (n > 128) {
    // Eight lanes while 128 bytes or more remain: each lane's rounds depend
    // on its last, so four lanes wait on the AES unit's latency; eight keep
    // two units busy (long statements hash at about twice the rate).
    __m128i e = _mm_xor_si128(a, _mm_set1_epi64x(static_cast<long long>(kP2)));
    __m128i f = _mm_xor_si128(b, _mm_set1_epi64x(static_cast<long long>(kP3)));
    __m128i g = _mm_xor_si128(c, _mm_set1_epi64x(static_cast<long long>(kP0)));
    __m128i h = _mm_xor_si128(d, _mm_set1_epi64x(static_cast<long long>(kP1)));
    do {
      a = _mm_aesenc_si128(a, _mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
      b = _mm_aesenc_si128(b, _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16)));
      c = _mm_aesenc_si128(c, _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 32)));
      d = _mm_aesenc_si128(d, _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 48)));
      e = _mm_aesenc_si128(e, _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 64)));
      f = _mm_aesenc_si128(f, _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 80)));
      g = _mm_aesenc_si128(g, _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 96)));
      h = _mm_aesenc_si128(h, _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 112)));
      p += 128;
      n -= 128;
    } while (n > 128);
    // The upper lanes fold into the lower as one more round each.
    a = _mm_aesenc_si128(a, e);
    b = _mm_aesenc_si128(b, f);
    c = _mm_aesenc_si128(c, g);
    d = _mm_aesenc_si128(d, h);
  }
  while (n > 64) {
    a = _mm_aesenc_si128(a, _mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
    b = _mm_aesenc_si128(b, _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16)));
    c = _mm_aesenc_si128(c, _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 32)));
    d = _mm_aesenc_si128(d, _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 48)));
    p += 64;
    n -= 64;
  }
  // The last 1..64 bytes, zero-padded (the length is in the key): whole
  // 16-byte blocks loaded in place, the partial one from an overlapping load
  // that ends at the text's end (the text is over 64 bytes long) with the
  // bytes before its own shuffled out as zeros, so no byte is folded in
  // twice (a byte folded in twice, at the same offset of two lanes, cancels
  // out with AES's differential odds: one in about 128 single-byte changes
  // went unseen), and without a copy to the stack, whose narrow stores a
  // 16-byte load cannot forward from.
  __m128i block[4];
  const size_t whole = n / 16, rest = n % 16;
  for (size_t i = 0; i < 4; ++i) {
    if (i < whole) {
      block[i] = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * i));
    } else if (i == whole && rest != 0) {
      const __m128i last = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + n - 16));
      block[i] = _mm_shuffle_epi8(last, _mm_loadu_si128(reinterpret_cast<const __m128i*>(kTailShuffle[rest])));
    } else {
      block[i] = _mm_setzero_si128();
    }
  }
  a = _mm_aesenc_si128(a, block[0]);
  b = _mm_aesenc_si128(b, block[1]);
  c = _mm_aesenc_si128(c, block[2]);
  d = _mm_aesenc_si128(d, block[3]);
  a = _mm_aesenc_si128(a, b);
  c = _mm_aesenc_si128(c, d);
  a = _mm_aesenc_si128(a, c);
  a = _mm_aesenc_si128(a, key);
  a = _mm_aesenc_si128(a, key);
  return static_cast<uint64_t>(_mm_cvtsi128_si64(a)) ^ static_cast<uint64_t>(_mm_extract_epi64(a, 1));
}
#endif

inline uint64_t HashBytes(std::string_view s, uint64_t seed) noexcept {
  const char* p = s.data();
  size_t n = s.size();
#if defined(__x86_64__)
  if (n > 64 && kCpuHasAes) return HashBytesAes(s, seed);
#endif
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

// A sink's Word and Bytes return false to stop the walk (a compare that
// found a difference); EncodeContext then returns false.
template <typename Sink>
bool EncodeContext(const ContextShape& shape, const Context& ctx, Sink& sink) {
  auto str = [&](std::string_view s) { return sink.Word(static_cast<uint32_t>(s.size())) && sink.Bytes(s); };
  auto list = [&](std::span<const std::string_view> l) {
    if (!sink.Word(static_cast<uint32_t>(l.size()))) return false;
    for (std::string_view s : l)
      if (!str(s)) return false;
    return true;
  };
  uint16_t f = shape.fields;
  if ((f & ContextShape::kUser) && !str(ctx.identity.user)) return false;
  if ((f & ContextShape::kPurpose) && !str(ctx.identity.purpose)) return false;
  if ((f & ContextShape::kKind) && !str(ctx.identity.kind)) return false;
  if ((f & ContextShape::kGroups) && !list(ctx.identity.groups)) return false;
  if ((f & ContextShape::kRoles) && !list(ctx.identity.roles)) return false;
  if ((f & ContextShape::kEnv) && !str(ctx.env)) return false;
  if ((f & ContextShape::kDatabase) && !str(ctx.database)) return false;
  if ((f & ContextShape::kApplication) && !str(ctx.application)) return false;
  for (std::string_view name : shape.attr_names)
    if (!str(IdentityAttrValue(ctx, name))) return false;
  return true;
}

struct HashSink {
  uint64_t h;
  bool Word(uint32_t v) noexcept {
    h = Mix(h ^ v ^ kP0, kP1);
    return true;
  }
  bool Bytes(std::string_view s) noexcept {
    if (!s.empty()) h = HashBytes(s, h);
    return true;
  }
};

// Writes the encoding into a fixed buffer; `overflow` when it does not fit.
struct FixedSink {
  char* p;
  size_t capacity;
  size_t n = 0;
  bool overflow = false;
  bool Word(uint32_t v) noexcept {
    if (capacity - n < 4) {
      overflow = true;
      return false;
    }
    std::memcpy(p + n, &v, 4);
    n += 4;
    return true;
  }
  bool Bytes(std::string_view s) noexcept {
    if (capacity - n < s.size()) {
      overflow = true;
      return false;
    }
    if (!s.empty()) std::memcpy(p + n, s.data(), s.size());
    n += s.size();
    return true;
  }
};

struct AppendSink {
  std::string* out;
  bool Word(uint32_t v) {
    char b[4];
    std::memcpy(b, &v, 4);
    out->append(b, 4);
    return true;
  }
  bool Bytes(std::string_view s) {
    out->append(s);
    return true;
  }
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

// Compares with an encoding; stops at the first difference. Equal when
// EncodeContext returns true and nothing is left.
struct CompareSink {
  const char* p;
  size_t left;
  bool Word(uint32_t v) noexcept {
    if (left < 4 || Load32(p) != v) return false;
    p += 4;
    left -= 4;
    return true;
  }
  bool Bytes(std::string_view s) noexcept {
    if (left < s.size() || !BytesEqual(p, s.data(), s.size())) return false;
    p += s.size();
    left -= s.size();
    return true;
  }
};

// Whether `ctx` encodes (for `shape`) to exactly `key`.
inline bool EncodesTo(const ContextShape& shape, const Context& ctx, std::string_view key) noexcept {
  CompareSink cmp{key.data(), key.size()};
  return EncodeContext(shape, ctx, cmp) && cmp.left == 0;
}

struct SizeSink {
  size_t n = 0;
  bool Word(uint32_t) noexcept {
    n += 4;
    return true;
  }
  bool Bytes(std::string_view s) noexcept {
    n += s.size();
    return true;
  }
};

}  // namespace context_key
}  // namespace govern
