// The client side of the approvals API (what `govern approvals` runs; no
// proxy or store needed): list, show, approve, reject against a proxy's
// admin listener, authenticated with HTTP Basic as an identity.
#pragma once

#include <string>

#include "core/status.h"

namespace govern::proxy {

struct ApprovalsClientOptions {
  std::string admin_url;  // http://127.0.0.1:6480 (or https://...)
  std::string user, password;
  int timeout_ms = 10000;
};

struct ApprovalsReply {
  int http_status = 0;
  std::string json;   // the API's body
  std::string error;  // its "error" field when not 2xx
};

// `action`: "list" (all: every state), "show", "approve" or "reject".
Expected<ApprovalsReply> CallApprovalsApi(const ApprovalsClientOptions& options, const std::string& action,
                                          const std::string& id, bool all);

// A human-readable table of a list reply, or of one request.
std::string FormatApprovals(const std::string& json);

}  // namespace govern::proxy
