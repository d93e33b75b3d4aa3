// RowDescription origins of masked results (docs/proxy.md, "Masking"): the
// table OID and attnum the server reports for each result column are checked
// against the plan (stages/mask_origins.h) with the plan's relations as the
// database has them, and the views the plan reads must be defined in the
// database as in the catalog (stages/view_definition.h). Those are looked up
// by the proxy's OriginResolver (stages/origin_resolver.h, its own upstream
// connection on a worker thread): when a masked statement's RowDescription
// reports a table origin or its plan reads a view, and a relation of its plan
// was not looked up within [masking] recheck under the current catalog
// generation, the connection stops reading and processing the server until
// the answer is posted back (the event loop never waits), then goes on where
// it stopped. A failed lookup fails the statement (govern.mask), never passes it.
#include <asio/post.hpp>

#include "catalog/catalog.h"
#include "catalog/loaders.h"
#include "log.h"
#include "session/connection.h"
#include "stages/view_definition.h"

namespace govern::proxy {

uint64_t Connection::OriginStamp() { return decider_.stamp(own_.get()); }

bool Connection::PlanStale(const StatementPlan& plan) {
  if (plan.catalog == nullptr || plan.catalog->catalog == nullptr || plan.mask == nullptr) return false;
  if (plan.engine_version != decider_.version()) return true;
  std::shared_ptr<const CatalogView> now = decider_.shared_view();
  if (now == nullptr || now->catalog == nullptr) return true;
  if (now->generation == plan.catalog->generation) return false;
  const Catalog& was = *plan.catalog->catalog;
  const Catalog& is = *now->catalog;
  for (const PlanRelation& r : plan.mask->relations) {
    if (r.schema == kTempSchema) continue;  // the connection's own: no other one changes them
    auto a = was.FindTable(r.schema, r.name);
    auto b = is.FindTable(r.schema, r.name);
    if (a.has_value() != b.has_value()) return true;
    // Revisions only grow, in a copy and in what it was copied from.
    if (a && was.table(*a).structure_revision != is.table(*b).structure_revision) return true;
  }
  return false;
}

void Connection::Forwarding(const std::shared_ptr<const StatementPlan>& plan) {
  if (plan && plan->changes_catalog && KindClassOf(plan->kind) == KindClass::k_ddl) DdlInFlight(true);
}

void Connection::DdlInFlight(bool on) {
  if (on == ddl_counted_) return;
  ddl_counted_ = on;
  shared_.ddl_in_flight.fetch_add(on ? 1 : -1, std::memory_order_acq_rel);
}

bool Connection::OriginsReady(const wire::Frame& f) {
  if (origin_waiting_) return false;
  if (origin_answered_) {
    origin_answered_ = false;
    return true;
  }
  if (mask_failed_ || !origin_error_.empty() || shared_.origins == nullptr) return true;
  const Awaited* e = responses_.front();
  if (e == nullptr || !e->plan || !e->plan->mask) return true;
  if (e->kind != Awaited::Kind::kStatement && e->kind != Awaited::Kind::kExecute &&
      e->kind != Awaited::Kind::kOwnDescribe)
    return true;
  const MaskPlan& plan = *e->plan->mask;
  if (!plan.check_shape || plan.relations.empty()) return true;
  // A CopyOutResponse ('H') reports no origins: only the plan's views are checked.
  ResultShape scratch;
  if (f.tag == 'T') CheckRowDescription(plan, f.body, &scratch);
  if (!HasTableOrigin(scratch.origins) && !ReadsView(plan)) return true;
  // DDL in flight, read first: if it settles (published, then uncounted)
  // while the plan is checked below, the change is already in the catalog.
  const bool fresh = shared_.ddl_in_flight.load(std::memory_order_acquire) > 0;
  if (PlanStale(*e->plan)) {
    // Planned on relations that changed before its result came (DDL through
    // the proxy committed meanwhile): the database now matches the new
    // catalog, and this plan's views or columns may not be it.
    origin_error_ = "the catalog changed while it ran (DDL through the proxy), so its masks may not fit its result; run it again";
    return true;
  }
  // The views are compared with the catalog the plan was made on.
  std::shared_ptr<const CatalogView> view = e->plan->catalog ? e->plan->catalog : decider_.shared_view();
  uint64_t stamp = OriginStamp();
  if (stamp != origin_stamp_) {
    origins_.clear();
    origin_stamp_ = stamp;
  }
  std::vector<PlanRelation> missing;
  // DDL through the proxy not settled yet (`fresh`): what was looked up
  // before may already be stale in the database; looked up afresh.
  for (const PlanRelation& r : plan.relations) {
    if (auto cached = fresh ? nullptr : shared_.origins->Cached(r, stamp)) {  // null once older than [masking] recheck
      origins_[OriginKey(r)] = std::move(cached);
      continue;
    }
    missing.push_back(r);
  }
  if (missing.empty()) return true;
  origin_waiting_ = true;
  std::vector<PlanRelation> asked = missing;
  // Views are compared with `view` (an immutable snapshot: the worker reads
  // it while DDL may publish another). The database's definition is never
  // taken for the catalog's: what it reads cannot be told from its text
  // (a value can pass through a filter, an operator or a cast).
  OriginResolver::Verify verify = [view = std::move(view)](const PlanRelation& r,
                                                            const ViewInDatabase& db) -> std::string {
    if (view == nullptr || view->catalog == nullptr) return "govern has no catalog to compare " + r.schema + "." + r.name + " with";
    return CompareView(*view->catalog, r, db);  // the resolver logs view_drift
  };
  shared_.origins->Resolve(std::move(missing), stamp, fresh, std::move(verify),
                           [self = shared_from_this(), asked = std::move(asked)](
                               Expected<OriginResolver::Relations> found) mutable {
                             // On the resolver's worker: the reference moves into the handler
                             // posted to the loop, so the connection always ends on its own thread.
                             asio::io_context& io = self->io_;
                             asio::post(io, [self = std::move(self), found = std::move(found),
                                             asked = std::move(asked)]() mutable {
                               self->OnOrigins(std::move(found), std::move(asked));
                             });
                           });
  return false;
}

void Connection::OnOrigins(Expected<OriginResolver::Relations> found, std::vector<PlanRelation> asked) {
  origin_waiting_ = false;
  if (phase_ == Phase::kClosed) return;
  if (!found) {
    Log("warn", "origin_lookup_failed", {{"user", user_}, {"error", found.status().message()}});
    origin_error_ = "the origins of its columns could not be looked up in the database (" + found.status().message() + ")";
  } else {
    // For the waiting statement, whatever the generation is now (a view
    // adopted by this very lookup moves it); a later statement of another
    // generation clears them (OriginsReady).
    for (size_t i = 0; i < asked.size() && i < found->size(); ++i) origins_[OriginKey(asked[i])] = (*found)[i];
    origin_answered_ = true;
  }
  ProcessServer();
  ReadServer();
}

std::string Connection::CheckPlanOrigins(const MaskPlan& plan) {
  if (!origin_error_.empty()) {
    std::string why = std::move(origin_error_);
    origin_error_.clear();
    return why;
  }
  if (!plan.check_shape || (!HasTableOrigin(shape_.origins) && !ReadsView(plan))) return {};
  std::vector<const RelationOid*> relations;
  relations.reserve(plan.relations.size());
  for (const PlanRelation& r : plan.relations) {
    auto it = origins_.find(OriginKey(r));
    relations.push_back(it == origins_.end() ? nullptr : it->second.get());
  }
  return CheckOrigins(plan, shape_.origins, relations);
}

}  // namespace govern::proxy
