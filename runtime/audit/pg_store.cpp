#include "audit/pg_store.h"

#include <libpq-fe.h>
#include <simdjson.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>

#include "audit/checkpoint.h"
#include "audit/record.h"
#include "audit/record_reader.h"

namespace govern::audit {
namespace {

constexpr const char* kCreateTables = R"sql(
CREATE TABLE IF NOT EXISTS govern_audit_records (
  proxy_id   text        NOT NULL,
  seq        bigint      NOT NULL,
  ts         timestamptz NOT NULL,
  type       text        NOT NULL,
  env        text        NOT NULL,
  session_id text,
  identity   text,
  decision   text,
  line       text        NOT NULL,
  record     jsonb GENERATED ALWAYS AS (line::jsonb) STORED,
  PRIMARY KEY (proxy_id, seq)
);
CREATE INDEX IF NOT EXISTS govern_audit_records_ts ON govern_audit_records (ts);
CREATE INDEX IF NOT EXISTS govern_audit_records_identity ON govern_audit_records (identity, ts);
CREATE TABLE IF NOT EXISTS govern_audit_checkpoints (
  proxy_id text   NOT NULL,
  segment  bigint NOT NULL,
  line     text   NOT NULL,
  PRIMARY KEY (proxy_id, segment)
);
)sql";

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;
struct ConnDeleter {
  void operator()(PGconn* c) const { PQfinish(c); }
};

PGconn* Conn(void* p) { return static_cast<PGconn*>(p); }

std::string PgError(PGconn* c, std::string_view what) {
  std::string m = PQerrorMessage(c);
  while (!m.empty() && (m.back() == '\n' || m.back() == ' ')) m.pop_back();
  return "audit store: " + std::string(what) + ": " + m;
}

Result Exec(PGconn* c, const char* sql, std::initializer_list<std::string> params = {}) {
  std::vector<const char*> values;
  for (const std::string& p : params) values.push_back(p.c_str());
  return Result(PQexecParams(c, sql, static_cast<int>(values.size()), nullptr, values.data(), nullptr, nullptr, 0));
}

bool ReadFrom(const std::string& path, uint64_t offset, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  in.seekg(static_cast<std::streamoff>(offset));
  std::ostringstream ss;
  ss << in.rdbuf();
  *out = std::move(ss).str();
  return true;
}

// COPY text format: backslash, newline, CR and tab escaped; \N is NULL.
void CopyField(std::string* out, std::string_view v, bool null = false) {
  if (null) {
    out->append("\\N");
    return;
  }
  for (char c : v) {
    switch (c) {
      case '\\': out->append("\\\\"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      default: out->push_back(c);
    }
  }
}

// One COPY row for a record line; false when the line is not a record.
bool CopyRow(std::string* out, std::string_view proxy, std::string_view line, uint64_t* seq) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(line);
  simdjson::dom::element doc;
  simdjson::dom::object obj;
  if (parser.parse(padded).get(doc) != simdjson::SUCCESS || doc.get_object().get(obj) != simdjson::SUCCESS)
    return false;
  auto str = [&](simdjson::dom::object o, const char* key, bool* present) {
    std::string_view s;
    *present = o[key].get_string().get(s) == simdjson::SUCCESS;
    return s;
  };
  bool has_ts, has_type, has_env, has_session, has_decision, has_user = false;
  std::string_view ts = str(obj, "ts", &has_ts), type = str(obj, "type", &has_type), env = str(obj, "env", &has_env);
  std::string_view session = str(obj, "session", &has_session), decision = str(obj, "decision", &has_decision);
  std::string_view user;
  simdjson::dom::object identity;
  if (obj["identity"].get_object().get(identity) == simdjson::SUCCESS) user = str(identity, "user", &has_user);
  if (!has_user) user = str(obj, "user", &has_user);
  if (obj["seq"].get_uint64().get(*seq) != simdjson::SUCCESS || !has_ts || !has_type || !has_env) return false;
  CopyField(out, proxy);
  out->push_back('\t');
  out->append(std::to_string(*seq));
  for (auto [v, present] : {std::pair{ts, true}, {type, true}, {env, true}, {session, has_session}, {user, has_user},
                            {decision, has_decision}, {line, true}}) {
    out->push_back('\t');
    CopyField(out, v, !present);
  }
  out->push_back('\n');
  return true;
}

}  // namespace

StoreShipper::StoreShipper(std::string dsn, std::string dir, std::string proxy_id)
    : dsn_(std::move(dsn)), dir_(std::move(dir)), proxy_id_(std::move(proxy_id)) {}

StoreShipper::~StoreShipper() {
  Stop();
  if (conn_) PQfinish(Conn(conn_));
}

void StoreShipper::Start() { thread_ = std::thread([this] { Run(); }); }

void StoreShipper::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!thread_.joinable()) return;
    stop_ = true;
    cv_.notify_one();
  }
  thread_.join();
}

void StoreShipper::Wake() {
  std::lock_guard<std::mutex> lock(mu_);
  wake_ = true;
  cv_.notify_one();
}

std::string StoreShipper::last_error() const {
  std::lock_guard<std::mutex> lock(mu_);
  return last_error_;
}

void StoreShipper::Run() {
  for (;;) {
    bool stopping;
    {
      std::unique_lock<std::mutex> lock(mu_);
      // Retry once a second while failing; otherwise wait for the writer.
      cv_.wait_for(lock, std::chrono::seconds(1), [&] { return wake_ || stop_; });
      wake_ = false;
      stopping = stop_;
    }
    Status s = conn_ ? Status::Ok() : Connect();
    if (s.ok()) s = ShipNew();
    if (!s.ok()) {
      if (conn_) {
        PQfinish(Conn(conn_));
        conn_ = nullptr;
      }
      std::lock_guard<std::mutex> lock(mu_);
      last_error_ = s.message();
    }
    failing_.store(!s.ok(), std::memory_order_release);
    if (stopping) return;
  }
}

Status StoreShipper::Connect() {
  std::unique_ptr<PGconn, ConnDeleter> c(PQconnectdb(dsn_.c_str()));
  if (PQstatus(c.get()) != CONNECTION_OK) return Status::Error(PgError(c.get(), "cannot connect"));
  Result r(PQexec(c.get(), kCreateTables));
  if (PQresultStatus(r.get()) != PGRES_COMMAND_OK) return Status::Error(PgError(c.get(), "cannot create the tables"));
  r = Exec(c.get(), "SELECT coalesce(max(seq), 0) FROM govern_audit_records WHERE proxy_id = $1", {proxy_id_});
  if (PQresultStatus(r.get()) != PGRES_TUPLES_OK) return Status::Error(PgError(c.get(), "cannot read the last seq"));
  shipped_seq_.store(std::strtoull(PQgetvalue(r.get(), 0, 0), nullptr, 10));
  r = Exec(c.get(), "SELECT segment FROM govern_audit_checkpoints WHERE proxy_id = $1", {proxy_id_});
  if (PQresultStatus(r.get()) != PGRES_TUPLES_OK) return Status::Error(PgError(c.get(), "cannot read checkpoints"));
  shipped_checkpoints_.clear();
  for (int i = 0; i < PQntuples(r.get()); ++i)
    shipped_checkpoints_.insert(std::strtoull(PQgetvalue(r.get(), i, 0), nullptr, 10));
  conn_ = c.release();
  // Start over from the first segment the store does not hold completely.
  segment_ = 1;
  offset_ = 0;
  for (;;) {
    std::string line;
    std::ifstream in(dir_ + "/" + CheckpointFileName(proxy_id_, segment_));
    if (!in || !std::getline(in, line)) break;
    auto ck = ParseCheckpoint(line);
    if (!ck || ck->last_seq > shipped_seq_.load() || !shipped_checkpoints_.count(segment_)) break;
    ++segment_;
  }
  return Status::Ok();
}

Status StoreShipper::Flush(std::vector<std::string>* rows) {
  if (rows->empty()) return Status::Ok();
  PGconn* c = Conn(conn_);
  Result r(PQexec(c, "BEGIN"));
  if (PQresultStatus(r.get()) != PGRES_COMMAND_OK) return Status::Error(PgError(c, "BEGIN"));
  r.reset(PQexec(c, "COPY govern_audit_records (proxy_id, seq, ts, type, env, session_id, identity, decision, line) "
                    "FROM STDIN"));
  if (PQresultStatus(r.get()) != PGRES_COPY_IN) return Status::Error(PgError(c, "COPY"));
  std::string buf;
  for (const std::string& row : *rows) {
    buf += row;
    if (buf.size() > (1 << 20)) {
      if (PQputCopyData(c, buf.data(), static_cast<int>(buf.size())) != 1) return Status::Error(PgError(c, "COPY"));
      buf.clear();
    }
  }
  if (!buf.empty() && PQputCopyData(c, buf.data(), static_cast<int>(buf.size())) != 1)
    return Status::Error(PgError(c, "COPY"));
  if (PQputCopyEnd(c, nullptr) != 1) return Status::Error(PgError(c, "COPY"));
  r.reset(PQgetResult(c));
  bool ok = PQresultStatus(r.get()) == PGRES_COMMAND_OK;
  while (Result more{PQgetResult(c)}) {
  }
  if (!ok) {
    std::string e = PgError(c, "COPY");
    Result rb(PQexec(c, "ROLLBACK"));
    return Status::Error(e);
  }
  r.reset(PQexec(c, "COMMIT"));
  if (PQresultStatus(r.get()) != PGRES_COMMAND_OK) return Status::Error(PgError(c, "COMMIT"));
  rows->clear();
  return Status::Ok();
}

Status StoreShipper::ShipNew() {
  std::vector<std::string> rows;
  uint64_t batch_seq = shipped_seq_.load();
  for (;;) {
    std::string seg_path = dir_ + "/" + SegmentFileName(proxy_id_, segment_);
    std::string ck_path = dir_ + "/" + CheckpointFileName(proxy_id_, segment_);
    bool closed = std::filesystem::exists(ck_path);  // before reading: a closed segment is read whole below
    std::string bytes;
    if (!ReadFrom(seg_path, offset_, &bytes)) break;
    size_t end = bytes.rfind('\n');
    size_t used = end == std::string::npos ? 0 : end + 1;
    bool truncated = false;
    for (const SegmentLine& l : SplitSegment(std::string_view(bytes).substr(0, used), &truncated)) {
      uint64_t seq = PeekSeq(l.text);
      if (seq <= batch_seq) continue;
      std::string row;
      if (!CopyRow(&row, proxy_id_, l.text, &seq)) continue;
      rows.push_back(std::move(row));
      batch_seq = seq;
      if (rows.size() >= 5000) {
        if (Status s = Flush(&rows); !s.ok()) return s;
        shipped_seq_.store(batch_seq);
      }
    }
    offset_ += used;
    if (!closed) break;
    if (Status s = Flush(&rows); !s.ok()) return s;
    shipped_seq_.store(batch_seq);
    if (!shipped_checkpoints_.count(segment_)) {
      std::string line;
      std::ifstream in(ck_path);
      if (in && std::getline(in, line)) {
        Result r = Exec(Conn(conn_),
                        "INSERT INTO govern_audit_checkpoints (proxy_id, segment, line) VALUES ($1, $2, $3) "
                        "ON CONFLICT DO NOTHING",
                        {proxy_id_, std::to_string(segment_), line});
        if (PQresultStatus(r.get()) != PGRES_COMMAND_OK) return Status::Error(PgError(Conn(conn_), "checkpoint"));
        shipped_checkpoints_.insert(segment_);
      }
    }
    ++segment_;
    offset_ = 0;
  }
  if (Status s = Flush(&rows); !s.ok()) return s;
  shipped_seq_.store(batch_seq);
  return Status::Ok();
}

Expected<std::vector<ChainSource>> LoadChainsFromStore(const std::string& dsn) {
  std::unique_ptr<PGconn, ConnDeleter> c(PQconnectdb(dsn.c_str()));
  if (PQstatus(c.get()) != CONNECTION_OK) return Status::Error(PgError(c.get(), "cannot connect"));
  Result ck(PQexec(c.get(), "SELECT proxy_id, segment, line FROM govern_audit_checkpoints ORDER BY proxy_id, segment"));
  if (PQresultStatus(ck.get()) != PGRES_TUPLES_OK) return Status::Error(PgError(c.get(), "cannot read checkpoints"));
  Result rec(PQexec(c.get(), "SELECT proxy_id, seq, line FROM govern_audit_records ORDER BY proxy_id, seq"));
  if (PQresultStatus(rec.get()) != PGRES_TUPLES_OK) return Status::Error(PgError(c.get(), "cannot read records"));
  struct Ck {
    uint64_t segment, last_seq;
    std::string line;
  };
  std::map<std::string, std::vector<Ck>> checkpoints;
  for (int i = 0; i < PQntuples(ck.get()); ++i) {
    Ck k{std::strtoull(PQgetvalue(ck.get(), i, 1), nullptr, 10), 0, PQgetvalue(ck.get(), i, 2)};
    auto parsed = ParseCheckpoint(k.line);
    k.last_seq = parsed ? parsed->last_seq : 0;
    checkpoints[PQgetvalue(ck.get(), i, 0)].push_back(std::move(k));
  }
  std::map<std::string, ChainSource> chains;
  auto segment_for = [&](const std::string& proxy, uint64_t seq) -> SegmentSource& {
    ChainSource& chain = chains[proxy];
    chain.proxy = proxy;
    const std::vector<Ck>& cks = checkpoints[proxy];
    size_t i = 0;
    while (i < cks.size() && seq > cks[i].last_seq) ++i;
    uint64_t number = i < cks.size() ? cks[i].segment : (cks.empty() ? 1 : cks.back().segment + 1);
    for (SegmentSource& s : chain.segments)
      if (s.number == number) return s;
    SegmentSource s;
    s.number = number;
    s.name = "dsn:" + proxy + "/segment " + std::to_string(number);
    s.present = true;
    chain.segments.push_back(std::move(s));
    return chain.segments.back();
  };
  for (int i = 0; i < PQntuples(rec.get()); ++i) {
    std::string proxy = PQgetvalue(rec.get(), i, 0);
    SegmentSource& s = segment_for(proxy, std::strtoull(PQgetvalue(rec.get(), i, 1), nullptr, 10));
    s.bytes += PQgetvalue(rec.get(), i, 2);
    s.bytes.push_back('\n');
  }
  for (auto& [proxy, cks] : checkpoints) {
    ChainSource& chain = chains[proxy];
    chain.proxy = proxy;
    for (const Ck& k : cks) {
      SegmentSource* seg = nullptr;
      for (SegmentSource& s : chain.segments)
        if (s.number == k.segment) seg = &s;
      if (!seg) {
        chain.segments.push_back(SegmentSource{});
        seg = &chain.segments.back();
        seg->number = k.segment;
        seg->name = "dsn:" + proxy + "/segment " + std::to_string(k.segment);
        seg->present = k.last_seq == 0;  // a checkpoint of an empty range cannot have lost records
      }
      seg->has_checkpoint = true;
      seg->checkpoint_name = "dsn:" + proxy + "/checkpoint " + std::to_string(k.segment);
      seg->checkpoint_line = k.line;
    }
  }
  std::vector<ChainSource> out;
  for (auto& [proxy, chain] : chains) {
    std::sort(chain.segments.begin(), chain.segments.end(),
              [](const SegmentSource& a, const SegmentSource& b) { return a.number < b.number; });
    out.push_back(std::move(chain));
  }
  return out;
}

Status ForEachStoreRecord(const std::string& dsn, int64_t since_us,
                          const std::function<void(std::string_view)>& line) {
  std::unique_ptr<PGconn, ConnDeleter> c(PQconnectdb(dsn.c_str()));
  if (PQstatus(c.get()) != CONNECTION_OK) return Status::Error(PgError(c.get(), "cannot connect"));
  std::string since = since_us ? FormatTimestamp(since_us) : "-infinity";
  Result r = Exec(c.get(),
                  "SELECT line FROM govern_audit_records WHERE type IN ('statement', 'outcome') AND ts >= $1 "
                  "ORDER BY proxy_id, seq",
                  {since});
  if (PQresultStatus(r.get()) != PGRES_TUPLES_OK) return Status::Error(PgError(c.get(), "cannot read records"));
  for (int i = 0; i < PQntuples(r.get()); ++i) line(PQgetvalue(r.get(), i, 0));
  return Status::Ok();
}

}  // namespace govern::audit
