// The embedded approval store: one SQLite file (WAL, a busy timeout so two
// processes on one file wait for each other instead of failing).
#include <sqlite3.h>

#include "approvals/approval_store.h"

namespace govern::proxy {
namespace {

class SqliteDb : public SqlDb {
 public:
  explicit SqliteDb(sqlite3* db) : db_(db) {}
  ~SqliteDb() override { sqlite3_close(db_); }

  Expected<std::vector<Row>> Query(const std::string& sql, const std::vector<Value>& params) override {
    // $1 -> ?1: SQLite's numbered parameters.
    std::string text = sql;
    for (char& c : text)
      if (c == '$') c = '?';
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, text.c_str(), static_cast<int>(text.size()), &st, nullptr) != SQLITE_OK)
      return Status::Error(std::string("approval store (SQLite): ") + sqlite3_errmsg(db_));
    for (size_t i = 0; i < params.size(); ++i) {
      int idx = static_cast<int>(i + 1);
      if (params[i].integer) sqlite3_bind_int64(st, idx, params[i].number);
      else sqlite3_bind_text(st, idx, params[i].text.data(), static_cast<int>(params[i].text.size()), SQLITE_TRANSIENT);
    }
    std::vector<Row> rows;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      Row row;
      int n = sqlite3_column_count(st);
      for (int c = 0; c < n; ++c) {
        const unsigned char* v = sqlite3_column_text(st, c);
        row.emplace_back(v ? reinterpret_cast<const char*>(v) : "", static_cast<size_t>(sqlite3_column_bytes(st, c)));
      }
      rows.push_back(std::move(row));
    }
    if (rc != SQLITE_DONE) {
      std::string error = sqlite3_errmsg(db_);
      sqlite3_finalize(st);
      return Status::Error("approval store (SQLite): " + error);
    }
    sqlite3_finalize(st);
    return rows;
  }

 private:
  sqlite3* db_;
};

}  // namespace

Expected<std::unique_ptr<SqlDb>> OpenSqliteDb(const std::string& path) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr) !=
      SQLITE_OK) {
    std::string error = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return Status::Error("approvals.store " + path + ": " + error);
  }
  sqlite3_busy_timeout(db, 5000);
  auto out = std::make_unique<SqliteDb>(db);
  if (auto wal = out->Query("PRAGMA journal_mode = WAL", {}); !wal)
    return Status::Error("approvals.store " + path + ": " + wal.status().message());
  return std::unique_ptr<SqlDb>(std::move(out));
}

}  // namespace govern::proxy
