#include "masking/mask_value.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>
#include <charconv>
#include <vector>

#include "core/utf8.h"
#include "masking/mask_array.h"

namespace govern {
namespace {

constexpr std::string_view kRedacted = "***";
constexpr size_t kHashHexChars = 32;  // 128 bits of the HMAC: collision-free for joins in practice
constexpr char kHex[] = "0123456789abcdef";

std::string HexPrefix(std::string_view bytes, size_t chars) {
  std::string out;
  for (size_t i = 0; i < bytes.size() && out.size() < chars; ++i) {
    unsigned char c = static_cast<unsigned char>(bytes[i]);
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  return out;
}

// Splits valid UTF-8 into characters; false when it is not valid UTF-8
// (then the character-keeping methods redact instead of cutting bytes).
bool Utf8Boundaries(std::string_view s, std::vector<size_t>* starts) {
  starts->clear();
  for (size_t i = 0; i < s.size();) {
    size_t n = Utf8SequenceLength(s, i);
    if (n == 0) return false;
    starts->push_back(i);
    i += n;
  }
  return true;
}

// ---- text: text, varchar, bpchar, name, unknown (same bytes in both formats)

MaskResult MaskText(MaskMethod method, std::string_view v, std::string_view key, std::string* out) {
  std::vector<size_t> starts;
  switch (method) {
    case MaskMethod::kNull: return MaskResult::kNull;
    case MaskMethod::kRedact: *out = kRedacted; return MaskResult::kValue;
    case MaskMethod::kHash: *out = HexPrefix(HmacSha256(key, v), kHashHexChars); return MaskResult::kValue;
    case MaskMethod::kEmail: {
      size_t at = v.rfind('@');
      *out = kRedacted;
      if (at != std::string_view::npos && at + 1 < v.size()) {
        out->push_back('@');
        out->append(v.substr(at + 1));
      }
      return MaskResult::kValue;
    }
    case MaskMethod::kLast4:
      *out = kRedacted;
      if (Utf8Boundaries(v, &starts) && starts.size() > 4) out->append(v.substr(starts[starts.size() - 4]));
      return MaskResult::kValue;
    case MaskMethod::kInitial:
      out->clear();
      if (Utf8Boundaries(v, &starts) && starts.size() > 1) out->append(v.substr(0, starts[1]));
      out->append(kRedacted);
      return MaskResult::kValue;
  }
  return MaskResult::kNull;
}

// ---- json / jsonb: the result is a JSON string (jsonb binary: version byte 1)

MaskResult MaskJson(MaskMethod method, uint32_t oid, int16_t format, std::string_view v, std::string_view key,
                    std::string* out) {
  if (method == MaskMethod::kNull) return MaskResult::kNull;
  bool versioned = oid == kOidJsonb && format == kFormatBinary;
  if (versioned) {
    if (v.empty() || v[0] != 1) return MaskResult::kNull;
    v.remove_prefix(1);
  }
  out->clear();
  if (versioned) out->push_back('\x01');
  out->push_back('"');
  if (method == MaskMethod::kHash) {
    out->append(HexPrefix(HmacSha256(key, v), kHashHexChars));
  } else {
    out->append(kRedacted);  // email, last4, initial: a JSON value has no one domain or ending
  }
  out->push_back('"');
  return MaskResult::kValue;
}

// ---- bytea: text format is hex (\x...) or escape; binary is the raw bytes

bool DecodeByteaText(std::string_view v, std::string* raw) {
  raw->clear();
  if (v.size() >= 2 && v[0] == '\\' && v[1] == 'x') {
    auto nibble = [](char c) -> int {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      if (c >= 'A' && c <= 'F') return c - 'A' + 10;
      return -1;
    };
    if (v.size() % 2 != 0) return false;
    for (size_t i = 2; i < v.size(); i += 2) {
      int hi = nibble(v[i]), lo = nibble(v[i + 1]);
      if (hi < 0 || lo < 0) return false;
      raw->push_back(static_cast<char>(hi * 16 + lo));
    }
    return true;
  }
  for (size_t i = 0; i < v.size(); ++i) {  // escape format
    if (v[i] != '\\') {
      raw->push_back(v[i]);
    } else if (i + 1 < v.size() && v[i + 1] == '\\') {
      raw->push_back('\\');
      ++i;
    } else if (i + 3 < v.size()) {
      int x = 0;
      for (size_t k = 1; k <= 3; ++k) {
        if (v[i + k] < '0' || v[i + k] > '7') return false;
        x = x * 8 + (v[i + k] - '0');
      }
      raw->push_back(static_cast<char>(x));
      i += 3;
    } else {
      return false;
    }
  }
  return true;
}

MaskResult MaskBytea(MaskMethod method, int16_t format, std::string_view v, std::string_view key, std::string* out) {
  if (method == MaskMethod::kNull) return MaskResult::kNull;
  std::string raw;
  if (format == kFormatText) {
    if (!DecodeByteaText(v, &raw)) return MaskResult::kNull;
    v = raw;
  }
  std::string bytes = method == MaskMethod::kHash ? HmacSha256(key, v).substr(0, kHashHexChars / 2) : std::string(kRedacted);
  if (format == kFormatBinary) {
    *out = bytes;
  } else {
    *out = "\\x";
    out->append(HexPrefix(bytes, bytes.size() * 2));
  }
  return MaskResult::kValue;
}

// ---- integers: int2, int4, int8 (text: decimal; binary: big-endian)

size_t IntWidth(uint32_t oid) { return oid == kOidInt2 ? 2 : oid == kOidInt4 ? 4 : 8; }

bool DecodeInt(int16_t format, size_t width, std::string_view v, int64_t* x) {
  if (format == kFormatBinary) {
    if (v.size() != width) return false;
    uint64_t u = 0;
    for (char c : v) u = (u << 8) | static_cast<unsigned char>(c);
    if (width < 8 && (u >> (width * 8 - 1)) != 0) u |= ~uint64_t{0} << (width * 8);  // sign-extend
    *x = static_cast<int64_t>(u);
    return true;
  }
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), *x);
  return ec == std::errc() && p == v.data() + v.size();
}

void EncodeInt(int16_t format, size_t width, int64_t x, std::string* out) {
  out->clear();
  if (format == kFormatText) {
    out->append(std::to_string(x));
    return;
  }
  for (size_t i = width; i-- > 0;) out->push_back(static_cast<char>((static_cast<uint64_t>(x) >> (i * 8)) & 0xff));
}

// A non-negative number from the HMAC of `canonical`, below 2^bits.
int64_t HashNumber(std::string_view key, std::string_view canonical, unsigned bits) {
  std::string mac = HmacSha256(key, canonical);
  uint64_t u = 0;
  for (size_t i = 0; i < 8; ++i) u = (u << 8) | static_cast<unsigned char>(mac[i]);
  return static_cast<int64_t>(u >> (64 - bits));
}

// Integers and numeric alike, on the decimal text of the value: hash -> a
// non-negative number below 2^bits from its HMAC; last4 -> the last four
// digits of the integer part (NULL for four digits or fewer: keeping them
// keeps everything); other methods -> NULL.
template <typename Encode>
MaskResult MaskNumber(MaskMethod method, std::string_view decimal, unsigned bits, std::string_view key, Encode encode) {
  switch (method) {
    case MaskMethod::kHash: encode(HashNumber(key, decimal, bits)); return MaskResult::kValue;
    case MaskMethod::kLast4: {
      std::string_view digits = decimal;
      if (!digits.empty() && digits[0] == '-') digits.remove_prefix(1);
      digits = digits.substr(0, digits.find('.'));
      if (digits.size() <= 4 || digits.find_first_not_of("0123456789") != std::string_view::npos) return MaskResult::kNull;
      int64_t last = 0;
      std::from_chars(digits.data() + digits.size() - 4, digits.data() + digits.size(), last);
      encode(last);
      return MaskResult::kValue;
    }
    case MaskMethod::kRedact:
    case MaskMethod::kEmail:
    case MaskMethod::kInitial:
    case MaskMethod::kNull: return MaskResult::kNull;
  }
  return MaskResult::kNull;
}

MaskResult MaskInteger(MaskMethod method, uint32_t oid, int16_t format, std::string_view v, std::string_view key,
                       std::string* out) {
  size_t width = IntWidth(oid);
  int64_t x = 0;
  if (!DecodeInt(format, width, v, &x)) return MaskResult::kNull;
  return MaskNumber(method, std::to_string(x), static_cast<unsigned>(width * 8 - 1), key,
                    [&](int64_t n) { EncodeInt(format, width, n, out); });
}

// ---- numeric (text: decimal; binary: ndigits, weight, sign, dscale, base-10000 digits)

constexpr uint16_t kNumericNeg = 0x4000;

bool NumericBinaryToText(std::string_view v, std::string* text) {
  auto u16 = [&](size_t at) {
    return static_cast<uint16_t>((static_cast<unsigned char>(v[at]) << 8) | static_cast<unsigned char>(v[at + 1]));
  };
  if (v.size() < 8) return false;
  int ndigits = static_cast<int16_t>(u16(0));
  int weight = static_cast<int16_t>(u16(2));
  uint16_t sign = u16(4);
  int dscale = static_cast<int16_t>(u16(6));
  if (ndigits < 0 || v.size() != 8 + 2 * static_cast<size_t>(ndigits) || dscale < 0) return false;
  if (sign == 0xC000) return *text = "NaN", true;
  if (sign == 0xD000) return *text = "Infinity", true;
  if (sign == 0xF000) return *text = "-Infinity", true;
  if (sign != 0 && sign != kNumericNeg) return false;
  auto digit = [&](int i) -> int { return i >= 0 && i < ndigits ? u16(8 + 2 * static_cast<size_t>(i)) : 0; };
  text->clear();
  if (sign == kNumericNeg) text->push_back('-');
  if (weight < 0) {
    text->push_back('0');
  } else {
    for (int d = 0; d <= weight; ++d) {
      std::string group = std::to_string(digit(d));
      if (d > 0) text->append(4 - group.size(), '0');
      text->append(group);
    }
  }
  if (dscale > 0) {
    text->push_back('.');
    std::string frac;
    for (int d = weight + 1; static_cast<int>(frac.size()) < dscale; ++d) {
      std::string group = std::to_string(digit(d));
      frac.append(4 - group.size(), '0');
      frac.append(group);
    }
    text->append(frac.substr(0, static_cast<size_t>(dscale)));
  }
  return true;
}

void EncodeNumeric(int16_t format, int64_t x, std::string* out) {  // REQUIRES: x >= 0
  out->clear();
  if (format == kFormatText) {
    out->append(std::to_string(x));
    return;
  }
  std::vector<uint16_t> digits;
  for (uint64_t u = static_cast<uint64_t>(x); u > 0; u /= 10000) digits.insert(digits.begin(), static_cast<uint16_t>(u % 10000));
  int weight = digits.empty() ? 0 : static_cast<int>(digits.size()) - 1;
  while (!digits.empty() && digits.back() == 0) digits.pop_back();
  auto put = [&](uint16_t w) {
    out->push_back(static_cast<char>(w >> 8));
    out->push_back(static_cast<char>(w & 0xff));
  };
  put(static_cast<uint16_t>(digits.size()));
  put(static_cast<uint16_t>(weight));
  put(0);
  put(0);
  for (uint16_t d : digits) put(d);
}

MaskResult MaskNumeric(MaskMethod method, int16_t format, std::string_view v, std::string_view key, std::string* out) {
  std::string text;
  if (format == kFormatBinary) {
    if (!NumericBinaryToText(v, &text)) return MaskResult::kNull;
  } else {
    text = v;
  }
  return MaskNumber(method, text, 63, key, [&](int64_t n) { EncodeNumeric(format, n, out); });
}

// ---- uuid (text: 8-4-4-4-12 lower-case hex; binary: 16 bytes)

std::string UuidText(std::string_view raw16) {
  std::string hex = HexPrefix(raw16, 32);
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) + "-" +
         hex.substr(20);
}

MaskResult MaskUuid(MaskMethod method, int16_t format, std::string_view v, std::string_view key, std::string* out) {
  if (method != MaskMethod::kHash) return MaskResult::kNull;
  std::string raw;
  if (format == kFormatBinary) {
    raw = v;
  } else {  // 32 hex digits, with or without dashes and braces, any case
    std::string hex;
    for (char c : v)
      if (c != '-' && c != '{' && c != '}') hex.push_back(c);
    if (hex.size() != 32 || !DecodeByteaText("\\x" + hex, &raw)) return MaskResult::kNull;
  }
  if (raw.size() != 16) return MaskResult::kNull;
  std::string mac = HmacSha256(key, UuidText(raw)).substr(0, 16);
  *out = format == kFormatBinary ? mac : UuidText(mac);
  return MaskResult::kValue;
}

}  // namespace

std::string HmacSha256(std::string_view key, std::string_view message) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(message.data()),
       message.size(), mac.data(), &len);
  return std::string(reinterpret_cast<const char*>(mac.data()), len);
}

TypeClass ClassOfType(uint32_t type_oid) noexcept {
  switch (type_oid) {
    case kOidText:
    case kOidVarchar:
    case kOidBpchar:
    case kOidName:
    case kOidUnknown: return TypeClass::kText;
    case kOidJson:
    case kOidJsonb: return TypeClass::kJson;
    case kOidBytea: return TypeClass::kBytea;
    case kOidInt2:
    case kOidInt4:
    case kOidInt8: return TypeClass::kInteger;
    case kOidNumeric: return TypeClass::kNumeric;
    case kOidUuid: return TypeClass::kUuid;
    default: return TypeClass::kOther;
  }
}

MaskResult MaskValue(MaskMethod method, uint32_t type_oid, int16_t format, std::string_view value,
                     std::string_view hash_key, std::string* out) {
  out->clear();
  if (method == MaskMethod::kNull) return MaskResult::kNull;
  if (method == MaskMethod::kHash && hash_key.empty()) return MaskResult::kNull;  // never an unkeyed hash
  if (format != kFormatText && format != kFormatBinary) return MaskResult::kNull;
  if (IsTextArrayType(type_oid))  // element by element in text; binary arrays whole (NULL)
    return format == kFormatText ? MaskTextArray(method, value, hash_key, out) : MaskResult::kNull;
  switch (ClassOfType(type_oid)) {
    case TypeClass::kText: return MaskText(method, value, hash_key, out);
    case TypeClass::kJson: return MaskJson(method, type_oid, format, value, hash_key, out);
    case TypeClass::kBytea: return MaskBytea(method, format, value, hash_key, out);
    case TypeClass::kInteger: return MaskInteger(method, type_oid, format, value, hash_key, out);
    case TypeClass::kNumeric: return MaskNumeric(method, format, value, hash_key, out);
    case TypeClass::kUuid: return MaskUuid(method, format, value, hash_key, out);
    case TypeClass::kOther: return MaskResult::kNull;
  }
  return MaskResult::kNull;
}

}  // namespace govern
