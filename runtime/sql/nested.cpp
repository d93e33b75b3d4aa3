// Walker: parsing texts (the top-level input, nested SQL, function bodies)
// and analysing body statements on their own.
//
// SQL texts parse to PostgreSQL's raw nodes (pg_raw.h), one tree per parse
// level, unless a host shares a frozen cache of whole texts as libpg_query's
// JSON (parse_cache.h; lint's repository flow with kept parses). PL/pgSQL
// bodies are outlines read from the compiled functions in place
// (plpgsql_outline.h), kept in the walker's bounded cache by text.
#include <cstdint>

#include "sql/walker.h"

namespace govern::sql {

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

bool Walker::ParseSql(std::string_view sql, Node* root, std::string* error, int* cursor) {
  auto level = static_cast<size_t>(parse_level_);
  while (parsers_.size() <= level) {
    parsers_.push_back(std::make_unique<simdjson::dom::parser>());
    padded_.emplace_back();
  }
  if (options_.parse_cache != nullptr) {
    if (const ParsedText* hit = options_.parse_cache->Find(sql, ParseKind::kSql))
      return ReadParsed(*hit, root, error, cursor);
  }
  // PostgreSQL's grammar without libpg_query's JSON writer (more than half
  // of pg_query_parse's time), its nodes read in place through the generated
  // tables (pg_node.h). Parsing a nested text again (each body statement on
  // its own) costs less than writing, keeping and reading its JSON once.
  while (trees_.size() <= level) trees_.emplace_back();
  std::shared_ptr<raw::RawTree>& tree = trees_[level];
  tree.reset();  // the level's previous tree goes first (unless a pending body holds it)
  tree = std::make_shared<raw::RawTree>(sql);
  if (!tree->ok()) {
    *error = tree->error();
    *cursor = tree->cursor();
    tree.reset();
    return false;
  }
  *root = Node::RawRoot(tree->stmts());
  return true;
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
  uint32_t saved_text_bias = text_bias_;
  uint32_t saved_ref_bias = ref_bias_;
  uint32_t saved_ref_text_bias = ref_text_bias_;
  bool saved_ref_located = ref_located_;
  TextRange saved_range = stmt_range_;
  ++parse_level_;  // the document being iterated keeps its parser
  for (size_t q = 0; q < queue.size() && q < 4096; ++q) {
    const PendingBody body = queue[q].first;  // a copy: the queue grows below
    const std::string_view text = body.text();
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
    // Walks `stmt`, whose node locations are in `doc` with the statement at
    // `range` (its text at `offset` in the input).
    auto walk = [&](Node stmt, std::string_view doc, TextRange range) {
      doc_text_ = doc;
      location_bias_ = offset - range.offset;  // modulo 2^32: location + bias is offset + (location - range.offset)
      text_bias_ = offset;
      // Column and function locations point into the input only when the
      // body text appears there as written (not rewritten by PL/pgSQL).
      ref_bias_ = location_bias_;
      ref_text_bias_ = offset;
      ref_located_ = found;
      stmt_range_ = range;
      BeginStatement(offset, length);
      for (const std::string& v : body.variables) variables_.push_back(Intern(v));
      const int32_t enclosing_index_shared = shared_index(enclosing);
      result_->statements.back().enclosing = enclosing_index_shared;
      WalkStatement(stmt, true);
      EndStatement();
      if (result_->statements.empty() || result_->statements.back().enclosing != enclosing_index_shared) {
        pending_bodies_.clear();  // too deep: became a diagnostic, and so do its bodies
        return;
      }
      auto self = static_cast<uint32_t>(result_->statements.size() - 1);
      for (PendingBody& b : pending_bodies_) queue.emplace_back(std::move(b), self);
      pending_bodies_.clear();
    };
    if (body.tree != nullptr) {
      walk(body.stmt, *body.doc, body.range);
      continue;
    }
    Node root;
    std::string error;
    int cursor = 0;
    if (!ParseSql(text, &root, &error, &cursor)) continue;  // the enclosing statement is opaque already
    for (Node raw : List(root, "stmts")) {
      Node stmt;
      if (Field(raw, "stmt", &stmt)) walk(stmt, text, {0, static_cast<uint32_t>(text.size())});
    }
  }
  --parse_level_;
  doc_text_ = saved_doc;
  location_bias_ = saved_bias;
  text_bias_ = saved_text_bias;
  ref_bias_ = saved_ref_bias;
  ref_text_bias_ = saved_ref_text_bias;
  ref_located_ = saved_ref_located;
  stmt_range_ = saved_range;
}

}  // namespace govern::sql
