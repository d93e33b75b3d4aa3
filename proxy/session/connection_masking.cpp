// Masking on the wire: the server's answers to masked statements are checked
// against the statement's plan and rewritten (stages/mask_stage.h does the
// rewriting; this file only knows which message belongs to which statement).
//
//   simple Query    RowDescription checked -> DataRows masked with its types/formats
//   Execute         the proxy Describes the portal first (its own Describe, answer
//                   swallowed): the RowDescription of a portal carries Bind's result
//                   formats, so named statements re-executed and portals resumed
//                   after PortalSuspended are masked like the first execution
//   COPY TO STDOUT  CopyOutResponse checked -> CopyData rows masked (text, CSV)
//   ErrorResponse, NoticeResponse, NotificationResponse: scrubbed once the
//                   session has had a masked statement
// Anything that does not match the plan fails closed: the client gets an
// ErrorResponse (42501, rule govern.mask) instead of the rest of the answer.
#include "log.h"
#include "session/connection.h"
#include "session/errors.h"

namespace govern::proxy {

void Connection::NoteMasks(const ProxyVerdict& v) {
  if (masked_session_) return;
  for (const auto& p : v.plans)
    if (p && (p->mask || p->cursor_mask)) masked_session_ = true;
}

void Connection::MaskFailed(const std::string& why) {
  Log("warn", "mask_failed", {{"user", user_}, {"error", why}});
  shared_.metrics.CountRefusal("deny", std::string(kMaskRefusalRule));
  wire::ErrorInfo e = Error("42501", std::string(kMaskRefusalRule) + ": the result cannot be masked as planned, so it is withheld: " + why);
  wire::AppendError(&to_client_.pending, e);
  mask_failed_ = true;
  shape_known_ = false;
}

void Connection::OwnDescribed(const wire::Frame& f, const StatementPlan& plan) {
  shape_known_ = false;
  if (mask_failed_ || !plan.mask) return;
  if (f.tag == 'n') {  // NoData: no result columns (or COPY, whose CopyOutResponse is checked instead)
    shape_.types.clear();
    shape_.formats.clear();
    if (plan.mask->check_shape && !plan.mask->names.empty() && plan.mask->kind != StatementKind::k_copy)
      MaskFailed("the statement returns no columns where govern planned some");
    else
      shape_known_ = true;
    return;
  }
  std::string why = CheckRowDescription(*plan.mask, f.body, &shape_);
  std::string origins = CheckPlanOrigins(*plan.mask);  // also ends a failed lookup's wait
  if (why.empty()) why = origins;
  if (!why.empty()) {
    MaskFailed(why);
    return;
  }
  shape_known_ = true;
}

void Connection::ForwardMasked(const wire::Frame& f, const Awaited& answered) {
  std::string_view raw(f.body.data() - 5, f.size);
  if (mask_failed_) {
    if (f.tag == 'Z') {
      mask_failed_ = false;
      to_client_.pending.append(raw);
    }
    return;
  }
  switch (f.tag) {
    case 'E':
    case 'N':
      if (f.tag == 'E') shape_known_ = false;
      if (answered.injected) {
        to_client_.pending.append(raw);  // the proxy's own refusal, raised on the server
        return;
      }
      AppendScrubbedFields(f.tag, f.body, &to_client_.pending);
      return;
    case 'A': AppendScrubbedNotification(f.body, &to_client_.pending); return;
    default: break;
  }
  const MaskPlan* mask = answered.plan ? answered.plan->mask.get() : nullptr;
  bool rows = answered.kind == Awaited::Kind::kStatement || answered.kind == Awaited::Kind::kExecute;
  if (mask == nullptr || !rows) {
    to_client_.pending.append(raw);
    return;
  }
  switch (f.tag) {
    case 'T': {
      std::string why = CheckRowDescription(*mask, f.body, &shape_);
      std::string origins = CheckPlanOrigins(*mask);
      if (why.empty()) why = origins;
      if (!why.empty()) return MaskFailed(why);
      shape_known_ = true;
      to_client_.pending.append(raw);
      return;
    }
    case 'D':
      if (!shape_known_) return MaskFailed("rows arrived without a row description");
      if (!AppendMaskedDataRow(*mask, shape_, f.body, shared_.hash_key, &to_client_.pending))
        return MaskFailed("a row does not match its row description");
      return;
    case 'H': {
      std::string why = CheckCopyOut(*mask, f.body);
      shape_.origins.clear();  // none on the wire: the plan's views are still checked
      std::string origins = CheckPlanOrigins(*mask);
      if (why.empty()) why = origins;
      if (!why.empty()) return MaskFailed(why);
      copy_header_ = mask->copy.header;
      to_client_.pending.append(raw);
      return;
    }
    case 'd': {
      bool header = copy_header_;
      copy_header_ = false;
      if (!AppendMaskedCopyRow(*mask, f.body, header, shared_.hash_key, &to_client_.pending))
        return MaskFailed("a COPY row does not parse as planned");
      return;
    }
    case 'C':
    case 's':
    case 'I':
      shape_known_ = false;
      to_client_.pending.append(raw);
      return;
    default: to_client_.pending.append(raw); return;
  }
}

}  // namespace govern::proxy
