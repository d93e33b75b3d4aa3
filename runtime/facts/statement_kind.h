// StatementKind: the one enum of statement kinds (see statement_kinds.def).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace govern {

enum class StatementKind : uint8_t {
#define GOVERN_KIND(name, number, doc) k_##name = number,
#include "facts/statement_kinds.def"
#undef GOVERN_KIND
};

inline constexpr int kStatementKindLimit = 64;

std::string_view StatementKindName(StatementKind kind) noexcept;
std::string_view StatementKindDoc(StatementKind kind) noexcept;
std::optional<StatementKind> StatementKindFromName(std::string_view name) noexcept;
bool StatementKindValid(uint32_t number) noexcept;

// All kinds in declaration order, for documentation and did-you-mean.
struct StatementKindInfo {
  StatementKind kind;
  std::string_view name;
  std::string_view doc;
};
const StatementKindInfo* StatementKindTable(size_t* count) noexcept;

}  // namespace govern
