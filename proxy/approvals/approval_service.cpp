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
                                                                 std::string admin_url) {
  auto db = config.dsn.empty() ? OpenSqliteDb(config.store) : OpenPostgresDb(config.dsn);
  if (!db) return db.status();
  auto store = ApprovalStore::Open(std::move(*db));
  if (!store) return store.status();
  std::unique_ptr<ApprovalService> service(new ApprovalService(config, std::move(*store), std::move(proxy)));
  service->AddSink(std::make_shared<LogSink>());
  if (!config.webhook.empty()) {
    auto url = ParseHttpUrl(config.webhook);
    if (!url) return Status::Error("approvals.webhook: " + url.status().message());
    service->AddSink(std::make_shared<Webhook>(*url, std::move(admin_url), static_cast<int>(config.webhook_timeout_ms)));
  }
  return service;
}

ApprovalService::ApprovalService(const ApprovalsConfig& config, std::unique_ptr<ApprovalStore> store, std::string proxy)
    : config_(config), store_(std::move(store)), proxy_(std::move(proxy)), thread_([this] { Run(); }) {}

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

void ApprovalService::Emit(ApprovalEvent::Kind kind, const ApprovalRequest& request) {
  ApprovalEvent e{kind, &request, NowMs()};
  for (const auto& sink : sinks_) sink->OnApprovalEvent(e);
}

void ApprovalService::Check(ApprovalRequest fresh, Done done) {
  fresh.proxy = proxy_;
  Submit([this, fresh = std::move(fresh), done = std::move(done)](ApprovalStore& store) mutable {
    auto out = store.Check(std::move(fresh), NowMs(), config_.ttl_ms);
    if (out && out->kind == ApprovalStore::Outcome::Kind::kCreated) Emit(ApprovalEvent::Kind::kRequested, out->request);
    if (out && out->kind == ApprovalStore::Outcome::Kind::kClaimed) Emit(ApprovalEvent::Kind::kUsed, out->request);
    done(std::move(out));
  });
}

void ApprovalService::Poll(std::string id, Done done) {
  Submit([this, id = std::move(id), done = std::move(done)](ApprovalStore& store) {
    auto out = store.Poll(id, NowMs());
    if (out && out->kind == ApprovalStore::Outcome::Kind::kClaimed) Emit(ApprovalEvent::Kind::kUsed, out->request);
    done(std::move(out));
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
    if (std::chrono::steady_clock::now() < next_sweep) continue;
    next_sweep = std::chrono::steady_clock::now() + std::chrono::seconds(1);
    auto expired = store_->ExpireDue(NowMs());
    if (!expired) Log("warn", "approval_store_error", {{"error", expired.status().message()}});
    else
      for (const ApprovalRequest& r : *expired) Emit(ApprovalEvent::Kind::kExpired, r);
  }
}

}  // namespace govern::proxy
