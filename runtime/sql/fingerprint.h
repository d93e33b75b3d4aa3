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

// The statement with constants replaced by $1, $2, ... (pg_query_normalize)
// and comments removed (they are free text, like literals); the text itself
// when it does not parse.
std::string NormalizeStatement(std::string_view statement_text);

// `sql` without its -- and /* */ comments (each becomes one space), quoted
// literals, identifiers and dollar-quoted strings kept whole.
std::string StripSqlComments(std::string_view sql);

}  // namespace govern
