// A libpq connection for reading a live PostgreSQL's catalog and data
// (catalog pull, catalog discover's sampling). Text results only; errors are
// values and never contain the connection string.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"

namespace govern {

class PgConnection {
 public:
  using Row = std::vector<std::optional<std::string>>;  // nullopt: SQL NULL

  static Expected<PgConnection> Connect(const std::string& dsn);
  PgConnection(PgConnection&&) noexcept;
  PgConnection& operator=(PgConnection&&) noexcept;
  ~PgConnection();

  // Runs `sql` (with $1.. text parameters) and returns its rows.
  Expected<std::vector<Row>> Query(const std::string& sql, const std::vector<std::string>& params = {});
  // Runs a statement that returns no rows (SET, BEGIN, ...).
  Status Exec(const std::string& sql);
  // `name` as a quoted SQL identifier ("a""b").
  static std::string QuoteIdent(const std::string& name);

 private:
  struct Impl;
  explicit PgConnection(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace govern
