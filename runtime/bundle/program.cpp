#include "bundle/program.h"

namespace govern {

std::string_view EffectTypeName(EffectType type) noexcept {
  switch (type) {
    case EffectType::kDeny: return "deny";
    case EffectType::kWarn: return "warn";
    case EffectType::kApproval: return "require_approval";
    case EffectType::kMask: return "mask";
    case EffectType::kAllow: return "allow";
    case EffectType::kAudit: return "audit";
  }
  return "?";
}

std::string_view MaskMethodName(MaskMethod method) noexcept {
  switch (method) {
#define GOVERN_MASK_CASE(id, number, name, doc) \
  case MaskMethod::k##id: return name;
    GOVERN_MASK_METHODS(GOVERN_MASK_CASE)
#undef GOVERN_MASK_CASE
  }
  return "?";
}

bool MaskMethodFromName(std::string_view name, MaskMethod* out) noexcept {
#define GOVERN_MASK_FIND(id, number, mname, doc) \
  if (name == mname) {                           \
    *out = MaskMethod::k##id;                    \
    return true;                                 \
  }
  GOVERN_MASK_METHODS(GOVERN_MASK_FIND)
#undef GOVERN_MASK_FIND
  return false;
}

std::string_view SelectorKindName(SelectorKind kind) noexcept {
  switch (kind) {
    case SelectorKind::kAll: return "all";
    case SelectorKind::kTag: return "tag";
    case SelectorKind::kColumn: return "column";
    case SelectorKind::kTable: return "table";
    case SelectorKind::kUnion: return "any";
  }
  return "?";
}

}  // namespace govern
