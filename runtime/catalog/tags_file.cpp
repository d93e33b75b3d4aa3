// Tags files and comment tags (formats in docs/catalog.md).
#include <algorithm>

#include "catalog/loaders.h"
#include "core/glob.h"

namespace govern {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Splits on tabs when the line has one, else on runs of spaces.
std::vector<std::string_view> Fields(std::string_view line) {
  std::vector<std::string_view> out;
  bool tabs = line.find('\t') != std::string_view::npos;
  size_t i = 0;
  while (i <= line.size()) {
    size_t j = tabs ? line.find('\t', i) : line.find_first_of(" ", i);
    if (j == std::string_view::npos) j = line.size();
    std::string_view f = Trim(line.substr(i, j - i));
    if (tabs || !f.empty()) out.push_back(f);
    i = j + 1;
    if (!tabs)
      while (i < line.size() && line[i] == ' ') ++i;
  }
  return out;
}

// "Public.t.\"Zip Code\"" -> parts folded like PostgreSQL identifiers
// (unquoted lower-cased, quoted kept). Glob characters pass through.
std::vector<std::string> SplitName(std::string_view name) {
  std::vector<std::string> parts(1);
  bool quoted = false;
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    if (c == '"') {
      if (quoted && i + 1 < name.size() && name[i + 1] == '"') {
        parts.back().push_back('"');
        ++i;
      } else {
        quoted = !quoted;
      }
    } else if (c == '.' && !quoted) {
      parts.emplace_back();
    } else {
      parts.back().push_back(!quoted && c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
    }
  }
  return parts;
}

}  // namespace

std::string CatalogWarning::ToString() const {
  std::string s = file;
  if (line > 0) s += ":" + std::to_string(line) + ":" + std::to_string(column);
  return s + ": warning: " + message;
}

std::vector<std::string> ParseCommentTags(std::string_view comment) {
  std::vector<std::string> tags;
  constexpr std::string_view kKey = "govern:tags=";
  size_t at = comment.find(kKey);
  if (at == std::string_view::npos) return tags;
  std::string_view rest = comment.substr(at + kKey.size());
  size_t end = rest.find_first_of(" \t\r\n;");
  if (end != std::string_view::npos) rest = rest.substr(0, end);
  size_t i = 0;
  while (i <= rest.size()) {
    size_t j = rest.find(',', i);
    if (j == std::string_view::npos) j = rest.size();
    std::string_view tag = Trim(rest.substr(i, j - i));
    if (!tag.empty()) tags.emplace_back(tag);
    i = j + 1;
  }
  return tags;
}

Status LoadTags(std::string_view text, std::string_view file, Catalog* catalog, const TagsOptions& options,
                CatalogWarnings* warnings) {
  size_t column_field = 0;
  size_t tag_field = 1;
  uint32_t line_no = 0;
  size_t pos = 0;
  std::vector<std::string> errors;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    std::string_view trimmed = Trim(line);
    if (trimmed.empty() || trimmed.front() == '#') continue;
    std::vector<std::string_view> fields = Fields(line);
    if (line_no == 1 || (column_field == 0 && tag_field == 1 && !fields.empty() && fields[0] == "pipeline")) {
      // A header row names the columns (the corpus TSV: pipeline, table.column, suggested_tag, note).
      auto col = std::find_if(fields.begin(), fields.end(), [](std::string_view f) {
        return f == "table.column" || f == "column" || f == "schema.table.column";
      });
      auto tag = std::find_if(fields.begin(), fields.end(),
                              [](std::string_view f) { return f == "suggested_tag" || f == "tag" || f == "tags"; });
      if (col != fields.end() && tag != fields.end()) {
        column_field = static_cast<size_t>(col - fields.begin());
        tag_field = static_cast<size_t>(tag - fields.begin());
        continue;
      }
    }
    if (fields.size() <= std::max(column_field, tag_field) || fields[column_field].empty() ||
        fields[tag_field].empty()) {
      errors.push_back(std::string(file) + ":" + std::to_string(line_no) + ":1: expected `column-glob tag[,tag...]`");
      continue;
    }
    std::vector<std::string> parts = SplitName(fields[column_field]);
    if (parts.size() == 2) parts.insert(parts.begin(), catalog->search_path().empty() ? "public" : catalog->search_path()[0]);
    if (parts.size() != 3) {
      errors.push_back(std::string(file) + ":" + std::to_string(line_no) +
                       ":1: column must be schema.table.column or table.column");
      continue;
    }
    std::string pattern = parts[0] + "." + parts[1] + "." + parts[2];
    std::vector<std::string> tags;
    std::string_view tag_text = fields[tag_field];
    size_t i = 0;
    while (i <= tag_text.size()) {
      size_t j = tag_text.find(',', i);
      if (j == std::string_view::npos) j = tag_text.size();
      std::string_view tag = Trim(tag_text.substr(i, j - i));
      if (!tag.empty()) tags.emplace_back(tag);
      i = j + 1;
    }
    bool matched = false;
    if (GlobIsLiteral(pattern)) {
      auto id = catalog->FindColumnByQName(pattern);
      if (!id && options.create_missing) {
        int32_t table = catalog->AddTable(parts[0], parts[1]);
        id = catalog->AddColumn(table, parts[2]);
      }
      if (id) {
        for (const std::string& t : tags) catalog->AddTag(*id, t);
        matched = true;
      }
    } else {
      for (size_t c = 0; c < catalog->column_count(); ++c) {
        const Catalog::Column& col = catalog->column(static_cast<int32_t>(c));
        if (col.dropped || !GlobMatch(pattern, col.qname)) continue;
        for (const std::string& t : tags) catalog->AddTag(static_cast<int32_t>(c), t);
        matched = true;
      }
    }
    if (!matched && warnings != nullptr) {
      CatalogWarning w;
      w.file = std::string(file);
      w.line = line_no;
      w.column = 1;
      w.message = "no column matches " + pattern;
      warnings->push_back(std::move(w));
    }
  }
  if (errors.empty()) return Status::Ok();
  std::string all;
  for (const std::string& e : errors) all += (all.empty() ? "" : "\n") + e;
  return Status::Error(all);
}

Status LoadTagsFile(const std::string& path, Catalog* catalog, const TagsOptions& options, CatalogWarnings* warnings) {
  Expected<std::string> text = ReadTextFile(path);
  if (!text) return text.status();
  return LoadTags(*text, path, catalog, options, warnings);
}

}  // namespace govern
