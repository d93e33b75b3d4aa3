#include "approvals/webhook.h"

#include "core/json.h"
#include "log.h"

namespace govern::proxy {

Webhook::Webhook(HttpUrl url, std::string admin_url, int timeout_ms)
    : url_(std::move(url)), admin_url_(std::move(admin_url)), timeout_ms_(timeout_ms), thread_([this] { Run(); }) {}

Webhook::~Webhook() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

std::string Webhook::Payload(const ApprovalRequest& r, const std::string& admin_url, int64_t now_ms) {
  std::string out = "{";
  AppendJsonField(&out, "event", "approval_requested", true);
  out += ",\"request\":" + RequestJson(r, now_ms);
  AppendJsonField(&out, "approve", "govern approvals approve " + r.id + " --admin " + admin_url +
                                       " --user APPROVER --password-stdin");
  AppendJsonField(&out, "text", "govern: " + r.identity + " asks to run a statement in " + r.env + " (" + r.rule +
                                    ": " + r.message + "); request " + r.id + ", approvers: " + r.group);
  out += "}";
  return out;
}

void Webhook::OnApprovalEvent(const ApprovalEvent& event) {
  if (event.kind != ApprovalEvent::Kind::kRequested) return;
  std::string payload = Payload(*event.request, admin_url_, event.at_ms);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (queue_.size() >= kMaxQueued) {
      Log("warn", "approval_webhook_dropped", {{"id", event.request->id}, {"reason", "queue full"}});
      return;
    }
    queue_.push_back(std::move(payload));
  }
  cv_.notify_one();
}

void Webhook::Run() {
  std::string where = url_.host + ":" + url_.port;
  for (;;) {
    std::string payload;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      cv_.wait(lock, [this] { return stop_ || !queue_.empty(); });
      if (stop_) return;
      payload = std::move(queue_.front());
      queue_.pop_front();
    }
    auto r = HttpRequest("POST", url_, url_.path, {{"Content-Type", "application/json"}, {"User-Agent", "govern-proxy"}},
                         payload, timeout_ms_);
    if (!r) Log("warn", "approval_webhook_failed", {{"to", where}, {"error", r.status().message()}});
    else if (r->status < 200 || r->status > 299)
      Log("warn", "approval_webhook_failed", {{"to", where}, Num("status", static_cast<uint64_t>(r->status))});
  }
}

}  // namespace govern::proxy
