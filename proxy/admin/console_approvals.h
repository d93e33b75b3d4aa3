// The web console's approvals (docs/console.md): its ApprovalsBackend over an
// ApprovalService, answering as the approvals API does (admin/approvals_api.h)
// for the console's logged-in identity. Used on a proxy's admin listener
// (that proxy's service) and by `govern console --approvals-dsn` (a service
// of its own on the fleet's PostgreSQL approvals store). The console's HTTP
// thread waits for the worker's answer (a store call), never an event loop.
#pragma once

#include "admin/console/console_app.h"
#include "approvals/approval_service.h"

namespace govern::proxy {

// `service` must outlive the backend's use.
console::ApprovalsBackend ConsoleApprovals(ApprovalService& service);

}  // namespace govern::proxy
