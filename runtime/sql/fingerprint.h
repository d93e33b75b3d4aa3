// Statement fingerprints: the same query with other constants, whitespace or
// comments has the same fingerprint (libpg_query's pg_query_fingerprint).
// Used by lint baselines, approvals and the audit trail.
#pragma once

#include <string>
#include <string_view>

namespace govern {

// 16 hex digits. Text that does not parse gets a fingerprint of its
// whitespace-normalised text instead (prefixed "t"), so it is still stable.
std::string StatementFingerprint(std::string_view statement_text);

// The statement with constants replaced by $1, $2, ... (pg_query_normalize);
// the text itself when it does not parse.
std::string NormalizeStatement(std::string_view statement_text);

}  // namespace govern
