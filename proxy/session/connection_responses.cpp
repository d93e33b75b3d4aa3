// The server's answers, matched in order against what the proxy forwarded.
#include "session/connection.h"

#include "log.h"
#include "session/errors.h"

namespace govern::proxy {

void Connection::ProcessServer() {
  size_t pos = 0;
  bool became_ready = false;
  while (pos < sin_.size() && phase_ != Phase::kClosed) {
    if (server_passthrough_ > 0) {
      size_t n = std::min(server_passthrough_, sin_.size() - pos);
      to_client_.pending.append(sin_.view().substr(pos, n));
      pos += n;
      server_passthrough_ -= n;
      continue;
    }
    std::string_view avail = sin_.view().substr(pos);
    wire::Frame f;
    std::string error;
    size_t need = 0;
    size_t limit = up_phase_ == UpPhase::kLogin ? kMaxUpstreamLoginMessage : kMaxServerMessage;
    wire::FrameStatus st = wire::NextFrame(avail, limit, &f, &error, &need);
    if (st == wire::FrameStatus::kError) {
      Log("error", "upstream_protocol_error", {{"user", user_}, {"error", error}});
      FatalToClient(Fatal("08006", "invalid message from the upstream database"), "upstream protocol error");
      return;
    }
    if (st == wire::FrameStatus::kNeedMore) {
      // A large message the proxy does not look into streams through by length.
      if (up_phase_ == UpPhase::kReady && avail.size() >= 5 && need > kReadChunk && avail[0] != 'Z' &&
          avail[0] != '1' && avail[0] != '2') {
        to_client_.pending.append(avail);
        server_passthrough_ = need - avail.size();
        pos = sin_.size();
      }
      break;
    }
    pos += f.size;
    if (up_phase_ == UpPhase::kLogin) {
      if (!HandleUpstreamLogin(f)) return;
      if (phase_ == Phase::kReady) became_ready = true;
      continue;
    }
    switch (f.tag) {
      case 'Z':
        if (f.body.size() != 1 || (f.body[0] != 'I' && f.body[0] != 'T' && f.body[0] != 'E')) {
          FatalToClient(Fatal("08006", "invalid ReadyForQuery from the upstream database"), "upstream protocol error");
          return;
        }
        txn_status_ = f.body[0];
        if (!syncs_.empty()) syncs_.pop_front();
        if (txn_status_ == 'I') state_.EndTransaction();
        break;
      case '1':
        if (!syncs_.empty()) {
          SyncPoint& s = syncs_.front();
          if (s.inject && ++s.seen_parses > s.client_parses) continue;  // the proxy's own Parse
        }
        break;
      case '2':
        if (!syncs_.empty()) {
          SyncPoint& s = syncs_.front();
          if (s.inject && ++s.seen_binds > s.client_binds) continue;  // the proxy's own Bind
        }
        break;
      default:
        break;
    }
    to_client_.pending.append(f.body.data() - 5, f.size);
  }
  if (phase_ == Phase::kClosed) return;
  sin_.Consume(pos);
  Flush(false);
  Flush(true);
  if (became_ready) {
    ProcessClient();
    ReadClient();
  }
}

}  // namespace govern::proxy
