// StatementKind: the one enum of statement kinds (see statement_kinds.def).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace govern {

enum class StatementKind : uint8_t {
#define GOVERN_KIND(name, number, cls, doc) k_##name = number,
#include "facts/statement_kinds.def"
#undef GOVERN_KIND
};

// Classes of kinds (statement_kinds.def): every kind is in exactly one.
enum class KindClass : uint8_t {
#define GOVERN_KIND_CLASS(name, modifies, doc) k_##name,
#include "facts/statement_kinds.def"
#undef GOVERN_KIND_CLASS
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
  KindClass cls;
};
const StatementKindInfo* StatementKindTable(size_t* count) noexcept;

KindClass KindClassOf(StatementKind kind) noexcept;

struct KindClassInfo {
  KindClass cls;
  std::string_view name;
  bool modifies;       // statements of the class change data, schema, roles or server state
  std::string_view doc;
  uint64_t kinds;      // bit k: statement kind number k is in the class
};
const KindClassInfo* KindClassTable(size_t* count) noexcept;
const KindClassInfo* FindKindClass(std::string_view name) noexcept;
const KindClassInfo& KindClassInfoOf(KindClass cls) noexcept;

}  // namespace govern
