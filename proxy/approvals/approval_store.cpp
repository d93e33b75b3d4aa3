#include "approvals/approval_store.h"

#include <cstdlib>

namespace govern::proxy {
namespace {

// Every query returns the columns in this order (ReadRow).
constexpr const char* kColumns =
    "id, state, used, created_ms, expires_ms, decided_ms, used_ms, identity, env, database_name, role_name, "
    "search_path, statement, fingerprint, text_hash, params_hash, match_key, rule, approver_group, message, "
    "decided_by, proxy";

constexpr const char* kSchema =
    "CREATE TABLE IF NOT EXISTS govern_approvals ("
    " id TEXT PRIMARY KEY, state TEXT NOT NULL, used INTEGER NOT NULL DEFAULT 0,"
    " created_ms BIGINT NOT NULL, expires_ms BIGINT NOT NULL, decided_ms BIGINT NOT NULL DEFAULT 0,"
    " used_ms BIGINT NOT NULL DEFAULT 0, identity TEXT NOT NULL, env TEXT NOT NULL, database_name TEXT NOT NULL,"
    " role_name TEXT NOT NULL, search_path TEXT NOT NULL, statement TEXT NOT NULL, fingerprint TEXT NOT NULL,"
    " text_hash TEXT NOT NULL, params_hash TEXT NOT NULL, match_key TEXT NOT NULL, rule TEXT NOT NULL,"
    " approver_group TEXT NOT NULL, message TEXT NOT NULL, decided_by TEXT NOT NULL DEFAULT '',"
    " proxy TEXT NOT NULL DEFAULT '')";
constexpr const char* kIndex = "CREATE INDEX IF NOT EXISTS govern_approvals_match ON govern_approvals (match_key, state)";

SqlDb::Value Text(std::string s) { return SqlDb::Value{std::move(s), false, 0}; }
SqlDb::Value Int(int64_t n) { return SqlDb::Value{std::to_string(n), true, n}; }

int64_t ToInt(const std::string& s) { return std::strtoll(s.c_str(), nullptr, 10); }

ApprovalRequest ReadRow(const SqlDb::Row& row) {
  ApprovalRequest r;
  size_t i = 0;
  r.id = row[i++];
  ParseApprovalState(row[i++], &r.state);
  r.used = ToInt(row[i++]) != 0;
  r.created_ms = ToInt(row[i++]);
  r.expires_ms = ToInt(row[i++]);
  r.decided_ms = ToInt(row[i++]);
  r.used_ms = ToInt(row[i++]);
  for (std::string* s : {&r.identity, &r.env, &r.database, &r.role, &r.search_path, &r.statement, &r.fingerprint,
                         &r.text_hash, &r.params_hash, &r.match_key, &r.rule, &r.group, &r.message, &r.decided_by,
                         &r.proxy})
    *s = row[i++];
  return r;
}

}  // namespace

Expected<std::unique_ptr<ApprovalStore>> ApprovalStore::Open(std::unique_ptr<SqlDb> db) {
  // Two proxies creating the table at once: one of them may see a conflict
  // (PostgreSQL); then the table exists, which is all that matters.
  auto created = db->Query(kSchema, {});
  if (!created && !db->Query("SELECT 1 FROM govern_approvals LIMIT 1", {})) return created.status();
  if (auto index = db->Query(kIndex, {}); !index && !db->Query("SELECT 1 FROM govern_approvals LIMIT 1", {}))
    return index.status();
  return std::unique_ptr<ApprovalStore>(new ApprovalStore(std::move(db)));
}

Expected<std::vector<ApprovalRequest>> ApprovalStore::Rows(const std::string& sql,
                                                           const std::vector<SqlDb::Value>& params) {
  auto rows = db_->Query(sql, params);
  if (!rows) return rows.status();
  std::vector<ApprovalRequest> out;
  for (const SqlDb::Row& row : *rows) out.push_back(ReadRow(row));
  return out;
}

Expected<ApprovalStore::Outcome> ApprovalStore::Check(ApprovalRequest fresh, int64_t now_ms, int64_t ttl_ms) {
  // The claim: the outer WHERE is checked again on the row the UPDATE locks
  // (PostgreSQL re-evaluates it on the newest version), so a second claimer
  // of the same row gets nothing back.
  auto claimed = Rows(std::string("UPDATE govern_approvals SET used = 1, used_ms = $2 WHERE id = (SELECT id FROM "
                                  "govern_approvals WHERE match_key = $1 AND state = 'approved' AND used = 0 AND "
                                  "expires_ms > $2 ORDER BY created_ms LIMIT 1) AND state = 'approved' AND used = 0 "
                                  "AND expires_ms > $2 RETURNING ") + kColumns,
                      {Text(fresh.match_key), Int(now_ms)});
  if (!claimed) return claimed.status();
  if (!claimed->empty()) return Outcome{Outcome::Kind::kClaimed, std::move(claimed->front())};
  auto pending = Rows(std::string("SELECT ") + kColumns +
                          " FROM govern_approvals WHERE match_key = $1 AND state = 'pending' AND expires_ms > $2 "
                          "ORDER BY created_ms DESC LIMIT 1",
                      {Text(fresh.match_key), Int(now_ms)});
  if (!pending) return pending.status();
  if (!pending->empty()) return Outcome{Outcome::Kind::kPending, std::move(pending->front())};
  fresh.id = NewRequestId();
  fresh.state = ApprovalState::kPending;
  fresh.used = false;
  fresh.created_ms = now_ms;
  fresh.expires_ms = now_ms + ttl_ms;
  fresh.decided_ms = fresh.used_ms = 0;
  fresh.decided_by.clear();
  auto inserted = db_->Query(
      std::string("INSERT INTO govern_approvals (") + kColumns +
          ") VALUES ($1, 'pending', 0, $2, $3, 0, 0, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, '', $17)",
      {Text(fresh.id), Int(fresh.created_ms), Int(fresh.expires_ms), Text(fresh.identity), Text(fresh.env),
       Text(fresh.database), Text(fresh.role), Text(fresh.search_path), Text(fresh.statement), Text(fresh.fingerprint),
       Text(fresh.text_hash), Text(fresh.params_hash), Text(fresh.match_key), Text(fresh.rule), Text(fresh.group),
       Text(fresh.message), Text(fresh.proxy)});
  if (!inserted) return inserted.status();
  return Outcome{Outcome::Kind::kCreated, std::move(fresh)};
}

Expected<ApprovalStore::Outcome> ApprovalStore::Poll(const std::string& id, int64_t now_ms) {
  auto claimed = Rows(std::string("UPDATE govern_approvals SET used = 1, used_ms = $2 WHERE id = $1 AND state = "
                                  "'approved' AND used = 0 AND expires_ms > $2 RETURNING ") + kColumns,
                      {Text(id), Int(now_ms)});
  if (!claimed) return claimed.status();
  if (!claimed->empty()) return Outcome{Outcome::Kind::kClaimed, std::move(claimed->front())};
  auto got = Get(id);
  if (!got) return got.status();
  if (!got->has_value()) return Status::Error("approval request " + id + " is gone from the store");
  return Outcome{Outcome::Kind::kPending, std::move(**got)};
}

Expected<std::optional<ApprovalRequest>> ApprovalStore::Get(const std::string& id) {
  auto rows = Rows(std::string("SELECT ") + kColumns + " FROM govern_approvals WHERE id = $1", {Text(id)});
  if (!rows) return rows.status();
  if (rows->empty()) return std::optional<ApprovalRequest>();
  return std::optional<ApprovalRequest>(std::move(rows->front()));
}

Expected<std::optional<ApprovalRequest>> ApprovalStore::LastUsed(const std::string& match_key) {
  auto rows = Rows(std::string("SELECT ") + kColumns +
                       " FROM govern_approvals WHERE match_key = $1 AND used = 1 ORDER BY used_ms DESC LIMIT 1",
                   {Text(match_key)});
  if (!rows) return rows.status();
  if (rows->empty()) return std::optional<ApprovalRequest>();
  return std::optional<ApprovalRequest>(std::move(rows->front()));
}

Expected<std::vector<ApprovalRequest>> ApprovalStore::List(bool all, int64_t now_ms, int limit) {
  if (all) {
    return Rows(std::string("SELECT ") + kColumns + " FROM govern_approvals ORDER BY created_ms DESC LIMIT $1",
                {Int(limit)});
  }
  return Rows(std::string("SELECT ") + kColumns +
                  " FROM govern_approvals WHERE state = 'pending' AND expires_ms > $1 ORDER BY created_ms DESC LIMIT $2",
              {Int(now_ms), Int(limit)});
}

Expected<std::optional<ApprovalRequest>> ApprovalStore::Decide(const std::string& id, bool approve,
                                                               const std::string& by, int64_t now_ms, int64_t ttl_ms) {
  auto rows = Rows(std::string("UPDATE govern_approvals SET state = $2, decided_by = $3, decided_ms = $4, expires_ms = "
                               "$5 WHERE id = $1 AND state = 'pending' AND expires_ms > $4 RETURNING ") + kColumns,
                   {Text(id), Text(approve ? "approved" : "rejected"), Text(by), Int(now_ms),
                    Int(approve ? now_ms + ttl_ms : now_ms)});
  if (!rows) return rows.status();
  if (rows->empty()) return std::optional<ApprovalRequest>();
  return std::optional<ApprovalRequest>(std::move(rows->front()));
}

Expected<std::vector<ApprovalRequest>> ApprovalStore::ExpireDue(int64_t now_ms) {
  return Rows(std::string("UPDATE govern_approvals SET state = 'expired' WHERE state IN ('pending', 'approved') AND "
                          "used = 0 AND expires_ms <= $1 RETURNING ") + kColumns,
              {Int(now_ms)});
}

}  // namespace govern::proxy
