#include "admin/console_approvals.h"

#include <chrono>
#include <future>
#include <memory>

#include "admin/approvals_api.h"

namespace govern::proxy {
namespace {

using http::HttpResponse;

// Runs AnswerApprovals on the approval worker and waits for its answer.
HttpResponse OnWorker(ApprovalService& service, const IdentityEntry& who, std::string method, std::string path) {
  auto promise = std::make_shared<std::promise<HttpResponse>>();
  std::future<HttpResponse> answer = promise->get_future();
  service.Submit([&service, promise, who, method = std::move(method), path = std::move(path)](ApprovalStore& store) {
    promise->set_value(AnswerApprovals(service, store, who, method, path, false));
  });
  if (answer.wait_for(std::chrono::seconds(10)) != std::future_status::ready)
    return HttpResponse::JsonError(503, "the approval store did not answer in time");
  try {
    return answer.get();
  } catch (const std::future_error&) {  // the service stopped with the task queued
    return HttpResponse::JsonError(503, "approvals are shutting down");
  }
}

}  // namespace

console::ApprovalsBackend ConsoleApprovals(ApprovalService& service) {
  console::ApprovalsBackend b;
  b.list = [&service](const IdentityEntry& who) {
    return OnWorker(service, who, "GET", std::string(kApprovalsApiPrefix));
  };
  b.decide = [&service](const std::string& id, const IdentityEntry& who, bool approve) {
    if (id.empty() || id.find('/') != std::string::npos) return HttpResponse::JsonError(404, "not found");
    return OnWorker(service, who, "POST", std::string(kApprovalsApiPrefix) + "/" + id + (approve ? "/approve" : "/reject"));
  };
  return b;
}

}  // namespace govern::proxy
