// ApprovalService: the proxy's approvals, off the event loops. One worker
// thread owns the store (SQLite file or PostgreSQL connection) and runs every
// store call, and the admin API's password checks, in order; a caller hands a
// task over and gets its answer on the worker, from where it posts it back to
// its own event loop. The worker also sweeps expired requests (every second)
// and tells the event sinks (log, webhook, audit) what happened.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "approvals/approval_events.h"
#include "approvals/approval_store.h"
#include "config.h"

namespace govern::proxy {

class ApprovalService {
 public:
  // Opens the store ([approvals] dsn, else store) and the webhook. `proxy`
  // names this proxy in requests; `admin_url` is where approvers reach it.
  // `sweep`: mark expired requests every second (and emit `expired`); a
  // service that only decides (govern console) leaves that to the proxies,
  // whose audit trails record it.
  static Expected<std::unique_ptr<ApprovalService>> Open(const ApprovalsConfig& config, std::string proxy,
                                                         std::string admin_url, bool sweep = true);
  ~ApprovalService();

  // The settings now (SIGHUP may swap them: read them once per decision).
  std::shared_ptr<const ApprovalsConfig> config() const;
  // SIGHUP: new ttl, mode, hold_timeout, poll_interval and webhook apply to
  // what starts from now on (requests made, approvals given, holds begun).
  // The store (store/dsn) cannot change while running: an error, nothing changes.
  Status Reconfigure(const ApprovalsConfig& fresh);
  void AddSink(std::shared_ptr<ApprovalEventSink> sink);

  using Done = std::function<void(Expected<ApprovalStore::Outcome>)>;
  // ApprovalStore::Check with this proxy's name and ttl for client session
  // `session` (the audit's id, or ""); emits requested (after replay_refused
  // when the statement's approval was used before) or used.
  void Check(ApprovalRequest fresh, std::string session, Done done);
  // ApprovalStore::Poll; emits used.
  void Poll(std::string id, std::string session, Done done);
  // An event the store does not see (a hold that timed out or was
  // cancelled): emitted on the worker, in order with the others.
  void Notify(ApprovalEvent::Kind kind, ApprovalRequest request, std::string session);
  // Any task on the worker (the admin API); it may call Emit.
  void Submit(std::function<void(ApprovalStore&)> task);
  // Called on the worker only.
  void Emit(ApprovalEvent::Kind kind, const ApprovalRequest& request, std::string_view session = {},
            const ApprovalRequest* related = nullptr);

 private:
  ApprovalService(const ApprovalsConfig& config, std::unique_ptr<ApprovalStore> store, std::string proxy,
                  std::string admin_url, bool sweep);
  void Run();
  // The webhook sink `config` asks for (null without one).
  Expected<std::shared_ptr<ApprovalEventSink>> MakeWebhook(const ApprovalsConfig& config) const;

  mutable std::mutex config_mutex_;
  std::shared_ptr<const ApprovalsConfig> config_;
  std::string admin_url_;
  bool sweep_ = true;
  std::unique_ptr<ApprovalStore> store_;
  std::string proxy_;
  std::mutex sinks_mutex_;  // sinks may be added while the worker runs (the audit's, once it is open)
  std::vector<std::shared_ptr<ApprovalEventSink>> sinks_;
  std::shared_ptr<ApprovalEventSink> webhook_;  // replaced by Reconfigure
  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<std::function<void(ApprovalStore&)>> tasks_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace govern::proxy
