// Walker: parsing texts (the top-level input, nested SQL, function bodies)
// and analysing body statements on their own.
//
// Parses go through ParseCache (parse_cache.h): texts parsed below the top
// level (bodies, EXECUTE literals, PL/pgSQL expressions, each body statement
// again on its own) are kept in the walker's bounded cache, and a host may
// share a frozen cache of whole texts (lint: the repository flow's parses).
#include <pg_query.h>

#include <cstdint>
#include <cstring>

#include "sql/walker.h"

namespace govern::sql {
namespace {

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define GOVERN_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer) || __has_feature(thread_sanitizer)
#define GOVERN_SANITIZED 1
#endif
#endif

// Whether simdjson may read SIMDJSON_PADDING bytes past data[len] without
// leaving the page: those bytes belong to the allocator (the next chunk or
// free space), never to unmapped memory, so libpg_query's own buffer can be
// read in place instead of copied (about 98% of buffers pass). Never under
// sanitizers, which would report the read.
bool PaddingReadable(const char* data, size_t len) {
#ifdef GOVERN_SANITIZED
  (void)data;
  (void)len;
  return false;
#else
  auto end = reinterpret_cast<uintptr_t>(data) + len;
  return end % 4096 + simdjson::SIMDJSON_PADDING <= 4096;
#endif
}

}  // namespace

bool Walker::ReadTree(const char* json, size_t length, Node* root, std::string* error, int* cursor) {
  auto doc = parsers_[static_cast<size_t>(parse_level_)]->parse(json, length, false);
  if (doc.error() == simdjson::SUCCESS) {
    *root = doc.value_unsafe();
    return true;
  }
  if (doc.error() == simdjson::DEPTH_ERROR) {
    *error = "statement nested too deeply";
  } else {
    *error = std::string("cannot read parse tree: ") + simdjson::error_message(doc.error());
  }
  *cursor = 0;
  return false;
}

bool Walker::ReadParsed(const ParsedText& parsed, Node* root, std::string* error, int* cursor) {
  if (!parsed.ok) {
    *error = parsed.error;
    *cursor = parsed.cursor;
    return false;
  }
  if (parsed.json.capacity() >= parsed.json.size() + simdjson::SIMDJSON_PADDING)
    return ReadTree(parsed.json.data(), parsed.json.size(), root, error, cursor);
  std::string& buf = padded_[static_cast<size_t>(parse_level_)];
  CopyPadded(parsed.json.data(), parsed.json.size(), &buf);
  return ReadTree(buf.data(), buf.size(), root, error, cursor);
}

bool Walker::ParseJson(std::string_view sql, Node* root, std::string* error, int* cursor) {
  auto level = static_cast<size_t>(parse_level_);
  while (parsers_.size() <= level) {
    parsers_.push_back(std::make_unique<simdjson::dom::parser>());
    padded_.emplace_back();
  }
  if (options_.parse_cache != nullptr) {
    if (const ParsedText* hit = options_.parse_cache->Find(sql, ParseKind::kSql))
      return ReadParsed(*hit, root, error, cursor);
  }
  if (level > 0) {
    // Nested text: bodies repeat (each body statement is parsed again on its
    // own, migrations repeat definitions), so keep the parse.
    if (const ParsedText* hit = bodies_.Find(sql, ParseKind::kSql)) return ReadParsed(*hit, root, error, cursor);
    ParsedText parsed = ParseText(sql, ParseKind::kSql);
    if (const ParsedText* kept = bodies_.Put(sql, ParseKind::kSql, std::move(parsed)))
      return ReadParsed(*kept, root, error, cursor);
    return ReadParsed(parsed, root, error, cursor);  // not moved from when not kept
  }
  // pg_query wants a NUL-terminated string; reuse the level's buffer for it.
  std::string& buf = padded_[level];
  buf.assign(sql.data(), sql.size());
  PgQueryParseResult parsed = pg_query_parse(buf.c_str());
  if (parsed.error != nullptr) {
    *error = parsed.error->message ? parsed.error->message : "syntax error";
    *cursor = parsed.error->cursorpos;
    pg_query_free_parse_result(parsed);
    return false;
  }
  // libpg_query's API gives the tree as a C string: its length is a strlen.
  size_t len = std::strlen(parsed.parse_tree);
  bool ok;
  if (PaddingReadable(parsed.parse_tree, len)) {
    ok = ReadTree(parsed.parse_tree, len, root, error, cursor);  // the DOM keeps no pointer into the text
  } else {
    CopyPadded(parsed.parse_tree, len, &buf);
    ok = ReadTree(buf.data(), buf.size(), root, error, cursor);
  }
  pg_query_free_parse_result(parsed);
  return ok;
}

void Walker::WalkBodies(uint32_t enclosing_index) {
  if (pending_bodies_.empty() || result_->statements.empty()) {
    pending_bodies_.clear();
    return;
  }
  // The queue grows while bodies are walked (a DO block inside a function);
  // each entry remembers the statement it belongs to.
  // queue: (body, position of the enclosing statement in statements).
  std::vector<std::pair<PendingBody, uint32_t>> queue;
  for (PendingBody& b : pending_bodies_) queue.emplace_back(std::move(b), enclosing_index);
  // Every parse error so far comes before the enclosing statement in source
  // order: its index in the shared sequence is its position plus their count.
  std::vector<std::pair<uint32_t, int32_t>> index_of;  // position -> shared index
  std::vector<std::pair<uint32_t, uint32_t>> search_from;  // position -> where to search its text next
  auto shared_index = [&](uint32_t position) {
    for (const auto& [p, i] : index_of)
      if (p == position) return i;
    auto i = static_cast<int32_t>(position + result_->errors.size());
    index_of.emplace_back(position, i);
    return i;
  };
  pending_bodies_.clear();
  std::string_view saved_doc = doc_text_;
  uint32_t saved_bias = location_bias_;
  uint32_t saved_ref_bias = ref_bias_;
  bool saved_ref_located = ref_located_;
  TextRange saved_range = stmt_range_;
  ++parse_level_;  // the document being iterated keeps its parser
  for (size_t q = 0; q < queue.size() && q < 4096; ++q) {
    const std::string text = queue[q].first.text;
    const std::vector<std::string> variables = queue[q].first.variables;
    uint32_t enclosing = queue[q].second;
    if (enclosing >= result_->statements.size()) continue;
    // Where the body statement is in the input: inside its enclosing
    // statement's text when it appears there as written.
    SourcePos outer = result_->statements[enclosing].pos;
    uint32_t offset = outer.offset;
    auto length = static_cast<uint32_t>(text.size());
    std::string_view outer_text =
        outer.offset < text_.size() ? std::string_view(text_).substr(outer.offset, outer.length) : std::string_view();
    // Body statements come in source order: search after the previous one
    // found in the same enclosing statement.
    uint32_t* cursor_at = nullptr;
    for (auto& [e, c] : search_from)
      if (e == enclosing) cursor_at = &c;
    if (cursor_at == nullptr) cursor_at = &search_from.emplace_back(enclosing, 0).second;
    bool found = false;
    if (size_t at = outer_text.find(text, *cursor_at); at != std::string_view::npos) {
      offset = outer.offset + static_cast<uint32_t>(at);
      *cursor_at = static_cast<uint32_t>(at + text.size());
      found = true;
    } else {
      length = outer.length;
    }
    Node root;
    std::string error;
    int cursor = 0;
    if (!ParseJson(text, &root, &error, &cursor)) continue;  // the enclosing statement is opaque already
    for (Node raw : List(root, "stmts")) {
      Node stmt;
      if (!Field(raw, "stmt", &stmt)) continue;
      doc_text_ = text;
      location_bias_ = offset;  // node locations are in the body text
      // Column and function locations point into the input only when the
      // body text appears there as written (not rewritten by PL/pgSQL).
      ref_bias_ = offset;
      ref_located_ = found;
      stmt_range_ = {0, static_cast<uint32_t>(text.size())};
      BeginStatement(offset, length);
      for (const std::string& v : variables) variables_.push_back(Intern(v));
      const int32_t enclosing_index_shared = shared_index(enclosing);
      result_->statements.back().enclosing = enclosing_index_shared;
      WalkStatement(stmt, true);
      EndStatement();
      if (result_->statements.empty() || result_->statements.back().enclosing != enclosing_index_shared)
        continue;  // too deep: became a diagnostic
      auto self = static_cast<uint32_t>(result_->statements.size() - 1);
      for (PendingBody& b : pending_bodies_) queue.emplace_back(std::move(b), self);
      pending_bodies_.clear();
    }
  }
  --parse_level_;
  doc_text_ = saved_doc;
  location_bias_ = saved_bias;
  ref_bias_ = saved_ref_bias;
  ref_located_ = saved_ref_located;
  stmt_range_ = saved_range;
}

}  // namespace govern::sql
