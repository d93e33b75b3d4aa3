#include "common.h"

#include <unistd.h>

#include <fstream>

#include "bundle/crypto.h"
#include "catalog/loaders.h"

namespace govern::cli {

bool StdoutIsTty() { return isatty(STDOUT_FILENO) == 1; }
bool StderrIsTty() { return isatty(STDERR_FILENO) == 1; }

void PrintDiagnostics(const compiler::CompileResult& result) {
  if (!result.input_error.empty()) {
    std::fprintf(stderr, "govern: error: %s\n", result.input_error.c_str());
    return;
  }
  std::string text = result.diagnostics.Render(StderrIsTty());
  std::fputs(text.c_str(), stderr);
  size_t errors = result.diagnostics.error_count(), warnings = result.diagnostics.warning_count();
  if (errors || warnings)
    std::fprintf(stderr, "%zu error%s, %zu warning%s\n", errors, errors == 1 ? "" : "s", warnings,
                 warnings == 1 ? "" : "s");
}

bool LoadBundleForCli(const std::string& path, const std::string& verify_key_path, DecodedBundle* out) {
  LoadOptions options;
  if (!verify_key_path.empty()) {
    auto key = LoadEd25519PublicKey(verify_key_path);
    if (!key) {
      std::fprintf(stderr, "govern: error: %s\n", key.status().message().c_str());
      return false;
    }
    options.verify_key = *key;
  }
  auto loaded = LoadBundleFile(path, options);
  if (!loaded) {
    std::fprintf(stderr, "govern: error: %s\n", loaded.status().message().c_str());
    return false;
  }
  *out = std::move(*loaded);
  return true;
}

void EngineArgs::Register(CLI::App* cmd) {
  auto* b = cmd->add_option("--bundle", bundle, "Compiled bundle to decide with");
  auto* p = cmd->add_option("--policy", policies, "Policy files or directories, compiled in memory")->allow_extra_args(false);
  b->excludes(p);
  p->excludes(b);
  cmd->add_option("--catalog", catalogs, "Catalog sources: DDL .sql, JSON catalog, tags file (repeatable)")->allow_extra_args(false);
  cmd->add_option("--verify-key", verify_key, "Ed25519 public key (PEM): refuse unsigned or tampered bundles");
  cmd->add_option("--search-path", search_path, "Schemas for unqualified names, comma-separated");
  cmd->add_flag("--allow-no-catalog", allow_no_catalog,
                "Run even when the policies' tag selectors match no column (no catalog): tag rules never fire");
}

std::optional<std::unique_ptr<Catalog>> LoadCatalogForCli(const std::vector<std::string>& sources) {
  if (sources.empty()) return std::unique_ptr<Catalog>();
  auto catalog = std::make_unique<Catalog>();
  CatalogWarnings warnings;
  if (Status s = LoadCatalogSourcesInto(sources, catalog.get(), &warnings); !s.ok()) {
    std::fprintf(stderr, "govern: error: %s\n", s.message().c_str());
    return std::nullopt;
  }
  for (const auto& w : warnings) std::fprintf(stderr, "%s\n", w.ToString().c_str());
  return catalog;
}

std::vector<std::string> SplitCommas(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s + ",") {
    if (c != ',') {
      cur += c;
      continue;
    }
    if (!cur.empty()) out.push_back(cur);
    cur.clear();
  }
  return out;
}

std::unique_ptr<Engine> LoadEngine(const EngineArgs& args) {
  EngineOptions options;
  options.catalog_paths = args.catalogs;
  options.verify_key_path = args.verify_key;
  options.search_path = SplitCommas(args.search_path);
  options.allow_no_catalog = args.allow_no_catalog;
  if (args.bundle.empty() && args.policies.empty()) {
    std::fprintf(stderr, "govern: error: give --bundle FILE or --policy FILE_OR_DIR\n");
    return nullptr;
  }
  Expected<std::unique_ptr<Engine>> engine = Status::Error("");
  if (!args.bundle.empty()) {
    engine = Engine::Load(args.bundle, options);
  } else {
    if (!args.verify_key.empty()) {
      std::fprintf(stderr, "govern: error: --verify-key applies to --bundle, not to --policy sources\n");
      return nullptr;
    }
    compiler::CompileOptions copts;
    copts.inputs = args.policies;
    auto compiled = compiler::Compile(copts);
    if (!compiled->input_error.empty() || compiled->diagnostics.has_errors() || !compiled->program) {
      PrintDiagnostics(*compiled);
      return nullptr;
    }
    engine = Engine::FromProgram(std::move(*compiled->program), options);
  }
  if (!engine) {
    std::fprintf(stderr, "govern: error: %s\n", engine.status().message().c_str());
    return nullptr;
  }
  for (const std::string& w : (*engine)->warnings()) std::fprintf(stderr, "%s\n", w.c_str());
  return std::move(*engine);
}

bool ReadSqlInput(const std::string& sql_option, bool sql_given, const std::string& file, std::string* out) {
  if (sql_given) {
    *out = sql_option;
    return true;
  }
  if (file.empty() || file == "-") {
    std::string all;
    char buf[65536];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, stdin)) > 0) all.append(buf, n);
    *out = std::move(all);
    return true;
  }
  auto text = ReadFile(file);
  if (!text) {
    std::fprintf(stderr, "govern: error: %s\n", text.status().message().c_str());
    return false;
  }
  *out = std::move(*text);
  return true;
}

bool ParseIdentityArg(const std::string& arg, OwnedContext* out) {
  std::string text = arg;
  if (!arg.empty() && arg[0] == '@') {
    auto file = ReadFile(arg.substr(1));
    if (!file) {
      std::fprintf(stderr, "govern: error: %s\n", file.status().message().c_str());
      return false;
    }
    text = *file;
  }
  if (text.empty()) text = "{}";
  auto identity = ParseIdentityJson(text);
  if (!identity) {
    std::fprintf(stderr, "govern: error: %s\n", identity.status().message().c_str());
    return false;
  }
  *out = *identity;
  return true;
}

std::string IdentityHelp() {
  std::string out = "Identity (--identity JSON or @file), every key optional:\n";
  for (const IdentityJsonKey& k : IdentityJsonKeys()) {
    std::string key(k.key), value(k.value);
    out += "  " + key + std::string(key.size() < 13 ? 13 - key.size() : 1, ' ') + value +
           std::string(value.size() < 34 ? 34 - value.size() : 1, ' ') + "-> " + std::string(k.attribute) + "\n";
  }
  out += "session.database and session.application are set by the keys database and application.\n"
         "e.g. --identity '{\"user\":\"ana\",\"groups\":[\"analyst\"],\"kind\":\"human\",\"attr\":{\"team\":\"risk\"},"
         "\"database\":\"shop\",\"application\":\"metabase\"}'";
  return out;
}

void WarnIfEnvMissing(const Engine& engine, bool env_given) {
  if (env_given || !engine.program().ReadsAttribute(Attr::kEnv)) return;
  std::fprintf(stderr,
               "govern: warning: no --env given: env is \"\", so conditions on env (env == \"prod\", ...) are false; "
               "pass --env ENV\n");
}

void DecisionRequest::Register(CLI::App* cmd) {
  engine.Register(cmd);
  cmd->add_option("--identity", identity, "Identity as JSON or @file (keys below)");
  env_option = cmd->add_option("--env", env, "Environment (dev, staging, prod, ...): what `env` is in policies");
  sql_option = cmd->add_option("--sql", sql, "SQL text");
  cmd->add_option("file", file, "SQL file ('-' or none: stdin)")->excludes(sql_option);
}

std::unique_ptr<Engine> DecisionRequest::Load(OwnedContext* context, std::string* text) const {
  if (!ParseIdentityArg(identity, context)) return nullptr;
  context->SetEnv(env);
  if (!ReadSqlInput(sql, sql_option && sql_option->count() > 0, file, text)) return nullptr;
  auto loaded = LoadEngine(engine);
  if (loaded) WarnIfEnvMissing(*loaded, env_option && env_option->count() > 0);
  return loaded;
}

bool WriteFileBytes(const std::string& path, const std::vector<uint8_t>& bytes, std::string* error) {
  std::string tmp = path + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    if (!f) {
      *error = tmp + ": cannot open for writing";
      return false;
    }
    f.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    if (!f) {
      *error = tmp + ": write failed";
      return false;
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    *error = path + ": cannot replace the file";
    return false;
  }
  return true;
}

}  // namespace govern::cli
