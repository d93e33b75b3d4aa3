#include "policy_gen.h"

namespace govern::bench {
namespace {

// Every 50th rule of a shape uses a value the benchmark identities really
// have, so some rules fire; the others name values of their own.
std::string Pick(int i, int shape, const std::string& real, const std::string& own) {
  return i % 50 == shape ? real : own + std::to_string(i);
}

std::string Quote(const std::string& s) { return "\"" + s + "\""; }

std::string CedarSet(const std::vector<std::string>& v) {
  std::string out = "[";
  for (size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + Quote(v[i]);
  return out + "]";
}

}  // namespace

std::string GeneratePolicy(int rules, int scopes) {
  std::string out;
  for (int i = 0; i < rules; ++i) {
    const size_t rule_begin = out.size();
    if (i % 10 == 0) {
      if (i) out += "}\n\n";
      out += "policy gen" + std::to_string(i / 10) + " \"generated rules " + std::to_string(i) + "..\" {\n";
    }
    out += "  rule r";
    out += std::to_string(i);
    out += " {\n";
    switch (i % 10) {
      case 0:
        out += "    when identity.purpose == " + Quote(Pick(i, 0, "training", "purpose")) + " and reads(tag \"pii.*\")\n";
        out += "    deny \"this purpose may not read personal data: {reads(tag \\\"pii.*\\\")}\"\n";
        break;
      case 1:
        out += "    when " + Quote(Pick(i, 1, "analyst", "group")) + " in identity.groups\n";
        out += "    mask tag \"pii.email\" with email\n    mask tag \"pii.*\" with redact\n";
        break;
      case 2:
        out += "    when statement.kind in {delete, update} and not statement.has_where and env == " +
               Quote(Pick(i, 2, "prod", "env")) + "\n";
        out += "    deny \"{statement.kind} without WHERE on {statement.targets}\"\n";
        break;
      case 3:
        out += "    when env == \"prod\" and statement.kind in {drop_table, truncate, alter_table, drop_column}"
               " and identity.user != " + Quote("owner" + std::to_string(i)) + "\n";
        out += "    require approval from \"dba\" \"{statement.kind} on {statement.targets} needs a DBA\"\n";
        break;
      case 4:
        out += "    when identity.kind != \"human\" and reads(tag \"secret\") and identity.user != " +
               Quote("vault" + std::to_string(i)) + "\n";
        out += "    deny \"a {identity.kind} identity may not read credentials: {reads(tag \\\"secret\\\")}\"\n";
        break;
      case 5:
        out += "    when calls(" + Quote(Pick(i, 5, "pg_read_file", "fn")) + ") or calls(" +
               Quote("audit_fn" + std::to_string(i)) + ")\n";
        out += "    warn \"calls {calls(\\\"*\\\")}\"\n";
        break;
      case 6:
        out += "    when outputs(table " + Quote(Pick(i, 6, "public.customer", "app.t")) + ") and not statement.has_limit\n";
        out += "    warn \"unbounded read of {outputs(table \\\"*\\\")}\"\n";
        break;
      case 7:
        out += "    when filters_on(tag \"pii.id\") and identity.attr.team == " + Quote(Pick(i, 7, "risk", "team")) + "\n";
        out += "    audit \"filter on patient ids by {identity.attr.team}\"\n";
        break;
      case 8:
        out += "    when count(reads()) > " + std::to_string(10 + i % 40) +
               " and statement.kind == select and identity.kind == \"agent\"\n";
        out += "    warn \"wide read: {count(reads())} columns\"\n";
        break;
      case 9:
        out += "    when star_reads(table \"mimiciv_hosp.*\") and env in {\"prod\", \"staging\"} and " +
               Quote(Pick(i, 9, "dba", "role")) + " in identity.roles\n";
        out += "    warn \"* over hospital data: {star_reads(table \\\"mimiciv_hosp.*\\\")}\"\n";
        break;
    }
    if (scopes > 0) {  // policy genN (rules 10N..10N+9) concerns application "app{N % scopes}"
      size_t when = out.find("    when ", rule_begin) + 9;
      size_t eol = out.find('\n', when);
      out.insert(eol, ") and session.application == " + Quote("app" + std::to_string((i / 10) % scopes)));
      out.insert(when, "(");
    }
    out += "  }\n";
  }
  if (rules > 0) out += "}\n";
  return out;
}

std::string GenerateCedarPolicies(int rules, const std::vector<std::string>& pii_tags) {
  std::string pii = CedarSet(pii_tags);
  std::string out = "permit (principal, action, resource);\n";
  for (int i = 0; i < rules; ++i) {
    std::string head = "@id(\"r" + std::to_string(i) + "\")\n";
    switch (i % 10) {
      case 0:
        out += head + "forbid (principal, action, resource) when { context.purpose == " +
               Quote(Pick(i, 0, "training", "purpose")) + " && context.read_tags.containsAny(" + pii + ") };\n";
        break;
      case 1:  // a mask: Cedar has no obligations; a permit that must still be evaluated
        out += head + "@mask(\"pii\")\npermit (principal, action, resource) when { context.groups.contains(" +
               Quote(Pick(i, 1, "analyst", "group")) + ") && context.output_tags.containsAny(" + pii + ") };\n";
        break;
      case 2:
        out += head + "forbid (principal, action, resource) when { [\"delete\", \"update\"].contains(context.kind) && "
               "!context.has_where && context.env == " + Quote(Pick(i, 2, "prod", "env")) + " };\n";
        break;
      case 3:
        out += head + "forbid (principal, action, resource) when { context.env == \"prod\" && "
               "[\"drop_table\", \"truncate\", \"alter_table\", \"drop_column\"].contains(context.kind) && "
               "context.user != " + Quote("owner" + std::to_string(i)) + " };\n";
        break;
      case 4:
        out += head + "forbid (principal, action, resource) when { context.identity_kind != \"human\" && "
               "context.read_tags.contains(\"secret\") && context.user != " + Quote("vault" + std::to_string(i)) + " };\n";
        break;
      case 5:
        out += head + "@warn(\"calls\")\npermit (principal, action, resource) when { context.functions.contains(" +
               Quote(Pick(i, 5, "pg_read_file", "fn")) + ") || context.functions.contains(" +
               Quote("audit_fn" + std::to_string(i)) + ") };\n";
        break;
      case 6:
        out += head + "@warn(\"unbounded\")\npermit (principal, action, resource) when { context.output_tables.contains(" +
               Quote(Pick(i, 6, "public.customer", "app.t")) + ") && !context.has_limit };\n";
        break;
      case 7:
        out += head + "@audit(\"filter\")\npermit (principal, action, resource) when { context.filter_tags.contains(\"pii.id\") && "
               "context.team == " + Quote(Pick(i, 7, "risk", "team")) + " };\n";
        break;
      case 8:
        out += head + "@warn(\"wide\")\npermit (principal, action, resource) when { context.read_count > " +
               std::to_string(10 + i % 40) + " && context.kind == \"select\" && context.identity_kind == \"agent\" };\n";
        break;
      case 9:
        out += head + "@warn(\"star\")\npermit (principal, action, resource) when { context.star_schemas.contains(\"mimiciv_hosp\") && "
               "[\"prod\", \"staging\"].contains(context.env) && context.roles.contains(" + Quote(Pick(i, 9, "dba", "role")) +
               ") };\n";
        break;
    }
  }
  return out;
}

}  // namespace govern::bench
