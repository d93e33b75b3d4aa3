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

std::string StripSqlComments(std::string_view sql) {
  std::string out;
  out.reserve(sql.size());
  size_t i = 0, n = sql.size();
  auto ident = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           static_cast<unsigned char>(c) >= 0x80;
  };
  auto space = [&] {
    if (!out.empty() && out.back() != ' ') out.push_back(' ');
  };
  while (i < n) {
    char c = sql[i];
    if (c == '-' && i + 1 < n && sql[i + 1] == '-') {  // to the end of the line
      while (i < n && sql[i] != '\n') ++i;
      space();
    } else if (c == '/' && i + 1 < n && sql[i + 1] == '*') {  // nested, as PostgreSQL's
      int depth = 0;
      do {
        if (sql[i] == '/' && i + 1 < n && sql[i + 1] == '*') {
          ++depth;
          i += 2;
        } else if (sql[i] == '*' && i + 1 < n && sql[i + 1] == '/') {
          --depth;
          i += 2;
        } else {
          ++i;
        }
      } while (i < n && depth > 0);
      space();
    } else if (c == '\'' || c == '"') {  // a literal or quoted identifier, kept whole
      bool escapes = c == '\'' && i > 0 && (sql[i - 1] == 'E' || sql[i - 1] == 'e') && (i < 2 || !ident(sql[i - 2]));
      size_t start = i++;
      while (i < n) {
        if (escapes && sql[i] == '\\' && i + 1 < n) {
          i += 2;
        } else if (sql[i] == c) {
          if (i + 1 < n && sql[i + 1] == c) {
            i += 2;
          } else {
            ++i;
            break;
          }
        } else {
          ++i;
        }
      }
      out.append(sql.substr(start, i - start));
    } else if (c == '$' && (i == 0 || !ident(sql[i - 1])) && i + 1 < n && !(sql[i + 1] >= '0' && sql[i + 1] <= '9')) {
      // A dollar quote $tag$ ... $tag$ (not a parameter $1), kept whole.
      size_t end = i + 1;
      while (end < n && ident(sql[end]) && sql[end] != '$') ++end;
      if (end < n && sql[end] == '$') {
        std::string_view tag = sql.substr(i, end - i + 1);
        size_t close = sql.find(tag, end + 1);
        size_t stop = close == std::string_view::npos ? n : close + tag.size();
        out.append(sql.substr(i, stop - i));
        i = stop;
      } else {
        out.push_back(c);
        ++i;
      }
    } else {
      out.push_back(c);
      ++i;
    }
  }
  size_t first = out.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return {};
  out.erase(0, first);
  while (!out.empty() && (out.back() == ' ' || out.back() == '\n' || out.back() == '\t' || out.back() == '\r')) out.pop_back();
  return out;
}

std::string NormalizeStatement(std::string_view statement_text) {
  std::string text(statement_text);
  PgQueryNormalizeResult r = pg_query_normalize(text.c_str());
  std::string out = (!r.error && r.normalized_query) ? StripSqlComments(r.normalized_query) : text;
  pg_query_free_normalize_result(r);
  return out;
}

}  // namespace govern
