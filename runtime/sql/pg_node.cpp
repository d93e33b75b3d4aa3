#include "sql/pg_node.h"

#include <pg_query.h>

namespace govern::sql {

bool ParseTree(std::string_view text, simdjson::dom::parser* parser, std::string* json, Node* root) {
  std::string buf(text);
  for (char& ch : buf)
    if (ch == '\0') ch = ' ';
  PgQueryParseResult parsed = pg_query_parse(buf.c_str());
  if (parsed.error != nullptr) {
    pg_query_free_parse_result(parsed);
    return false;
  }
  json->assign(parsed.parse_tree);
  pg_query_free_parse_result(parsed);
  return parser->parse(*json).get(*root) == simdjson::SUCCESS;
}

}  // namespace govern::sql
