// CancelRequest for a session (docs/proxy.md "Approvals", "Wire messages").
// The client sends it on a new connection with the proxy's key; the registry
// hands it to the session that owns the key, on that session's loop. A
// statement held for an approval (mode = "hold") has not reached the server:
// the hold ends at once with 57014 and the request stays pending (an approver
// may still approve it; the client's retry then runs once). The cancel goes
// upstream only when the server has something of this session to answer, so
// a late cancel cannot hit the refusal or the client's next statement after a hold ended.
#include <asio/connect.hpp>
#include <asio/post.hpp>
#include <asio/write.hpp>

#include "session/connection.h"
#include "session/errors.h"

namespace govern::proxy {

std::function<void()> Connection::CancelHook() {
  // Called on the thread that read the CancelRequest; the connection may be gone by then.
  return [weak = weak_from_this(), io = &io_] {
    asio::post(*io, [weak] {
      if (auto self = weak.lock()) self->OnCancelRequest();
    });
  };
}

void Connection::OnCancelRequest() {
  if (phase_ == Phase::kClosed) return;
  bool held = approval_ && approval_->hold;
  // Held: the server runs nothing of ours unless statements sent before the
  // held one are still executing; a cancel it gets while idle would hit the
  // next statement (the held one's refusal, sent when the hold ends below).
  bool upstream = !held || responses_.Running();
  if (held) {
    approval_->cancelled = true;
    if (!approval_->asking) {  // waiting for the next poll: end now (else when the store answers)
      approval_timer_.cancel();
      EndHoldCancelled();
    }
  }
  if (upstream) CancelUpstream();
}

void Connection::EndHoldCancelled() {
  const ApprovalRequest& r = approval_->request;
  shared_.approvals->Notify(ApprovalEvent::Kind::kHoldCancelled, r, AuditSessionId());
  wire::ErrorInfo e = Error("57014", "canceling statement due to user request");
  e.detail = "the statement was held for approval request " + r.id + ", which stays " +
             std::string(ApprovalStateName(r.state)) + "; once approved, this identity may run it again";
  FinishApproval(false, e);
}

void Connection::CancelUpstream() {
  auto socket = std::make_shared<asio::ip::tcp::socket>(io_);
  auto packet = std::make_shared<std::string>();
  wire::AppendCancel(packet.get(), upstream_key_.pid, upstream_key_.secret);
  socket->async_connect(shared_.upstream_endpoint, [socket, packet](std::error_code ec) {
    if (ec) return;
    asio::async_write(*socket, asio::buffer(*packet), [socket, packet](std::error_code, size_t) {
      std::error_code ignored;
      socket->close(ignored);
    });
  });
}

}  // namespace govern::proxy
