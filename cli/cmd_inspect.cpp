// govern inspect BUNDLE [--verify-key PUB]: metadata + disassembly.
#include <memory>

#include "bytecode/disassembler.h"
#include "commands.h"
#include "common.h"

namespace govern::cli {

void RegisterInspect(CLI::App& app, int* exit_code) {
  struct Opts {
    std::string bundle;
    std::string verify_key;
  };
  auto opts = std::make_shared<Opts>();
  CLI::App* cmd = app.add_subcommand("inspect", "Verify a bundle and print its metadata and disassembly");
  cmd->add_option("bundle", opts->bundle, "Bundle file")->required();
  cmd->add_option("--verify-key", opts->verify_key, "Ed25519 public key (PEM): refuse unsigned or tampered bundles");
  cmd->callback([opts, exit_code] {
    DecodedBundle bundle;
    if (!LoadBundleForCli(opts->bundle, opts->verify_key, &bundle)) {
      *exit_code = 2;
      return;
    }
    std::printf("sha256: %s\n", HexDigest(bundle.digest).c_str());
    if (bundle.signature.present)
      std::printf("signature: ed25519 by key %s%s\n", HexDigest(bundle.signature.public_key).c_str(),
                  opts->verify_key.empty() ? " (not verified: pass --verify-key)" : " (verified)");
    std::fputs(Disassemble(bundle.program).c_str(), stdout);
    *exit_code = 0;
  });
}

}  // namespace govern::cli
