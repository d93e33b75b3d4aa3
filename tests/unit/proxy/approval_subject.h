// The approval tests' statement subject: identity, env prod, database app,
// no parameters, rule destructive.prod_ddl approved by group dba.
#pragma once

#include <string>
#include <string_view>

#include "approvals/approval_request.h"

inline govern::proxy::ApprovalSubject Subject(std::string_view text, std::string identity = "ana") {
  govern::proxy::ApprovalSubject s;
  s.identity = std::move(identity);
  s.env = "prod";
  s.database = "app";
  s.text = text;
  s.params_hash = govern::proxy::NoParametersHash();
  s.rule = "destructive.prod_ddl";
  s.group = "dba";
  s.message = "drop_table in prod";
  return s;
}
