// Builds StatementFacts by hand for unit tests (the analyzer has its own tests).
#pragma once

#include <deque>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "facts/context.h"
#include "facts/facts.h"

namespace govern::testing {

class FactsBuilder {
 public:
  explicit FactsBuilder(StatementKind kind, const Catalog* catalog = nullptr) : catalog_(catalog) { facts_.kind = kind; }

  FactsBuilder& Read(const std::string& qname, uint16_t usage = kUseProjected) {
    reads_.push_back(Column(qname, usage));
    return *this;
  }
  FactsBuilder& Write(const std::string& qname) {
    writes_.push_back(Column(qname, 0));
    return *this;
  }
  // A result column named `name` fed by `sources`.
  FactsBuilder& Output(const std::string& name, std::vector<std::string> sources) {
    auto index = static_cast<uint16_t>(outputs_.size());
    outputs_.push_back({Keep(name), Derivation::kDirect, {}});
    for (const auto& s : sources) {
      ColumnFact c = Column(s, kUseProjected);
      c.output = index;
      output_sources_.push_back(c);
    }
    return *this;
  }
  FactsBuilder& Target(const std::string& t) {
    targets_.push_back(Keep(t));
    tables_.push_back({Keep(t), -1, kAccessWrite});
    return *this;
  }
  FactsBuilder& Function(const std::string& f) {
    functions_.push_back(Keep(f));
    return *this;
  }
  FactsBuilder& Where(bool v = true) {
    facts_.has_where = v;
    return *this;
  }
  FactsBuilder& Limit(bool v = true) {
    facts_.has_limit = v;
    return *this;
  }
  FactsBuilder& Opaque(bool v = true) {
    facts_.opaque = v;
    return *this;
  }

  const StatementFacts& Build() {
    facts_.reads = reads_;
    facts_.writes = writes_;
    facts_.outputs = outputs_;
    facts_.output_sources = output_sources_;
    facts_.targets = targets_;
    facts_.tables = tables_;
    facts_.functions = functions_;
    return facts_;
  }

 private:
  std::string_view Keep(const std::string& s) { return strings_.emplace_back(s); }
  ColumnFact Column(const std::string& qname, uint16_t usage) {
    ColumnFact c;
    c.name = Keep(qname);
    c.usage = usage;
    if (catalog_) {
      if (auto id = catalog_->FindColumnByQName(qname)) {
        c.column_id = *id;
        c.table_id = catalog_->column(*id).table_id;
      }
    }
    return c;
  }

  const Catalog* catalog_;
  StatementFacts facts_;
  std::deque<std::string> strings_;
  std::vector<ColumnFact> reads_, writes_, output_sources_;
  std::vector<OutputFact> outputs_;
  std::vector<TableFact> tables_;
  std::vector<std::string_view> targets_, functions_;
};

// An identity + env with owned strings.
struct ContextBuilder {
  std::deque<std::string> strings;
  std::vector<std::string_view> groups, roles;
  std::vector<Attribute> attrs;
  Context context;

  ContextBuilder& User(const std::string& s) { context.identity.user = strings.emplace_back(s); return *this; }
  ContextBuilder& Purpose(const std::string& s) { context.identity.purpose = strings.emplace_back(s); return *this; }
  ContextBuilder& Kind(const std::string& s) { context.identity.kind = strings.emplace_back(s); return *this; }
  ContextBuilder& Env(const std::string& s) { context.env = strings.emplace_back(s); return *this; }
  ContextBuilder& Database(const std::string& s) { context.database = strings.emplace_back(s); return *this; }
  ContextBuilder& Group(const std::string& s) { groups.push_back(strings.emplace_back(s)); return *this; }
  ContextBuilder& Role(const std::string& s) { roles.push_back(strings.emplace_back(s)); return *this; }
  ContextBuilder& Attr(const std::string& k, const std::string& v) {
    attrs.push_back({strings.emplace_back(k), strings.emplace_back(v)});
    return *this;
  }
  const Context& Build() {
    context.identity.groups = groups;
    context.identity.roles = roles;
    context.identity.attrs = attrs;
    return context;
  }
};

}  // namespace govern::testing
