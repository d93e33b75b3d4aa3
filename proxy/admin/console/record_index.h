// RecordIndex: the console's in-memory view of an audit trail (docs/audit.md).
// Fed record lines in each proxy's chain order (from segment files or the
// PostgreSQL store), it keeps every `statement` record joined with its
// `outcome`, ordered by time, with the strings the filters use interned; the
// console's answers are computed here, server-side, so a page never loads
// more than one page of records however large the trail:
//   - Page: newest first, filtered (env, identity, decision, rule, tag, text),
//     keyset-paginated by (time, arrival) so new records never shift a page;
//   - Stats: decisions per time bucket by env and decision, and the
//     statement-duration histogram per env;
//   - Facets: the values each filter can take, with counts;
//   - the exposure ledger (govern exposure's, fed the same lines).
// Readers take a shared lock; AddLine takes it exclusively.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "audit/exposure.h"

namespace simdjson::dom {
class parser;
}

namespace govern::proxy::console {

struct RecordFilter {
  std::string env, identity, decision, rule, tag, text;  // "" = any; rule and tag are globs; text: substring of sql
  int64_t since_us = 0, until_us = 0;                     // 0 = unbounded
};

struct PageCursor {
  int64_t ts_us = INT64_MAX;
  uint64_t id = UINT64_MAX;  // rows strictly before (ts_us, id)
};

class RecordIndex {
 public:
  RecordIndex();
  ~RecordIndex();
  // One record line; lines that are not statement/outcome records, or not
  // valid, are counted and skipped (the console shows; `govern audit verify` judges).
  void AddLine(std::string_view line);

  // {"records":[...],"matched":N,"next":"ts.id"|null} newest first.
  std::string PageJson(const RecordFilter& filter, PageCursor before, size_t limit) const;
  // {"from_us","bucket_us","buckets":N,"decisions":[{"env","decision","counts":[...]}],
  //  "durations":{"bounds_us":[...],"envs":[{"env","counts":[...],"p50_us","p95_us","p99_us"}]}}
  std::string StatsJson(const RecordFilter& filter, size_t buckets) const;
  // {"envs":[{"value","count"}],"identities":[...],"decisions":[...],"rules":[...],"tags":[...],
  //  "statements":N,"skipped":N}
  std::string FacetsJson() const;

  // The exposure ledger (audit::ExposureLedger over the same records) as
  // {"exposure":[...]}; filters: identity, tag glob and env ("" = any).
  std::string ExposureJson(const std::string& identity, const std::string& tag_glob, const std::string& env) const;

  size_t statements() const;
  uint64_t skipped() const;

  static bool ParseCursor(std::string_view text, PageCursor* out);
  static constexpr uint64_t kDurationBoundsUs[] = {100,    250,    500,    1000,    2500,    5000,   10000,
                                                   25000,  50000,  100000, 250000,  500000, 1000000};
  // Decision latency histogram bounds (the statement records' decide_ns).
  static constexpr uint64_t kDecideBoundsNs[] = {500, 1000, 2000, 5000, 10000, 20000, 50000, 100000, 1000000};

 private:
  struct RuleHit {
    uint32_t id;
    std::string effect, message;
  };
  struct Exposed {
    std::string output, method;
    std::vector<std::string> columns, tags;
    bool masked = false;
  };
  struct Row {
    uint64_t id = 0;
    int64_t ts_us = 0;
    uint32_t env = 0, proxy = 0, user = 0, decision = 0;
    bool enforced = true, has_outcome = false;
    std::string ts, session, kind, fingerprint, sql, client, application, via, approval;
    int64_t stmt = 0;
    std::vector<RuleHit> rules;
    std::vector<uint32_t> tags;  // union of the exposed columns' tags
    std::vector<std::string> reads, writes;
    std::vector<Exposed> exposed;
    std::string status, sqlstate;  // outcome
    int64_t rows = 0, duration_us = -1, bytes = 0;
    int64_t decide_ns = -1;  // the statement record's decide_ns (-1: absent)
  };
  struct Strings {
    std::vector<std::string> values;
    std::vector<uint64_t> counts;
    std::unordered_map<std::string, uint32_t> ids;
    uint32_t Intern(std::string_view s);
    // The id of `s`, or UINT32_MAX when it never occurred.
    uint32_t Find(std::string_view s) const;
  };
  // A filter with its exact strings resolved to ids (UINT32_MAX: matches nothing).
  struct Resolved;

  bool Matches(const Row& row, const Resolved& filter) const;
  Resolved Resolve(const RecordFilter& filter) const;
  void AppendRowJson(std::string* out, const Row& row) const;
  void AddStatement(std::string_view line);
  void AddOutcome(std::string_view line);

  mutable std::shared_mutex mutex_;
  std::unique_ptr<simdjson::dom::parser> parser_;  // used under the exclusive lock
  std::deque<Row> rows_;               // by id (arrival)
  std::vector<uint64_t> order_;        // ids sorted by (ts_us, id)
  std::unordered_map<std::string, uint64_t> open_;  // proxy \x1f session \x1f stmt -> id awaiting its outcome
  Strings envs_, proxies_, users_, decisions_, rules_, tags_;
  uint64_t skipped_ = 0;
  audit::ExposureLedger ledger_{audit::ExposureQuery{}};
};

}  // namespace govern::proxy::console
