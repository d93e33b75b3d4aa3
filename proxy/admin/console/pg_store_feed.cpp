// PgStoreFeed: statement and outcome records from govern_audit_records
// (docs/audit.md), each proxy's rows after the highest seq already read, in
// seq order, in batches.
#include <libpq-fe.h>

#include "admin/console/record_feed.h"

namespace govern::proxy::console {
namespace {

constexpr int kBatch = 20000;

// A PostgreSQL array literal of proxy ids ({"a","b"}), every element quoted.
std::string TextArray(const std::map<std::string, int64_t>& cursor, bool keys) {
  std::string out = "{";
  bool first = true;
  for (const auto& [proxy, seq] : cursor) {
    if (!first) out += ',';
    first = false;
    if (!keys) {
      out += std::to_string(seq);
      continue;
    }
    out += '"';
    for (char c : proxy) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

}  // namespace

struct PgStoreFeed::Conn {
  PGconn* pg = nullptr;
  ~Conn() {
    if (pg) PQfinish(pg);
  }
};

PgStoreFeed::PgStoreFeed(std::string dsn) : dsn_(std::move(dsn)) {}
PgStoreFeed::~PgStoreFeed() = default;

Status PgStoreFeed::Poll(RecordIndex* index) {
  if (!conn_ || PQstatus(conn_->pg) != CONNECTION_OK) {
    conn_ = std::make_unique<Conn>();
    conn_->pg = PQconnectdb(dsn_.c_str());
    if (PQstatus(conn_->pg) != CONNECTION_OK) {
      std::string message = PQerrorMessage(conn_->pg);
      while (!message.empty() && message.back() == '\n') message.pop_back();
      conn_.reset();
      // libpq's messages name host and port, never the password.
      return Status::Error("cannot connect to the audit store: " + message);
    }
  }
  static const char* kQuery =
      "SELECT proxy_id, seq, line FROM govern_audit_records "
      "WHERE type IN ('statement', 'outcome') AND seq > COALESCE("
      "(SELECT c.s FROM unnest($1::text[], $2::bigint[]) AS c(p, s) WHERE c.p = proxy_id), 0) "
      "ORDER BY proxy_id, seq LIMIT 20000";
  for (;;) {
    std::string proxies = TextArray(last_seq_, true), seqs = TextArray(last_seq_, false);
    const char* params[2] = {proxies.c_str(), seqs.c_str()};
    PGresult* res = PQexecParams(conn_->pg, kQuery, 2, nullptr, params, nullptr, nullptr, 0);
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
      const char* state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
      std::string message = PQresultErrorMessage(res);
      PQclear(res);
      if (state && std::string(state) == "42P01") return Status::Ok();  // no proxy has written yet
      while (!message.empty() && message.back() == '\n') message.pop_back();
      return Status::Error("audit store query failed: " + message);
    }
    int n = PQntuples(res);
    for (int i = 0; i < n; ++i) {
      index->AddLine(std::string_view(PQgetvalue(res, i, 2), static_cast<size_t>(PQgetlength(res, i, 2))));
      int64_t seq = std::stoll(PQgetvalue(res, i, 1));
      int64_t& last = last_seq_[PQgetvalue(res, i, 0)];
      if (seq > last) last = seq;
    }
    PQclear(res);
    if (n < kBatch) return Status::Ok();
  }
}

}  // namespace govern::proxy::console
