#!/usr/bin/env python3
"""The reference docs name every language element defined in the .def files:
statement kinds, attributes, builtins, mask methods, the proxy's wire messages; and docs/bytecode.md's
opcode table is the one generated from opcodes.def.

usage: docs_check.py SOURCE_DIR
"""
import pathlib
import re
import subprocess
import sys

root = pathlib.Path(sys.argv[1])
doc = (root / "docs" / "policy-language.md").read_text()
missing = []
defs = {
    "statement kind": (root / "runtime/facts/statement_kinds.def", r"^GOVERN_KIND\((\w+),"),
    "attribute": (root / "runtime/bytecode/attributes.def", r'^GOVERN_ATTR\(\w+,\s*\d+,\s*"([^"]+)"'),
    "builtin": (root / "runtime/bytecode/builtins.def", r'^GOVERN_BUILTIN\("(\w+)"'),
    "mask method": (root / "runtime/bundle/program.h", r'^\s*X\(\w+, \d+, "(\w+)"'),
    "kind class": (root / "runtime/facts/statement_kinds.def", r"^GOVERN_KIND_CLASS\((\w+),"),
    "side effect": (root / "runtime/facts/side_effects.def", r"^GOVERN_SIDE_EFFECT\((\w+),"),
}
count = 0
for what, (path, pattern) in defs.items():
    for name in re.findall(pattern, path.read_text(), re.M):
        count += 1
        if f"`{name}" not in doc:
            missing.append(f"{what} `{name}` is not documented in docs/policy-language.md")
# docs/proxy.md's message table names every message of proxy/wire/messages.def.
proxy_doc = (root / "docs" / "proxy.md").read_text()
for name in re.findall(r"^GOVERN_(?:FRONTEND|BACKEND|STARTUP)\((\w+),", (root / "proxy/wire/messages.def").read_text(), re.M):
    count += 1
    if f"| {name} |" not in proxy_doc:
        missing.append(f"wire message `{name}` is not in docs/proxy.md's message table")
# docs/catalog.md's discovery table lists every entry of the name dictionary;
# docs/lint.md names every folder word `govern init` guesses profiles from.
catalog_doc = (root / "docs" / "catalog.md").read_text()
for tag, conf, words in re.findall(r'^GOVERN_PII_NAME\("([^"]+)", ([0-9.]+), "([^"]+)"', (root / "onboard/pii_names.def").read_text(), re.M):
    count += 1
    row = next((l for l in catalog_doc.splitlines() if l.startswith(f"| `{tag}` |") and f"`{words}` {conf}" in l), None)
    if row is None:
        missing.append(f"dictionary entry `{words}` {conf} -> {tag} is not in docs/catalog.md's table")
for word in re.findall(r'^GOVERN_PII_NOT\("([^"]+)"\)', (root / "onboard/pii_names.def").read_text(), re.M):
    count += 1
    if f"`{word}`" not in catalog_doc:
        missing.append(f"describing word `{word}` is not in docs/catalog.md")
lint_doc = (root / "docs" / "lint.md").read_text()
for name, words in re.findall(r'^GOVERN_INIT_PROFILE\("([^"]+)", "([^"]+)"', (root / "onboard/profile_folders.def").read_text(), re.M):
    for word in words.split():
        count += 1
        if f"`{word}`" not in lint_doc:
            missing.append(f"init folder word `{word}` (profile {name}) is not in docs/lint.md")
for m in missing:
    print(m, file=sys.stderr)
check = subprocess.run([sys.executable, str(root / "scripts" / "gen_bytecode_doc.py"), "--check"])
if check.returncode != 0:
    missing.append("docs/bytecode.md")
print(f"docs: {count - len(missing)} passed, {len(missing)} failed")
sys.exit(1 if missing else 0)
