// The exposure ledger (`govern exposure`): from statement and outcome
// records, per identity, which tagged columns it received, masked or clear,
// in how many statements and rows, first and last time (docs/audit.md).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "core/status.h"

namespace govern::audit {

struct ExposureQuery {
  std::string identity;  // "" = every identity
  std::string tag_glob;  // "" = every tag
  std::string env;       // "" = every env
  int64_t since_us = 0;  // statements at or after this time (unix microseconds); 0 = all
};

struct ExposureRow {
  std::string identity, env, column, tag;
  bool masked = false;
  uint64_t statements = 0, rows = 0;
  int64_t first_us = 0, last_us = 0;
};

class ExposureLedger {
 public:
  explicit ExposureLedger(ExposureQuery query) : query_(std::move(query)) {}
  // Any record line; records other than statement/outcome, and lines that are
  // not records, are skipped. Lines of one proxy must come in seq order.
  void AddLine(std::string_view line);
  // The ledger, sorted by identity, env, column, tag, masked. A statement
  // that was forwarded and has no outcome (the proxy was killed) counts, with
  // 0 rows: the client may have received it.
  std::vector<ExposureRow> Rows() const;

 private:
  struct Item {
    std::string column, tag;
    bool masked;
  };
  struct Pending {
    std::string identity, env;
    int64_t ts = 0;
    std::vector<Item> items;
  };
  void Count(const Pending& p, uint64_t rows);
  using Key = std::tuple<std::string, std::string, std::string, std::string, bool>;

  ExposureQuery query_;
  std::map<std::string, Pending> pending_;  // proxy \x1f session \x1f stmt
  std::map<Key, ExposureRow> rows_;
};

// text (a table per identity), json ({"exposure":[...]}) or csv.
Expected<std::string> FormatExposure(const std::vector<ExposureRow>& rows, std::string_view format);

}  // namespace govern::audit
