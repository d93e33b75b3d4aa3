#include "facts/statement_kind.h"

namespace govern {
namespace {

constexpr StatementKindInfo kKinds[] = {
#define GOVERN_KIND(name, number, doc) {StatementKind::k_##name, #name, doc},
#include "facts/statement_kinds.def"
#undef GOVERN_KIND
};

}  // namespace

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
