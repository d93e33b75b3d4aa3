// OriginResolver: looks up the relations of mask plans (table OID, column
// attnums) in the upstream database, for the RowDescription origin check
// (stages/mask_origins.h). One per proxy: a worker thread owns one libpq
// connection with the proxy's upstream login (made at the first lookup, made
// again after an error), so the event loops never wait on it; answers are
// handed to a callback on the worker, which posts them to its loop.
//
// Answers are cached per stamp (the engine version and catalog generation a
// connection decides with): the first lookup under a catalog generation is
// what later RowDescriptions of that generation must agree with, so a
// relation replaced behind the proxy's back (a view dropped and created
// again, a table re-created) no longer matches; DDL through the proxy and
// SIGHUP move the stamp, and the next lookup reads the database again.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "catalog/pg_conn.h"
#include "core/status.h"
#include "masking/mask_plan.h"
#include "stages/mask_origins.h"

namespace govern::proxy {

class OriginResolver {
 public:
  using Relations = std::vector<std::shared_ptr<const RelationOid>>;  // parallel to the asked relations
  using Done = std::function<void(Expected<Relations>)>;

  // `conninfo`: libpq connection string of the proxy's upstream login (never logged).
  explicit OriginResolver(std::string conninfo);
  ~OriginResolver();  // stops the worker (answers not given yet are dropped)
  OriginResolver(const OriginResolver&) = delete;
  OriginResolver& operator=(const OriginResolver&) = delete;

  // The cached answer for `r` under `stamp`, or null.
  std::shared_ptr<const RelationOid> Cached(const PlanRelation& r, uint64_t stamp) const;
  // Looks `relations` up on the worker; `done` runs there with the answers
  // (also cached under `stamp`) or an error (not cached).
  void Resolve(std::vector<PlanRelation> relations, uint64_t stamp, Done done);

  // The lookup's text and its parameters (two text arrays: schemas, names).
  static std::string ArrayLiteral(const std::vector<std::string>& values);

 private:
  struct Job {
    std::vector<PlanRelation> relations;
    uint64_t stamp = 0;
    Done done;
  };
  void Run();
  Expected<Relations> Lookup(const std::vector<PlanRelation>& relations);
  static std::string Key(const PlanRelation& r) { return r.schema + '\x1f' + r.name; }

  std::string conninfo_;
  std::optional<PgConnection> conn_;  // worker only
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<Job> jobs_;
  bool stop_ = false;
  std::map<std::string, std::pair<uint64_t, std::shared_ptr<const RelationOid>>> cache_;  // key -> (stamp, answer)
  std::thread thread_;
};

}  // namespace govern::proxy
