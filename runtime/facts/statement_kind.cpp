#include "facts/statement_kind.h"

namespace govern {
namespace {

constexpr StatementKindInfo kKinds[] = {
#define GOVERN_KIND(name, number, cls, doc) {StatementKind::k_##name, #name, doc, KindClass::k_##cls},
#include "facts/statement_kinds.def"
#undef GOVERN_KIND
};

constexpr uint64_t KindsOf(KindClass cls) {
  uint64_t mask = 0;
  for (const auto& k : kKinds)
    if (k.cls == cls) mask |= uint64_t{1} << static_cast<unsigned>(k.kind);
  return mask;
}

constexpr KindClassInfo kClasses[] = {
#define GOVERN_KIND_CLASS(name, modifies, doc) {KindClass::k_##name, #name, modifies, doc, KindsOf(KindClass::k_##name)},
#include "facts/statement_kinds.def"
#undef GOVERN_KIND_CLASS
};

}  // namespace

KindClass KindClassOf(StatementKind kind) noexcept {
  for (const auto& k : kKinds)
    if (k.kind == kind) return k.cls;
  return KindClass::k_unclassified;
}

const KindClassInfo* KindClassTable(size_t* count) noexcept {
  *count = sizeof(kClasses) / sizeof(kClasses[0]);
  return kClasses;
}

const KindClassInfo* FindKindClass(std::string_view name) noexcept {
  for (const auto& c : kClasses)
    if (c.name == name) return &c;
  return nullptr;
}

const KindClassInfo& KindClassInfoOf(KindClass cls) noexcept { return kClasses[static_cast<size_t>(cls)]; }

const StatementKindInfo* StatementKindTable(size_t* count) noexcept {
  *count = sizeof(kKinds) / sizeof(kKinds[0]);
  return kKinds;
}

bool StatementKindValid(uint32_t number) noexcept {
  for (const auto& k : kKinds)
    if (static_cast<uint32_t>(k.kind) == number) return true;
  return false;
}

std::string_view StatementKindName(StatementKind kind) noexcept {
  for (const auto& k : kKinds)
    if (k.kind == kind) return k.name;
  return "unknown";
}

std::string_view StatementKindDoc(StatementKind kind) noexcept {
  for (const auto& k : kKinds)
    if (k.kind == kind) return k.doc;
  return "";
}

std::optional<StatementKind> StatementKindFromName(std::string_view name) noexcept {
  for (const auto& k : kKinds)
    if (k.name == name) return k.kind;
  return std::nullopt;
}

}  // namespace govern
