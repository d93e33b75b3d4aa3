#include "bundle/codec.h"

#include <cstring>
#include <set>

#include "bundle/crypto.h"

namespace govern {
namespace {

// ---- little-endian byte writer / bounds-checked reader ----

class Writer {
 public:
  void U8(uint8_t v) { out_.push_back(v); }
  void U16(uint16_t v) { Int(v, 2); }
  void U32(uint32_t v) { Int(v, 4); }
  void U64(uint64_t v) { Int(v, 8); }
  void Bytes(const void* p, size_t n) {
    const auto* b = static_cast<const uint8_t*>(p);
    out_.insert(out_.end(), b, b + n);
  }
  void Align8() {
    while (out_.size() % 8 != 0) out_.push_back(0);
  }
  void PatchU32(size_t at, uint32_t v) {
    for (int i = 0; i < 4; ++i) out_[at + static_cast<size_t>(i)] = static_cast<uint8_t>(v >> (8 * i));
  }
  size_t size() const { return out_.size(); }
  std::vector<uint8_t>& bytes() { return out_; }

 private:
  void Int(uint64_t v, int n) {
    for (int i = 0; i < n; ++i) out_.push_back(static_cast<uint8_t>(v >> (8 * i)));
  }
  std::vector<uint8_t> out_;
};

class Reader {
 public:
  Reader(const uint8_t* p, size_t n) : p_(p), n_(n) {}
  uint8_t U8() { return static_cast<uint8_t>(Int(1)); }
  uint16_t U16() { return static_cast<uint16_t>(Int(2)); }
  uint32_t U32() { return static_cast<uint32_t>(Int(4)); }
  uint64_t U64() { return Int(8); }
  bool Bytes(void* dst, size_t n) {
    if (!Need(n)) return false;
    std::memcpy(dst, p_ + pos_, n);
    pos_ += n;
    return true;
  }
  // A count of records of at least `min_record` bytes each; 0 and a failure if
  // the rest of the section cannot hold them (no allocation on a lie).
  uint32_t Count(size_t min_record) {
    uint32_t c = U32();
    if (ok_ && static_cast<uint64_t>(c) * min_record > n_ - pos_) ok_ = false;
    return ok_ ? c : 0;
  }
  bool ok() const { return ok_; }
  bool at_end() const { return pos_ == n_; }

 private:
  bool Need(size_t n) {
    if (!ok_ || n > n_ - pos_) ok_ = false;
    return ok_;
  }
  uint64_t Int(int n) {
    if (!Need(static_cast<size_t>(n))) return 0;
    uint64_t v = 0;
    for (int i = 0; i < n; ++i) v |= static_cast<uint64_t>(p_[pos_ + static_cast<size_t>(i)]) << (8 * i);
    pos_ += static_cast<size_t>(n);
    return v;
  }
  const uint8_t* p_;
  size_t n_;
  size_t pos_ = 0;
  bool ok_ = true;
};

// ---- one field list per record type, shared by the encoder and the decoder ----

struct Put {
  Writer& w;
  void operator()(uint8_t v) { w.U8(v); }
  void operator()(uint32_t v) { w.U32(v); }
  void operator()(uint64_t v) { w.U64(v); }
  void operator()(int64_t v) { w.U64(static_cast<uint64_t>(v)); }
  template <typename E>
  requires std::is_enum_v<E>
  void operator()(E v) { w.U8(static_cast<uint8_t>(v)); }
  void operator()(std::array<uint8_t, 32>& v) { w.Bytes(v.data(), v.size()); }
};

struct Get {
  Reader& r;
  void operator()(uint8_t& v) { v = r.U8(); }
  void operator()(uint32_t& v) { v = r.U32(); }
  void operator()(uint64_t& v) { v = r.U64(); }
  void operator()(int64_t& v) { v = static_cast<int64_t>(r.U64()); }
  template <typename E>
  requires std::is_enum_v<E>
  void operator()(E& v) { v = static_cast<E>(r.U8()); }
  void operator()(std::array<uint8_t, 32>& v) { r.Bytes(v.data(), v.size()); }
};

template <typename F> void Fields(SelectorMeta& s, F&& f) { f(s.kind); f(s.glob); }
template <typename F> void Fields(InstrSpan& s, F&& f) { f(s.source); f(s.line); f(s.column); f(s.length); }
template <typename F> void Fields(Chunk& c, F&& f) { f(c.begin); f(c.end); f(c.result); }
template <typename F> void Fields(Template& t, F&& f) { f(t.first_part); f(t.part_count); }
template <typename F> void Fields(TemplatePart& p, F&& f) { f(p.is_expr); f(p.value); }
template <typename F> void Fields(EffectMeta& e, F&& f) {
  f(e.type); f(e.method); f(e.selector); f(e.text); f(e.group);
}
template <typename F> void Fields(RuleMeta& r, F&& f) {
  f(r.id); f(r.policy); f(r.source); f(r.line); f(r.column); f(r.condition_text);
  f(r.kind_mask); f(r.condition); f(r.first_effect); f(r.effect_count);
}
template <typename F> void Fields(PolicyMeta& p, F&& f) { f(p.name); f(p.description); }
template <typename F> void Fields(SourceMeta& s, F&& f) { f(s.path); f(s.sha256); }
template <typename F> void Fields(uint32_t& v, F&& f) { f(v); }
template <typename F> void Fields(uint64_t& v, F&& f) { f(v); }
template <typename F> void Fields(int64_t& v, F&& f) { f(v); }

template <typename T>
void PutVector(Writer& w, const std::vector<T>& v) {
  w.U32(static_cast<uint32_t>(v.size()));
  for (const T& item : v) Fields(const_cast<T&>(item), Put{w});
}

// The encoded size of one record, from the same field list (what Put writes).
struct Size {
  size_t bytes = 0;
  void operator()(uint8_t) { bytes += 1; }
  void operator()(uint32_t) { bytes += 4; }
  void operator()(uint64_t) { bytes += 8; }
  void operator()(int64_t) { bytes += 8; }
  template <typename E>
  requires std::is_enum_v<E>
  void operator()(E) { bytes += 1; }
  void operator()(std::array<uint8_t, 32>&) { bytes += 32; }
};

template <typename T>
size_t RecordSize() {
  T probe{};
  Size size;
  Fields(probe, size);
  return size.bytes;
}

template <typename T>
void GetVector(Reader& r, std::vector<T>& v) {
  uint32_t n = r.Count(RecordSize<T>());
  v.resize(n);
  for (T& item : v) Fields(item, Get{r});
}

void PutStrings(Writer& w, const std::vector<std::string>& v) {
  w.U32(static_cast<uint32_t>(v.size()));
  for (const auto& s : v) {
    w.U32(static_cast<uint32_t>(s.size()));
    w.Bytes(s.data(), s.size());
  }
}

void GetStrings(Reader& r, std::vector<std::string>& v) {
  uint32_t n = r.Count(4);
  v.resize(n);
  for (auto& s : v) {
    uint32_t len = r.Count(1);
    s.resize(len);
    if (len && !r.Bytes(s.data(), len)) return;
  }
}

void PutSets(Writer& w, const std::vector<std::vector<uint32_t>>& v) {
  w.U32(static_cast<uint32_t>(v.size()));
  for (const auto& s : v) PutVector(w, s);
}

void GetSets(Reader& r, std::vector<std::vector<uint32_t>>& v) {
  uint32_t n = r.Count(4);
  v.resize(n);
  for (auto& s : v) GetVector(r, s);
}

constexpr SectionId kRequired[] = {
    SectionId::kStrings, SectionId::kNumbers,  SectionId::kStringSets,    SectionId::kKindMasks,
    SectionId::kSelectors, SectionId::kCode,   SectionId::kSpans,         SectionId::kChunks,
    SectionId::kTemplates, SectionId::kTemplateParts, SectionId::kEffects, SectionId::kRules,
    SectionId::kPolicies, SectionId::kSources,
};

void EncodeSection(Writer& w, SectionId id, const ProgramData& p) {
  switch (id) {
    case SectionId::kStrings: PutStrings(w, p.strings); return;
    case SectionId::kNumbers: PutVector(w, p.numbers); return;
    case SectionId::kStringSets: PutSets(w, p.string_sets); return;
    case SectionId::kKindMasks: PutVector(w, p.kind_masks); return;
    case SectionId::kSelectors: PutVector(w, p.selectors); return;
    case SectionId::kCode: PutVector(w, p.code); return;
    case SectionId::kSpans: PutVector(w, p.spans); return;
    case SectionId::kChunks: PutVector(w, p.chunks); return;
    case SectionId::kTemplates: PutVector(w, p.templates); return;
    case SectionId::kTemplateParts: PutVector(w, p.template_parts); return;
    case SectionId::kEffects: PutVector(w, p.effects); return;
    case SectionId::kRules: PutVector(w, p.rules); return;
    case SectionId::kPolicies: PutVector(w, p.policies); return;
    case SectionId::kSources: PutVector(w, p.sources); return;
    case SectionId::kCatalog: w.Bytes(p.catalog_json.data(), p.catalog_json.size()); return;
    case SectionId::kRuleDescriptions: PutVector(w, p.rule_descriptions); return;
    case SectionId::kSelectorLists: PutSets(w, p.selector_lists); return;
  }
}

bool DecodeSection(Reader& r, SectionId id, ProgramData& p, size_t size) {
  switch (id) {
    case SectionId::kStrings: GetStrings(r, p.strings); break;
    case SectionId::kNumbers: GetVector(r, p.numbers); break;
    case SectionId::kStringSets: GetSets(r, p.string_sets); break;
    case SectionId::kKindMasks: GetVector(r, p.kind_masks); break;
    case SectionId::kSelectors: GetVector(r, p.selectors); break;
    case SectionId::kCode: GetVector(r, p.code); break;
    case SectionId::kSpans: GetVector(r, p.spans); break;
    case SectionId::kChunks: GetVector(r, p.chunks); break;
    case SectionId::kTemplates: GetVector(r, p.templates); break;
    case SectionId::kTemplateParts: GetVector(r, p.template_parts); break;
    case SectionId::kEffects: GetVector(r, p.effects); break;
    case SectionId::kRules: GetVector(r, p.rules); break;
    case SectionId::kPolicies: GetVector(r, p.policies); break;
    case SectionId::kSources: GetVector(r, p.sources); break;
    case SectionId::kSelectorLists: GetSets(r, p.selector_lists); break;
    case SectionId::kCatalog:
      p.catalog_json.resize(size);
      if (size) r.Bytes(p.catalog_json.data(), size);
      break;
    case SectionId::kRuleDescriptions: GetVector(r, p.rule_descriptions); break;
    default: return false;
  }
  return r.ok() && r.at_end();
}

}  // namespace

std::vector<uint8_t> EncodeBundle(const ProgramData& program) {
  std::vector<SectionId> ids(std::begin(kRequired), std::end(kRequired));
  if (!program.catalog_json.empty()) ids.push_back(SectionId::kCatalog);
  if (!program.rule_descriptions.empty()) ids.push_back(SectionId::kRuleDescriptions);
  if (!program.selector_lists.empty()) ids.push_back(SectionId::kSelectorLists);
  Writer w;
  w.Bytes(kBundleMagic, sizeof kBundleMagic);
  w.U16(kBundleFormatVersion);
  w.U16(program.flags);
  size_t content_size_at = w.size();
  w.U32(0);
  w.U32(static_cast<uint32_t>(ids.size()));
  size_t table_at = w.size();
  for (size_t i = 0; i < ids.size() * 3; ++i) w.U32(0);
  for (size_t i = 0; i < ids.size(); ++i) {
    w.Align8();
    size_t begin = w.size();
    EncodeSection(w, ids[i], program);
    w.PatchU32(table_at + i * 12, static_cast<uint32_t>(ids[i]));
    w.PatchU32(table_at + i * 12 + 4, static_cast<uint32_t>(begin));
    w.PatchU32(table_at + i * 12 + 8, static_cast<uint32_t>(w.size() - begin));
  }
  w.Align8();
  w.PatchU32(content_size_at, static_cast<uint32_t>(w.size()));
  auto digest = Sha256(std::string_view(reinterpret_cast<const char*>(w.bytes().data()), w.size()));
  w.Bytes(digest.data(), digest.size());
  return std::move(w.bytes());
}

Expected<DecodedBundle> DecodeBundle(std::string_view bytes) {
  const auto* data = reinterpret_cast<const uint8_t*>(bytes.data());
  if (bytes.size() < kHeaderSize + 32 || std::memcmp(data, kBundleMagic, sizeof kBundleMagic) != 0)
    return Status::Error("not a govern bundle (bad magic)");
  Reader header(data + 8, kHeaderSize - 8);
  uint16_t version = header.U16();
  uint16_t flags = header.U16();
  uint32_t content_size = header.U32();
  uint32_t section_count = header.U32();
  if (version != kBundleFormatVersion)
    return Status::Error("unsupported bundle format version " + std::to_string(version) + " (this govern reads " +
                         std::to_string(kBundleFormatVersion) + ")");
  if (content_size < kHeaderSize || content_size > bytes.size() - 32)
    return Status::Error("corrupt bundle: content size out of bounds");
  size_t rest = bytes.size() - content_size - 32;
  DecodedBundle out;
  std::memcpy(out.digest.data(), data + content_size, 32);
  std::string_view content(bytes.data(), content_size);
  if (Sha256(content) != out.digest) return Status::Error("corrupt bundle: SHA-256 does not match the content");
  if ((flags & kFlagSigned) != 0) {
    if (rest != kSignatureBlockSize || std::memcmp(data + content_size + 32, kSignatureMagic, 8) != 0)
      return Status::Error("corrupt bundle: marked signed but the signature block is missing or malformed");
    out.signature.present = true;
    std::memcpy(out.signature.public_key.data(), data + content_size + 40, 32);
    std::memcpy(out.signature.signature.data(), data + content_size + 72, 64);
  } else if (rest != 0) {
    return Status::Error("corrupt bundle: trailing bytes after the digest");
  }
  if (section_count > 64 || kHeaderSize + static_cast<size_t>(section_count) * 12 > content_size)
    return Status::Error("corrupt bundle: bad section table");
  Reader table(data + kHeaderSize, static_cast<size_t>(section_count) * 12);
  std::set<uint32_t> seen;
  size_t previous_end = kHeaderSize + static_cast<size_t>(section_count) * 12;
  out.program.flags = flags;
  for (uint32_t i = 0; i < section_count; ++i) {
    uint32_t id = table.U32(), offset = table.U32(), size = table.U32();
    if (!seen.insert(id).second) return Status::Error("corrupt bundle: section " + std::to_string(id) + " twice");
    if (offset < previous_end || offset > content_size || size > content_size - offset)
      return Status::Error("corrupt bundle: section " + std::to_string(id) + " out of bounds");
    previous_end = offset + size;
    Reader r(data + offset, size);
    if (!DecodeSection(r, static_cast<SectionId>(id), out.program, size))
      return Status::Error("corrupt bundle: section " + std::to_string(id) + " is malformed");
  }
  for (SectionId id : kRequired)
    if (!seen.count(static_cast<uint32_t>(id)))
      return Status::Error("corrupt bundle: missing section " + std::to_string(static_cast<uint32_t>(id)));
  return out;
}

std::string HexDigest(const std::array<uint8_t, 32>& digest) {
  static const char* kHex = "0123456789abcdef";
  std::string s;
  for (uint8_t b : digest) {
    s.push_back(kHex[b >> 4]);
    s.push_back(kHex[b & 15]);
  }
  return s;
}

}  // namespace govern
