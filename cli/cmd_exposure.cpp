// govern exposure (DIR | --dsn DSN) [--identity U] [--tag GLOB] [--env E]
//   [--since 7d] [--format text|json|csv]
// The exposure ledger from the audit trail (runtime/audit/exposure.h).
#include <memory>

#include "audit/exposure.h"
#include "audit/pg_store.h"
#include "audit/record.h"
#include "audit/record_reader.h"
#include "audit/verifier.h"
#include "commands.h"

namespace govern::cli {

void RegisterExposure(CLI::App& app, int* exit_code) {
  struct Opts {
    std::string dir, dsn, identity, tag, env, since, format = "text";
  };
  auto o = std::make_shared<Opts>();
  CLI::App* cmd = app.add_subcommand(
      "exposure",
      "Which identity received which tagged columns (masked or clear): statements, rows, first and last time, "
      "from the audit trail");
  cmd->add_option("dir", o->dir, "Audit directory ([audit] dir of proxy.toml)");
  cmd->add_option("--dsn", o->dsn, "PostgreSQL audit store ([audit] dsn): every proxy's records");
  cmd->add_option("--identity", o->identity, "Only this identity (user name)");
  cmd->add_option("--tag", o->tag, "Only tags matching this glob, e.g. 'pii.*'");
  cmd->add_option("--env", o->env, "Only this environment");
  cmd->add_option("--since", o->since, "Only statements in this last period: 90s, 15m, 12h, 7d");
  cmd->add_option("--format", o->format, "text, json or csv")->check(CLI::IsMember({"text", "json", "csv"}));
  cmd->callback([o, exit_code] {
    *exit_code = 2;
    if (o->dir.empty() == o->dsn.empty()) {
      std::fprintf(stderr, "govern: error: give an audit directory or --dsn (one of them)\n");
      return;
    }
    audit::ExposureQuery q{o->identity, o->tag, o->env, 0};
    if (!o->since.empty()) {
      int64_t period = 0;
      if (!audit::ParseDuration(o->since, &period)) {
        std::fprintf(stderr, "govern: error: --since %s: expected a number and s, m, h or d (e.g. 7d)\n",
                     o->since.c_str());
        return;
      }
      q.since_us = audit::NowMicros() - period;
    }
    audit::ExposureLedger ledger(q);
    if (o->dsn.empty()) {
      auto chains = audit::LoadChainsFromDir(o->dir);
      if (!chains) {
        std::fprintf(stderr, "govern: error: %s\n", chains.status().message().c_str());
        return;
      }
      for (const audit::ChainSource& c : *chains)
        for (const audit::SegmentSource& s : c.segments) {
          bool truncated = false;
          for (const audit::SegmentLine& l : audit::SplitSegment(s.bytes, &truncated)) ledger.AddLine(l.text);
        }
    } else if (Status s = audit::ForEachStoreRecord(o->dsn, q.since_us,
                                                    [&](std::string_view line) { ledger.AddLine(line); });
               !s.ok()) {
      std::fprintf(stderr, "govern: error: %s\n", s.message().c_str());
      return;
    }
    auto text = audit::FormatExposure(ledger.Rows(), o->format);
    if (!text) {
      std::fprintf(stderr, "govern: error: %s\n", text.status().message().c_str());
      return;
    }
    std::fputs(text->c_str(), stdout);
    *exit_code = 0;
  });
}

}  // namespace govern::cli
