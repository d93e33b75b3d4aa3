// govern_bench_lint [--repeat N] [--json] [--once] (FILE | @LIST)...: lint-like
// throughput on one thread over exactly the given files, for comparisons with
// peer linters run on the same files. Each pass analyses every file and
// decides every statement with the standard policies (catalog: the pipelines'
// schemas and tags); a bare pg_query_parse pass over the same files is the
// floor. Passes alternate (govern, parse, govern, parse, ...); the median pass
// of each is reported, and the ratio is the median of the per-pair ratios. Statements = analysed statements + statements that
// failed to parse (both are reported by a linter).
// --once: what a lint command does, for timing the whole process next to peer
// linters (hyperfine): load the policies and catalog, one pass, exit.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "workload.h"

using namespace govern;
using namespace govern::bench;
using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
  int repeat = 5;
  bool json = false, once = false;
  std::vector<std::string> paths;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--repeat" && i + 1 < argc) repeat = std::max(1, std::atoi(argv[++i]));
    else if (a == "--json") json = true;
    else if (a == "--once") once = true;
    else if (!a.empty() && a[0] == '@') {
      std::ifstream list(a.substr(1));
      for (std::string line; std::getline(list, line);)
        if (!line.empty()) paths.push_back(line);
    } else paths.push_back(a);
  }
  if (paths.empty()) {
    std::fprintf(stderr, "usage: govern_bench_lint [--repeat N] [--json] [--once] (FILE | @LIST)...\n");
    return 2;
  }
  std::vector<SqlFile> files;
  size_t bytes = 0;
  for (const std::string& p : paths) {
    files.push_back({p, Slurp(p)});
    bytes += files.back().text.size();
  }
  auto engine = StandardEngine(PipelineCatalogPaths());
  Session session(*engine);
  std::vector<OwnedContext> ids = Identities();
  const Context& ctx = ids[3].view();
  if (once) {
    size_t n = 0;
    for (const SqlFile& f : files) n += LintFile(session, f, ctx);
    std::printf("%zu files, %zu statements\n", files.size(), n);
    return 0;
  }
  std::vector<bool> whole_ok;
  size_t statements = 0;
  for (const SqlFile& f : files) {  // warm-up pass; counts statements
    statements += LintFile(session, f, ctx);
    whole_ok.push_back(ParsesWhole(f));
  }
  std::vector<double> lint_s, parse_s;
  for (int r = 0; r < repeat; ++r) {
    auto t0 = Clock::now();
    Session pass(*engine);  // a lint run's: nothing kept from the previous pass (body parses)
    for (const SqlFile& f : files) LintFile(pass, f, ctx);
    auto t1 = Clock::now();
    for (size_t i = 0; i < files.size(); ++i) BareParseFile(files[i], whole_ok[i]);
    auto t2 = Clock::now();
    lint_s.push_back(std::chrono::duration<double>(t1 - t0).count());
    parse_s.push_back(std::chrono::duration<double>(t2 - t1).count());
  }
  double lint = Median(lint_s), parse = Median(parse_s);
  std::vector<double> ratios;  // per back-to-back pair: robust to load that comes and goes
  for (size_t i = 0; i < lint_s.size(); ++i) ratios.push_back(lint_s[i] / parse_s[i]);
  double ratio = Median(ratios);
  double lint_rate = static_cast<double>(statements) / lint, parse_rate = static_cast<double>(statements) / parse;
  if (json) {
    std::printf("{\"files\":%zu,\"bytes\":%zu,\"statements\":%zu,\"repeat\":%d,\"govern_seconds\":%.6f,"
                "\"parse_seconds\":%.6f,\"govern_per_second\":%.0f,\"parse_per_second\":%.0f,\"ratio_to_parse\":%.3f}\n",
                files.size(), bytes, statements, repeat, lint, parse, lint_rate, parse_rate, ratio);
  } else {
    std::printf("%zu files, %zu statements, %zu bytes; median of %d passes\n", files.size(), statements, bytes, repeat);
    std::printf("govern (parse + facts + decide): %.1f ms  %.0f statements/s\n", lint * 1e3, lint_rate);
    std::printf("bare pg_query_parse:             %.1f ms  %.0f statements/s\n", parse * 1e3, parse_rate);
    std::printf("ratio: %.2fx the bare parse (median of the per-pass ratios)\n", ratio);
  }
  return 0;
}
