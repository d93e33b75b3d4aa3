// SQL text the proxy writes itself: quoted identifiers and literals (startup
// settings decided as the SET they stand for) and the DO block that raises a
// refusal on the server (so the server's transaction is aborted too).
#pragma once

#include <string>
#include <string_view>

#include "wire/codec.h"

namespace govern::proxy {

std::string QuoteIdent(std::string_view s);
std::string QuoteLiteral(std::string_view s);
// DO $govern$ ... RAISE EXCEPTION with e's SQLSTATE, message and detail.
std::string RaiseSql(const wire::ErrorInfo& e);
// Whether `sql` mentions set_config (any case): a call can hide in any statement.
bool MentionsSetConfig(std::string_view sql);
// Whether `sql` may hold SAVEPOINT, ROLLBACK TO or RELEASE (the words, in any
// case; the parse decides): the session state tracks savepoints.
bool MentionsSavepointStatement(std::string_view sql);
// Whether `sql` holds `lower_word` in any case (not only as a whole word).
bool MentionsWord(std::string_view sql, std::string_view lower_word);

}  // namespace govern::proxy
