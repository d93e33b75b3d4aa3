#include "sql/fingerprint.h"

#include <pg_query.h>

#include <cstdio>

#include "bundle/crypto.h"

namespace govern {

std::string StatementFingerprint(std::string_view statement_text) {
  std::string text(statement_text);
  PgQueryFingerprintResult r = pg_query_fingerprint(text.c_str());
  std::string out;
  if (!r.error && r.fingerprint_str) {
    out = r.fingerprint_str;
  } else {
    std::string normalized;
    bool space = false;
    for (char c : statement_text) {
      bool ws = c == ' ' || c == '\t' || c == '\n' || c == '\r';
      if (ws) {
        space = !normalized.empty();
        continue;
      }
      if (space) normalized.push_back(' ');
      space = false;
      normalized.push_back(c);
    }
    auto digest = Sha256(normalized);
    char hex[17];
    for (int i = 0; i < 8; ++i) std::snprintf(hex + 2 * i, 3, "%02x", digest[static_cast<size_t>(i)]);
    out = std::string("t") + std::string(hex, 15);
  }
  pg_query_free_fingerprint_result(r);
  return out;
}

std::string NormalizeStatement(std::string_view statement_text) {
  std::string text(statement_text);
  PgQueryNormalizeResult r = pg_query_normalize(text.c_str());
  std::string out = (!r.error && r.normalized_query) ? std::string(r.normalized_query) : text;
  pg_query_free_normalize_result(r);
  return out;
}

}  // namespace govern
