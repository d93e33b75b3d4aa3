// PgConnection: the libpq calls behind catalog pull and discover's sampling.
#include "catalog/pg_conn.h"

#include <libpq-fe.h>

namespace govern {
namespace {

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

std::string Trimmed(const char* message) {
  std::string s = message ? message : "";
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

}  // namespace

struct PgConnection::Impl {
  PGconn* conn = nullptr;
  ~Impl() { PQfinish(conn); }
};

PgConnection::PgConnection(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PgConnection::PgConnection(PgConnection&&) noexcept = default;
PgConnection& PgConnection::operator=(PgConnection&&) noexcept = default;
PgConnection::~PgConnection() = default;

Expected<PgConnection> PgConnection::Connect(const std::string& dsn) {
  auto impl = std::make_unique<Impl>();
  impl->conn = PQconnectdb(dsn.c_str());
  if (PQstatus(impl->conn) != CONNECTION_OK)
    return Status::Error("cannot connect: " + Trimmed(PQerrorMessage(impl->conn)));
  return PgConnection(std::move(impl));
}

Expected<std::vector<PgConnection::Row>> PgConnection::Query(const std::string& sql,
                                                             const std::vector<std::string>& params) {
  std::vector<const char*> values;
  for (const std::string& p : params) values.push_back(p.c_str());
  Result res(PQexecParams(impl_->conn, sql.c_str(), static_cast<int>(values.size()), nullptr,
                          values.empty() ? nullptr : values.data(), nullptr, nullptr, 0));
  if (PQresultStatus(res.get()) != PGRES_TUPLES_OK)
    return Status::Error("query failed: " + Trimmed(PQresultErrorMessage(res.get())));
  std::vector<Row> rows;
  int n = PQntuples(res.get()), cols = PQnfields(res.get());
  rows.reserve(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    Row row;
    for (int c = 0; c < cols; ++c) {
      if (PQgetisnull(res.get(), i, c)) {
        row.emplace_back();
      } else {
        row.emplace_back(std::string(PQgetvalue(res.get(), i, c), static_cast<size_t>(PQgetlength(res.get(), i, c))));
      }
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

Status PgConnection::Exec(const std::string& sql) {
  Result res(PQexec(impl_->conn, sql.c_str()));
  if (PQresultStatus(res.get()) != PGRES_COMMAND_OK && PQresultStatus(res.get()) != PGRES_TUPLES_OK)
    return Status::Error("statement failed: " + Trimmed(PQresultErrorMessage(res.get())));
  return Status::Ok();
}

std::string PgConnection::QuoteIdent(const std::string& name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  return out + "\"";
}

}  // namespace govern
