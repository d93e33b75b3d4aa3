// ProgramData: the decoded content of a bundle. The compiler fills it and the
// codec writes it; the loader decodes it and the verifier checks every index,
// jump and type before the VM may run it. Numbers of enums are stable: they
// are written into bundles (docs/bundle-format.md).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace govern {

enum class EffectType : uint8_t {
  kDeny = 1,
  kWarn = 2,
  kApproval = 3,
  kMask = 4,
  kAllow = 5,
  kAudit = 6,
};

// Mask methods, defined once. GOVERN_MASK(Id, number, "name", description)
#define GOVERN_MASK_METHODS(X)                                                          \
  X(Redact, 1, "redact", "replace the value with ***")                                  \
  X(Email, 2, "email", "keep the domain of an e-mail address: ***@example.com")         \
  X(Hash, 3, "hash", "replace with a hex SHA-256 prefix, stable for joins")             \
  X(Null, 4, "null", "replace with NULL")                                               \
  X(Last4, 5, "last4", "keep the last four characters: ***1234")                        \
  X(Initial, 6, "initial", "keep the first character: J***")

enum class MaskMethod : uint8_t {
#define GOVERN_MASK_ENUM(id, number, name, doc) k##id = number,
  GOVERN_MASK_METHODS(GOVERN_MASK_ENUM)
#undef GOVERN_MASK_ENUM
};

enum class SelectorKind : uint8_t {
  kAll = 0,     // reads() with no argument: every column
  kTag = 1,     // tag "glob" over the catalog's column tags
  kColumn = 2,  // column "schema.table.column-glob"
  kTable = 3,   // table "schema.table-glob": every column of matching tables
  kUnion = 4,   // reads(tag "a", column "b"): any of the selectors selector_lists[glob]
};

enum ValueType : uint8_t { kTypeBool = 'b', kTypeNum = 'n', kTypeStr = 's', kTypeSet = 'S', kTypeKind = 'k' };

inline constexpr uint32_t kNoChunk = 0xffffffffu;

struct SelectorMeta {
  SelectorKind kind = SelectorKind::kAll;
  uint32_t glob = 0;  // string id (unused for kAll); kUnion: index into selector_lists
};

struct Chunk {
  uint32_t begin = 0;  // first instruction
  uint32_t end = 0;    // one past the last (a RET)
  uint8_t result = kTypeBool;  // type letter the chunk returns
};

struct InstrSpan {
  uint32_t source = 0;  // index into sources
  uint32_t line = 0;
  uint32_t column = 0;
  uint32_t length = 0;
};

struct TemplatePart {
  uint8_t is_expr = 0;  // 0: literal strings[value]; 1: chunks[value] rendered
  uint32_t value = 0;
};

struct Template {
  uint32_t first_part = 0;
  uint32_t part_count = 0;
};

inline constexpr uint32_t kNoTemplate = 0xffffffffu;

struct EffectMeta {
  EffectType type = EffectType::kDeny;
  MaskMethod method = MaskMethod::kRedact;  // kMask only
  uint32_t selector = 0;                    // kMask only
  uint32_t text = kNoTemplate;              // message (deny/warn/approval) or label (audit)
  uint32_t group = 0;                       // kApproval: string id of the approving group
};

struct RuleMeta {
  uint32_t id = 0;         // string id of "policy.rule"
  uint32_t policy = 0;     // index into policies
  uint32_t source = 0;     // index into sources
  uint32_t line = 0;
  uint32_t column = 0;
  uint32_t condition_text = 0;  // string id: the `when` source text ("" if none)
  uint64_t kind_mask = 0;       // statement kinds for which the rule can fire
  uint32_t condition = kNoChunk;  // chunk index, or kNoChunk: always true
  uint32_t first_effect = 0;
  uint32_t effect_count = 0;
};

struct PolicyMeta {
  uint32_t name = 0;         // string id
  uint32_t description = 0;  // string id ("" if none)
};

struct SourceMeta {
  uint32_t path = 0;  // string id
  std::array<uint8_t, 32> sha256{};
};

inline constexpr uint16_t kFlagDefaultDeny = 1 << 0;
inline constexpr uint16_t kFlagSigned = 1 << 1;

struct ProgramData {
  uint16_t flags = 0;
  std::vector<std::string> strings;
  std::vector<int64_t> numbers;
  std::vector<std::vector<uint32_t>> string_sets;  // each sorted by string content, unique
  std::vector<uint64_t> kind_masks;
  std::vector<SelectorMeta> selectors;
  // Members of union selectors: ids of earlier, non-union selectors.
  std::vector<std::vector<uint32_t>> selector_lists;
  std::vector<uint32_t> code;
  std::vector<InstrSpan> spans;  // parallel to code
  std::vector<Chunk> chunks;
  std::vector<Template> templates;
  std::vector<TemplatePart> template_parts;
  std::vector<EffectMeta> effects;
  std::vector<RuleMeta> rules;
  // Parallel to rules, or empty: string id of each rule's description
  // (`rule NAME "description" {`), "" when it has none. Optional section 16,
  // written only when some rule has a description.
  std::vector<uint32_t> rule_descriptions;
  std::vector<PolicyMeta> policies;
  std::vector<SourceMeta> sources;
  std::string catalog_json;  // embedded catalog (docs/catalog.md), empty if none

  bool default_deny() const { return (flags & kFlagDefaultDeny) != 0; }
};

std::string_view EffectTypeName(EffectType type) noexcept;
std::string_view MaskMethodName(MaskMethod method) noexcept;
bool MaskMethodFromName(std::string_view name, MaskMethod* out) noexcept;
std::string_view SelectorKindName(SelectorKind kind) noexcept;

}  // namespace govern
