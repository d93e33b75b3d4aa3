#include "common.h"

#include <unistd.h>

#include <fstream>

#include "bundle/crypto.h"

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
