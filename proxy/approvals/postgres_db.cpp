// The shared approval store: PostgreSQL through libpq. Reconnects once when
// the connection was lost. The dsn (it may hold a password) never appears in
// an error.
#include <libpq-fe.h>

#include "approvals/approval_store.h"

namespace govern::proxy {
namespace {

class PostgresDb : public SqlDb {
 public:
  explicit PostgresDb(PGconn* conn) : conn_(conn) {}
  ~PostgresDb() override { PQfinish(conn_); }

  Expected<std::vector<Row>> Query(const std::string& sql, const std::vector<Value>& params) override {
    if (PQstatus(conn_) != CONNECTION_OK) PQreset(conn_);
    std::vector<const char*> values;
    for (const Value& v : params) values.push_back(v.text.c_str());
    PGresult* res = PQexecParams(conn_, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(), nullptr,
                                 nullptr, 0);
    ExecStatusType st = PQresultStatus(res);
    if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
      std::string error = PQresultErrorMessage(res);
      PQclear(res);
      while (!error.empty() && error.back() == '\n') error.pop_back();
      return Status::Error("approval store (PostgreSQL): " + error);
    }
    std::vector<Row> rows;
    int n = PQntuples(res), cols = PQnfields(res);
    for (int r = 0; r < n; ++r) {
      Row row;
      for (int c = 0; c < cols; ++c) row.emplace_back(PQgetvalue(res, r, c), static_cast<size_t>(PQgetlength(res, r, c)));
      rows.push_back(std::move(row));
    }
    PQclear(res);
    return rows;
  }

 private:
  PGconn* conn_;
};

}  // namespace

Expected<std::unique_ptr<SqlDb>> OpenPostgresDb(const std::string& dsn) {
  PGconn* conn = PQconnectdb(dsn.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string error = PQerrorMessage(conn);
    PQfinish(conn);
    while (!error.empty() && error.back() == '\n') error.pop_back();
    return Status::Error("approvals.dsn: cannot connect: " + error);
  }
  return std::unique_ptr<SqlDb>(std::make_unique<PostgresDb>(conn));
}

}  // namespace govern::proxy
