// Small helpers shared by the subcommands: terminal detection, diagnostics
// printing, bundle loading with --verify-key. No policy or SQL logic here.
#pragma once

#include <cstdio>
#include <string>

#include "bundle/loader.h"
#include "driver/compile.h"

namespace govern::cli {

bool StdoutIsTty();
bool StderrIsTty();

// Prints diagnostics to stderr (colour on a TTY) and a one-line summary.
void PrintDiagnostics(const compiler::CompileResult& result);

// Loads a bundle, requiring a valid signature when verify_key_path is set.
// Prints the error and returns false on failure.
bool LoadBundleForCli(const std::string& path, const std::string& verify_key_path, DecodedBundle* out);

bool WriteFileBytes(const std::string& path, const std::vector<uint8_t>& bytes, std::string* error);

}  // namespace govern::cli
