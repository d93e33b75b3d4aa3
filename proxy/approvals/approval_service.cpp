#include "approvals/approval_service.h"

#include <chrono>

#include "approvals/webhook.h"
#include "log.h"

namespace govern::proxy {

std::string_view ApprovalEventName(ApprovalEvent::Kind kind) {
  switch (kind) {
    case ApprovalEvent::Kind::kRequested: return "requested";
    case ApprovalEvent::Kind::kApproved: return "approved";
    case ApprovalEvent::Kind::kRejected: return "rejected";
    case ApprovalEvent::Kind::kUsed: return "used";
    case ApprovalEvent::Kind::kExpired: return "expired";
    case ApprovalEvent::Kind::kHoldTimedOut: return "hold_timed_out";
    case ApprovalEvent::Kind::kHoldCancelled: return "hold_cancelled";
    case ApprovalEvent::Kind::kReplayRefused: return "replay_refused";
  }
  return "requested";
}

namespace {

// Every event is a log line too.
class LogSink : public ApprovalEventSink {
 public:
  void OnApprovalEvent(const ApprovalEvent& e) override {
    const ApprovalRequest& r = *e.request;
    Log("info", "approval_" + std::string(ApprovalEventName(e.kind)),
        {{"id", r.id}, {"user", r.identity}, {"rule", r.rule}, {"group", r.group}, {"by", r.decided_by}});
  }
};

}  // namespace

Expected<std::unique_ptr<ApprovalService>> ApprovalService::Open(const ApprovalsConfig& config, std::string proxy,
                                                                 std::string admin_url, bool sweep) {
  auto db = config.dsn.empty() ? OpenSqliteDb(config.store) : OpenPostgresDb(config.dsn);
  if (!db) return db.status();
  auto store = ApprovalStore::Open(std::move(*db));
  if (!store) return store.status();
  std::unique_ptr<ApprovalService> service(
      new ApprovalService(config, std::move(*store), std::move(proxy), std::move(admin_url), sweep));
  service->AddSink(std::make_shared<LogSink>());
  auto webhook = service->MakeWebhook(config);
  if (!webhook) return webhook.status();
  service->webhook_ = std::move(*webhook);
  return service;
}

ApprovalService::ApprovalService(const ApprovalsConfig& config, std::unique_ptr<ApprovalStore> store, std::string proxy,
                                 std::string admin_url, bool sweep)
    : config_(std::make_shared<const ApprovalsConfig>(config)),
      admin_url_(std::move(admin_url)),
      sweep_(sweep),
      store_(std::move(store)),
      proxy_(std::move(proxy)),
      thread_([this] { Run(); }) {}

std::shared_ptr<const ApprovalsConfig> ApprovalService::config() const {
  std::lock_guard<std::mutex> lock(config_mutex_);
  return config_;
}

Expected<std::shared_ptr<ApprovalEventSink>> ApprovalService::MakeWebhook(const ApprovalsConfig& config) const {
  if (config.webhook.empty()) return std::shared_ptr<ApprovalEventSink>();
  auto url = ParseHttpUrl(config.webhook);
  if (!url) return Status::Error("approvals.webhook: " + url.status().message());
  return std::shared_ptr<ApprovalEventSink>(
      std::make_shared<Webhook>(*url, admin_url_, static_cast<int>(config.webhook_timeout_ms)));
}

Status ApprovalService::Reconfigure(const ApprovalsConfig& fresh) {
  std::shared_ptr<const ApprovalsConfig> now = config();
  if (fresh.store != now->store || fresh.dsn != now->dsn)
    return Status::Error("approvals: a new store or dsn takes a restart (the running store is kept)");
  std::shared_ptr<ApprovalEventSink> old;
  if (fresh.webhook != now->webhook || fresh.webhook_timeout_ms != now->webhook_timeout_ms) {
    auto webhook = MakeWebhook(fresh);
    if (!webhook) return webhook.status();
    std::lock_guard<std::mutex> lock(sinks_mutex_);
    old = std::move(webhook_);
    webhook_ = std::move(*webhook);
  }
  {
    std::lock_guard<std::mutex> lock(config_mutex_);
    config_ = std::make_shared<const ApprovalsConfig>(fresh);
  }
  // A replaced webhook stops on the worker (it waits for a post under way,
  // which must not hold up the event loop that handles SIGHUP); posts still
  // queued for it are dropped.
  if (old) Submit([old = std::move(old)](ApprovalStore&) mutable { old.reset(); });
  return Status::Ok();
}

ApprovalService::~ApprovalService() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void ApprovalService::Submit(std::function<void(ApprovalStore&)> task) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    tasks_.push_back(std::move(task));
  }
  cv_.notify_one();
}

void ApprovalService::AddSink(std::shared_ptr<ApprovalEventSink> sink) {
  std::lock_guard<std::mutex> lock(sinks_mutex_);
  sinks_.push_back(std::move(sink));
}

void ApprovalService::Emit(ApprovalEvent::Kind kind, const ApprovalRequest& request, std::string_view session,
                           const ApprovalRequest* related) {
  ApprovalEvent e{kind, &request, NowMs(), session, related};
  std::vector<std::shared_ptr<ApprovalEventSink>> sinks;
  {
    std::lock_guard<std::mutex> lock(sinks_mutex_);
    sinks = sinks_;
    if (webhook_) sinks.push_back(webhook_);
  }
  for (const auto& sink : sinks) sink->OnApprovalEvent(e);
}

void ApprovalService::Check(ApprovalRequest fresh, std::string session, Done done) {
  fresh.proxy = proxy_;
  Submit([this, fresh = std::move(fresh), session = std::move(session), done = std::move(done)](ApprovalStore& store) mutable {
    std::string match_key = fresh.match_key;
    auto out = store.Check(std::move(fresh), NowMs(), config()->ttl_ms);
    if (out && out->kind == ApprovalStore::Outcome::Kind::kCreated) {
      // A statement whose approval was used already: the replay is refused (and asks anew).
      auto used = store.LastUsed(match_key);
      if (used && used->has_value()) Emit(ApprovalEvent::Kind::kReplayRefused, **used, session, &out->request);
      Emit(ApprovalEvent::Kind::kRequested, out->request, session);
    }
    if (out && out->kind == ApprovalStore::Outcome::Kind::kClaimed) Emit(ApprovalEvent::Kind::kUsed, out->request, session);
    done(std::move(out));
  });
}

void ApprovalService::Poll(std::string id, std::string session, Done done) {
  Submit([this, id = std::move(id), session = std::move(session), done = std::move(done)](ApprovalStore& store) {
    auto out = store.Poll(id, NowMs());
    if (out && out->kind == ApprovalStore::Outcome::Kind::kClaimed) Emit(ApprovalEvent::Kind::kUsed, out->request, session);
    done(std::move(out));
  });
}

void ApprovalService::Notify(ApprovalEvent::Kind kind, ApprovalRequest request, std::string session) {
  Submit([this, kind, request = std::move(request), session = std::move(session)](ApprovalStore&) {
    Emit(kind, request, session);
  });
}

void ApprovalService::Run() {
  auto next_sweep = std::chrono::steady_clock::now();
  for (;;) {
    std::function<void(ApprovalStore&)> task;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      cv_.wait_until(lock, next_sweep, [this] { return stop_ || !tasks_.empty(); });
      if (stop_) return;
      if (!tasks_.empty()) {
        task = std::move(tasks_.front());
        tasks_.pop_front();
      }
    }
    if (task) task(*store_);
    if (!sweep_) {
      next_sweep = std::chrono::steady_clock::now() + std::chrono::hours(24);
      continue;
    }
    if (std::chrono::steady_clock::now() < next_sweep) continue;
    next_sweep = std::chrono::steady_clock::now() + std::chrono::seconds(1);
    auto expired = store_->ExpireDue(NowMs());
    if (!expired) Log("warn", "approval_store_error", {{"error", expired.status().message()}});
    else
      for (const ApprovalRequest& r : *expired) Emit(ApprovalEvent::Kind::kExpired, r);
  }
}

}  // namespace govern::proxy
