// The approvals webhook: every new request is POSTed as JSON to
// `[approvals] webhook` (payload in docs/proxy.md) from a thread of its own,
// so a slow or failing receiver never delays a decision. Failures are logged
// (without the URL's query string, which often holds a token) and dropped; at
// most kMaxQueued posts wait, newer ones are dropped (and logged) beyond that.
#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

#include "approvals/approval_events.h"
#include "approvals/http_client.h"

namespace govern::proxy {

class Webhook : public ApprovalEventSink {
 public:
  Webhook(HttpUrl url, std::string admin_url, int timeout_ms);
  ~Webhook() override;
  void OnApprovalEvent(const ApprovalEvent& event) override;
  static std::string Payload(const ApprovalRequest& r, const std::string& admin_url, int64_t now_ms);

  static constexpr size_t kMaxQueued = 1000;

 private:
  void Run();
  HttpUrl url_;
  std::string admin_url_;
  int timeout_ms_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<std::string> queue_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace govern::proxy
