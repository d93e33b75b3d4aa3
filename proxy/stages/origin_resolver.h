// OriginResolver: looks up the relations of mask plans (table OID, column
// attnums, and for views their definition) in the upstream database, for the
// RowDescription origin check (stages/mask_origins.h) and the view definition
// check (stages/view_definition.h). One per proxy: a worker thread owns one
// libpq connection with the proxy's upstream login (made at the first
// lookup, made again after an error; its search_path is empty, so
// pg_get_viewdef names every relation with its schema), so the event loops
// never wait on it; answers are handed to a callback on the worker, which
// posts them to its loop.
//
// Answers are cached per stamp (the engine version and catalog generation a
// connection decides with): the first lookup under a catalog generation is
// what later RowDescriptions of that generation must agree with, so a
// relation replaced behind the proxy's back (a view dropped and created
// again, a table re-created) no longer matches; DDL through the proxy and
// SIGHUP move the stamp, and the next lookup reads the database again. An
// answer stands for `recheck`; a masked statement after that reads the
// database again, and a relation whose OID or columns moved since the first
// lookup, or a view whose definition no longer reads what the catalog's
// does, keeps a `mismatch` for the rest of the generation.
//
// With an engine source (SweepViews), the worker also compares every view of
// the engine's catalog with the database's every `recheck` and logs the ones
// replaced behind the proxy's back (`view_drift`, once per view and
// definition): operators learn of a change no masked statement ran into.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "catalog/pg_conn.h"
#include "core/status.h"
#include "masking/mask_plan.h"
#include "stages/mask_origins.h"
#include "stages/view_definition.h"

namespace govern {
class Engine;
}

namespace govern::proxy {

class OriginResolver {
 public:
  using Relations = std::vector<std::shared_ptr<const RelationOid>>;  // parallel to the asked relations
  using Done = std::function<void(Expected<Relations>)>;
  // Why relation `r` (as the database has it: `db`) does not stand as the
  // catalog has it, or "". Runs on the worker (stages/view_definition.h's
  // CompareView on the catalog the asking connection decides with).
  using Verify = std::function<std::string(const PlanRelation& r, const ViewInDatabase& db)>;

  // `conninfo`: libpq connection string of the proxy's upstream login (never logged).
  OriginResolver(std::string conninfo, std::chrono::milliseconds recheck);
  ~OriginResolver();  // stops the worker (answers not given yet are dropped)
  OriginResolver(const OriginResolver&) = delete;
  OriginResolver& operator=(const OriginResolver&) = delete;

  // The cached answer for `r` under `stamp` looked up less than `recheck`
  // ago, or null.
  std::shared_ptr<const RelationOid> Cached(const PlanRelation& r, uint64_t stamp) const;
  // Looks `relations` up on the worker, each checked by `verify`; `done`
  // runs there with the answers (also cached under `stamp`) or an error (not
  // cached).
  // `fresh`: looked up even when cached meanwhile.
  void Resolve(std::vector<PlanRelation> relations, uint64_t stamp, bool fresh, Verify verify, Done done);

  // The answer to keep for `r` after a lookup: `fresh` when there is no
  // earlier answer of this stamp (`first` null); else `first`, with a
  // mismatch when it has none yet and `fresh` differs from it (another OID,
  // other columns, no longer found, a view no longer or newly) or has one
  // (a view definition that no longer matches).
  static std::shared_ptr<const RelationOid> Merge(const PlanRelation& r, const std::shared_ptr<const RelationOid>& first,
                                                  std::shared_ptr<const RelationOid> fresh);
  // Sweeps the views of `engine()`'s catalog every `recheck` from now on
  // (engine() may answer null: no sweep that time).
  void SweepViews(std::function<std::shared_ptr<const Engine>()> engine);

  // PostgreSQL's text output of a text[] (`{a,"b c"}`) into `out`; false
  // when it is not one (or holds a NULL).
  static bool ParseTextArray(std::string_view text, std::vector<std::string>* out);
  // The lookup's text and its parameters (two text arrays: schemas, names).
  static std::string ArrayLiteral(const std::vector<std::string>& values);

 private:
  struct Job {
    std::vector<PlanRelation> relations;
    uint64_t stamp = 0;
    bool fresh = false;
    Verify verify;
    Done done;
  };
  struct Entry {
    uint64_t stamp = 0;
    std::shared_ptr<const RelationOid> answer;
    std::chrono::steady_clock::time_point checked;
  };
  void Run();
  void Sweep();
  Expected<Relations> Lookup(const std::vector<PlanRelation>& relations, const Verify& verify);
  static std::string Key(const PlanRelation& r) { return r.schema + '\x1f' + r.name; }

  std::string conninfo_;
  std::chrono::milliseconds recheck_;
  std::optional<PgConnection> conn_;  // worker only
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<Job> jobs_;
  bool stop_ = false;
  std::map<std::string, Entry> cache_;  // guarded by mutex_
  std::function<std::shared_ptr<const Engine>()> engine_;  // guarded by mutex_; null: no sweep
  std::set<std::string> reported_;  // worker only: views whose drift was logged (name and definition)
  bool sweep_failed_ = false;       // worker only: the last sweep's lookup failed (logged once)
  std::thread thread_;
};

}  // namespace govern::proxy
