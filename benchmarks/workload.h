// What the benchmarks run on: the shared SQL corpus, the pipelines' catalogs
// (schemas + the corpus' suggested PII tags), engines built from the standard
// policies or from generated ones, and four identities.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "govern/govern.h"

namespace govern::bench {

struct SqlFile {
  std::string path;  // relative to the corpus directory
  std::string text;
};

// $GOVERN_CORPUS_DIR, else the directory configured at build time (../shared/corpus).
std::filesystem::path CorpusDir();
// The repository (for policies/).
std::filesystem::path SourceDir();

// Every *.sql file under `dir` (relative to the corpus), sorted by path.
std::vector<SqlFile> LoadSqlFiles(const std::string& dir);

// Catalog sources for the pipelines: each pipeline's schema.sql, the shop
// catalog of policies/catalog, and a tags file made from pii_tags.tsv.
std::vector<std::string> PipelineCatalogPaths();

// Engines: the standard policies (policies/) or policy text, bound to `catalogs`.
std::unique_ptr<Engine> StandardEngine(const std::vector<std::string>& catalogs);
std::unique_ptr<Engine> EngineFromText(const std::string& policy_text, const std::vector<std::string>& catalogs);

// What `govern lint` builds before linting (lint/repository.cpp): the
// standard policies bound to `catalogs` (loaded on the first call only) plus
// the repository flow of `files` (ApplyCatalogFlow); with `keep_parses`, the
// flow's parses are kept in a parse cache the sessions reuse (lint's default).
// `kept_bytes` (when given) receives the size of the kept parses.
std::unique_ptr<Engine> LintFlowEngine(const std::vector<std::string>& catalogs, const std::vector<SqlFile>& files,
                                       bool keep_parses, size_t* kept_bytes = nullptr);

// analyst (groups analyst, prod), trainer (purpose training, service), agent
// (roles dba, attr team=risk, staging), developer (human, dev).
std::vector<OwnedContext> Identities();

// The text of each statement of `files`, as the analyzer delimits them
// (statements that do not parse are left out).
std::vector<std::string> StatementTexts(const Engine& engine, const std::vector<SqlFile>& files);

// What a linter does with one file: analyse it (parse, facts) and decide every
// statement. Returns the statements seen (analysed + failed to parse).
size_t LintFile(Session& session, const SqlFile& file, const Context& context);

// The floor for the same file: pg_query_parse of the whole file, or, when the
// whole file does not parse (whole_ok false), of each statement found by the
// splitter the analyzer uses, as any linter must to report every statement.
void BareParseFile(const SqlFile& file, bool whole_ok);

// The median of per-iteration ratios (the paired benchmarks' counters); 0 when empty.
double Median(std::vector<double> values);
// Whether pg_query_parse accepts the whole file.
bool ParsesWhole(const SqlFile& file);

// Aborts with a message (benchmarks have no error path).
[[noreturn]] void Die(const std::string& message);
// The bytes of a regular file (dies with a message otherwise).
std::string Slurp(const std::filesystem::path& p);

}  // namespace govern::bench
